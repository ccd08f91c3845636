import datetime

import factory

from conferences.models import Conference
from frontwork.accounts.models import Unit, User


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Ủy ban Mặt trận Tổ quốc Việt Nam huyện Số {n}")
    kind = Unit.Kind.DISTRICT_COMMITTEE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Lan"
    last_name = "Nguyễn Thị"
    role = User.Role.STAFF
    unit = factory.SubFactory(UnitFactory)
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    kind = Conference.Kind.BRIEFING
    period = Conference.Period.MONTH
    period_year = 2016
    period_number = 11
    subject = factory.Sequence(lambda n: f"công tác Mặt trận tháng 11 năm 2016 (số {n})")
    date = datetime.date(2016, 11, 28)
    format = Conference.Format.IN_PERSON
    host_unit = factory.SubFactory(UnitFactory, kind=Unit.Kind.STANDING_BOARD)
    status = Conference.Status.HELD


def delete_conferences():
    """Delete every conference with what hangs on it (the demo's draft out for comment too), as
    tests that need an empty record do."""
    from reports.models import CommentRound, Draft, DraftVersion

    CommentRound.objects.all().delete()  # rounds protect the versions they were opened on
    DraftVersion.objects.all().delete()
    Draft.objects.all().delete()
    Conference.objects.all().delete()
