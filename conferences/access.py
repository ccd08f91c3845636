"""Who may see and change conferences. Views call `get_conference_for` first, always."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.editing import get_section
from conferences.models import AttendanceGroup, Conference
from frontwork.accounts.access import get_visible_or_404, visible
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


def _attended_hosted_or_invited(user):
    """Those, and the conferences co-hosted by the user's committee or a unit within it (its
    standing board, a department, a committee below it): their users see them, read-only."""
    committee = user.committee or user.unit
    co_hosts = Unit.objects.filter(path__startswith=committee.path).values("pk")
    invited = Conference.co_hosts.through.objects.filter(unit__in=co_hosts).values("conference_id")
    return _attended_or_hosted(user) | Q(pk__in=invited)


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
    conference = get_visible_or_404(conferences_visible_to(user), pk, queryset)
    if (write or hosted) and not conferences_visible_to(user, invited=False).filter(
        pk=conference.pk
    ).exists():
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
