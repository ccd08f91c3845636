"""Writes of the final report (web side).

The path of a final report: `final_report_request` creates a RenderJob and, on commit, sends
`reports.tasks.render_final_report(job_id=…)` by that registered name, so that web processes never
import the renderer; the worker runs it (reports/final/rendering.py: claim, render, store, and the
sweep that sends lost or abandoned jobs again).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from conferences.composition import compose, conference_with_record
from frontwork.accounts.permissions import require
from frontwork.celery import app as celery_app
from frontwork.text import nfc
from reports.final import signals
from reports.final.models import FinalReport, LayoutSettings, RenderJob, ReportVersion
from reports.final.selectors import layout_settings_for

logger = logging.getLogger(__name__)

# The worker's task (reports/final/tasks.py), under the name queued messages and beat use.
RENDER_TASK = "reports.tasks.render_final_report"

# The broker could not be reached: the message is sent again later by the sweep.
BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError)

DEFAULT_RECIPIENTS = [
    "Ban Thường trực UBTW MTTQ Việt Nam;",
    "Thường trực Tỉnh ủy, HĐND, UBND tỉnh;",
    "Các tổ chức thành viên;",
    "Mặt trận các huyện, thành phố;",
    "Lưu: VT.",
]


def layout_settings_get_or_create(*, unit):
    """The layout of the reports `unit` issues; saved with Decree 30 defaults on first use."""
    layout = layout_settings_for(unit)
    if layout.pk is None:
        layout, _ = LayoutSettings.objects.get_or_create(
            unit=unit,
            defaults={
                "parent_body_line": layout.parent_body_line,
                "issuing_body_line": layout.issuing_body_line,
            },
        )
    return layout


def final_report_defaults(conference, composition=None):
    composition = composition or compose(conference_with_record(conference.pk, units=False), units=False)
    return {
        "date": conference.date,
        "subject": composition.subject,
        "code": "BC-MTTQ-BTT",
        "recipients": "\n".join(DEFAULT_RECIPIENTS),
    }


def final_report_get_or_create(*, conference, user=None):
    report = FinalReport.objects.filter(conference=conference).first()
    if report is None:
        with transaction.atomic():
            report, _ = FinalReport.objects.get_or_create(
                conference=conference, defaults={**final_report_defaults(conference), "updated_by": user}
            )
    return report


EDITABLE_FIELDS = FinalReport.EDITABLE_FIELDS


@transaction.atomic
def final_report_update(*, report, user, **fields):
    """Change the report's own fields; a later PDF becomes a new version (the revision counts)."""
    require(user, "report.change", report.conference)
    changed = False
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} is not an editable field of a final report.")
        value = nfc(value)
        if getattr(report, name) != value:
            setattr(report, name, value)
            changed = True
    if changed:
        report.revision = F("revision") + 1
        report.updated_by = user
        report.save()
        report.refresh_from_db()
    return report


def render_jobs_send(job_ids):
    """Send the jobs to the worker once the current transaction commits."""

    def send():
        # The limits travel with the message (read now, so a changed setting applies at once).
        for job_id in job_ids:
            try:
                celery_app.signature(RENDER_TASK, kwargs={"job_id": job_id}).apply_async(
                    soft_time_limit=settings.REPORT_RENDER_SOFT_TIME_LIMIT,
                    time_limit=settings.REPORT_RENDER_TIME_LIMIT,
                )
            except BROKER_ERRORS as exc:
                # The job is saved as queued; the sweep sends it again once the broker is back.
                logger.warning("render job %s not sent, broker unavailable: %s", job_id, exc)

    transaction.on_commit(send)


@transaction.atomic
def final_report_request(*, report, user=None):
    """Ask for a PDF of `report`: a queued job, sent to the worker once the transaction commits."""
    job = RenderJob.objects.create(final_report=report, requested_by=user, enqueued_at=timezone.now())
    render_jobs_send([job.pk])
    return job


@transaction.atomic
def report_version_approve(*, version, user):
    """Leadership approves a version once; it never changes afterwards."""
    require(user, "report.approve", version.final_report.conference)
    updated = ReportVersion.objects.filter(pk=version.pk, approved_at__isnull=True).update(
        approved_by=user, approved_at=timezone.now()
    )
    version.refresh_from_db()
    if updated:  # the signed original is made by the worker once the approval has committed
        transaction.on_commit(lambda: signals.version_approved.send(sender=ReportVersion, version=version))
    return bool(updated)
