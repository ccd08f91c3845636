"""Background work of the signing concern: thin wrappers around issuing.py (worker only)."""

from celery import shared_task
from django.conf import settings

from reports.signing import issuing, services


@shared_task(
    name=services.SIGN_TASK,
    autoretry_for=issuing.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=settings.REPORT_RENDER_MAX_ATTEMPTS,
    soft_time_limit=settings.REPORT_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_RENDER_TIME_LIMIT,
    acks_late=True,
)
def sign_report_version(job_id):
    issuing.signing_job_run(job_id=job_id)


@shared_task(name=services.SWEEP_TASK)
def sweep_signing_jobs():
    issuing.signing_jobs_sweep()
