"""The signed original of an approved report (reports/signing), made in process: the two
signatures, what they cover, the keys' failures and the retry."""

import hashlib
import io
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.utils import timezone
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm

from reports.signing import demo as signing_demo
from reports.signing import issuing, pdfsign, services
from reports.signing.models import IssuedFile, SigningIdentity, SigningJob
from tests.signing_support import approved_version, demo_validation_context, signature_statuses

# The same demo report is approved in most tests: rendered once (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("pdf_rendered_once")


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


def test_signing_time_in_the_organisations_appearance_is_vietnam_time_iso_8601(approved):
    issued = signed_file(approved)
    shown = pdfsign.vietnam_time_iso(issued.signed_at)
    assert shown.endswith("+07:00") and len(shown) == len("2016-12-27T15:04:05+07:00")
    # The appearance stream of the organisation's signature prints the name and the time
    # (pdftotext reads it through the embedded font's ToUnicode map).
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=read(issued), capture_output=True, check=True
    ).stdout.decode()
    assert shown in text and "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" in text


@pytest.fixture
def identity(demo):
    return SigningIdentity.objects.get(unit=demo.host_unit)


def test_a_wrong_passphrase_fails_signing_with_a_reason_keeps_the_approval_and_a_retry_works(
    approved, identity, monkeypatch
):
    monkeypatch.setenv(identity.signer_passphrase_name, "not-the-passphrase")
    job = SigningJob.objects.get(version=approved)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    approved.refresh_from_db()
    assert job.status == SigningJob.Status.FAILED
    assert job.error == "Không mở được tệp chứng thư số của người ký: sai mật khẩu hoặc tệp hỏng."
    assert approved.is_approved and not IssuedFile.objects.exists()

    monkeypatch.delenv(identity.signer_passphrase_name)  # fixed: the secrets file's entry is used
    leader = approved.approved_by
    assert services.signing_retry(job=job, user=leader)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.DONE and IssuedFile.objects.filter(kind="signed").count() == 1


def test_a_missing_certificate_file_is_named_in_the_reason(approved, identity):
    SigningIdentity.objects.filter(pk=identity.pk).update(organisation_pkcs12="demo/khong-co.p12")
    job = SigningJob.objects.get(version=approved)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.FAILED
    assert job.error == "Không tìm thấy tệp chứng thư số (PKCS#12) của tổ chức: demo/khong-co.p12."


def test_an_expired_certificate_fails_with_its_expiry_date(approved, identity, tmp_path, settings):
    expired = signing_demo.expired_pkcs12_for_tests(tmp_path / "het-han.p12", "mat-khau")
    settings.SIGNING_SECRETS_FILE = str(tmp_path / "secrets.env")
    (tmp_path / "secrets.env").write_text("HET_HAN=mat-khau\n")
    SigningIdentity.objects.filter(pk=identity.pk).update(
        signer_pkcs12=str(expired), signer_passphrase_name="HET_HAN"
    )
    job = SigningJob.objects.get(version=approved)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.FAILED
    assert job.error.startswith("Chứng thư số của người ký đã hết hạn từ ")


def test_no_signing_identity_says_so(approved, identity):
    SigningIdentity.objects.filter(pk=identity.pk).delete()
    job = SigningJob.objects.get(version=approved)
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.FAILED and "chưa được cấu hình chứng thư số" in job.error


def test_only_leadership_retries_a_failed_signing(approved, demo_users):
    job = SigningJob.objects.get(version=approved)
    SigningJob.objects.filter(pk=job.pk).update(status=SigningJob.Status.FAILED, error="x")
    with pytest.raises(PermissionDenied):
        services.signing_retry(job=job, user=demo_users["staff"])
    job.refresh_from_db()
    assert job.status == SigningJob.Status.FAILED


def test_a_job_run_twice_signs_once(approved):
    job = SigningJob.objects.get(version=approved)
    issuing.signing_job_run(job_id=job.pk)
    SigningJob.objects.filter(pk=job.pk).update(status=SigningJob.Status.QUEUED)
    issuing.signing_job_run(job_id=job.pk)
    assert IssuedFile.objects.filter(version=approved, kind="signed").count() == 1


def test_the_sweep_schedules_an_approved_version_whose_signal_was_missed(approved):
    SigningJob.objects.all().delete()
    sent = issuing.signing_jobs_sweep()
    assert SigningJob.objects.get(version=approved).pk in sent


def test_an_issued_file_is_immutable(approved):
    issued = signed_file(approved)
    with pytest.raises(ValueError):
        issued.save()
    with pytest.raises(ValueError):
        issued.delete()


def test_a_worker_killed_while_signing_leaves_one_signed_file_after_the_sweep(approved, settings):
    """The worker died holding the job (status "signing", lease run out), perhaps after storing
    its file but before marking the job: the sweep queues it again and the next run ends with
    exactly one signed original."""
    settings.SIGNING_LEASE_SECONDS = 0
    job = SigningJob.objects.get(version=approved)
    issuing.sign_version(approved)  # what the dead worker had finished
    SigningJob.objects.filter(pk=job.pk).update(
        status=SigningJob.Status.SIGNING, attempts=1, lease_expires_at=timezone.now()
    )
    assert job.pk in issuing.signing_jobs_sweep()
    issuing.signing_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == SigningJob.Status.DONE and job.attempts == 2
    assert IssuedFile.objects.filter(version=approved, kind="signed").count() == 1


def test_with_a_timestamp_authority_both_signatures_carry_a_timestamp_b_t(
    approved, identity, monkeypatch, demo
):
    """PAdES B-T: the unit's timestamp authority URL makes each signature carry a signature
    timestamp (the authority is played in process by pyHanko's test time stamper)."""
    import datetime

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator import ValidationContext

    from reports.signing import keys

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "DEMO TSA")])
    now = timezone.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    tsa_cert = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    tsa_key = asn1_keys.PrivateKeyInfo.load(
        key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    )
    urls = []

    def authority(url):
        urls.append(url)
        return DummyTimeStamper(tsa_cert=tsa_cert, tsa_key=tsa_key)

    monkeypatch.setattr(pdfsign.timestamps, "HTTPTimeStamper", authority)
    SigningIdentity.objects.filter(pk=identity.pk).update(tsa_url="https://tsa.example.vn/")
    content = read(signed_file(approved))
    assert urls == ["https://tsa.example.vn/"]
    context = ValidationContext(trust_roots=keys.trust_roots(identity) + [tsa_cert], allow_fetching=False)
    statuses = signature_statuses(content, context)
    assert len(statuses) == 2
    for _sig, status in statuses:
        assert status.intact and status.valid and status.trusted
        assert status.timestamp_validity is not None and status.timestamp_validity.valid


def test_the_demo_keys_are_made_once_and_say_demo(demo, settings):
    from cryptography import x509

    from reports.signing import keys as signing_keys

    identity = SigningIdentity.objects.get(unit=demo.host_unit)
    ca = signing_keys.resolve(identity.trust_roots).read_bytes()
    signing_demo.demo_keys_create({demo.host_unit: ("Lê Văn Minh", identity.organisation_name)})
    assert signing_keys.resolve(identity.trust_roots).read_bytes() == ca
    assert "DEMO" in x509.load_pem_x509_certificate(ca).subject.rfc4514_string()
    signer, organisation = signing_keys.identity_credentials(identity)
    assert "DEMO" in signer.subject and "DEMO" in organisation.subject
    # The passphrases are in the secrets file, not in the database.
    secrets = open(settings.SIGNING_SECRETS_FILE, encoding="utf-8").read()
    assert identity.signer_passphrase_name in secrets
    row = SigningIdentity.objects.filter(pk=identity.pk).values().get()
    passphrase = signing_keys.passphrase(identity.signer_passphrase_name, whose="x").decode()
    assert all(passphrase not in str(value) for value in row.values())


def _embedded_font(content):
    """The TrueType program of the organisation's appearance (the seal's name and time)."""
    reader = PdfFileReader(io.BytesIO(content))
    for field in reader.root["/AcroForm"]["/Fields"]:
        field = field.get_object()
        if field["/T"] == pdfsign.ORGANISATION_FIELD:
            fonts = _fonts(field["/AP"]["/N"])
            (font,) = fonts
            descriptor = font["/DescendantFonts"][0]["/FontDescriptor"]
            return TTFont(io.BytesIO(descriptor["/FontFile2"].data))
    raise AssertionError("no organisation field")


def _fonts(xobject):
    """The fonts an appearance uses, through its nested form XObjects."""
    resources = xobject.get("/Resources", {})
    found = [font.get_object() for font in resources.get("/Font", {}).values()]
    for inner in resources.get("/XObject", {}).values():
        inner = inner.get_object()
        if inner.get("/Subtype") == "/Form":
            found += _fonts(inner)
    return found


def test_the_appearance_font_kept_per_process_holds_each_documents_own_glyphs(approved, identity):
    # The compressed font program is kept per process and per glyph set: a second organisation
    # whose name needs other letters gets a program with those letters' outlines.
    from reports.signing import keys

    signer, organisation = keys.identity_credentials(identity)
    with default_storage.open(approved.file.name, "rb") as f:
        pdf = f.read()
    full = TTFont(io.BytesIO(pdfsign._appearance_font()))
    cmap = full.getBestCmap()
    for name in ("Ủy ban Mặt trận", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Ỷ Lữ"):
        content, _ = pdfsign.sign_report(
            pdf,
            signer=signer,
            organisation=organisation,
            organisation_name=name,
            signature_image=keys.image(identity.signature_image, what="chữ ký"),
            seal_image=keys.image(identity.seal_image, what="con dấu"),
        )
        font = _embedded_font(content)
        order = font.getGlyphOrder()
        for char in set(name) - {" "}:
            # The program keeps the glyph ids of the font it was cut from.
            glyph = font["glyf"][order[full.getGlyphID(cmap[ord(char)])]]
            assert glyph.numberOfContours != 0, char
