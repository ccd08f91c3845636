"""A real gunicorn process on 127.0.0.1 against the bench database, and logged-in sessions for it
(used by the modules that measure over HTTP)."""

import http.client
import os
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

REQUEST_TIMEOUT = 60  # seconds, per request
BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_cookie(user):
    """A logged-in session for `user`, as Django's login() would store it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port, *, workers, threads, **extra_env):
    """gunicorn on 127.0.0.1:`port` against the bench database (`extra_env` on top of ours)."""
    from tests.conftest import _database_url

    env = {**os.environ, "DATABASE_URL": _database_url(), "ALLOWED_HOSTS": "127.0.0.1", **extra_env}
    log = open(settings.VAR_DIR / "bench-gunicorn.log", "ab")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "frontwork.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--worker-class=gthread",
            f"--timeout={REQUEST_TIMEOUT}",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()  # the server process keeps its own copy
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until it answers
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.2)
    process.terminate()
    raise RuntimeError("gunicorn did not answer within 60 s (see var/bench-gunicorn.log)")
