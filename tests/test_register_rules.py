"""Status rules of the recommendations register: every transition, legal or not, for every role."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import translation

from frontwork.accounts.models import Unit
from frontwork.accounts.permissions import can
from recommendations import services
from recommendations.access import _as_arrays, _InArray
from recommendations.models import CompletionReport, Directive, Recommendation, RecommendationEvent
from tests.factories import ConferenceFactory, UnitFactory

S = Recommendation.Status
DAY = datetime.date(2016, 11, 28)


@pytest.fixture
def make_recommendation(province):
    conference = ConferenceFactory(host_unit=province["board"], date=DAY)

    def make(status=S.NEW, **fields):
        return Recommendation.objects.create(
            conference=conference, text="Hỗ trợ kinh phí", status=status, **fields
        )

    return make


def _take(step, recommendation, user):
    args = {"recommendation": recommendation, "by": user}
    if step == S.FORWARDED:
        return services.recommendation_forward(**args, forwarded_on=DAY, number="25/CV-MTTQ-BTT")
    if step == S.ANSWERED:
        return services.recommendation_record_reply(**args, replied_on=DAY, reply_text="Đã bố trí kinh phí")
    if step == S.RESOLVED:
        return services.recommendation_resolve(**args)
    return services.recommendation_reject(**args, note="Không thuộc thẩm quyền")


ROLES = ["staff", "office", "leader", "admin"]
# Who may take each step, as documented (docs/recommendations-register.md).
STEP_ROLES = {
    (S.NEW, S.FORWARDED): {"staff", "admin"},
    (S.FORWARDED, S.ANSWERED): {"staff", "admin"},
    (S.ANSWERED, S.RESOLVED): {"staff", "leader", "admin"},
    (S.ANSWERED, S.NOT_ACCEPTED): {"leader", "admin"},
    (S.NEW, S.NOT_ACCEPTED): {"leader", "admin"},
}
ALL_PAIRS = list(itertools.product(S.values, [S.FORWARDED, S.ANSWERED, S.RESOLVED, S.NOT_ACCEPTED]))


@pytest.mark.parametrize("role", ROLES)
def test_every_transition_for_every_role(make_recommendation, users, role):
    user = users[role]
    for frm, to in ALL_PAIRS:
        recommendation = make_recommendation(status=frm)
        allowed_roles = STEP_ROLES.get((frm, to))
        if allowed_roles is None:
            with pytest.raises(ValidationError) as error:
                _take(to, recommendation, user)
            assert "Không thể chuyển kiến nghị từ trạng thái" in error.value.messages[0]
            assert str(S(frm).label) in error.value.messages[0]
        elif role not in allowed_roles:
            with pytest.raises(PermissionDenied):
                _take(to, recommendation, user)
        else:
            _take(to, recommendation, user)
            recommendation.refresh_from_db()
            assert recommendation.status == to, (frm, to)
            event = recommendation.events.get()
            assert (event.actor, event.from_status, event.to_status) == (user, frm, to)
            continue
        recommendation.refresh_from_db()
        assert recommendation.status == frm and not recommendation.events.exists(), (frm, to)


def test_the_transition_table_is_the_documented_one(make_recommendation, users):
    assert set(services.TRANSITIONS) == set(STEP_ROLES)
    recommendation = make_recommendation()
    for step, rule in services.TRANSITIONS.items():
        allowed = {role for role in ROLES if can(users[role], rule, recommendation)}
        assert allowed == STEP_ROLES[step], step


def test_forwarding_needs_date_and_number(make_recommendation, users):
    recommendation = make_recommendation()
    with pytest.raises(ValidationError, match="Cần nhập ngày chuyển và số văn bản chuyển"):
        services.recommendation_forward(
            recommendation=recommendation, by=users["staff"], forwarded_on=DAY, number=" "
        )
    with pytest.raises(ValidationError, match="Ngày chuyển không thể trước ngày họp"):
        services.recommendation_forward(
            recommendation=recommendation,
            by=users["staff"],
            forwarded_on=DAY - datetime.timedelta(days=1),
            number="1",
        )
    assert Recommendation.objects.get(pk=recommendation.pk).status == S.NEW


def test_not_accepting_needs_a_reason(make_recommendation, users):
    recommendation = make_recommendation()
    with pytest.raises(ValidationError, match="lý do"):
        services.recommendation_reject(recommendation=recommendation, by=users["leader"], note="")


def test_reply_attachment_is_stored_under_a_generated_name(make_recommendation, users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    recommendation = make_recommendation(status=S.FORWARDED, forwarded_on=DAY)
    upload = SimpleUploadedFile("Công văn trả lời.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    services.recommendation_record_reply(
        recommendation=recommendation,
        by=users["staff"],
        replied_on=DAY,
        reply_text="Đồng ý",
        attachment=upload,
    )
    recommendation.refresh_from_db()
    assert recommendation.reply_file.startswith("recommendations/replies/")
    assert "Công văn" not in recommendation.reply_file
    assert recommendation.reply_file_name == "Công văn trả lời.pdf"
    assert (tmp_path / recommendation.reply_file).read_bytes() == b"%PDF-1.4 test"

    other = make_recommendation(status=S.FORWARDED)
    with pytest.raises(ValidationError, match="Tệp đính kèm phải là"):
        services.recommendation_record_reply(
            recommendation=other,
            by=users["staff"],
            replied_on=DAY,
            reply_text="x",
            attachment=SimpleUploadedFile("virus.exe", b"MZ"),
        )


def test_assigning_a_department_and_due_date_is_logged(make_recommendation, users, province):
    recommendation = make_recommendation()
    services.recommendation_assign(
        recommendation=recommendation, by=users["staff"], department=province["office"], due_date=DAY
    )
    event = recommendation.events.get()
    assert "Văn phòng" in event.note and "28/11/2016" in event.note
    with translation.override("en"):  # the history is a record, kept in Vietnamese
        services.recommendation_assign(
            recommendation=recommendation, by=users["staff"], department=None, due_date=DAY, note="x"
        )
    assert recommendation.events.latest("pk").note == "Ban theo dõi: —; thời hạn: 28/11/2016. x"
    with pytest.raises(ValidationError, match="Ban, Văn phòng"):
        services.recommendation_assign(
            recommendation=recommendation, by=users["staff"], department=province["district_a"], due_date=None
        )
    with pytest.raises(PermissionDenied):
        services.recommendation_assign(
            recommendation=recommendation, by=users["leader"], department=province["office"], due_date=None
        )


def test_a_recommendation_raised_again_counts_its_repeats(province, users):
    texts = ["Nâng mức hỗ trợ nhà Đại đoàn kết lên 50 triệu đồng"] * 3
    recommendations = []
    for year, text in zip((2015, 2016, 2017), texts, strict=True):
        conference = ConferenceFactory(
            host_unit=province["board"], period_year=year, date=datetime.date(year, 12, 1)
        )
        recommendations.append(Recommendation.objects.create(conference=conference, text=text))
    first, second, third = recommendations
    services.recommendation_link_previous(recommendation=third, previous=second, by=users["staff"])
    services.recommendation_link_previous(recommendation=second, previous=first, by=users["staff"])
    third.refresh_from_db()
    assert (third.repeat_count, third.times_raised) == (2, 3)
    with pytest.raises(ValidationError, match="hội nghị trước"):
        services.recommendation_link_previous(recommendation=first, previous=third, by=users["staff"])
    # Linking again to the same occurrence, or unlinking what was never linked, records nothing.
    events = RecommendationEvent.objects.count()
    services.recommendation_link_previous(recommendation=third, previous=second, by=users["staff"])
    services.recommendation_link_previous(recommendation=first, previous=None, by=users["staff"])
    assert RecommendationEvent.objects.count() == events


def test_directive_completion_reports_come_from_the_owner_units(province, users):
    conference = ConferenceFactory(host_unit=province["board"])
    directive = Directive.objects.create(conference=conference, text="Chuẩn bị Tết")
    directive.owners.set([province["district_a"], province["office"]])
    with pytest.raises(PermissionDenied):
        services.directive_report(
            directive=directive, by=users["other_office"], result="done", text="Xong", reported_on=DAY
        )
    services.directive_report(
        directive=directive, by=users["office"], result="done", text="Đã xong", reported_on=DAY
    )
    directive.refresh_from_db()
    assert directive.status == Directive.Status.IN_PROGRESS
    services.directive_report(
        directive=directive, by=users["staff"], result="done", text="Đã xong", reported_on=DAY
    )
    directive.refresh_from_db()
    assert directive.status == Directive.Status.DONE
    assert CompletionReport.objects.filter(directive=directive).count() == 2
    with pytest.raises(ValidationError, match="đã hoàn thành"):
        services.directive_report(
            directive=directive, by=users["office"], result="done", text="x", reported_on=DAY
        )


def test_search_key_strips_diacritics_and_case():
    from frontwork.text import search_key

    assert search_key("Hỗ trợ  KINH PHÍ") == "ho tro kinh phi"
    assert search_key("Đại đoàn kết") == "dai doan ket"


def test_unit_kinds_used_here_exist():
    assert Unit.Kind.DEPARTMENT and Unit.Kind.AUTHORITY and UnitFactory


def test_the_postgresql_register_form_rewrites_only_the_rows_own_columns():
    """_as_arrays writes `x IN (sub-query)` as an array only for a column of the row itself: through
    a relation, F() would add an inner join that the OR's other branches do not need."""
    units = Unit.objects.values("pk")
    rewritten = _as_arrays(Q(conference__in=units) | Q(conference__host_unit__in=units) | Q(pk=1))
    assert isinstance(rewritten.children[0], _InArray)
    assert rewritten.children[1] == ("conference__host_unit__in", units)
    assert rewritten.children[2] == ("pk", 1) and rewritten.connector == Q.OR
