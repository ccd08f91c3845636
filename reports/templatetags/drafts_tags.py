from django import template
from django.db.models import Count, Q
from django.utils import timezone

from frontwork.accounts.permissions import acting_unit_ids, can
from reports.drafts.access import rounds_asked_of, rounds_held_by

register = template.Library()


@register.simple_tag
def open_comment_rounds(user, limit=5):
    """Open rounds for the home pages: for an office those its unit has not yet answered, for a
    committee's staff, leaders and administrators every open round their committee holds, with
    its counts."""
    if not can(user, "round.follow"):
        return asked_comment_rounds(user, limit)
    rounds = rounds_held_by(user).open(timezone.now()).select_related("version__draft")
    rounds = rounds.annotate(
        unit_total=Count("round_units", distinct=True),
        unit_submitted=Count("round_units", filter=Q(round_units__submitted_at__isnull=False), distinct=True),
    )
    return list(rounds.order_by("deadline", "pk")[:limit])


@register.simple_tag
def asked_comment_rounds(user, limit=5):
    """Open rounds in which a unit the user answers for (its unit; its committee for the
    committee roles) is asked and has not yet sent its comments."""
    rounds = rounds_asked_of(user).open(timezone.now()).select_related("version__draft")
    rounds = rounds.filter(
        round_units__unit_id__in=acting_unit_ids(user), round_units__submitted_at__isnull=True
    )
    return list(rounds.distinct().order_by("deadline", "pk")[:limit])
