from celery import shared_task

from frontwork.accounts import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(*, to, subject, body):
    services.email_send(to=to, subject=subject, body=body)
