"""Who may see and follow up recommendations and directives. Views call `get_recommendation_for`
or `get_directive_for` first, always.

- A committee's staff, leaders and administrators see everything raised at the conferences held
  within their committee's subtree (frontwork.accounts.access.visible).
- Everyone sees the recommendations that a unit they act for (an office user: its unit; the
  committee roles: their unit and committee) raised or that are addressed to it or followed by
  it, and the directives such a unit owns.
"""

from django.db.models import Exists, OuterRef, Q

from frontwork.accounts.access import get_visible_or_404, visible
from frontwork.accounts.permissions import acting_unit_ids, require
from recommendations.models import Directive, Recommendation


def _raised_addressed_or_followed(user):
    units = acting_unit_ids(user)
    raised = Recommendation.raised_by.through.objects.filter(recommendation=OuterRef("pk"), unit__in=units)
    return Exists(raised) | Q(department__in=units) | Q(addressee__in=units)


def _owned(user):
    owners = Directive.owners.through.objects.filter(directive=OuterRef("pk"), unit__in=acting_unit_ids(user))
    return Exists(owners)


def recommendations_visible_to(user):
    return visible(
        user, Recommendation.objects.all(), host="conference__host_unit", own=_raised_addressed_or_followed
    )


def directives_visible_to(user):
    return visible(user, Directive.objects.all(), host="conference__host_unit", own=_owned)


def get_recommendation_for(user, pk, *, write=False, queryset=None):
    """The recommendation if `user` may see it (404 otherwise); with write=True, 403 unless the
    user may take some follow-up step."""
    recommendation = get_visible_or_404(recommendations_visible_to(user), pk, queryset)
    if write:
        require(user, "recommendation.follow_up", recommendation)
    return recommendation


def get_directive_for(user, pk, *, action=None, queryset=None):
    """The directive if `user` may see it (404 otherwise); with `action` ("report" for a
    completion report of an owner unit, "manage" for the due date), 403 unless the user may."""
    directive = get_visible_or_404(directives_visible_to(user), pk, queryset)
    if action:
        require(user, f"directive.{action}", directive)
    return directive
