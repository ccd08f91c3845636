"""The archival copy of an approved version: PDF/A-3u with the conference record's JSON embedded,
read back by import_conference."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader

from conferences.models import Conference
from frontwork.accounts.models import Unit, User
from reports.models import FinalReport, RenderJob, ReportVersion
from reports.records.archive import record_from_pdf
from reports.records.exporting import dumps, export_record
from reports.signing import issuing
from reports.signing.models import IssuedFile, SigningJob
from tests.factories import delete_conferences
from tests.pdfcheck import pdf_fonts
from tests.signing_support import approved_version
from tests.test_records import _delete_units

# The same demo report is approved in most tests: rendered once (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("pdf_rendered_once")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def archived(demo, demo_users, media, django_capture_on_commit_callbacks, tmp_path):
    version = approved_version(demo, demo_users["leader"], capture=django_capture_on_commit_callbacks)
    job = SigningJob.objects.get(version=version)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.DONE, job.error
    issued = IssuedFile.objects.get(version=version, kind=IssuedFile.Kind.ARCHIVAL)
    path = tmp_path / "luu-tru.pdf"
    with default_storage.open(issued.file.name, "rb") as f:
        path.write_bytes(f.read())
    return {"version": version, "issued": issued, "path": path}


def test_the_archival_copy_declares_pdf_a_3u_and_has_an_output_intent(archived):
    reader = PdfFileReader(io.BytesIO(archived["path"].read_bytes()))
    xmp = reader.root["/Metadata"].data.decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")3", xmp) and re.search(r"pdfaid:conformance(>|=\")U", xmp)
    intents = reader.root["/OutputIntents"]
    assert len(intents) >= 1 and intents[0]["/S"] == "/GTS_PDFA1"
    assert reader.root["/AF"]  # the record is an associated file of the document


def test_every_font_of_the_archival_copy_is_embedded(archived):
    fonts = pdf_fonts(archived["path"])
    assert fonts and all(embedded for _, embedded in fonts)


def test_the_embedded_json_is_the_export_of_the_record(archived, demo):
    embedded = record_from_pdf(archived["path"].read_bytes())
    assert embedded.decode("utf-8") == dumps(export_record(Conference.objects.get(pk=demo.pk)))


def test_the_unsigned_version_keeps_its_bytes_and_hash(archived):
    version = ReportVersion.objects.get(pk=archived["version"].pk)
    assert version.sha256 == archived["version"].sha256 != archived["issued"].sha256


def test_importing_the_archival_pdf_into_an_empty_database_recreates_the_record(archived, demo):
    first = dumps(export_record(Conference.objects.get(pk=demo.pk)))
    IssuedFile.objects.all().delete()
    SigningJob.objects.all().delete()
    RenderJob.objects.all().delete()
    ReportVersion.objects.all().delete()
    FinalReport.objects.all().delete()
    delete_conferences()
    User.objects.all().delete()
    _delete_units()
    assert Unit.objects.count() == 0 and Conference.objects.count() == 0
    out = io.StringIO()
    call_command("import_conference", str(archived["path"]), stdout=out)
    assert "Đã nhập hội nghị" in out.getvalue()
    assert dumps(export_record(Conference.objects.get())) == first


def test_a_pdf_without_the_record_is_refused_by_the_import(db, tmp_path):
    path = tmp_path / "khong-co.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="không"):
        call_command("import_conference", str(path), stdout=io.StringIO())


def test_the_archival_copy_is_recognised_by_the_verification_page(archived, client):
    page = client.post("/xac-minh/", {"sha256": archived["issued"].sha256}).content.decode()
    assert 'data-known="1"' in page and "Bản lưu trữ PDF/A-3u" in page
