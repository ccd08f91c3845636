"""The worker's side of a PDF job of the final report.

The worker calls `render_job_run`, which claims the job with a conditional UPDATE (queued →
rendering, with a lease), renders, stores the PDF as an immutable ReportVersion and marks the job
done — only if it still holds the claim. A job whose worker died stays "rendering" until its lease
runs out; `render_jobs_sweep` (Celery beat) then puts it back in the queue, so correctness never
depends on the broker redelivering anything. Only the worker imports this module (WeasyPrint).
"""

import logging
import uuid
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from conferences.composition import conference_with_record
from reports.final import selectors, services
from reports.final.document import place_name, print_html
from reports.final.models import FinalReport, RenderJob, ReportVersion
from reports.final.printing import render_pdf

logger = logging.getLogger(__name__)

# Errors worth another try with backoff: the database or the storage was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


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


def _refusal(current, rendered):
    """Why a PDF rendered from `rendered` (the report as read before rendering) may not be stored
    as a version of the report, whose row is now `current`: the report was approved and locked, or
    the PDF carries the number of an approved version. Kept in Vietnamese, like every job error."""
    in_force = selectors.version_in_force(current)
    if selectors.is_locked(current, in_force):
        return (
            f"Báo cáo đã được phê duyệt (phiên bản {in_force.number}) và đã khóa trước khi bản PDF "
            "này được tạo xong; bản PDF không được lưu."
        )
    taken = selectors.approved_with_number(current, rendered.number, rendered.code)
    if taken is not None:
        return (
            f"Số {taken.reference} đã dùng cho phiên bản {taken.number} đã phê duyệt; bản PDF không được lưu."
        )
    return ""


def render_job_run(*, job_id):
    """Render a claimed job once. Returns its ReportVersion (a new one, or the newest one when the
    PDF is byte-identical to it), or None when there was nothing to do (job gone, already done, or
    claimed by another worker). Transient errors put the job back
    in the queue and are raised again for the task to retry with backoff."""
    attempt = _claim(job_id)
    if attempt is None:
        return None
    job = RenderJob.objects.select_related("final_report").get(pk=job_id)
    report = job.final_report
    try:
        conference = conference_with_record(report.conference_id, units=False)
        layout = services.layout_settings_get_or_create(unit=conference.host_unit)
        pdf = render_pdf(print_html(report, layout, conference), layout)
        name = default_storage.save(
            f"reports/final/{report.pk}/{uuid.uuid4().hex}.pdf", ContentFile(pdf.content)
        )
        with transaction.atomic():
            current = FinalReport.objects.select_for_update().get(pk=report.pk)
            refusal = _refusal(current, report)
            if refusal:
                _fail(job_id, attempt, refusal)
                default_storage.delete(name)  # no version refers to it
                return None
            latest = report.versions.order_by("-number").first()
            # Nothing changed since the newest version (same bytes, same revision of the report):
            # the job gets that version.
            reused = (
                latest is not None
                and latest.sha256 == pdf.sha256
                and latest.report_revision == report.revision
            )
            if reused:
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
                    doc_number=report.number,
                    doc_code=report.code,
                    place_name=place_name(report, layout) or "",
                    issued_on=report.date,
                    signer_title=report.signer_title,
                    signer_name=report.signer_name,
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
        services.render_jobs_send(resend)
    return resend
