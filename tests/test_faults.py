"""Faults: the broker down when a render is asked for; the database failing in the middle of a write."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError, connection

from conferences.models import Conference
from reports.final import rendering
from reports.models import RenderJob
from tests.conftest import _database_url, wait_for


@pytest.mark.worker
def test_a_render_asked_while_the_broker_is_down_runs_once_it_is_back(
    celery_worker_process, demo, settings, tmp_path
):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",  # nothing listens there
        "MEDIA_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "render_report", str(demo.pk)],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Đã xếp yêu cầu" in result.stdout
    job = RenderJob.objects.get()
    assert job.status == RenderJob.Status.QUEUED

    # Its message never reached the broker: the job says so, and the next sweep sends it at once.
    assert job.enqueued_at is None
    celery_worker_process(MEDIA_ROOT=str(tmp_path))
    assert rendering.render_jobs_sweep() == [job.pk]

    def done():
        job.refresh_from_db()
        return not job.is_pending

    wait_for(done, timeout=120)
    assert job.status == RenderJob.Status.DONE and job.attempts == 1


def test_a_database_error_in_the_middle_of_an_import_saves_nothing(demo):
    """The connection fails after the conference and some items were written (Django's
    execute_wrapper hook raises on the 40th statement): the transaction is rolled back."""
    from reports.records.exporting import export_record
    from reports.records.importing import import_record

    record = export_record(demo)
    before = (Conference.objects.count(), RenderJob.objects.count())
    calls = {"n": 0}

    def fail_on_40th(execute, sql, params, many, context):
        calls["n"] += 1
        if calls["n"] == 40:
            raise DatabaseError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_on_40th), pytest.raises(DatabaseError):
        import_record(record)
    assert calls["n"] >= 40  # the failure happened after many rows were written
    assert (Conference.objects.count(), RenderJob.objects.count()) == before


def test_the_database_failing_in_the_middle_of_a_request_saves_nothing(client, users, province):
    """Opening a comment round writes the round, then the rows of the units asked: the connection
    fails when the unit rows are written. The user gets the error page and no half-opened round
    is left."""
    import datetime

    from django.db import OperationalError
    from django.urls import reverse
    from django.utils import timezone

    from reports.models import CommentRound, RoundUnit
    from tests.drafts_support import make_draft

    draft = make_draft(users["staff"])
    units = [province["district_a"], province["district_b"], province["commune_a"]]
    inserts = []

    def fail_at_the_unit_rows(execute, sql, params, many, context):
        inserts.append(sql)
        if sql.startswith('INSERT INTO "reports_roundunit"'):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    client.force_login(users["staff"])
    client.raise_request_exception = False
    deadline = (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    with connection.execute_wrapper(fail_at_the_unit_rows):
        response = client.post(
            reverse("drafts:round_open", args=[draft.pk, 1]),
            {"units": [u.pk for u in units], "deadline": deadline, "instructions": "Góp ý cụ thể."},
        )
    assert any(sql.startswith('INSERT INTO "reports_commentround"') for sql in inserts), (
        "the round was written"
    )
    assert response.status_code == 500 and "Lỗi hệ thống" in response.content.decode()
    assert not CommentRound.objects.exists() and not RoundUnit.objects.exists()
