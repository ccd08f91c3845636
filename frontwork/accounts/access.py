"""Who may see what: the rules on units that every app's access helper builds on."""

from django.db.models import Q

from frontwork.accounts.models import Unit
from frontwork.accounts.permissions import sees_province


def province_of(unit):
    """The provincial committee a unit belongs to (or the root of its tree).

    Remembered on the unit instance for its current path: a page asks once per list it shows
    (request.user.unit is loaded anew for each request)."""
    cached = getattr(unit, "_province_of", None)
    if cached is not None and cached[0] == unit.path:
        return cached[1]
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=unit.ancestor_ids())}
    chain = [ancestors[pk] for pk in unit.ancestor_ids() if pk in ancestors]
    province = next(
        (u for u in chain if u.kind == Unit.Kind.PROVINCIAL_COMMITTEE), chain[0] if chain else unit
    )
    unit._province_of = (unit.path, province)
    return province


def visible(user, queryset, *, host, own=None):
    """The rows of `queryset` that `user` may see; every access helper starts here.

    Inactive users and anonymous visitors see nothing; a superuser without a unit sees everything;
    staff, leadership and administrators see what is held within their province (`host` is the
    lookup from a row to the unit that holds it, e.g. "conference__host_unit"); anyone else sees
    the rows `own(user)` selects (a Q), or nothing."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if user.unit_id is None:
        return queryset if user.is_superuser else queryset.none()
    if sees_province.test(user):
        return queryset.filter(**{f"{host}__path__startswith": province_of(user.unit).path})
    return queryset.filter(own(user)) if own else queryset.none()


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
