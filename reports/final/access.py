"""Who may see and do what with final reports. Views call one of these first, always."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from conferences.access import conferences_visible_to, get_conference_for
from conferences.models import Conference
from frontwork.accounts.permissions import require
from reports.final.models import FinalReport, RenderJob, ReportVersion

# What a view does with a final report → the permission rule it needs.
ACTIONS = {"view": None, "edit": "report.change", "render": "report.render"}


def get_final_report_for(user, conference_pk, *, action="view"):
    """(conference, its FinalReport or None). 404 if the conference is hidden from `user`; 403 if
    `action` ("view", "edit" or "render") is not theirs."""
    # a co-host's users read the report; editing and rendering stay with the host's side
    conference = get_conference_for(
        user,
        conference_pk,
        hosted=bool(ACTIONS[action]),
        # the host's committee and the one above it (the letterhead and recipients name them), the
        # host's layout and the report, in the same query (the report's conference is this one)
        queryset=Conference.objects.select_related(
            "host_unit__committee__parent", "host_unit__layout_settings", "final_report"
        ),
    )
    if ACTIONS[action]:
        require(user, ACTIONS[action], conference)
    try:
        report = conference.final_report
    except FinalReport.DoesNotExist:
        report = None
    return conference, report


def get_render_job_for(user, pk):
    job = get_object_or_404(
        RenderJob.objects.select_related("final_report__conference", "version"),
        pk=pk,
        final_report__conference__in=conferences_visible_to(user),
    )
    require(user, "report.render", job.final_report.conference)
    return job


def get_report_version_for(user, pk, *, approve=False):
    """A version of a visible report. Those who may not ask for PDFs download approved versions
    only; only leadership approves."""
    version = get_object_or_404(
        ReportVersion.objects.select_related("final_report__conference"),
        pk=pk,
        final_report__conference__in=conferences_visible_to(user),
    )
    conference = version.final_report.conference
    if approve:
        if not conferences_visible_to(user, invited=False).filter(pk=conference.pk).exists():
            raise PermissionDenied  # a co-host's leaders do not approve the host's report
        require(user, "report.approve", conference)
    if not version.is_approved:
        require(user, "report.render", conference)
    return version
