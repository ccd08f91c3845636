"""Who may see and follow up recommendations and directives. Views call `get_recommendation_for`
or `get_directive_for` first, always.

- A committee's staff, leaders and administrators see everything raised at the conferences held
  within their committee's subtree (frontwork.accounts.access.visible).
- Everyone sees the recommendations that a unit they act for (an office user: its unit; the
  committee roles: their unit and committee) raised or that are addressed to it or followed by
  it, and the directives such a unit owns.
"""

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from conferences.models import Conference
from frontwork.accounts.access import get_visible_or_404, visible
from frontwork.accounts.permissions import acting_unit_ids, require
from recommendations.models import Directive, Recommendation


def _linked(links, field, *, as_ids=False):
    """The rows that `links` (rows of a many-to-many table, already limited to some units) link
    by `field`. On PostgreSQL as a set of ids: one hashed sub-plan, where a correlated EXISTS was
    run once per row of the country on the dashboard's grouped queries. On SQLite as EXISTS
    unless `as_ids`: a set of ids there makes every condition of the visibility indexable, and the
    planner then gathers and sorts all the rows the user sees instead of reading a register page
    along the register index (40 ms for the central committee's first page)."""
    if as_ids or connection.vendor != "sqlite":
        return Q(pk__in=links.values(field))
    return Exists(links.filter(**{field: OuterRef("pk")}))


def _raised_addressed_or_followed(user, *, as_ids=False):
    units = acting_unit_ids(user)
    raised = Recommendation.raised_by.through.objects.filter(unit__in=units)
    return _linked(raised, "recommendation", as_ids=as_ids) | Q(department__in=units) | Q(addressee__in=units)


def _owned(user, *, as_ids=False):
    owners = Directive.owners.through.objects.filter(unit__in=acting_unit_ids(user))
    return _linked(owners, "directive", as_ids=as_ids)


def recommendations_visible_to(user):
    return visible(
        user, Recommendation.objects.all(), host="conference__host_unit", own=_raised_addressed_or_followed
    )


def directives_visible_to(user):
    return visible(user, Directive.objects.all(), host="conference__host_unit", own=_owned)


def _in_register_order(user, rows, own):
    """`rows` (what `user` sees), the same rows, written for SQLite to read a register's page
    along the register index (newest conference first): limited to the conferences of those rows,
    one list of ids (the conferences held within the committee's subtree, then those of the rows
    of the user's own units), which SQLite walks in the index's order, conference by conference.
    Without it SQLite walks the whole national index and tests every row (8 ms for a province
    whose conferences come last). PostgreSQL plans the plain condition as well or better."""
    if connection.vendor != "sqlite" or user.unit_id is None:
        return rows
    held = visible(user, Conference.objects.all(), host="host_unit").order_by().values("pk")
    of_own = rows.model.objects.filter(own(user, as_ids=True)).order_by().values("conference")
    return rows.filter(conference__in=held.union(of_own, all=True))


def recommendation_register_rows(user):
    """recommendations_visible_to, for reading a register's page (_in_register_order)."""
    return _in_register_order(user, recommendations_visible_to(user), _raised_addressed_or_followed)


def directive_register_rows(user):
    """directives_visible_to, for reading a register's page (_in_register_order)."""
    return _in_register_order(user, directives_visible_to(user), _owned)


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
