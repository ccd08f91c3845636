"""The signed original made by a REAL Celery worker process after leadership approves."""

import pytest

from reports.final import services
from reports.models import RenderJob
from reports.signing.models import IssuedFile, SigningJob
from tests.conftest import wait_for
from tests.signing_support import demo_validation_context, signature_statuses

pytestmark = pytest.mark.worker


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


def test_approving_a_version_makes_the_worker_sign_it(celery_worker_process, demo, demo_users, media):
    celery_worker_process(MEDIA_ROOT=media)
    report = services.final_report_get_or_create(conference=demo)
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
