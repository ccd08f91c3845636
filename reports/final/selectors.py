"""Reads of the reports app used in more than one place."""

from django.db.models import Exists, OuterRef

from conferences.access import conferences_held_by
from frontwork.accounts.permissions import can
from reports.final.models import LayoutSettings, RenderJob, ReportVersion


def versions_visible_to(user, report):
    """The versions of `report` that `user` may download, newest first."""
    versions = report.versions.select_related("created_by", "approved_by")
    if not can(user, "report.render", report.conference):
        versions = versions.filter(approved_at__isnull=False)
    return versions


def latest_job(report):
    return (
        RenderJob.objects.filter(final_report=report)
        .select_related("version")
        .order_by("-created_at", "-pk")
        .first()
    )


def versions_awaiting_approval(user):
    """The newest version of each report of the user's committee, where that version is not
    approved yet."""
    newer = ReportVersion.objects.filter(final_report=OuterRef("final_report"), number__gt=OuterRef("number"))
    return (
        ReportVersion.objects.filter(
            approved_at__isnull=True, final_report__conference__in=conferences_held_by(user)
        )
        .filter(~Exists(newer))
        .select_related("final_report__conference", "created_by")
        .order_by("-created_at", "-pk")
    )


def layout_settings_for(unit):
    """The unit's layout, or an unsaved one with the Decree 30 defaults (reading saves nothing)."""
    layout = LayoutSettings.objects.filter(unit=unit).first()
    if layout is None:
        parent = unit.parent
        layout = LayoutSettings(
            unit=unit,
            parent_body_line=(parent.name if parent else "").upper(),
            issuing_body_line=(unit.short_name or unit.name).upper(),
        )
    return layout
