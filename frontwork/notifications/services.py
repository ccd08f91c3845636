"""Notification e-mails through the outbox.

`email_enqueue` writes the message as a row in the caller's transaction and sends its task once
that commits; the worker sends it with `email_send` (claimed with a conditional UPDATE, so a
duplicated message sends once) and marks it sent. A broker that is away never fails the caller:
the row waits, and `emails_sweep` (Celery beat) sends again what never reached the worker.
EMAILS is how frontwork/jobs.py handles these rows, as it does the PDF jobs.

A message can go out twice only if its worker dies after the mail server took it and before the
row is marked sent (the sweep then sends it again): at least once, never lost.
"""

import logging
import smtplib

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from frontwork.jobs import JobKind
from frontwork.notifications.models import Email

logger = logging.getLogger(__name__)

SEND_TASK = "frontwork.notifications.tasks.send_outbox_email"

EMAILS = JobKind(
    Email,
    task=SEND_TASK,
    waiting=Email.Status.QUEUED,
    running=Email.Status.SENDING,
    failed=Email.Status.FAILED,
    lease_setting="NOTIFICATION_LEASE_SECONDS",
    attempts_setting="NOTIFICATION_MAX_ATTEMPTS",
    resend_setting="NOTIFICATION_RESEND_SECONDS",
    reasons={
        "out_of_attempts": "Đã hết số lần thử mà chưa gửi được thư.",
        "requeued": "Tiến trình gửi thư bị dừng giữa chừng; đã xếp lại vào hàng đợi.",
        "died_too_often": "Tiến trình gửi thư bị dừng nhiều lần; đã hết số lần thử.",
    },
)

# Worth another try later: the mail server was unreachable or answered with a temporary error
# (smtplib's errors are OSErrors). A server that refuses every recipient will not change its mind.
TRANSIENT_ERRORS = (OSError,)
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused,)


def email_enqueue(*, to, subject, body):
    """Queue an e-mail in the current transaction; the worker sends it once the transaction has
    committed. Returns the row, or None when there is nobody to send it to. The subject is one
    line (a line break would make it an invalid header, and the message would never go out)."""
    recipients = list(dict.fromkeys(address.strip() for address in to if address and address.strip()))
    if not recipients:
        return None
    with transaction.atomic():
        email = Email.objects.create(
            to=recipients, subject=" ".join(subject.split()), body=body, enqueued_at=timezone.now()
        )
        EMAILS.send([email.pk])
    return email


def email_send(*, email_id):
    """Send a queued e-mail once. Returns True if this call sent it. Transient errors put it back
    in the queue and are raised again for the task to retry with backoff."""
    attempt = EMAILS.claim(email_id)
    if attempt is None:
        return False
    email = Email.objects.get(pk=email_id)
    try:
        with EMAILS.renewing(email_id, attempt):
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.to, fail_silently=False)
    except PERMANENT_ERRORS as exc:
        EMAILS.fail(email_id, attempt, f"Máy chủ thư từ chối người nhận: {exc}")
        return False
    except TRANSIENT_ERRORS as exc:
        EMAILS.requeue(email_id, attempt, f"Lỗi tạm thời, sẽ thử lại: {exc}")
        raise
    except SoftTimeLimitExceeded:
        # The mail server is too slow now: the sweep sends it again later.
        EMAILS.requeue(email_id, attempt, "Máy chủ thư trả lời quá chậm; sẽ thử lại.")
        return False
    except Exception as exc:
        logger.exception("e-mail %s not sent", email_id)
        EMAILS.fail(email_id, attempt, f"Không gửi được thư: {type(exc).__name__}: {exc}")
        return False
    EMAILS.owned(email_id, attempt).update(
        status=Email.Status.SENT, finished_at=timezone.now(), lease_expires_at=None, error=""
    )
    return True


def emails_sweep():
    """Send again the e-mails whose message never reached the worker, and take back those whose
    worker died while sending. Returns the ids sent again."""
    return EMAILS.sweep()
