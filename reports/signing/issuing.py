"""The worker's side of signing: from exactly the approved version's stored bytes, the signed
original (pdfsign.py), stored as an IssuedFile with its own hash; the unsigned version is not
touched. Claimed like a PDF job (queued → signing with a lease, a conditional UPDATE), so a
duplicated message or a worker killed mid-signing still ends with exactly one signed file. Only
the worker imports this module."""

import hashlib
import logging
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from reports.final.models import ReportVersion
from reports.final.selectors import layout_settings_for
from reports.signing import archiving, keys, pdfsign, services
from reports.signing.models import IssuedFile, SigningIdentity, SigningJob
from reports.signing.storage import issued_file_store

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


def _claim(job_id):
    now = timezone.now()
    claimed = SigningJob.objects.filter(
        pk=job_id, status=SigningJob.Status.QUEUED, attempts__lt=settings.REPORT_RENDER_MAX_ATTEMPTS
    ).update(
        status=SigningJob.Status.SIGNING,
        attempts=F("attempts") + 1,
        lease_expires_at=now + timedelta(seconds=settings.SIGNING_LEASE_SECONDS),
    )
    if not claimed:
        exhausted = SigningJob.objects.filter(
            pk=job_id, status=SigningJob.Status.QUEUED, attempts__gte=settings.REPORT_RENDER_MAX_ATTEMPTS
        )
        exhausted.filter(error="").update(error="Đã hết số lần thử mà chưa ký số được.")
        exhausted.update(status=SigningJob.Status.FAILED, finished_at=now, lease_expires_at=None)
        return None
    return SigningJob.objects.values_list("attempts", flat=True).get(pk=job_id)


def _owned(job_id, attempt):
    return SigningJob.objects.filter(pk=job_id, status=SigningJob.Status.SIGNING, attempts=attempt)


def _fail(job_id, attempt, reason):
    _owned(job_id, attempt).update(
        status=SigningJob.Status.FAILED,
        error=reason[:2000],
        finished_at=timezone.now(),
        lease_expires_at=None,
    )


def approved_bytes(version):
    """The stored bytes of the approved version, checked against its SHA-256."""
    with default_storage.open(version.file.name, "rb") as f:
        content = f.read()
    if hashlib.sha256(content).hexdigest() != version.sha256:
        raise keys.KeyProblem("Tệp của phiên bản đã phê duyệt không khớp mã SHA-256 đã lưu; không ký.")
    return content


def sign_version(version):
    """The signed original of an approved version (made once; an existing one is returned)."""
    existing = IssuedFile.objects.filter(version=version, kind=IssuedFile.Kind.SIGNED).first()
    if existing:
        return existing
    unit = version.final_report.conference.host_unit
    identity = SigningIdentity.objects.filter(unit=unit).first()
    seal = keys.image(identity.seal_image, what="ảnh con dấu") if identity else None
    signature = (
        keys.image(identity.signature_image, what="ảnh chữ ký")
        if identity and identity.signature_image
        else None
    )
    signer, organisation = keys.identity_credentials(identity)
    try:
        content, signed_at = pdfsign.sign_report(
            approved_bytes(version),
            signer=signer,
            organisation=organisation,
            organisation_name=identity.organisation_name,
            signature_image=signature,
            seal_image=seal,
            seal_diameter_mm=identity.seal_diameter_mm,
            margin_right_mm=layout_settings_for(unit).margin_right_mm,
            tsa_url=identity.tsa_url,
        )
    finally:
        signer.close()
        organisation.close()
    return issued_file_store(
        version=version,
        kind=IssuedFile.Kind.SIGNED,
        content=content,
        signed_at=signed_at,
        signer_subject=signer.subject[:500],
        organisation_subject=organisation.subject[:500],
    )


# The files a signing job makes, in order: the signed original first (the most valuable), then
# the archival copy.
STEPS = [sign_version, archiving.archive_version]


def signing_job_run(*, job_id):
    """Run a claimed signing job once; returns the job or None when there was nothing to do."""
    attempt = _claim(job_id)
    if attempt is None:
        return None
    version = ReportVersion.objects.select_related("final_report__conference__host_unit").get(
        signing_job__pk=job_id
    )
    try:
        for step in STEPS:
            step(version)
        _owned(job_id, attempt).update(
            status=SigningJob.Status.DONE, finished_at=timezone.now(), lease_expires_at=None, error=""
        )
    except keys.KeyProblem as exc:
        _fail(job_id, attempt, str(exc))
    except SoftTimeLimitExceeded:
        _fail(job_id, attempt, "Quá thời gian cho phép để ký số.")
    except TRANSIENT_ERRORS as exc:
        _owned(job_id, attempt).update(
            status=SigningJob.Status.QUEUED,
            lease_expires_at=None,
            enqueued_at=timezone.now(),
            error=f"Lỗi tạm thời, sẽ thử lại: {exc}"[:2000],
        )
        raise
    except Exception as exc:
        logger.exception("signing job %s failed", job_id)
        _fail(job_id, attempt, f"Lỗi khi ký số: {type(exc).__name__}: {exc}")
    return SigningJob.objects.get(pk=job_id)


def signing_jobs_sweep():
    """Re-queue jobs whose worker died (lease expired), re-send queued jobs whose message was lost,
    and schedule approved versions that have no job (their signal was missed). Returns the ids sent."""
    now = timezone.now()
    lease = timedelta(seconds=settings.SIGNING_LEASE_SECONDS)
    resend = []
    with transaction.atomic():
        for job in SigningJob.objects.filter(status=SigningJob.Status.SIGNING, lease_expires_at__lt=now).only(
            "pk", "attempts"
        ):
            owned = _owned(job.pk, job.attempts).filter(lease_expires_at__lt=now)
            if job.attempts >= settings.REPORT_RENDER_MAX_ATTEMPTS:
                owned.update(
                    status=SigningJob.Status.FAILED,
                    finished_at=now,
                    lease_expires_at=None,
                    error="Tiến trình ký số bị dừng nhiều lần; đã hết số lần thử.",
                )
            elif owned.update(
                status=SigningJob.Status.QUEUED,
                lease_expires_at=None,
                enqueued_at=now,
                error="Tiến trình ký số bị dừng giữa chừng; đã xếp lại vào hàng đợi.",
            ):
                resend.append(job.pk)
        stale = SigningJob.objects.filter(status=SigningJob.Status.QUEUED, enqueued_at__lt=now - lease)
        stale_ids = list(stale.values_list("pk", flat=True))
        SigningJob.objects.filter(pk__in=stale_ids).update(enqueued_at=now)
        resend += stale_ids
        in_force = ReportVersion.objects.filter(approved_at__isnull=False, replaced_at__isnull=True)
        for version in in_force.filter(signing_job__isnull=True):
            job, created = SigningJob.objects.get_or_create(version=version, defaults={"enqueued_at": now})
            if created:
                resend.append(job.pk)
        services.signing_jobs_send(resend)
    return resend
