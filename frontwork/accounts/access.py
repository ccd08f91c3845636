"""Who may see what: the rules on units that every app's access helper builds on.

A committee sees what it and the committees below it hold (read-only below: the rules in
frontwork.accounts.permissions decide what it may change); it never sees what its siblings or
superiors hold unless its units are invited, asked or directed there (the `own` rows)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from frontwork.accounts.models import Unit, User
from frontwork.accounts.permissions import COMMITTEE_ROLES, acting_unit_ids, is_committee_role, is_whole_tree


def visible(user, queryset, *, host, own=None):
    """The rows of `queryset` that `user` may see; every access helper starts here.

    Inactive users and anonymous visitors see nothing; a superuser without a unit sees everything;
    staff, leaders and administrators see what is held within their committee's subtree (`host` is
    the lookup from a row to the unit that holds it, e.g. "conference__host_unit"); everyone also
    sees the rows `own(user)` selects (a Q: what the units they act for were invited to, asked
    about or directed to do)."""
    condition = visible_condition(user, queryset.model, host=host, own=own)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition) if condition else queryset


def visible_condition(user, model, *, host, own=None):
    """What `visible` filters on, as a Q on the rows of `model`: None when the user sees nothing,
    an empty Q() when the user sees everything (a superuser without a unit)."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.unit_id is None:
        return Q() if is_whole_tree(user) else None
    condition = Q(pk__in=[])
    if is_committee_role.test(user) and user.committee is not None:
        condition = _held_within(model, host, user.committee)
    if own is not None:
        condition |= own(user)
    return condition


def _held_within(model, host, committee):
    """The rows held within `committee`'s subtree, matched as sets of ids (`host_unit IN (the
    subtree's units)`, and through a relation `conference IN (conferences held by them)`): the
    database then reads only those rows through the foreign keys' indexes, where a join on the
    unit's path walked every row of the country (in the registers' order, to find a province's
    first page)."""
    units = Unit.objects.within(committee).values("pk")
    relation, _, rest = host.partition("__")
    if not rest:
        return Q(**{f"{host}__in": units})
    related = model._meta.get_field(relation).related_model
    return Q(**{f"{relation}__in": related.objects.filter(**{f"{rest}__in": units}).values("pk")})


def get_visible_or_404(visible_rows, pk, queryset=None):
    """The row `pk` among `visible_rows` (what a `*_visible_to` helper returns), narrowed by
    `queryset` when given (e.g. with select_related); 404 when the user may not see it."""
    return get_object_or_404(visible_rows if queryset is None else queryset & visible_rows, pk=pk)


def units_of_area(unit, day=None):
    """The units a record held by `unit` may name (active on `day` when given): those of the
    area of its committee (UnitQuerySet.of_area)."""
    committee = unit.committee if unit.committee_id else unit
    units = Unit.objects.of_area(committee)
    return units.active_on(day) if day is not None else units


def units_for(user, day=None, *, host=None):
    """Units a user may pick in a form: those of its committee's area, or with `host` those of
    the area of the record's host (active on `day` when given); every unit for a superuser
    without a unit."""
    if is_whole_tree(user):
        units = Unit.objects.all()
        return units.active_on(day) if day is not None else units
    if host is not None:
        return units_of_area(host, day)
    if user.unit_id is None or user.committee is None:
        return Unit.objects.none()
    return units_of_area(user.committee, day)


def hosting_units(user):
    """The units in whose name a user may hold a conference: its committee and the committee's
    own standing board (every committee and board for a superuser without a unit)."""
    kinds = [*Unit.COMMITTEE_KINDS, Unit.Kind.STANDING_BOARD]
    if is_whole_tree(user):
        return Unit.objects.filter(kind__in=kinds)
    committee_id = user.committee.pk if user.unit_id and user.committee else None
    if committee_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(committee_id=committee_id, kind__in=kinds)


def acting_units(user):
    """The units the user answers for when asked or directed (its unit; its committee too for
    the committee roles)."""
    return Unit.objects.filter(pk__in=acting_unit_ids(user))


def users_acting_for(unit):
    """The active users who answer for `unit` when it is asked or directed: its own users and,
    for a committee, the staff, leaders and administrators of its bodies."""
    return User.objects.filter(is_active=True).filter(
        Q(unit=unit) | Q(unit__committee=unit, role__in=COMMITTEE_ROLES)
    )
