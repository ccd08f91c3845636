"""Background work on drafts: thin wrappers around services. Registered under the names that beat
and queued messages use (from when the reports app kept its tasks in one module)."""

from celery import shared_task

from reports.drafts import services


@shared_task(name="reports.tasks.send_round_reminders")
def send_round_reminders():
    """Beat: remind the units that have not yet commented when a round's deadline is near."""
    return services.round_send_due_reminders()


@shared_task(name="reports.tasks.sweep_orphan_draft_files")
def sweep_orphan_draft_files():
    """Beat: delete uploaded files that no draft version refers to."""
    return len(services.draft_orphan_files_sweep())
