"""The signed original of an approved report (reports/signing), made in process: the two
signatures, what they cover, the keys' failures and the retry."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from pyhanko.sign.fields import MDPPerm

from reports.signing import issuing, pdfsign
from reports.signing.models import IssuedFile, SigningJob
from tests.signing_support import approved_version, demo_validation_context, signature_statuses


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def approved(demo, demo_users, media, django_capture_on_commit_callbacks):
    return approved_version(demo, demo_users["leader"], capture=django_capture_on_commit_callbacks)


def signed_file(version):
    job = SigningJob.objects.get(version=version)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.DONE, job.error
    return IssuedFile.objects.get(version=version, kind=IssuedFile.Kind.SIGNED)


def read(issued):
    with default_storage.open(issued.file.name, "rb") as f:
        return f.read()


def test_approval_queues_one_signing_job_after_it_commits(approved):
    job = SigningJob.objects.get(version=approved)
    assert job.status == SigningJob.Status.QUEUED


def test_the_signed_original_validates_against_the_demo_ca_with_both_signatures(approved, demo):
    issued = signed_file(approved)
    content = read(issued)
    assert hashlib.sha256(content).hexdigest() == issued.sha256 != approved.sha256
    statuses = signature_statuses(content, demo_validation_context(demo))
    assert [sig.field_name for sig, _ in statuses] == [pdfsign.SIGNER_FIELD, pdfsign.ORGANISATION_FIELD]
    for _sig, status in statuses:
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    person, organisation = (status for _, status in statuses)
    # The person's signature certifies the document; the organisation's, the last, covers it all
    # and allows no change after it.
    person_sig, organisation_sig = (sig for sig, _ in statuses)
    assert person_sig.docmdp_level == MDPPerm.FILL_FORMS  # the certification (DocMDP)
    assert organisation_sig.fieldmdp is not None and organisation_sig.docmdp_level == MDPPerm.NO_CHANGES
    assert person.docmdp_ok and organisation.docmdp_ok
    assert organisation.coverage.name == "ENTIRE_FILE"
    start, length = (int(n) for n in list(organisation_sig.byte_range)[2:])
    assert start + length == len(content) and organisation_sig.byte_range[0] == 0
    assert "DEMO" in person.signing_cert.subject.human_friendly


def test_the_signed_original_starts_with_exactly_the_approved_bytes(approved):
    content = read(signed_file(approved))
    with default_storage.open(approved.file.name, "rb") as f:
        original = f.read()
    assert content[: len(original)] == original
    approved.refresh_from_db()
    assert hashlib.sha256(original).hexdigest() == approved.sha256
