from html import escape

from django import template
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _lazy

from frontwork.accounts.permissions import acting_unit_ids, can
from reports.drafts.access import rounds_asked_of, rounds_held_by

register = template.Library()

DECISION_BADGES = {
    "accepted": "text-bg-success",
    "partly": "text-bg-info",
    "rejected": "text-bg-secondary",
}


@register.simple_tag
def triage_radios(comment, choices):
    """The radio buttons of a comment's triage form, its decision checked (ten comments a page,
    four choices each: written here rather than as a nested template loop)."""
    radios = []
    for value, label in choices:
        key = f"d-{comment.pk}-{escape(value)}"
        checked = " checked" if comment.decision == value else ""
        radios.append(
            f'<div class="form-check"><input class="form-check-input" type="radio" name="decision" '
            f'value="{escape(value)}" id="{key}"{checked}><label class="form-check-label" for="{key}">'
            f"{escape(str(label))}</label></div>"
        )
    return mark_safe("".join(radios))


STATE_BADGES = {
    "submitted": ("text-bg-success", _lazy("Đã gửi")),
    "started": ("text-bg-warning", _lazy("Đang soạn")),
    "nothing": ("text-bg-light border", _lazy("Chưa có ý kiến")),
}


def _moment(value):
    return localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


@register.simple_tag
def unit_status_row(status):
    """A row of the round's table of asked units (selectors.UnitStatus): its state, comments,
    when it sent them and when it was last reminded."""
    unit = status.round_unit
    css, label = STATE_BADGES[status.state]
    reminded = _moment(unit.last_reminded_at) or _moment(unit.reminder_sent_at) or "—"
    return mark_safe(
        f'<tr><td class="unit-depth-{status.depth}">{escape(status.unit.name)}</td>'
        f'<td><span class="badge {css}">{escape(str(label))}</span></td>'
        f'<td class="text-center">{status.comment_count}</td>'
        f"<td>{_moment(unit.submitted_at) or '—'}</td><td>{reminded}</td></tr>"
    )


@register.filter
def decision_badge(comment):
    """The comment's triage decision as a badge (one per comment on the round's page: a filter,
    not an include)."""
    css = DECISION_BADGES.get(comment.decision, "text-bg-light border")
    return mark_safe(f'<span class="badge {css}">{escape(str(comment.get_decision_display()))}</span>')


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
