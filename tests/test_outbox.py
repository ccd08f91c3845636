"""The e-mail outbox (frontwork/notifications): a row per message in the transaction of the change,
sent once by the worker, sent again by the sweep when the broker lost or never got the message."""

import datetime
import email
import os
import shutil
import signal
import socket
import subprocess
import time
from email import policy

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from kombu import pools
from kombu.exceptions import OperationalError

from frontwork import jobs
from frontwork.notifications import services, tasks
from frontwork.notifications.models import Email
from reports.models import Comment
from tests.conftest import delivered_mail, wait_for
from tests.drafts_support import eager_celery, make_draft  # noqa: F401


@pytest.fixture(autouse=True)
def _broker_not_paused():
    """A test that made the broker fail leaves no pause behind for the next one."""
    jobs._broker_paused_until = 0.0
    yield
    jobs._broker_paused_until = 0.0


def test_an_email_is_a_row_written_with_the_change_and_sent_once(
    db,
    eager_celery,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        row = services.email_enqueue(
            to=["a@example.org", "", "a@example.org"], subject="Thư", body="Nội dung"
        )
    row.refresh_from_db()
    assert row.status == Email.Status.SENT and row.attempts == 1 and row.finished_at is not None
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    # A duplicated message sends nothing more.
    assert services.email_send(email_id=row.pk) is False
    tasks.send_outbox_email(job_id=row.pk)
    assert len(mail.outbox) == 1


def test_nothing_is_queued_without_recipients(db):
    assert services.email_enqueue(to=["", None], subject="Thư", body="Nội dung") is None
    assert not Email.objects.exists()


def test_a_rolled_back_change_sends_no_email(db):
    from django.db import transaction

    with transaction.atomic():
        services.email_enqueue(to=["a@example.org"], subject="Thư", body="Nội dung")
        transaction.set_rollback(True)
    assert not Email.objects.exists()


def test_a_subject_with_a_line_break_is_sent_on_one_line(
    db,
    eager_celery,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    """A line break in a header is refused by Django's mail: the message would fail for ever."""
    with django_capture_on_commit_callbacks(execute=True):
        row = services.email_enqueue(
            to=["a@example.org"], subject="Đề nghị góp ý: Dự thảo\r\nBcc: x@y", body="b"
        )
    row.refresh_from_db()
    assert row.status == Email.Status.SENT
    assert mail.outbox[0].subject == "Đề nghị góp ý: Dự thảo Bcc: x@y" and mail.outbox[0].bcc == []


def _broker_away(monkeypatch):
    class Away:
        def apply_async(self, **options):
            raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    calls = []

    def signature(name, **kwargs):
        calls.append(name)
        return Away()

    monkeypatch.setattr(jobs.celery_app, "signature", signature)
    return calls


def test_a_broker_away_leaves_the_email_unsent_and_the_change_saved(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    calls = _broker_away(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.email_enqueue(to=["a@example.org"], subject="Một", body="b")
        second = services.email_enqueue(to=["b@example.org"], subject="Hai", body="b")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Email.Status.QUEUED
    assert first.enqueued_at is None and second.enqueued_at is None
    # After one failure the process leaves the broker alone for a moment: one try, not two.
    assert calls == [services.SEND_TASK]


def test_the_sweep_sends_again_what_never_reached_the_broker_or_was_lost(db, settings, monkeypatch):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    now = timezone.now()
    unsent = Email.objects.create(to=["a@example.org"], subject="s", body="b", enqueued_at=None)
    lost = Email.objects.create(
        to=["a@example.org"], subject="s", body="b", enqueued_at=now - datetime.timedelta(hours=1)
    )
    recent = Email.objects.create(to=["a@example.org"], subject="s", body="b", enqueued_at=now)
    dead = Email.objects.create(
        to=["a@example.org"],
        subject="s",
        body="b",
        status="sending",
        attempts=1,
        lease_expires_at=now - datetime.timedelta(seconds=1),
        enqueued_at=now,
    )
    alive = Email.objects.create(
        to=["a@example.org"],
        subject="s",
        body="b",
        status="sending",
        attempts=1,
        lease_expires_at=now + datetime.timedelta(seconds=20),
        enqueued_at=now,
    )
    exhausted = Email.objects.create(
        to=["a@example.org"],
        subject="s",
        body="b",
        status="sending",
        attempts=3,
        lease_expires_at=now - datetime.timedelta(seconds=1),
        enqueued_at=now,
    )
    sent = Email.objects.create(to=["a@example.org"], subject="s", body="b", status="sent", enqueued_at=None)
    assert sorted(services.emails_sweep()) == sorted([unsent.pk, lost.pk, dead.pk])
    for row in (unsent, lost, recent, dead, alive, exhausted, sent):
        row.refresh_from_db()
    assert unsent.enqueued_at is not None and lost.enqueued_at > now - datetime.timedelta(minutes=1)
    assert dead.status == "queued" and "xếp lại" in dead.error
    assert alive.status == "sending" and recent.status == "queued" and sent.status == "sent"
    assert exhausted.status == "failed" and "hết số lần thử" in exhausted.error
    assert services.emails_sweep() == []


def test_the_sweep_runs_periodically_in_celery_beat(settings):
    from frontwork.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["notifications-sweep-emails"]
    assert entry["task"] == "frontwork.notifications.tasks.sweep_emails" and entry["schedule"] <= 60
    assert entry["task"] in app.tasks and services.SEND_TASK in app.tasks


def test_a_mail_server_away_puts_the_email_back_in_the_queue(db, monkeypatch):
    row = Email.objects.create(to=["a@example.org"], subject="s", body="b", enqueued_at=timezone.now())

    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(services, "send_mail", refused)
    with pytest.raises(ConnectionRefusedError):
        services.email_send(email_id=row.pk)
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1 and "thử lại" in row.error
    monkeypatch.undo()
    assert services.email_send(email_id=row.pk) is True
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2 and row.error == ""


def test_a_message_the_mail_server_refuses_fails_with_the_reason(db, monkeypatch):
    import smtplib

    row = Email.objects.create(to=["a@example.org"], subject="s", body="b", enqueued_at=timezone.now())

    def refused(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")})

    monkeypatch.setattr(services, "send_mail", refused)
    assert services.email_send(email_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == "failed" and "từ chối" in row.error


# --- A real worker, a real broker stopped and started again -----------------------------------


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StoppableBroker:
    """A private broker of the configured kind, for this test and its worker only, that can be
    stopped and started again: a redis-server on a free port (when the suite runs on Redis), or
    the embedded broker's folder, which is away while stopped (on the embedded defaults)."""

    def __init__(self, tmp_path):
        self.redis = django_settings.CELERY_BROKER_URL.startswith("redis")
        self.var = tmp_path / "var"
        self.process = None
        if self.redis:
            self.executable = shutil.which("redis-server")
            assert self.executable, "the suite runs on Redis: redis-server must be installed"
            self.port = _free_port()
            self.url = f"redis://127.0.0.1:{self.port}/0"
            self.worker_env = {"CELERY_BROKER_URL": self.url}
        else:
            self.folders = {name: self.var / "broker" / name for name in ("queue", "processed", "control")}
            for folder in self.folders.values():
                folder.mkdir(parents=True)
            self.url = "filesystem://"
            self.worker_env = {"FRONTWORK_VAR_DIR": str(self.var)}

    def start(self):
        if self.redis:
            self.process = subprocess.Popen(
                [
                    self.executable,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.var.parent),
                ],
                stdout=subprocess.DEVNULL,
                start_new_session=True,
            )
            wait_for(self._answers, timeout=20, interval=0.1)
        else:
            away = self.folders["queue"].with_name("queue-away")
            if away.exists():
                away.rename(self.folders["queue"])

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self):
        if self.redis:
            if self.process is not None:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                self.process = None
        else:
            self.folders["queue"].rename(self.folders["queue"].with_name("queue-away"))

    def transport_options(self):
        if self.redis:
            return dict(django_settings.CELERY_BROKER_TRANSPORT_OPTIONS)
        return {
            **django_settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(self.folders["queue"]),
            "data_folder_out": str(self.folders["queue"]),
            "processed_folder": str(self.folders["processed"]),
            "control_folder": str(self.folders["control"]),
        }


def _use_broker(app, url, options):
    """Point this process's Celery app at another broker (its connection pools start again).
    Celery prefers the CELERY_BROKER_URL of the environment to its configuration."""
    os.environ["CELERY_BROKER_URL"] = url
    # The app's pool is kombu's shared one for the broker's address: closing it alone would leave
    # the closed pool in kombu's registry for the next test that sends to the same broker.
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.broker_url = url
    app.conf.broker_transport_options = options


@pytest.fixture
def stoppable_broker(tmp_path):
    from frontwork.celery import app

    old = (app.conf.broker_url, app.conf.broker_transport_options)
    old_environ = os.environ.get("CELERY_BROKER_URL")
    broker = StoppableBroker(tmp_path)
    broker.start()
    _use_broker(app, broker.url, broker.transport_options())
    yield broker
    _use_broker(app, *old)
    if old_environ is None:
        del os.environ["CELERY_BROKER_URL"]
    if broker.redis:
        broker.stop()


@pytest.mark.worker
def test_during_a_broker_outage_the_actions_answer_and_every_email_goes_out_once_after(
    stoppable_broker, celery_worker_process, client, users, province, tmp_path
):
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    worker = celery_worker_process(
        "--beat",
        "--schedule",
        str(tmp_path / "celerybeat-schedule"),
        EMAIL_URL=f"filemail://{outbox}",
        NOTIFICATION_SWEEP_SECONDS="1",
        **stoppable_broker.worker_env,
    )
    for unit, address in (
        (province["district_a"], "huyen-a@example.org"),
        (province["district_b"], "huyen-b@example.org"),
    ):
        unit.email = address
        unit.save()
    users["staff"].email = "canbo@example.org"
    users["staff"].save()
    draft = make_draft(users["staff"])
    worker.wait_ready()

    stoppable_broker.stop()
    # Staff open a round: the page answers and says the notices will go out.
    client.force_login(users["staff"])
    deadline = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("drafts:round_open", args=[draft.pk, 1]),
        {
            "units": [province["district_a"].pk, province["district_b"].pk],
            "deadline": deadline,
            "instructions": "Góp ý.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "thư báo sẽ được gửi tới các đơn vị qua e-mail" in response.text
    comment_round = draft.versions.get(number=1).rounds.get()
    # An office submits its comments.
    client.force_login(users["office"])
    client.post(reverse("drafts:comment_add", args=[comment_round.pk]), {"text": "Nhất trí với dự thảo."})
    response = client.post(reverse("drafts:round_submit", args=[comment_round.pk]), follow=True)
    assert response.status_code == 200 and "Thư báo sẽ được gửi tới cán bộ phụ trách" in response.text
    assert Comment.objects.get().submitted_at is not None
    # Staff remind the unit that has not submitted.
    client.force_login(users["staff"])
    response = client.post(reverse("drafts:round_remind", args=[comment_round.pk]), follow=True)
    assert response.status_code == 200 and "thư nhắc sẽ được gửi đi qua e-mail" in response.text

    rows = list(Email.objects.order_by("pk"))
    assert [row.subject.split(":")[0] for row in rows] == [
        "Đề nghị góp ý",
        "Đề nghị góp ý",
        "Mặt trận huyện A đã gửi ý kiến về dự thảo",
        "Nhắc hạn góp ý",
    ]
    assert all(row.status == "queued" and row.enqueued_at is None for row in rows)
    time.sleep(2)  # a few sweeps of beat while the broker is away
    assert delivered_mail(outbox) == []

    stoppable_broker.start()

    def all_sent():
        return not Email.objects.exclude(status="sent").exists() and len(delivered_mail(outbox)) >= len(rows)

    wait_for(all_sent, timeout=150, interval=0.5)
    # Duplicated deliveries send nothing more: the same messages again, then a last e-mail, which
    # the single worker process handles after them.
    for row in rows:
        tasks.send_outbox_email.delay(job_id=row.pk)
    services.email_enqueue(to=["canbo@example.org"], subject="Thư cuối", body="b")
    wait_for(lambda: len(delivered_mail(outbox)) > len(rows), timeout=60)
    time.sleep(1)  # anything sent twice would have followed at once
    messages = [email.message_from_string(m, policy=policy.default) for m in delivered_mail(outbox)]
    sent = sorted((str(m["Subject"]).strip(), str(m["To"]).strip()) for m in messages)
    expected = [(row.subject, ", ".join(row.to)) for row in rows] + [("Thư cuối", "canbo@example.org")]
    assert sent == sorted(expected)
    assert ("Đề nghị góp ý: " + draft.title, "huyen-b@example.org") in sent
    assert all(row.attempts == 1 for row in Email.objects.all())
