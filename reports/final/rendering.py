"""The worker's side of a PDF job of the final report.

The worker calls `render_job_run`, which claims the job with a conditional UPDATE (queued →
rendering, with a short lease renewed every few seconds while it renders), renders, stores the PDF
as an immutable ReportVersion and marks the job done — only if it still holds the claim. A job
whose worker died stops being renewed: within the lease, a redelivered message takes it over, or
`render_jobs_sweep` (Celery beat) puts it back in the queue, so correctness never depends on the
broker redelivering anything (frontwork/jobs.py, services.RENDER_JOBS). Only the worker imports
this module (WeasyPrint).
"""

import logging
import uuid

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from conferences.composition import conference_with_record
from reports.final import selectors, services
from reports.final.document import place_name, print_html
from reports.final.models import FinalReport, RenderJob, ReportVersion
from reports.final.printing import render_pdf

logger = logging.getLogger(__name__)

# Errors worth another try with backoff: the database or the storage was briefly unavailable.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

JOBS = services.RENDER_JOBS


class HeldElsewhere(Exception):
    """Another worker holds the job's lease: the message waits until it would run out."""

    def __init__(self, seconds):
        super().__init__(f"the job is leased for {seconds:.1f} s more")
        self.seconds = seconds


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
    in the queue and are raised again for the task to retry with backoff. A job another worker
    holds raises HeldElsewhere: if that worker died, its lease runs out unrenewed and the message,
    tried again then, takes the job over."""
    attempt = JOBS.claim(job_id)
    if attempt is None:
        left = JOBS.lease_left(job_id)
        if left is not None:
            raise HeldElsewhere(left)
        return None
    with JOBS.renewing(job_id, attempt):
        return _render(job_id, attempt)


def _render(job_id, attempt):
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
                JOBS.fail(job_id, attempt, refusal)
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
                    signer_title=report.signed_title,
                    signer_name=report.signer_name,
                )
            finished = JOBS.owned(job_id, attempt).update(
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
        JOBS.fail(job_id, attempt, "Quá thời gian cho phép để tạo bản PDF.")
        return None
    except MemoryError:
        JOBS.fail(job_id, attempt, "Không đủ bộ nhớ để tạo bản PDF.")
        return None
    except TRANSIENT_ERRORS as exc:
        JOBS.requeue(job_id, attempt, f"Lỗi tạm thời, sẽ thử lại: {exc}")
        raise
    except DatabaseError as exc:
        logger.exception("render job %s failed", job_id)
        JOBS.fail(job_id, attempt, f"Lỗi cơ sở dữ liệu: {exc}")
        return None
    except Exception as exc:
        logger.exception("render job %s failed", job_id)
        JOBS.fail(job_id, attempt, f"Lỗi khi tạo bản PDF: {type(exc).__name__}: {exc}")
        return None


def render_jobs_sweep():
    """Re-queue jobs whose worker died (lease expired) and re-send queued jobs whose message was
    lost; a job out of attempts fails with a reason. Returns the ids sent again."""
    return JOBS.sweep()
