"""Writes of the final report.

The path of a final report: `final_report_request` creates a RenderJob and, on commit, sends
`reports.tasks.render_final_report(job_id=…)`; the worker calls `render_job_run`, which claims the
job with a conditional UPDATE (queued → rendering, with a lease), renders, stores the PDF as an
immutable ReportVersion and marks the job done — only if it still holds the claim. A job whose
worker died stays "rendering" until its lease runs out; `render_jobs_sweep` (Celery beat) then
puts it back in the queue, so correctness never depends on the broker redelivering anything.
"""

import logging
import uuid
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from frontwork.text import nfc
from reports.models import FinalReport, LayoutSettings, RenderJob, ReportVersion

logger = logging.getLogger(__name__)

# The broker could not be reached: the message is sent again later by the sweep.
BROKER_ERRORS = (KombuOperationalError, ConnectionError, OSError)

# Errors worth another try with backoff: the database or the storage was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

DEFAULT_RECIPIENTS = [
    "Ban Thường trực UBTW MTTQ Việt Nam;",
    "Thường trực Tỉnh ủy, HĐND, UBND tỉnh;",
    "Các tổ chức thành viên;",
    "Mặt trận các huyện, thành phố;",
    "Lưu: VT.",
]


def layout_settings_get_or_create(*, unit):
    """The layout of the reports `unit` issues; saved with Decree 30 defaults on first use."""
    from reports.selectors import layout_settings_for

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
    from reports.composition import compose, conference_with_record

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
    if not user.can_edit_records:
        raise PermissionDenied
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


def _enqueue(job_ids):
    from reports.tasks import render_final_report

    def send():
        # The limits travel with the message (read now, so a changed setting applies at once).
        for job_id in job_ids:
            try:
                render_final_report.apply_async(
                    kwargs={"job_id": job_id},
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
    _enqueue([job.pk])
    return job


def _claim(job_id):
    """queued → rendering with a lease; returns the attempt number or None if someone else has it."""
    now = timezone.now()
    claimed = RenderJob.objects.filter(
        pk=job_id, status=RenderJob.Status.QUEUED, attempts__lt=settings.REPORT_RENDER_MAX_ATTEMPTS
    ).update(
        status=RenderJob.Status.RENDERING,
        attempts=F("attempts") + 1,
        lease_expires_at=now + timedelta(seconds=settings.REPORT_RENDER_LEASE_SECONDS),
        started_at=now,
    )
    if not claimed:
        # A queued job that has used up its attempts fails instead of waiting for ever.
        exhausted = RenderJob.objects.filter(
            pk=job_id, status=RenderJob.Status.QUEUED, attempts__gte=settings.REPORT_RENDER_MAX_ATTEMPTS
        )
        exhausted.filter(error="").update(error="Đã hết số lần thử mà chưa tạo được bản PDF.")
        exhausted.update(status=RenderJob.Status.FAILED, finished_at=now, lease_expires_at=None)
        return None
    return RenderJob.objects.values_list("attempts", flat=True).get(pk=job_id)


def _owned(job_id, attempt):
    return RenderJob.objects.filter(pk=job_id, status=RenderJob.Status.RENDERING, attempts=attempt)


def _fail(job_id, attempt, reason):
    _owned(job_id, attempt).update(
        status=RenderJob.Status.FAILED, error=reason, finished_at=timezone.now(), lease_expires_at=None
    )


def render_job_run(*, job_id):
    """Render a claimed job once. Returns its ReportVersion (a new one, or the newest one when the
    PDF is byte-identical to it), or None when there was nothing to do (job gone, already done, or
    claimed by another worker). Transient errors put the job back
    in the queue and are raised again for the task to retry with backoff."""
    from reports.composition import conference_with_record
    from reports.printing import print_html, render_pdf

    attempt = _claim(job_id)
    if attempt is None:
        return None
    job = RenderJob.objects.select_related("final_report").get(pk=job_id)
    report = job.final_report
    try:
        conference = conference_with_record(report.conference_id, units=False)
        layout = layout_settings_get_or_create(unit=conference.host_unit)
        pdf = render_pdf(print_html(report, layout, conference), layout)
        name = default_storage.save(
            f"reports/final/{report.pk}/{uuid.uuid4().hex}.pdf", ContentFile(pdf.content)
        )
        with transaction.atomic():
            FinalReport.objects.select_for_update().filter(pk=report.pk).first()
            latest = report.versions.order_by("-number").first()
            reused = latest is not None and latest.sha256 == pdf.sha256
            if reused:
                # Nothing changed since the newest version: the job gets that version.
                version = latest
            else:
                version = ReportVersion.objects.create(
                    final_report=report,
                    number=(latest.number if latest else 0) + 1,
                    file=name,
                    sha256=pdf.sha256,
                    size=len(pdf.content),
                    page_count=pdf.page_count,
                    report_revision=report.revision,
                    created_by=job.requested_by,
                )
            finished = _owned(job_id, attempt).update(
                status=RenderJob.Status.DONE,
                version=version,
                finished_at=timezone.now(),
                lease_expires_at=None,
                error="",
            )
            if not finished:  # the lease ran out and another worker took the job over
                transaction.set_rollback(True)
        if reused or not finished:
            default_storage.delete(name)
        return version if finished else None
    except SoftTimeLimitExceeded:
        _fail(job_id, attempt, "Quá thời gian cho phép để tạo bản PDF.")
        return None
    except MemoryError:
        _fail(job_id, attempt, "Không đủ bộ nhớ để tạo bản PDF.")
        return None
    except TRANSIENT_ERRORS as exc:
        _owned(job_id, attempt).update(
            status=RenderJob.Status.QUEUED,
            lease_expires_at=None,
            enqueued_at=timezone.now(),
            error=f"Lỗi tạm thời, sẽ thử lại: {exc}"[:2000],
        )
        raise
    except DatabaseError as exc:
        logger.exception("render job %s failed", job_id)
        _fail(job_id, attempt, f"Lỗi cơ sở dữ liệu: {exc}"[:2000])
        return None
    except Exception as exc:
        logger.exception("render job %s failed", job_id)
        _fail(job_id, attempt, f"Lỗi khi tạo bản PDF: {type(exc).__name__}: {exc}"[:2000])
        return None


def render_jobs_sweep():
    """Re-queue jobs whose worker died (lease expired) and re-send queued jobs whose message was
    lost; a job out of attempts fails with a reason. Returns the ids sent again."""
    now = timezone.now()
    lease = timedelta(seconds=settings.REPORT_RENDER_LEASE_SECONDS)
    resend = []
    with transaction.atomic():
        for job in RenderJob.objects.filter(status=RenderJob.Status.RENDERING, lease_expires_at__lt=now).only(
            "pk", "attempts"
        ):
            owned = _owned(job.pk, job.attempts).filter(lease_expires_at__lt=now)
            if job.attempts >= settings.REPORT_RENDER_MAX_ATTEMPTS:
                owned.update(
                    status=RenderJob.Status.FAILED,
                    finished_at=now,
                    lease_expires_at=None,
                    error="Tiến trình tạo bản PDF bị dừng nhiều lần; đã hết số lần thử.",
                )
            elif owned.update(
                status=RenderJob.Status.QUEUED,
                lease_expires_at=None,
                enqueued_at=now,
                error="Tiến trình tạo bản PDF bị dừng giữa chừng; đã xếp lại vào hàng đợi.",
            ):
                resend.append(job.pk)
        stale = RenderJob.objects.filter(status=RenderJob.Status.QUEUED, enqueued_at__lt=now - lease)
        stale_ids = list(stale.values_list("pk", flat=True))
        RenderJob.objects.filter(pk__in=stale_ids).update(enqueued_at=now)
        resend += stale_ids
        _enqueue(resend)
    return resend


@transaction.atomic
def report_version_approve(*, version, user):
    """Leadership approves a version once; it never changes afterwards."""
    if not (user.is_active and user.is_leader):
        raise PermissionDenied
    updated = ReportVersion.objects.filter(pk=version.pk, approved_at__isnull=True).update(
        approved_by=user, approved_at=timezone.now()
    )
    version.refresh_from_db()
    return bool(updated)
