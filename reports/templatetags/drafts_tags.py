from django import template
from django.db.models import Count, Q
from django.utils import timezone

from frontwork.accounts.permissions import can
from reports.drafts.access import rounds_visible_to

register = template.Library()


@register.simple_tag
def open_comment_rounds(user, limit=5):
    """Open rounds for the home pages: for an office those its unit has not yet answered, for the
    province roles every open round with its counts."""
    rounds = rounds_visible_to(user).open(timezone.now()).select_related("version__draft")
    if can(user, "round.comment"):
        rounds = rounds.filter(round_units__unit_id=user.unit_id, round_units__submitted_at__isnull=True)
    else:
        rounds = rounds.annotate(
            unit_total=Count("round_units", distinct=True),
            unit_submitted=Count(
                "round_units", filter=Q(round_units__submitted_at__isnull=False), distinct=True
            ),
        )
    return list(rounds.order_by("deadline", "pk")[:limit])
