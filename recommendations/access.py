"""Who may see and follow up recommendations and directives. Views call `get_recommendation_for`
or `get_directive_for` first, always.

- A committee's staff, leaders and administrators see everything raised at the conferences held
  within their committee's subtree (frontwork.accounts.access.visible).
- Everyone sees the recommendations that a unit they act for (an office user: its unit; the
  committee roles: their unit and committee) raised or that are addressed to it or followed by
  it, and the directives such a unit owns.
"""

from django.db import connection
from django.db.models import Exists, F, Lookup, OuterRef, Q, QuerySet

from conferences.models import Conference
from frontwork.accounts.access import get_visible_or_404, visible, visible_condition
from frontwork.accounts.permissions import acting_unit_ids, is_committee_role, require
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


class _InArray(Lookup):
    """`lhs = ANY(ARRAY(sub-query))`: the same rows as `lhs IN (sub-query)`, for a column that is
    never null. PostgreSQL runs the sub-query once and reads the matching rows through the
    column's index (one bitmap scan per condition, combined), where `IN (sub-query)` inside an OR
    is a filter tested on every row."""

    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


def _as_arrays(condition):
    """`condition` (a Q) with every `x__in=<sub-query>` on a column of the row written as _InArray."""
    children = []
    for child in condition.children:
        if isinstance(child, Q):
            child = _as_arrays(child)
        elif (
            isinstance(child, tuple)
            and isinstance(child[1], QuerySet)
            and child[0].endswith("__in")
            and "__" not in child[0].removesuffix("__in")
        ):
            # Only a column of the row itself: through a relation, F() would add an inner join
            # that the other branches of an OR do not need.
            child = _InArray(F(child[0].removesuffix("__in")), child[1].order_by())
        children.append(child)
    return Q(*children, _connector=condition.connector, _negated=condition.negated)


def _in_register_order(user, model, own):
    """What `user` sees of `model` (as recommendations_visible_to and directives_visible_to), written
    for reading a register's page (newest conference first, LIMIT 51).

    SQLite: limited to the conferences of those rows, one list of ids (the conferences held within
    the committee's subtree, then those of the rows of the user's own units), which SQLite walks
    in the register index's order, conference by conference. Without it SQLite walks the whole
    national index and tests every row (8 ms for a province whose conferences come last).

    PostgreSQL: each set of ids as an array (_InArray), so that the rows are found through the
    indexes and sorted (a province's first page 9 ms → 2 ms, a commune's 7 ms → 0.1 ms), where
    PostgreSQL, expecting three quarters of the country's rows to pass, walked the register index
    and tested every row. Not for a committee at the root of the tree: it sees nearly every row,
    and walking the index stops after the first page (1 ms against 13 ms sorting them all)."""
    rows = visible(user, model.objects.all(), host="conference__host_unit", own=own)
    if user.unit_id is None:
        return rows
    if connection.vendor != "sqlite":
        committee = user.committee if is_committee_role.test(user) else None
        if committee is not None and committee.parent_id is None:
            return rows
        condition = visible_condition(
            user, model, host="conference__host_unit", own=lambda u: own(u, as_ids=True)
        )
        return rows if not condition else model.objects.filter(_as_arrays(condition))
    held = visible(user, Conference.objects.all(), host="host_unit").order_by().values("pk")
    of_own = model.objects.filter(own(user, as_ids=True)).order_by().values("conference")
    return rows.filter(conference__in=held.union(of_own, all=True))


def recommendation_register_rows(user):
    """recommendations_visible_to, for reading a register's page (_in_register_order)."""
    return _in_register_order(user, Recommendation, _raised_addressed_or_followed)


def directive_register_rows(user):
    """directives_visible_to, for reading a register's page (_in_register_order)."""
    return _in_register_order(user, Directive, _owned)


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
