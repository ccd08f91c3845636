"""Who may see what: the rules on units that every app's access helper builds on."""

from frontwork.accounts.models import Unit


def province_of(unit):
    """The provincial committee a unit belongs to (or the root of its tree)."""
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=unit.ancestor_ids())}
    chain = [ancestors[pk] for pk in unit.ancestor_ids() if pk in ancestors]
    for candidate in chain:
        if candidate.kind == Unit.Kind.PROVINCIAL_COMMITTEE:
            return candidate
    return chain[0] if chain else unit


def usable_units(user, day=None):
    """Units a user may pick in a form: its province's tree (active on `day` when given) and
    the outside authorities."""
    from django.db.models import Q

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
