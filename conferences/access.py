"""Who may see and change conferences. Views call `get_conference_for` first, always."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from conferences.editing import get_section
from conferences.models import AttendanceGroup, Conference
from frontwork.accounts.access import visible
from frontwork.accounts.models import Unit
from frontwork.accounts.permissions import require


def _attended_or_hosted(user):
    """A subordinate office: the conferences it took part in and those hosted within its subtree."""
    # Two lists of ids, not a sub-query per conference: the database then looks both up by index
    # instead of testing every conference of the country (8 ms against 2 ms on SQLite).
    attended = AttendanceGroup.objects.filter(units=user.unit_id).values("conference_id")
    subtree = Unit.objects.filter(path__startswith=user.unit.path).values("pk")
    return Q(pk__in=attended) | Q(host_unit__in=subtree)


def conferences_visible_to(user):
    return visible(user, Conference.objects.all(), host="host_unit", own=_attended_or_hosted)


def get_conference_for(user, pk, *, write=False, queryset=None):
    """The conference if `user` may see it (404 otherwise); with write=True, 403 unless the user
    may also change it."""
    conference = get_object_or_404(
        conferences_visible_to(user) if queryset is None else queryset & conferences_visible_to(user), pk=pk
    )
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
