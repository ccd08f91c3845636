"""Background work on drafts: thin wrappers around services. Registered under the names that beat
and queued messages use (from when the reports app kept its tasks in one module)."""

from celery import shared_task
from django.conf import settings

from reports.drafts import conversion, services


@shared_task(name="reports.tasks.send_round_reminders")
def send_round_reminders():
    """Beat: remind the units that have not yet commented when a round's deadline is near."""
    return services.round_send_due_reminders()


@shared_task(name="reports.tasks.sweep_orphan_draft_files")
def sweep_orphan_draft_files():
    """Beat: delete uploaded files that no draft version refers to."""
    return len(services.draft_orphan_files_sweep())


@shared_task(
    name=conversion.CONVERT_TASK,
    acks_late=True,
    # The conversion itself runs in a child process killed at DRAFT_CONVERSION_TIME_LIMIT; these
    # limits only guard the task's own reading and writing.
    soft_time_limit=settings.DRAFT_CONVERSION_TIME_LIMIT + 60,
    time_limit=settings.DRAFT_CONVERSION_TIME_LIMIT + 90,
)
def convert_draft_version(version_id):
    """An uploaded .docx into paragraphs (conversion.version_convert)."""
    return conversion.version_convert(version_id=version_id)


@shared_task(name="reports.tasks.sweep_draft_conversions")
def sweep_draft_conversions():
    """Beat: send again the conversions whose message was lost or whose worker died."""
    return conversion.conversions_sweep()
