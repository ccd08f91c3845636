"""`make run`: the development web server and a Celery worker (with beat) side by side; Ctrl-C
stops both within 10 seconds.

The worker runs in a session of its own, so that its whole process group (main process, pool,
beat) can be told apart from the terminal's. On Ctrl-C (or SIGTERM) the group gets SIGINT, as the
terminal would send it (a warm shutdown: running tasks may finish, beat saves its schedule); the
main process gets SIGQUIT after WARM seconds (a cold shutdown: running tasks are stopped, their
messages go back to the queue), and what is left of the group SIGKILL after WARM + COLD seconds.

A warm shutdown alone waits for running tasks without limit (an e-mail to a server that does not
answer, a long render) while the log's last line is "beat: Shutting down..."; and a signal to the
main process alone may leave beat or pool processes behind.
"""

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

WARM = 4.0
COLD = 3.0


def worker_command(schedule="var/celerybeat-schedule"):
    celery = Path(sys.executable).with_name("celery")
    return [
        celery,
        "-A",
        "frontwork",
        "worker",
        "--beat",
        "--loglevel=INFO",
        "--concurrency=2",
        f"--schedule={schedule}",
    ]


def start_worker(command=None, **popen_kwargs):
    return subprocess.Popen(command or worker_command(), start_new_session=True, **popen_kwargs)


def _exited(process, seconds):
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def stop_worker(worker, warm=WARM, cold=COLD):
    """Stop the worker started by `start_worker` and every process of its group; returns within
    about warm + cold seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGINT)  # as Ctrl-C would: the main process, its pool and beat
    if not _exited(worker, warm):
        worker.send_signal(signal.SIGQUIT)
        _exited(worker, cold)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(worker.pid, signal.SIGKILL)  # a stuck worker, or a pool or beat process left behind
    worker.wait()


class _Stop(Exception):
    pass


def _stop(signum, frame):
    raise _Stop


def main(addr):
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    worker = web = None
    try:
        worker = start_worker()
        web = subprocess.Popen([sys.executable, "manage.py", "runserver", addr])
        web.wait()
    except _Stop:
        pass
    finally:
        for name in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C changes nothing now
            signal.signal(name, lambda signum, frame: None)
        if web:
            web.send_signal(signal.SIGINT)  # Ctrl-C reached it already; SIGTERM may have come to us alone
        if worker:
            stop_worker(worker)
        if web and not _exited(web, 2):
            web.kill()
            web.wait()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000")
