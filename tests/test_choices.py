"""get_FOO_display() of the models shown in lists: the same label as Django's, in the active language."""

import pytest
from django.db import models
from django.utils import translation

from conferences.models import Conference
from frontwork.choices import ChoiceLabels, _labels
from recommendations.models import Recommendation
from reports.models import Comment


@pytest.mark.parametrize(
    "instance, field",
    [
        (Conference(kind=Conference.Kind.PUBLIC_OPINION, format=Conference.Format.ONLINE), "kind"),
        (Conference(kind=Conference.Kind.PUBLIC_OPINION, format=Conference.Format.ONLINE), "format"),
        (Recommendation(status=Recommendation.Status.FORWARDED), "status"),
        (Comment(decision=Comment.Decision.ACCEPTED), "decision"),
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_display_is_djangos_label_in_the_active_language(instance, field, language):
    django_display = models.Model._get_FIELD_display(instance, instance._meta.get_field(field))
    with translation.override(language):
        assert getattr(instance, f"get_{field}_display")() == str(
            dict(instance._meta.get_field(field).flatchoices)[getattr(instance, field)]
        )
    assert django_display == getattr(instance, f"get_{field}_display")()


def test_an_unknown_value_is_shown_as_it_is():
    assert Recommendation(status="gone").get_status_display() == "gone"


def test_the_map_of_a_field_is_built_once():
    assert issubclass(Recommendation, ChoiceLabels) and issubclass(Conference, ChoiceLabels)
    items = [Recommendation(status=status) for status in Recommendation.Status.values * 20]
    [item.get_status_display() for item in items]
    built = _labels.cache_info().misses
    assert [item.get_status_display() for item in items] == [
        str(item.Status(item.status).label) for item in items
    ]
    assert _labels.cache_info().misses == built
