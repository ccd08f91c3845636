from django.db import transaction

from frontwork.accounts.tasks import send_email


def email_enqueue(*, to, subject, body):
    """Send an e-mail from the worker once the current transaction has committed."""
    recipients = [address for address in to if address]
    if recipients:
        transaction.on_commit(lambda: send_email.delay(to=recipients, subject=subject, body=body))
