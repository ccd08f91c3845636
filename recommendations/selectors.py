"""Reads used by the registers, the exports, the carry-over page and the dashboard."""

import json
from collections import defaultdict

from django.db import connection
from django.db.models import BooleanField, Count, F, Func, IntegerField, Prefetch, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone

from conferences.access import conferences_visible_to
from frontwork.accounts.models import Unit
from recommendations.access import (
    directive_register_rows,
    directives_visible_to,
    recommendation_register_rows,
    recommendations_visible_to,
)
from recommendations.models import Directive, Recommendation

_UNIT_LABEL_FIELDS = ("pk", "name", "short_name", "code", "kind", "path")


def unit_label(prefix=""):
    """Unit.label (the short name, or else the name) in SQL; `prefix` leads from a row to a unit."""
    return Coalesce(NullIf(f"{prefix}short_name", Value("")), f"{prefix}name")


def unit_labels(items, relation):
    """{item's pk: the labels of its units by `relation` (many-to-many), in the tree's order}, from
    one values query: a page's lists of units without a unit instance each."""
    if not items:
        return {}
    model = type(items[0])
    source = model._meta.model_name
    links = getattr(model, relation).through.objects.filter(**{f"{source}__in": [item.pk for item in items]})
    labels = defaultdict(list)
    for pk, label in links.order_by("unit__path").values_list(source, unit_label("unit__")):
        labels[pk].append(label)
    return labels


def _with_register_data(qs):
    return qs.select_related("conference", "addressee", "department").prefetch_related(
        Prefetch("raised_by", queryset=Unit.objects.only(*_UNIT_LABEL_FIELDS))
    )


def register_order(searching=False):
    """Newest conference first, then the record's order; an index serves it.

    With a search on SQLite (no trigram index there) a match may be rare, and walking the whole
    index to find it costs far more than one table scan and a sort of the matches; the ordering is
    then written as an expression the planner cannot serve from the index. PostgreSQL chooses well
    between the register index and the trigram index by itself."""
    rare_match_possible = searching and connection.vendor == "sqlite"
    conference = (F("conference_id") + 0) if rare_match_possible else F("conference_id")
    return [conference.desc(), "position", "pk"]


def recommendation_register(user):
    """The recommendations `user` may see, newest first, ready to display."""
    return _with_register_data(recommendation_register_rows(user)).order_by(*register_order())


def directive_register(user):
    """The directives `user` may see, newest first, ready to display."""
    return (
        directive_register_rows(user)
        .select_related("conference")
        .prefetch_related(Prefetch("owners", queryset=Unit.objects.only(*_UNIT_LABEL_FIELDS)))
        .order_by(*register_order())
    )


def open_items_before(user, conference):
    """Carry-over: what is still open from the earlier conferences of the same host unit."""
    earlier = Q(conference__host_unit=conference.host_unit_id, conference__date__lt=conference.date)
    recommendations = _with_register_data(recommendations_visible_to(user).open().filter(earlier)).order_by(
        "conference__date", "position", "pk"
    )
    directives = (
        directives_visible_to(user)
        .open()
        .filter(earlier)
        .select_related("conference")
        .prefetch_related(Prefetch("owners", queryset=Unit.objects.only(*_UNIT_LABEL_FIELDS)))
        .order_by("conference__date", "position", "pk")
    )
    return recommendations, directives


def earlier_recommendations(user, recommendation):
    """Earlier recommendations (of earlier conferences) that this one may repeat."""
    return (
        recommendations_visible_to(user)
        .filter(conference__date__lt=recommendation.conference.date)
        .exclude(pk=recommendation.pk)
        .select_related("conference")
    )


def earlier_candidates(user, recommendation, query, limit=20):
    """What the link form proposes: matches of `query`, or else those sent to the same addressee."""
    qs = earlier_recommendations(user, recommendation)
    if query:
        qs = qs.matching(query)
    elif recommendation.addressee_id:
        qs = qs.filter(addressee=recommendation.addressee_id)
    return qs.order_by("-conference__date", "position")[:limit]


class _AnyOf(Func):
    """`expression = ANY('{…}'::bigint[])` (PostgreSQL), the array given as its text."""

    arg_joiner = " = ANY("
    template = "%(expressions)s::bigint[])"
    output_field = BooleanField()


# Up to this many conferences, PostgreSQL gets their ids as an array (see _of_conferences).
_LISTED_CONFERENCES = 1000


def _of_conferences(conferences):
    """The rows of the conferences `conferences` (a values query of their ids) selects, for
    several queries of one request: the ids are read first (one query), then given as one
    parameter (a JSON list on SQLite, an array on PostgreSQL).

    As a sub-query, the visibility of conferences was run again inside each query, and it misled
    the planners: SQLite scanned the conferences and the units for each (a province's queries
    ~5.7 → ~1.8 ms in all, the central committee's ~75 → ~44 ms); PostgreSQL cannot estimate its
    ORs of sub-queries (~12,000 rows estimated for a province's ~480) and read the whole national
    table for each grouped query (~4 → ~1 ms a query). On PostgreSQL each value of an array is
    estimated when the query is planned: with many ids (the central committee's: most of the
    table, which is then read whole anyway) the sub-query is kept."""
    conferences = conferences.order_by()
    ids = list(conferences.values_list("pk", flat=True))
    if connection.vendor == "sqlite":
        return Q(conference__in=RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),)))
    if len(ids) <= _LISTED_CONFERENCES:
        return _AnyOf(F("conference_id"), Value("{" + ",".join(map(str, ids)) + "}"))
    sql, params = conferences.query.sql_with_params()
    return Q(conference__in=RawSQL(sql, params))


def dashboard_figures(user, today=None):
    """Counts by status and by addressee, year on year, and the overdue list.

    The rows are found from the user's conferences (_of_conferences, on top of the usual
    visibility): otherwise SQLite's planner walks the whole national table along the status index
    to group it, 15–25 ms a query against under 1 ms, and PostgreSQL's reads it whole. The status, year and overdue counts of the
    recommendations and the directives' come from one grouped query (a union: the directives'
    rows have no year)."""
    today = today or timezone.localdate()
    of_conferences = _of_conferences(conferences_visible_to(user).values("pk"))
    visible = recommendations_visible_to(user).filter(of_conferences)
    directives = directives_visible_to(user).filter(of_conferences)
    awaiting = Q(status__in=Recommendation.AWAITING_REPLY_STATUSES, due_date__lt=today)
    directive_overdue = Q(due_date__lt=today) & ~Q(status=Directive.Status.DONE)
    groups, directive_groups = [], []
    for row in (
        visible.order_by()
        .values_list("conference__period_year", "status")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=awaiting))
        .union(
            directives.order_by()
            .values_list(Value(None, output_field=IntegerField()), "status")
            .annotate(n=Count("pk"), overdue=Count("pk", filter=directive_overdue)),
            all=True,
        )
    ):
        (directive_groups if row[0] is None else groups).append(row)
    by_status, years = {}, {}
    for year, status, n, _ in groups:
        by_status[status] = by_status.get(status, 0) + n
        row = years.setdefault(year, {"conference__period_year": year, "total": 0, "closed": 0})
        row["total"] += n
        if status not in Recommendation.OPEN_STATUSES:
            row["closed"] += n
    statuses = [(value, label, by_status.get(value, 0)) for value, label in Recommendation.Status.choices]
    by_addressee = list(
        visible.order_by()
        .values("addressee__name", "addressee__short_name")
        .annotate(total=Count("pk"))
        .order_by("-total", "addressee__name")[:12]
    )
    # What the list shows, nothing more, as values (the register's joins and prefetch cost twice
    # the rest; model instances a third of the query's Python calls). The status is compared as
    # an expression so that SQLite, without statistics, does not walk every province's overdue
    # rows along the status index (the list of conferences finds the few here).
    overdue = (
        visible.alias(status_value=Concat("status", Value("")))
        .filter(status_value__in=Recommendation.AWAITING_REPLY_STATUSES, due_date__lt=today)
        .values("pk", "text", "status", "due_date", "addressee__name", "addressee__short_name")
        .order_by("due_date", "pk")[:20]
    )
    directive_counts = {status: n for _, status, n, _ in directive_groups}
    directive_statuses = [
        (value, label, directive_counts.get(value, 0)) for value, label in Directive.Status.choices
    ]
    return {
        "statuses": statuses,
        "total": sum(n for _, _, n in statuses),
        "by_addressee": by_addressee,
        "by_year": [years[year] for year in sorted(years)],
        "overdue": overdue,
        "overdue_count": sum(row[3] for row in groups),
        "directive_statuses": directive_statuses,
        "directive_overdue_count": sum(row[3] for row in directive_groups),
    }


def open_directives_summary(user, today=None):
    """How many directives the user's unit has still to carry out, and how many of them are past
    their due date (the office's home page)."""
    today = today or timezone.localdate()
    return (
        directives_visible_to(user)
        .open()
        .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    )
