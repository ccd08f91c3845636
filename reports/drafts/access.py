"""Who may see and change drafts, comment rounds and comments. Views call one helper first.

- Provincial staff, leaders and administrators see the drafts of the conferences they see, every
  round and every *submitted* comment. Unsubmitted comments are the unit's working notes: nobody
  outside the unit sees them, staff included (they only see how many there are).
- Only those who may "draft.manage" create drafts, publish versions, open rounds, remind and
  triage (403 for the others).
- A subordinate office sees only the drafts and rounds its unit was asked about, and only its
  own unit's comments; another unit's comments, submitted or not, are 404 for it.
"""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from frontwork.accounts.access import get_visible_or_404, visible
from frontwork.accounts.permissions import can, require
from reports.drafts.models import Comment, CommentRound, Draft, RoundUnit


def _asked(path_to_round):
    """A subordinate office sees the drafts and rounds its unit was asked about."""

    def own(user):
        asked = RoundUnit.objects.filter(**{path_to_round: OuterRef("pk")}, unit_id=user.unit_id)
        return Exists(asked)

    return own


def drafts_visible_to(user):
    return visible(
        user, Draft.objects.all(), host="conference__host_unit", own=_asked("round__version__draft")
    )


def get_draft_for(user, pk, *, write=False, queryset=None):
    """The draft if `user` may see it (404 otherwise); with write=True, 403 unless the user may
    manage drafts."""
    base = drafts_visible_to(user)
    draft = get_visible_or_404(base, pk, queryset)
    if write:
        require(user, "draft.manage", draft)
    return draft


def rounds_visible_to(user):
    return visible(
        user, CommentRound.objects.all(), host="version__draft__conference__host_unit", own=_asked("round")
    )


def get_round_for(user, pk, *, write=False, comment=False, queryset=None):
    """The round if `user` may see it (404 otherwise). write=True: those who manage drafts only
    (remind, triage); comment=True: only an office asked in the round (403 for other roles)."""
    base = rounds_visible_to(user)
    comment_round = get_visible_or_404(base, pk, queryset)
    if write:
        require(user, "draft.manage", comment_round)
    if comment:
        require(user, "round.comment", comment_round)
    return comment_round


def comments_visible_to(user):
    """An office sees its own unit's comments in the rounds it was asked in; the province roles
    see the submitted comments of the rounds they see."""
    comments = Comment.objects.filter(round__in=rounds_visible_to(user))
    if can(user, "round.comment"):
        return comments.filter(unit_id=user.unit_id)
    return comments.filter(submitted_at__isnull=False)


def get_comment_for(user, pk, *, write=False, triage=False, queryset=None):
    """The comment if `user` may see it (404 otherwise). write=True: the office of the comment's
    unit (403 for other roles); triage=True: those who manage drafts only (403 otherwise)."""
    base = comments_visible_to(user)
    comment = get_object_or_404(
        (base if queryset is None else queryset & base).select_related("round"), pk=pk
    )
    if write:
        require(user, "round.comment", comment.round)
    if triage:
        require(user, "draft.manage", comment.round)
    return comment
