from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def email_send(*, to, subject, body):
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(to), fail_silently=False)


def email_enqueue(*, to, subject, body):
    """Send an e-mail from the worker once the current transaction has committed."""
    from frontwork.accounts.tasks import send_email

    recipients = [address for address in to if address]
    if recipients:
        transaction.on_commit(lambda: send_email.delay(to=recipients, subject=subject, body=body))
