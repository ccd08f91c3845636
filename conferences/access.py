"""Who may see and change conferences. Views call `get_conference_for` first, always."""

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.editing import get_section
from conferences.models import AttendanceGroup, Conference
from frontwork.accounts.access import visible, visible_condition
from frontwork.accounts.models import Unit
from frontwork.accounts.permissions import acting_unit_ids, committee_id_of, is_whole_tree, require


def _attended_or_hosted(user):
    """The conferences that a unit the user acts for took part in, and those hosted within the
    user's unit's subtree."""
    # Two lists of ids, not a sub-query per conference: the database then looks both up by index
    # instead of testing every conference of the country (8 ms against 2 ms on SQLite).
    attended = AttendanceGroup.objects.filter(units__in=acting_unit_ids(user)).values("conference_id")
    subtree = Unit.objects.filter(path__startswith=user.unit.path).values("pk")
    return Q(pk__in=attended) | Q(host_unit__in=subtree)


def _invited(user):
    """The conferences co-hosted by the user's committee or a unit within it (its standing board,
    a department, a committee below it): their users see them, read-only. Their ids, as a
    sub-query; None for a user without a unit."""
    if not (user.is_authenticated and user.is_active and user.unit_id):
        return None
    committee = user.committee or user.unit
    co_hosts = Unit.objects.filter(path__startswith=committee.path).values("pk")
    return Conference.co_hosts.through.objects.filter(unit__in=co_hosts).values("conference_id")


def _attended_hosted_or_invited(user):
    """Those attended or hosted, and those co-hosted (`visible` asks only for users with a unit)."""
    return _attended_or_hosted(user) | Q(pk__in=_invited(user))


def _in(ids):
    return None if ids is None else Q(pk__in=ids)


def _flag(condition):
    """A Q (None: false; an empty Q: true) as a boolean column."""
    if condition is None:
        return Value(False, output_field=BooleanField())
    if not condition:
        return Value(True, output_field=BooleanField())
    return ExpressionWrapper(condition, output_field=BooleanField())


def conferences_visible_to(user, *, invited=True):
    """What `user` sees; with invited=False, without the conferences the user sees only as a
    co-host (those are read-only)."""
    own = _attended_hosted_or_invited if invited else _attended_or_hosted
    return visible(user, Conference.objects.all(), host="host_unit", own=own)


def conferences_held_by(user):
    """The conferences the user's committee hosts (every conference for a superuser without a
    unit): those whose records, drafts and reports its staff manage."""
    conferences = conferences_visible_to(user)
    if is_whole_tree(user):
        return conferences
    return (
        conferences.filter(host_unit__committee_id=committee_id_of(user))
        if committee_id_of(user)
        else conferences.none()
    )


def get_conference_for(user, pk, *, write=False, hosted=False, queryset=None):
    """The conference if `user` may see it (404 otherwise); with write=True, 403 unless the user
    may also change it: a co-host's users see the conference, never change it. hosted=True: 403
    for those who see it only as a co-host (for actions on what hangs on it: its report…)."""
    # One query: the conference, with whether the user sees it as its host's side (the rules of
    # conferences_visible_to with invited=False) and whether as a co-host's (_invited). Building
    # and compiling the visibility sub-queries twice, for a get and then an exists(), cost more
    # than the queries themselves.
    held = visible_condition(user, Conference, host="host_unit", own=_attended_or_hosted)
    rows = (Conference.objects.all() if queryset is None else queryset).annotate(
        fw_held=_flag(held), fw_invited=_flag(_in(_invited(user)))
    )
    conference = get_object_or_404(rows, pk=pk)
    if not (conference.fw_held or conference.fw_invited):
        raise Http404("No Conference matches the given query.")
    if (write or hosted) and not conference.fw_held:
        raise PermissionDenied
    if write:
        require(user, "conference.change", conference)
    return conference


def get_item_for(user, conference_pk, section, item_pk):
    """(conference, item) for changing one item of a record: 404 if the user may not see the
    conference or the item is not in it, 403 if the user may not change records."""
    conference = get_conference_for(user, conference_pk, write=True)
    items = section.model.objects.filter(**{section.conference_lookup: conference.pk})
    return conference, get_object_or_404(items, pk=item_pk)


def get_parent_for(user, conference_pk, section, parent_pk):
    """(conference, parent) under which an item of `section` is added (the conference itself or,
    for nested sections, an item of the conference)."""
    conference = get_conference_for(user, conference_pk, write=True)
    if not section.nested:
        if parent_pk != conference.pk:
            raise Http404
        return conference, conference
    parent_section = get_section(section.parent_section)
    parents = parent_section.model.objects.filter(**{parent_section.conference_lookup: conference.pk})
    return conference, get_object_or_404(parents, pk=parent_pk)
