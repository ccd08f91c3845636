"""Verification by anyone (/xac-minh/, manage.py verify_pdf) and the downloads of the signed files."""

import hashlib
import io
import os

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from reports.signing import issuing
from reports.signing.models import IssuedFile, SigningJob
from tests.signing_support import approved_version

# The same demo report is approved in most tests: rendered once (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("pdf_rendered_once")

URL = "/xac-minh/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def signed(demo, demo_users, media, django_capture_on_commit_callbacks):
    version = approved_version(demo, demo_users["leader"], capture=django_capture_on_commit_callbacks)
    issuing.signing_job_run(job_id=SigningJob.objects.get(version=version).pk)
    issued = IssuedFile.objects.get(version=version, kind="signed")
    with default_storage.open(issued.file.name, "rb") as f:
        content = f.read()
    with default_storage.open(version.file.name, "rb") as f:
        unsigned = f.read()
    return {"version": version, "issued": issued, "content": content, "unsigned": unsigned}


def upload(client, content, name="van-ban.pdf"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, "application/pdf")})


def test_the_page_needs_no_login(client, db):
    response = client.get(URL)
    assert response.status_code == 200 and "Xác minh văn bản điện tử" in response.content.decode()


def test_the_signed_original_is_recognised_with_valid_signatures_covering_the_file(client, signed):
    response = upload(client, signed["content"])
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-known="1"' in page and "Bản gốc điện tử có chữ ký số" in page
    assert "/BC-MTTQ-BTT" in page and "27/12/2016" in page and "Lê Văn Minh" in page
    assert page.count("hợp lệ, bao trùm toàn bộ tệp") == 1  # the last signature covers the whole file
    assert page.count("— hợp lệ") == 2
    assert "+07:00</time>" in page


def test_the_unsigned_approved_version_is_recognised_as_such(client, signed):
    page = upload(client, signed["unsigned"]).content.decode()
    assert 'data-known="1"' in page and "Bản chưa ký số của phiên bản đã phê duyệt" in page


def test_one_changed_byte_makes_it_unknown_or_modified(client, signed):
    content = bytearray(signed["content"])
    content[len(content) // 2] ^= 0x01
    page = upload(client, bytes(content)).content.decode()
    assert 'data-known="0"' in page and "Không xác định / đã bị sửa đổi" in page
    assert "BC-MTTQ-BTT" not in page


def test_a_random_pdf_reveals_nothing(client, signed):
    page = upload(client, b"%PDF-1.4\n%\xe2\xe3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n").content.decode()
    assert 'data-known="0"' in page and "Lê Văn Minh" not in page


def test_an_unapproved_version_is_not_a_document_issued_here(client, signed):
    from reports.models import ReportVersion

    ReportVersion.objects.filter(pk=signed["version"].pk).update(approved_at=None, approved_by=None)
    page = upload(client, signed["unsigned"]).content.decode()
    assert 'data-known="0"' in page


def test_the_sha256_alone_is_enough(client, signed):
    page = client.post(URL, {"sha256": signed["issued"].sha256.upper()}).content.decode()
    assert 'data-known="1"' in page


def test_a_malformed_sha256_is_refused_next_to_the_field(client, db):
    response = client.post(URL, {"sha256": "xyz"})
    assert response.status_code == 200 and "64 chữ số thập lục phân" in response.content.decode()


def test_a_50_mb_non_pdf_is_refused_before_it_is_read(db, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    client = Client(enforce_csrf_checks=True)  # as a browser posts it: the body is never parsed
    response = upload(client, os.urandom(1024) * (50 * 1024), name="lon.bin")
    assert response.status_code == 413 and "Tệp quá lớn" in response.content.decode()
    assert list(tmp_path.iterdir()) == []  # nothing uploaded is kept


def test_checks_are_rate_limited_per_address(client, db, settings):
    settings.SIGNING_VERIFY_PER_HOUR = 2
    for _ in range(2):
        assert client.post(URL, {"sha256": "0" * 64}).status_code == 200
    response = client.post(URL, {"sha256": "0" * 64})
    assert response.status_code == 429 and "Quá nhiều lần kiểm tra" in response.content.decode()


def test_verify_pdf_prints_the_same_verdict(signed, tmp_path):
    path = tmp_path / "nhan-duoc.pdf"
    path.write_bytes(signed["content"])
    out = io.StringIO()
    call_command("verify_pdf", str(path), stdout=out)
    text = out.getvalue()
    assert hashlib.sha256(signed["content"]).hexdigest() in text
    assert "Bản gốc điện tử có chữ ký số" in text and "Chữ ký số: hợp lệ, bao trùm toàn bộ tệp" in text
    path.write_bytes(signed["content"] + b"\n")
    out = io.StringIO()
    call_command("verify_pdf", str(path), stdout=out)
    assert "KHÔNG XÁC ĐỊNH / ĐÃ BỊ SỬA ĐỔI" in out.getvalue()


def test_recipients_download_the_signed_original_and_the_unsigned_version_on_request(
    client, signed, demo_users
):
    client.force_login(demo_users["office"])
    response = client.get(reverse("signing:signed_download", args=[signed["version"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == signed["content"]
    unsigned = client.get(reverse("reports:version_download", args=[signed["version"].pk]))
    assert b"".join(unsigned.streaming_content) == signed["unsigned"]


def test_the_final_report_page_offers_the_signed_original(client, signed, demo_users, demo):
    client.force_login(demo_users["leader"])
    page = client.get(reverse("reports:final_report", args=[demo.pk])).content.decode()
    assert reverse("signing:signed_download", args=[signed["version"].pk]) in page
    assert signed["issued"].sha256 in page


def test_a_failed_signing_shows_its_reason_and_a_retry_button_to_leadership(
    client, demo, demo_users, media, django_capture_on_commit_callbacks
):
    version = approved_version(demo, demo_users["leader"], capture=django_capture_on_commit_callbacks)
    job = SigningJob.objects.get(version=version)
    SigningJob.objects.filter(pk=job.pk).update(
        status="failed", error="Chứng thư số của người ký đã hết hạn."
    )
    client.force_login(demo_users["leader"])
    page = client.get(reverse("reports:final_report", args=[demo.pk])).content.decode()
    assert "Chứng thư số của người ký đã hết hạn." in page
    retry = reverse("signing:signing_retry", args=[version.pk])
    assert retry in page
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(retry)
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "queued" and job.error == ""
    client.force_login(demo_users["staff"])
    assert retry not in client.get(reverse("reports:final_report", args=[demo.pk])).content.decode()
    assert client.post(retry).status_code == 403


def test_a_replaced_version_is_still_recognised_and_says_it_was_replaced(
    client, signed, demo_users, django_capture_on_commit_callbacks
):
    from reports.final import rendering, services

    version = signed["version"]
    report = version.final_report
    services.final_report_revise(report=report, user=demo_users["staff"])
    report.refresh_from_db()
    services.final_report_update(report=report, user=demo_users["staff"], number="13", subject="Sửa đổi")
    newer = rendering.render_job_run(job_id=services.final_report_request(report=report).pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_version_approve(version=newer, user=demo_users["leader"])
    page = upload(client, signed["content"]).content.decode()
    assert 'data-known="1"' in page and "Đã thay thế" in page and f"bằng phiên bản {newer.number}" in page
    assert "12/BC-MTTQ-BTT" in page  # what the replaced version prints, not the report's new number
