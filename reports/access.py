"""Who may see and do what with final reports. Views call one of these first, always."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from conferences.access import conferences_visible_to, get_conference_for
from reports.models import FinalReport, RenderJob, ReportVersion


def can_request_pdf(user):
    """Provincial staff, leadership and administrators ask for PDFs; subordinate offices do not."""
    return user.is_authenticated and user.sees_whole_province


def can_approve(user):
    return user.is_authenticated and user.is_active and user.is_leader


def get_final_report_for(user, conference_pk, *, action="view"):
    """(conference, its FinalReport or None). 404 if the conference is hidden from `user`; 403 if
    `action` ("view", "edit" or "render") is not theirs."""
    conference = get_conference_for(user, conference_pk, write=action == "edit")
    if action == "render" and not can_request_pdf(user):
        raise PermissionDenied
    report = FinalReport.objects.filter(conference=conference).first()
    return conference, report


def get_render_job_for(user, pk):
    job = get_object_or_404(
        RenderJob.objects.select_related("final_report__conference", "version"),
        pk=pk,
        final_report__conference__in=conferences_visible_to(user),
    )
    if not can_request_pdf(user):
        raise PermissionDenied
    return job


def get_report_version_for(user, pk, *, approve=False):
    """A version of a visible report. Subordinate offices may download approved versions only;
    only leadership approves."""
    version = get_object_or_404(
        ReportVersion.objects.select_related("final_report__conference"),
        pk=pk,
        final_report__conference__in=conferences_visible_to(user),
    )
    if approve and not can_approve(user):
        raise PermissionDenied
    if not version.is_approved and not user.sees_whole_province:
        raise PermissionDenied
    return version
