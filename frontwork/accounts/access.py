"""Who may see what: the rules on units that every app's access helper builds on."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from frontwork.accounts.models import Unit
from frontwork.accounts.permissions import sees_province


def province_of(unit):
    """The provincial committee a unit belongs to (or the root of its tree).

    Kept on the unit instance for as long as its path stays the same: a page asks it of the
    user's unit for every list it reads (visibility, the choices of each filter)."""
    known = unit.__dict__.get("_province_of")
    if known is None or known[0] != unit.path:
        known = unit._province_of = (unit.path, _find_province(unit))
    return known[1]


def _find_province(unit):
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=unit.ancestor_ids())}
    chain = [ancestors[pk] for pk in unit.ancestor_ids() if pk in ancestors]
    for candidate in chain:
        if candidate.kind == Unit.Kind.PROVINCIAL_COMMITTEE:
            return candidate
    return chain[0] if chain else unit


def visible(user, queryset, *, host, own=None):
    """The rows of `queryset` that `user` may see; every access helper starts here.

    Inactive users and anonymous visitors see nothing; a superuser without a unit sees everything;
    staff, leadership and administrators see what is held within their province (`host` is the
    lookup from a row to the unit that holds it, e.g. "conference__host_unit"); anyone else sees
    the rows `own(user)` selects (a Q), or nothing.

    The province is matched as sets of ids (`host_unit IN (the province's units)`, and through a
    relation `conference IN (conferences held by them)`): the database then reads only the
    province's rows through the foreign keys' indexes, where a join on the unit's path walked
    every row of the country (in the registers' order, to find a province's first page)."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.unit_id is None:
        return queryset if user.is_superuser else queryset.none()
    if sees_province.test(user):
        units = Unit.objects.within(province_of(user.unit)).values("pk")
        relation, _, rest = host.partition("__")
        if not rest:
            return queryset.filter(**{f"{host}__in": units})
        related = queryset.model._meta.get_field(relation).related_model
        return queryset.filter(
            **{f"{relation}__in": related.objects.filter(**{f"{rest}__in": units}).values("pk")}
        )
    return queryset.filter(own(user)) if own else queryset.none()


def get_visible_or_404(visible_rows, pk, queryset=None):
    """The row `pk` among `visible_rows` (what a `*_visible_to` helper returns), narrowed by
    `queryset` when given (e.g. with select_related); 404 when the user may not see it."""
    return get_object_or_404(visible_rows if queryset is None else queryset & visible_rows, pk=pk)


def usable_units(user, day=None):
    """Units a user may pick in a form: its province's tree (active on `day` when given) and
    the outside authorities."""
    if user.is_superuser and user.unit_id is None:
        units = Unit.objects.all()
    elif user.unit_id is None:
        return Unit.objects.none()
    else:
        province = province_of(user.unit)
        units = Unit.objects.filter(
            Q(path__startswith=province.path) | Q(kind__in=[*Unit.AUTHORITY_KINDS, Unit.Kind.CENTRAL])
        )
    if day is not None:
        units = units.active_on(day)
    return units
