"""Background work on notification e-mails: thin wrappers around services."""

from celery import shared_task
from django.conf import settings

from frontwork.notifications import services


@shared_task(
    name=services.SEND_TASK,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=settings.NOTIFICATION_MAX_ATTEMPTS,
    soft_time_limit=settings.NOTIFICATION_SEND_TIME_LIMIT,
    time_limit=settings.NOTIFICATION_SEND_TIME_LIMIT + 30,
    acks_late=True,
)
def send_outbox_email(job_id):
    services.email_send(email_id=job_id)


@shared_task(name="frontwork.notifications.tasks.sweep_emails")
def sweep_emails():
    services.emails_sweep()


@shared_task(name="frontwork.accounts.tasks.send_email")
def send_email(*, to, subject, body):
    """The name e-mails were sent under before the outbox: a message still queued under it when
    this version starts goes into the outbox."""
    services.email_enqueue(to=to, subject=subject, body=body)
