"""Who may see and change drafts, comment rounds and comments. Views call one helper first.

- Provincial staff, leaders and administrators see the drafts of the conferences they see, every
  round and every *submitted* comment. Unsubmitted comments are the unit's working notes: nobody
  outside the unit sees them, staff included (they only see how many there are).
- Only staff and administrators (`can_edit_records`) create drafts, publish versions, open
  rounds, remind and triage (403 for leaders and offices).
- A subordinate office sees only the drafts and rounds its unit was asked about, and only its
  own unit's comments; another unit's comments, submitted or not, are 404 for it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from conferences.access import conferences_visible_to
from reports.models import Comment, CommentRound, Draft, RoundUnit


def _is_office(user):
    return user.is_authenticated and user.is_active and user.is_office and user.unit_id is not None


def drafts_visible_to(user):
    qs = Draft.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_whole_province or user.is_superuser:
        return qs.filter(conference__in=conferences_visible_to(user))
    if _is_office(user):
        asked = RoundUnit.objects.filter(round__version__draft=OuterRef("pk"), unit_id=user.unit_id)
        return qs.filter(Exists(asked))
    return qs.none()


def get_draft_for(user, pk, *, write=False, queryset=None):
    """The draft if `user` may see it (404 otherwise); with write=True, 403 unless staff/admin."""
    base = drafts_visible_to(user)
    draft = get_object_or_404(base if queryset is None else queryset & base, pk=pk)
    if write and not user.can_edit_records:
        raise PermissionDenied
    return draft


def rounds_visible_to(user):
    qs = CommentRound.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_whole_province or user.is_superuser:
        return qs.filter(version__draft__in=drafts_visible_to(user))
    if _is_office(user):
        return qs.filter(Exists(RoundUnit.objects.filter(round=OuterRef("pk"), unit_id=user.unit_id)))
    return qs.none()


def get_round_for(user, pk, *, write=False, comment=False, queryset=None):
    """The round if `user` may see it (404 otherwise). write=True: staff/admin only (remind,
    triage); comment=True: only an office asked in the round (403 for other roles)."""
    base = rounds_visible_to(user)
    comment_round = get_object_or_404(base if queryset is None else queryset & base, pk=pk)
    if write and not user.can_edit_records:
        raise PermissionDenied
    if comment and not _is_office(user):
        raise PermissionDenied
    return comment_round


def comments_visible_to(user):
    qs = Comment.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if _is_office(user):
        return qs.filter(unit_id=user.unit_id, round__in=rounds_visible_to(user))
    if user.sees_whole_province or user.is_superuser:
        return qs.filter(submitted_at__isnull=False, round__in=rounds_visible_to(user))
    return qs.none()


def get_comment_for(user, pk, *, write=False, triage=False, queryset=None):
    """The comment if `user` may see it (404 otherwise). write=True: the office of the comment's
    unit (403 for other roles); triage=True: staff/admin only (403 otherwise)."""
    base = comments_visible_to(user)
    comment = get_object_or_404(
        (base if queryset is None else queryset & base).select_related("round"), pk=pk
    )
    if write and not _is_office(user):
        raise PermissionDenied
    if triage and not user.can_edit_records:
        raise PermissionDenied
    return comment
