# --- drafts ---
from celery import shared_task

from reports import services


@shared_task
def send_round_reminders():
    """Beat: remind the units that have not yet commented when a round's deadline is near."""
    return services.round_send_due_reminders()


# --- end of drafts ---
