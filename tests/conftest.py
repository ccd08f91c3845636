import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from frontwork.accounts.models import Unit, User
from reports.demo.services import DEMO_USERS
from tests.factories import UnitFactory, UserFactory


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the interface's default language: a request made in English leaves
    English active in its thread (LocaleMiddleware does not switch back), and messages raised by
    services in a later test would then be English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


BASE_DIR = Path(settings.BASE_DIR)


@pytest.fixture
def demo(db, settings):
    """The demo data: the 2016 conference, its organisation tree and one user per role."""
    settings.DEMO_MODE = True
    call_command("load_demo", stdout=open(os.devnull, "w"))
    from conferences.models import Conference

    return Conference.objects.get(date="2016-12-27")


@pytest.fixture
def demo_users(demo):
    return {role: User.objects.get(username=username) for username, _, role, *_ in DEMO_USERS}


@pytest.fixture
def province(db):
    """A small tree: province committee → standing board, a department, two districts → a commune."""
    committee = UnitFactory(
        code="tinh", name="Ủy ban MTTQ Việt Nam tỉnh", kind=Unit.Kind.PROVINCIAL_COMMITTEE
    )
    units = {
        "committee": committee,
        "board": UnitFactory(
            code="btt", name="Ban Thường trực", kind=Unit.Kind.STANDING_BOARD, parent=committee
        ),
        "office": UnitFactory(code="vp", name="Văn phòng", kind=Unit.Kind.DEPARTMENT, parent=committee),
        "district_a": UnitFactory(code="huyen-a", name="Mặt trận huyện A", parent=committee),
        "district_b": UnitFactory(code="huyen-b", name="Mặt trận huyện B", parent=committee),
    }
    units["commune_a"] = UnitFactory(
        code="xa-a", name="Mặt trận xã A", kind=Unit.Kind.COMMUNE_COMMITTEE, parent=units["district_a"]
    )
    return units


@pytest.fixture
def users(province):
    return {
        "staff": UserFactory(username="staff", role=User.Role.STAFF, unit=province["office"]),
        "office": UserFactory(username="office", role=User.Role.OFFICE, unit=province["district_a"]),
        "other_office": UserFactory(username="other", role=User.Role.OFFICE, unit=province["district_b"]),
        "leader": UserFactory(username="leader", role=User.Role.LEADER, unit=province["board"]),
        "admin": UserFactory(username="admin", role=User.Role.ADMIN, unit=province["office"]),
    }


def _database_url():
    """The URL of the test database, for processes started by a test."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    """A real `celery worker` process on its own queue, against the configured broker and the
    test database."""

    def __init__(self, queue, extra_env):
        self.queue = queue
        self.extra_env = extra_env
        self.process = None

    def start(self):
        env = {**os.environ, "DATABASE_URL": _database_url(), **self.extra_env}
        self.log = open(BASE_DIR / "var" / f"worker-{self.queue}.log", "ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "frontwork",
                "worker",
                "-Q",
                self.queue,
                "--concurrency=1",
                "--pool=prefork",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{self.queue}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        try:  # pool processes left behind would keep the test database open
            os.killpg(self.process.pid, 9)
        except ProcessLookupError:
            pass
        self.log.close()


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path):
    """Start a real worker process; tasks sent by the test go to its private queue."""
    from frontwork.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    old_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    workers = []

    def start(**extra_env):
        worker = WorkerProcess(queue, {"CELERY_TASK_DEFAULT_QUEUE": queue, **extra_env}).start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()
    app.conf.task_default_queue = old_queue


def wait_for(predicate, timeout=60, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


MAIL_SEPARATOR = b"-" * 79 + b"\n"


def delivered_mail(outbox):
    """The messages Django's file e-mail backend has finished writing into outbox.

    The backend creates its file before it writes the message, so a file may
    exist and still be empty or half-written: a message counts once its closing
    separator is there (decoded only then: a half-written file may end mid-character).
    """
    files = (path.read_bytes() for path in sorted(outbox.iterdir()))
    return [message.decode("utf-8") for data in files for message in data.split(MAIL_SEPARATOR)[:-1]]


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser_page(live_server, monkeypatch):
    """A Playwright page in Debian's Chromium, with `page.base` set to the live server."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # around it are synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30000)  # generous: CI machines can be slow
        page.base = live_server.url
        yield page
        context.close()
        browser.close()


def login(page, username, password):
    page.goto(page.base + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
