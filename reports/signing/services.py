"""Writes of the signing concern (web side): a signing job per approved version, sent to the
worker by task name once the approval has committed (web processes never import the signer),
and the retry leadership asks for after fixing a failure's cause."""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from frontwork.accounts.permissions import require
from frontwork.celery import app as celery_app
from frontwork.jobs import BROKER_ERRORS
from reports.signing.models import SigningJob

logger = logging.getLogger(__name__)

SIGN_TASK = "reports.tasks.sign_report_version"
SWEEP_TASK = "reports.tasks.sweep_signing_jobs"


def signing_jobs_send(job_ids):
    """Send the jobs to the worker once the current transaction commits."""

    def send():
        for job_id in job_ids:
            try:
                celery_app.signature(SIGN_TASK, kwargs={"job_id": job_id}).apply_async(
                    soft_time_limit=settings.REPORT_RENDER_SOFT_TIME_LIMIT,
                    time_limit=settings.REPORT_RENDER_TIME_LIMIT,
                )
            except BROKER_ERRORS as exc:
                # Saved as queued: the sweep sends it again once the broker is back.
                logger.warning("signing job %s not sent, broker unavailable: %s", job_id, exc)

    transaction.on_commit(send)


@transaction.atomic
def signing_schedule(*, version):
    """The signing job of an approved version (one per version), sent to the worker when new."""
    if not version.is_approved:
        raise ValueError("Only an approved version is signed.")
    job, created = SigningJob.objects.get_or_create(version=version, defaults={"enqueued_at": timezone.now()})
    if created:
        signing_jobs_send([job.pk])
    return job


def on_version_approved(sender, version, **kwargs):
    """Receiver of reports.final.signals.version_approved (sent after the approval commits): a
    failure here never undoes the approval; the sweep schedules whatever was missed."""
    try:
        signing_schedule(version=version)
    except Exception:
        logger.exception("signing of version %s not scheduled; the sweep will", version.pk)


@transaction.atomic
def signing_retry(*, job, user):
    """Try a failed signing job again (after its cause is fixed): leadership only."""
    require(user, "report.approve", job.version.final_report.conference)
    retried = SigningJob.objects.filter(pk=job.pk, status=SigningJob.Status.FAILED).update(
        status=SigningJob.Status.QUEUED,
        attempts=0,
        error="",
        enqueued_at=timezone.now(),
        finished_at=None,
        lease_expires_at=None,
    )
    if retried:
        signing_jobs_send([job.pk])
    job.refresh_from_db()
    return bool(retried)
