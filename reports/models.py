"""The models of the reports app. Each concern keeps its own (reports/drafts/models.py,
reports/final/models.py); Django and the migrations find them here, under the app label "reports"."""

from reports.drafts.models import (
    Comment,
    CommentRound,
    CommentRoundQuerySet,
    Draft,
    DraftParagraph,
    DraftVersion,
    RoundUnit,
    draft_upload_to,
)
from reports.final.models import (
    UNNUMBERED,
    FinalReport,
    HeadingStyle,
    LayoutSettings,
    RenderJob,
    ReportVersion,
    version_upload_to,
)

__all__ = [
    "UNNUMBERED",
    "Comment",
    "CommentRound",
    "CommentRoundQuerySet",
    "Draft",
    "DraftParagraph",
    "DraftVersion",
    "FinalReport",
    "HeadingStyle",
    "LayoutSettings",
    "RenderJob",
    "ReportVersion",
    "RoundUnit",
    "draft_upload_to",
    "version_upload_to",
]
