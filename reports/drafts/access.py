"""Who may see and change drafts, comment rounds and comments. Views call one helper first.

- A committee's staff, leaders and administrators see the drafts held within their committee's
  subtree, their rounds and their *submitted* comments. Unsubmitted comments are the unit's
  working notes: nobody outside the unit sees them, staff included (they only see how many there
  are).
- Only those who may "draft.manage" (the host committee's editors) create drafts, publish
  versions, open rounds, remind and triage (403 for the others).
- Everyone sees the drafts and rounds that a unit they act for was asked about (an office user:
  its unit; a committee's staff, leaders and administrators: their unit and their committee),
  and that unit's comments; another unit's comments in such a round, submitted or not, are 404.
"""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from frontwork.accounts.access import get_visible_or_404, visible
from frontwork.accounts.permissions import acting_unit_ids, can, is_committee_role, require
from reports.drafts.models import Comment, CommentRound, Draft, RoundUnit


def _asked(path_to_round):
    """The drafts and rounds that a unit the user acts for was asked about."""

    def own(user):
        asked = RoundUnit.objects.filter(**{path_to_round: OuterRef("pk")}, unit_id__in=acting_unit_ids(user))
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


def rounds_held_by(user):
    """The rounds on the drafts of the conferences the user's committee hosts, for its staff,
    leaders and administrators (all held within the committee's subtree, so among those they
    see); for anyone else the rounds they see. One condition instead of the subtree's."""
    if is_committee_role.test(user) and user.unit_id and user.committee is not None:
        return CommentRound.objects.filter(version__draft__conference__host_unit__committee=user.committee)
    return rounds_visible_to(user)


def rounds_asked_of(user, *, unanswered=False):
    """The rounds in which a unit the user acts for is asked (each one visible to the user for
    that alone, as rounds_visible_to's `own` rule says); unanswered=True: and has not sent its
    comments yet. A round may come once per such unit: use distinct()."""
    if not (user.is_authenticated and user.is_active):
        return CommentRound.objects.none()
    asked = {"round_units__unit_id__in": acting_unit_ids(user)}
    if unanswered:
        asked["round_units__submitted_at__isnull"] = True
    return CommentRound.objects.filter(**asked)


def get_round_for(user, pk, *, write=False, comment=False, queryset=None):
    """The round if `user` may see it (404 otherwise). write=True: those who manage drafts only
    (remind, triage); comment=True: only those who answer for a unit asked in the round (403
    for the others)."""
    base = rounds_visible_to(user)
    comment_round = get_visible_or_404(base, pk, queryset)
    if write:
        require(user, "draft.manage", comment_round)
    if comment:
        require(user, "round.comment", comment_round)
    return comment_round


def comments_visible_to(user):
    """The comments of the units the user acts for, in the rounds it sees; and, for a
    committee's staff, leaders and administrators, the submitted comments of the rounds held
    within their committee's subtree."""
    comments = Comment.objects.filter(round__in=rounds_visible_to(user))
    condition = Q(unit_id__in=acting_unit_ids(user))
    if can(user, "round.follow"):
        held = visible(user, CommentRound.objects.all(), host="version__draft__conference__host_unit")
        condition |= Q(submitted_at__isnull=False, round__in=held)
    return comments.filter(condition)


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
