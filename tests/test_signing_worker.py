"""The signed original made by a REAL Celery worker process after leadership approves."""

import pytest

from reports.final import services
from reports.models import RenderJob
from reports.signing.models import IssuedFile, SigningJob
from tests.conftest import wait_for
from tests.signing_support import demo_validation_context, fill_for_approval, signature_statuses

pytestmark = pytest.mark.worker


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def test_approving_a_version_makes_the_worker_sign_it(celery_worker_process, demo, demo_users, media):
    celery_worker_process(MEDIA_ROOT=media)
    report = fill_for_approval(services.final_report_get_or_create(conference=demo))
    job = services.final_report_request(report=report)

    def rendered():
        job.refresh_from_db()
        return job.status == RenderJob.Status.DONE

    wait_for(rendered, timeout=120)
    version = job.version
    assert services.report_version_approve(version=version, user=demo_users["leader"])

    def signed():
        return SigningJob.objects.filter(version=version).exclude(status__in=["queued", "signing"]).first()

    signing = wait_for(signed, timeout=120)
    assert signing.status == SigningJob.Status.DONE, signing.error
    issued = IssuedFile.objects.get(version=version, kind=IssuedFile.Kind.SIGNED)
    with open(f"{media}/{issued.file.name}", "rb") as f:
        content = f.read()
    statuses = signature_statuses(content, demo_validation_context(demo))
    assert len(statuses) == 2 and all(s.intact and s.valid and s.trusted for _, s in statuses)
    version.refresh_from_db()
    assert version.is_approved


@pytest.fixture
def hanging_timestamp_authority():
    """A timestamp authority on 127.0.0.1 that never answers (its requests wait until the test
    ends): a worker signing with it stays in the middle of signing until it is killed."""
    import http.server
    import threading

    release = threading.Event()

    class Hang(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            release.wait(60)
            self.send_response(503)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hang)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    release.set()
    server.shutdown()
    server.server_close()


def test_a_worker_killed_while_signing_is_replaced_and_one_signed_file_is_made(
    celery_worker_process, demo, demo_users, media, hanging_timestamp_authority
):
    import os
    import signal

    from django.utils import timezone

    from reports.final import rendering
    from reports.signing.models import SigningIdentity
    from reports.signing.tasks import sweep_signing_jobs

    report = fill_for_approval(services.final_report_get_or_create(conference=demo))
    version = rendering.render_job_run(job_id=services.final_report_request(report=report).pk)
    identity = SigningIdentity.objects.get(unit=demo.host_unit)
    SigningIdentity.objects.filter(pk=identity.pk).update(tsa_url=hanging_timestamp_authority)
    env = {"MEDIA_ROOT": media, "SIGNING_LEASE_SECONDS": "3"}
    first = celery_worker_process(**env)
    assert services.report_version_approve(version=version, user=demo_users["leader"])
    job = SigningJob.objects.get(version=version)

    def signing():
        job.refresh_from_db()
        return job.status == SigningJob.Status.SIGNING

    wait_for(signing, timeout=60, interval=0.05)
    os.killpg(first.process.pid, signal.SIGKILL)
    first.process.wait()
    assert not IssuedFile.objects.exists()

    # The timestamp authority is dropped (B-B), the worker restarted, the sweep run once the
    # dead worker's lease is over.
    SigningIdentity.objects.filter(pk=identity.pk).update(tsa_url="")
    wait_for(lambda: timezone.now() > SigningJob.objects.get(pk=job.pk).lease_expires_at, timeout=30)
    celery_worker_process(**env)
    sweep_signing_jobs.delay()

    def finished():
        job.refresh_from_db()
        return not job.is_pending

    wait_for(finished, timeout=120)
    assert job.status == SigningJob.Status.DONE, job.error
    assert job.attempts == 2
    assert IssuedFile.objects.filter(version=version, kind=IssuedFile.Kind.SIGNED).count() == 1
