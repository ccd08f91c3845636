import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models import AutoField
from django.test import override_settings
from django.utils import translation

from frontwork.accounts.models import Unit, User
from reports.demo.services import DEMO_USERS
from tests.factories import UnitFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Django's default hasher (PBKDF2) takes about half a second a password on purpose, and most
    tests create several users: the whole suite hashes with MD5 instead. One test logs in with the
    default hasher (tests/test_security.py)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the interface's default language: a request made in English leaves
    English active in its thread (LocaleMiddleware does not switch back), and messages raised by
    services in a later test would then be English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


BASE_DIR = Path(settings.BASE_DIR)


# Rows of the demo data get ids from here on, so that the copy of the demo never takes the id of a
# row that a test made before asking for it.
DEMO_IDS_FROM = 1_000_000


def _start_ids_at(models, start):
    """The next id given to a new row of each model's table is above `start`."""
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            if connection.vendor == "sqlite":  # AUTOINCREMENT keeps the highest id in sqlite_sequence
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start])
            else:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                    [connection.ops.quote_name(table), model._meta.pk.column, start],
                )


@pytest.fixture(scope="session")
def demo_rows(django_db_setup, django_db_blocker):
    """The rows `load_demo` writes, as (model, [field values]): made once per test session (in a
    transaction rolled back at once) and copied into the database by each test that asks for `demo`."""
    tables = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and isinstance(m._meta.pk, AutoField)
    ]
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True), transaction.atomic():
        before = {m: set(m._base_manager.values_list("pk", flat=True)) for m in tables}
        _start_ids_at(tables, DEMO_IDS_FROM)
        call_command("load_demo", stdout=open(os.devnull, "w"))
        rows = [(m, list(m._base_manager.exclude(pk__in=before[m]).order_by("pk").values())) for m in tables]
        transaction.set_rollback(True)
    return [(m, values) for m, values in rows if values]


@pytest.fixture
def demo(db, settings, demo_rows):
    """The demo data: the 2016 conference, its organisation tree and one user per role, as
    `manage.py load_demo` writes it (tests/test_records.py runs the command itself)."""
    settings.DEMO_MODE = True
    with transaction.atomic():
        for model, values in demo_rows:
            model._base_manager.bulk_create(model(**v) for v in values)
    from conferences.models import Conference

    return Conference.objects.get(date="2016-12-27")


_CONVERTED_DOCX = {}


@pytest.fixture
def docx_converted_once(monkeypatch, settings):
    """mammoth reads every part of a .docx through minidom, about a second for python-docx's small
    default document. Tests about who may do what with an uploaded draft convert each file once
    per session instead (tests/test_drafts_uploads.py tests the reading itself). The app always
    converts with the same options, so the file's bytes are the key."""
    import mammoth

    convert = mammoth.convert_to_html

    def converted(fileobj, **options):
        data = fileobj.read()
        if data not in _CONVERTED_DOCX:
            _CONVERTED_DOCX[data] = convert(io.BytesIO(data), **options)
        return _CONVERTED_DOCX[data]

    monkeypatch.setattr(mammoth, "convert_to_html", converted)
    # converted here, not in the worker's child process (whose cache would be lost with it)
    from reports.drafts import conversion, text

    monkeypatch.setattr(
        conversion,
        "convert_isolated",
        lambda data, **limits: text.docx_to_blocks(data, max_unpacked=len(data) * 100),
    )


_RENDERED_PDFS = {}


@pytest.fixture
def pdf_rendered_once(monkeypatch):
    """WeasyPrint takes about a second and a half for the demo report, and the signing tests each
    approve (so render) the same report before signing it: each print document is rendered once
    per session there (the same HTML and layout always give the same bytes: tests/test_report_pdf.py
    checks it). PDF/A archives (with write options) are always rendered."""
    from reports.final import printing, rendering
    from reports.signing import archiving

    render = printing.render_pdf

    def rendered(html, layout, fetcher=None, **write_options):
        if fetcher is not None or write_options:
            return render(html, layout, fetcher, **write_options)
        key = (html, printing.layout_css(layout))
        if key not in _RENDERED_PDFS:
            _RENDERED_PDFS[key] = render(html, layout)
        return _RENDERED_PDFS[key]

    monkeypatch.setattr(rendering, "render_pdf", rendered)
    monkeypatch.setattr(archiving, "render_pdf", rendered)


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

    def __init__(self, queue, extra_env, extra_args=()):
        self.queue = queue
        self.extra_env = extra_env
        self.extra_args = list(extra_args)
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
                *self.extra_args,
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_ready(self, timeout=120):
        """Wait until the worker consumes from its queue."""
        path = BASE_DIR / "var" / f"worker-{self.queue}.log"
        wait_for(lambda: b" ready." in path.read_bytes(), timeout=timeout, interval=0.1)
        return self

    def stop(self):
        """Kill the worker and its pool processes at once. The test is over and its queue is
        private, so there is nothing to finish: a warm shutdown only waits for the consumer loop
        and the pool to notice (about 6 s). The whole process group goes, so no pool process is
        left to keep the test database open."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.log.close()


@pytest.fixture
def celery_worker_process(transactional_db, settings, tmp_path):
    """Start a real worker process; tasks sent by the test go to its private queue. Arguments
    are added to its command line (e.g. "--beat"), keywords to its environment."""
    from frontwork.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    old_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    workers = []

    def start(*extra_args, **extra_env):
        worker = WorkerProcess(queue, {"CELERY_TASK_DEFAULT_QUEUE": queue, **extra_env}, extra_args).start()
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
        # Inside sync_playwright() the test runs in a greenlet with its own context, so Django
        # opened a connection of its own there: close it here, where it is seen, or the test
        # database cannot be dropped at the end of the run (PostgreSQL waits 5 s, then refuses).
        connections.close_all()
        context.close()
        browser.close()


def htmx_settled(page):
    """Wait until htmx has no request, swap or settle under way on `page`: typing into content
    that is still being swapped in can be lost on a loaded machine."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def login(page, username, password):
    page.goto(page.base + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
