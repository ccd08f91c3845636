"""Recovery of a PDF job after kill -9: of the process rendering it (the worker puts the message
back; it waits for the job's lease, no longer renewed, and takes the job over), and of the whole
worker (restarted at once, as a supervisor would; beat's sweep puts the job back). Time from the
kill to the job done, with the default lease and sweep period."""

import os
import signal
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

TARGET_SECONDS = 60
RECOMMENDATIONS = 1500


def _conference():
    from recommendations.models import Recommendation
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(subject="công tác Mặt trận năm 2017 (phục hồi)")
    Recommendation.objects.bulk_create(
        Recommendation(
            conference=conference,
            position=i,
            text=f"Kiến nghị số {i + 1}: quan tâm phương tiện, cơ sở vật chất cho hoạt động của Mặt trận "
            "và các đoàn thể ở khu dân cư.",
        )
        for i in range(RECOMMENDATIONS)
    )
    return conference


def _worker(queue, schedule):
    """A worker with beat when `schedule` is given (beat is then a second child process)."""
    from tests.conftest import WorkerProcess

    env = {"CELERY_TASK_DEFAULT_QUEUE": queue, "MEDIA_ROOT": settings.MEDIA_ROOT}
    return WorkerProcess(queue, env, ["--beat", "--schedule", schedule] if schedule else []).start()


def _wait(job, status, deadline):
    limit = time.monotonic() + deadline
    while True:
        job.refresh_from_db()
        if job.status == status or (status == "done" and job.status == "failed"):
            return
        if time.monotonic() > limit:
            raise RuntimeError(f"job {job.pk} still {job.status} after {deadline} s")
        time.sleep(0.05)


def _kill_and_time(report, *, whole_worker):
    from frontwork.celery import app
    from reports.final import services

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    # Without beat when the child is killed: its only child is then the one rendering, and the
    # message alone recovers the job.
    schedule = str(Path(tempfile.mkdtemp()) / "celerybeat-schedule") if whole_worker else None
    workers = [_worker(queue, schedule)]
    try:
        job = services.final_report_request(report=report)
        _wait(job, "rendering", 120)
        time.sleep(1)  # well into the render
        pid = workers[0].process.pid
        if whole_worker:
            os.killpg(pid, signal.SIGKILL)
        else:
            [child] = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            os.kill(int(child), signal.SIGKILL)
        killed_at = timezone.now()
        if whole_worker:
            workers[0].process.wait()
            workers.append(_worker(queue, schedule))
        _wait(job, "done", 300)
        if job.status != "done":
            raise RuntimeError(job.error)
        return (job.finished_at - killed_at).total_seconds(), job.attempts
    finally:
        for worker in workers:
            worker.stop()


def run(report):
    from reports.final import services

    settings.MEDIA_ROOT = str(settings.VAR_DIR / "bench-media")
    final = services.final_report_get_or_create(conference=_conference())
    report(
        f"lease {settings.REPORT_RENDER_LEASE_SECONDS} s (renewed every "
        f"{settings.REPORT_RENDER_LEASE_SECONDS / 6:.0f} s), sweep every {settings.REPORT_RENDER_SWEEP_SECONDS} s; "
        f"a report of {RECOMMENDATIONS} recommendations"
    )
    for label, whole in (
        ("the rendering child (no beat)", False),
        ("the whole worker (restarted at once, with beat)", True),
    ):
        seconds, attempts = _kill_and_time(final, whole_worker=whole)
        verdict = "OK" if seconds <= TARGET_SECONDS else "MISSED"
        report(
            f"kill -9 of {label}: job done {seconds:5.1f} s after the kill, attempt {attempts} "
            f"(target ≤ {TARGET_SECONDS} s) {verdict}"
        )
