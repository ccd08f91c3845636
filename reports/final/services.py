"""Writes of the final report (web side).

The path of a final report: `final_report_request` creates a RenderJob and, on commit, sends
`reports.tasks.render_final_report(job_id=…)` by that registered name, so that web processes never
import the renderer; the worker runs it (reports/final/rendering.py: claim, render, store, and the
sweep that sends lost or abandoned jobs again). RENDER_JOBS is how frontwork/jobs.py handles these
rows: sending, claims and leases, the sweep.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from conferences.composition import compose, conference_with_record
from frontwork.accounts.permissions import require
from frontwork.jobs import JobKind
from frontwork.text import nfc
from reports.final.models import FinalReport, LayoutSettings, RenderJob, ReportVersion
from reports.final.selectors import layout_settings_for

# The worker's task (reports/final/tasks.py), under the name queued messages and beat use.
RENDER_TASK = "reports.tasks.render_final_report"

RENDER_JOBS = JobKind(
    RenderJob,
    task=RENDER_TASK,
    waiting=RenderJob.Status.QUEUED,
    running=RenderJob.Status.RENDERING,
    failed=RenderJob.Status.FAILED,
    lease_setting="REPORT_RENDER_LEASE_SECONDS",
    attempts_setting="REPORT_RENDER_MAX_ATTEMPTS",
    resend_setting="REPORT_RENDER_RESEND_SECONDS",
    reasons={
        "out_of_attempts": "Đã hết số lần thử mà chưa tạo được bản PDF.",
        "requeued": "Tiến trình tạo bản PDF bị dừng giữa chừng; đã xếp lại vào hàng đợi.",
        "died_too_often": "Tiến trình tạo bản PDF bị dừng nhiều lần; đã hết số lần thử.",
    },
    # The limits travel with the message (read when sent, so a changed setting applies at once).
    send_options=lambda: {
        "soft_time_limit": settings.REPORT_RENDER_SOFT_TIME_LIMIT,
        "time_limit": settings.REPORT_RENDER_TIME_LIMIT,
    },
)

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


@transaction.atomic
def final_report_request(*, report, user=None):
    """Ask for a PDF of `report`: a queued job, sent to the worker once the transaction commits."""
    job = RenderJob.objects.create(final_report=report, requested_by=user, enqueued_at=timezone.now())
    RENDER_JOBS.send([job.pk])
    return job


@transaction.atomic
def report_version_approve(*, version, user):
    """Leadership approves a version once; it never changes afterwards."""
    require(user, "report.approve", version.final_report.conference)
    updated = ReportVersion.objects.filter(pk=version.pk, approved_at__isnull=True).update(
        approved_by=user, approved_at=timezone.now()
    )
    version.refresh_from_db()
    return bool(updated)
