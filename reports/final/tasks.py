"""Background work on the final report: thin wrappers around the worker's side of a PDF job
(rendering.py). Registered under the names that beat, queued messages and the web side
(services.RENDER_TASK) use, from when the reports app kept its tasks in one module."""

import resource

from celery import shared_task
from celery.signals import worker_process_init
from django.conf import settings

from reports.final import rendering, services


@worker_process_init.connect
def limit_render_memory(**kwargs):
    """Cap the address space of each worker child, so a runaway render fails with MemoryError
    instead of taking the machine down (the parent replaces the child afterwards)."""
    limit_mb = settings.REPORT_RENDER_MEMORY_LIMIT_MB
    if limit_mb > 0:
        limit = limit_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@shared_task(
    name=services.RENDER_TASK,
    autoretry_for=rendering.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=settings.REPORT_RENDER_MAX_ATTEMPTS,
    soft_time_limit=settings.REPORT_RENDER_SOFT_TIME_LIMIT,
    time_limit=settings.REPORT_RENDER_TIME_LIMIT,
    acks_late=True,
    bind=True,
)
def render_final_report(self, job_id):
    try:
        rendering.render_job_run(job_id=job_id)
    except rendering.HeldElsewhere as held:
        # Another worker holds the job (or held it and died: the message came back when its
        # process was killed). Try again when its lease would run out; if it was not renewed by
        # then, this message takes the job over. Waiting never counts against the retries of
        # transient errors; it ends, since a live holder's lease ends with its time limit.
        if self.request.is_eager:
            return  # run in place (tests): nobody else to wait for
        raise self.retry(countdown=held.seconds + 0.5, max_retries=self.request.retries + 1) from None


@shared_task(name="reports.tasks.sweep_render_jobs")
def sweep_render_jobs():
    rendering.render_jobs_sweep()


@shared_task(name="reports.tasks.sweep_orphan_report_files")
def sweep_orphan_report_files():
    """Beat: delete stored PDFs that no version of a final report refers to."""
    return len(services.report_orphan_files_sweep())
