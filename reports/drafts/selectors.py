"""Reads for the draft and comment-round pages (each a fixed number of queries)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F

from reports.drafts.models import Comment, RoundUnit


@dataclass
class UnitStatus:
    round_unit: RoundUnit
    comment_count: int
    depth: int = 0

    SUBMITTED = "submitted"
    STARTED = "started"
    NOTHING = "nothing"

    @property
    def unit(self):
        return self.round_unit.unit

    @property
    def state(self):
        if self.round_unit.submitted_at:
            return self.SUBMITTED
        return self.STARTED if self.comment_count else self.NOTHING


def round_unit_statuses(comment_round):
    """Every asked unit with its state (submitted / started / nothing) and number of comments."""
    counts = dict(
        Comment.objects.filter(round=comment_round)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    rows = comment_round.round_units.select_related("unit").order_by("unit__path")
    statuses = [UnitStatus(row, counts.get(row.unit_id, 0)) for row in rows]
    # Indent units under other asked units (a commune under its district), in tree order.
    asked = {s.unit.pk for s in statuses}
    for status in statuses:
        status.depth = min(3, sum(1 for pk in status.unit.ancestor_ids()[:-1] if pk in asked))
    return statuses


def status_counts(statuses):
    total = len(statuses)
    by_state = defaultdict(int)
    for status in statuses:
        by_state[status.state] += 1
    return {
        "total": total,
        "submitted": by_state[UnitStatus.SUBMITTED],
        "started": by_state[UnitStatus.STARTED],
        "nothing": by_state[UnitStatus.NOTHING],
    }


def submitted_comments(comment_round):
    """Submitted comments in text order (whole-text comments first), then by unit."""
    return list(
        Comment.objects.filter(round=comment_round, submitted_at__isnull=False)
        .select_related("unit", "paragraph")
        .order_by(F("paragraph__position").asc(nulls_first=True), "unit__path", "pk")
    )


def unit_comments_by_paragraph(comment_round, unit_id):
    """The unit's comments in this round: {paragraph id or None: [comments]}."""
    grouped = defaultdict(list)
    for comment in (
        Comment.objects.filter(round=comment_round, unit_id=unit_id).select_related("author").order_by("pk")
    ):
        grouped[comment.paragraph_id].append(comment)
    return grouped
