"""`make run` (frontwork/devrun.py): Ctrl-C stops the worker and its beat within 10 seconds, even
while a task never ends, and leaves no process of the worker behind."""

import os
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from frontwork import devrun
from frontwork.notifications.models import Email
from frontwork.notifications.tasks import send_outbox_email
from tests.conftest import BASE_DIR, _database_url, wait_for


@pytest.fixture
def silent_mail_server():
    """An SMTP port that accepts connections and never answers: a task sending mail there hangs."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield f"smtp://127.0.0.1:{server.getsockname()[1]}"


@pytest.mark.worker
def test_the_worker_stops_within_10_s_of_ctrl_c_even_with_a_task_that_never_ends(
    transactional_db, tmp_path, silent_mail_server
):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": silent_mail_server,
    }
    with log.open("wb") as output:
        worker = devrun.start_worker(
            devrun.worker_command(schedule=str(tmp_path / "celerybeat-schedule")),
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: " ready." in log.read_text(errors="replace"), timeout=120)
        email = Email.objects.create(to=["a@example.org"], subject="s", body="b")
        send_outbox_email.apply_async(kwargs={"job_id": email.pk}, queue=queue)
        wait_for(lambda: "send_outbox_email" in log.read_text(errors="replace"), timeout=60)
        time.sleep(1)  # the task is in the SMTP greeting, waiting for ever
        started = time.monotonic()
        devrun.stop_worker(worker)
        elapsed = time.monotonic() - started
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, 9)
            worker.wait()
    assert elapsed < 10, log.read_text(errors="replace")[-3000:]
    assert "beat: Starting" in log.read_text(errors="replace")
    # Nothing of its group is left running: no pool process, no beat.
    wait_for(lambda: not _running_in_group(worker.pid), timeout=2, interval=0.05)


def _running_in_group(group):
    running = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == group and fields[0] != "Z":
            running.append(stat.parent.name)
    return running
