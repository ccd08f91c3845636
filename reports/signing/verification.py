"""Whether a PDF (or a SHA-256) is a document issued here, for anyone. The file's hash is looked up
among the issued files (signed originals, archival copies) and the approved versions; nothing
else is revealed: an unknown hash gets the same answer whatever is stored. For a known signed
original, its signatures are validated with pyHanko against the issuing unit's trust roots."""

import hashlib
import io
import re
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from reports.final.models import ReportVersion
from reports.signing import keys
from reports.signing.models import IssuedFile, SigningIdentity, vietnam_iso

SHA256 = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 1024 * 1024


@dataclass
class SignatureCheck:
    field_name: str
    signer: str
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    signing_time: str  # ISO 8601, Vietnam time

    @property
    def ok(self):
        return self.intact and self.valid and self.trusted


@dataclass
class Verdict:
    sha256: str
    known: bool = False
    kind: str = ""  # "signed", "archival" or "unsigned"
    kind_label: str = ""
    issuer: str = ""
    reference: str = ""
    date: object = None
    subject: str = ""
    version_number: int | None = None
    approved_by: str = ""
    approved_at: object = None
    signatures: list = field(default_factory=list)
    replaced_at: object = None
    replaced_by_number: int | None = None

    @property
    def replaced_at_iso(self):
        return vietnam_iso(self.replaced_at)

    @property
    def approved_at_iso(self):
        return vietnam_iso(self.approved_at)

    @property
    def signatures_ok(self):
        return (
            bool(self.signatures)
            and all(s.ok for s in self.signatures)
            and self.signatures[-1].covers_whole_file
        )


def sha256_of(fileobj):
    """The SHA-256 of an uploaded file, read in chunks (memory stays bounded)."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: fileobj.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _common_name(certificate):
    return certificate.subject.native.get("common_name") or certificate.subject.human_friendly


def check_signatures(content, trust_roots):
    """The signatures of `content` (bytes) validated against `trust_roots`, in signing order."""
    context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    checks = []
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, context)
        when = sig.self_reported_timestamp
        checks.append(
            SignatureCheck(
                field_name=sig.field_name,
                signer=_common_name(sig.signer_cert),
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                covers_whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
                signing_time=vietnam_iso(when),
            )
        )
    return checks


def verify_sha256(sha256):
    """The verdict on a SHA-256 (64 hex digits; anything else is unknown)."""
    sha256 = (sha256 or "").strip().lower()
    verdict = Verdict(sha256=sha256)
    if not SHA256.match(sha256):
        return verdict
    issued = (
        IssuedFile.objects.filter(sha256=sha256)
        .select_related(
            "version__final_report__conference__host_unit", "version__approved_by", "version__replaced_by"
        )
        .first()
    )
    if issued is not None:
        version = issued.version
        verdict.kind, verdict.kind_label = issued.kind, issued.get_kind_display()
    else:
        version = (
            ReportVersion.objects.filter(sha256=sha256, approved_at__isnull=False)
            .select_related("final_report__conference__host_unit", "approved_by", "replaced_by")
            .first()
        )
        if version is None:
            return verdict
        verdict.kind, verdict.kind_label = "unsigned", "Bản chưa ký số của phiên bản đã phê duyệt"
    report = version.final_report
    unit = report.conference.host_unit
    identity = SigningIdentity.objects.filter(unit=unit).first()
    verdict.known = True
    verdict.issuer = identity.organisation_name if identity else unit.name
    # What the version prints (the report's fields may have changed in a later revision).
    verdict.reference = version.reference.strip()
    verdict.date = version.issued_on or report.date
    verdict.subject = report.subject
    if version.replaced_at is not None:
        verdict.replaced_at = version.replaced_at
        verdict.replaced_by_number = version.replaced_by.number if version.replaced_by else None
    verdict.version_number = version.number
    verdict.approved_by = version.approved_by.get_full_name() or version.approved_by.get_username()
    verdict.approved_at = version.approved_at
    if issued is not None and issued.kind == IssuedFile.Kind.SIGNED:
        with default_storage.open(issued.file.name, "rb") as f:
            content = f.read()
        verdict.signatures = check_signatures(content, keys.trust_roots(identity) if identity else [])
    return verdict


def verify_file(fileobj):
    """The verdict on an uploaded file (its bytes are hashed, never kept)."""
    return verify_sha256(sha256_of(fileobj))


def verdict_lines(verdict):
    """The verdict as plain lines (manage.py verify_pdf)."""
    if not verdict.known:
        return [f"SHA-256: {verdict.sha256}", "Kết quả: KHÔNG XÁC ĐỊNH / ĐÃ BỊ SỬA ĐỔI"]
    lines = [
        f"SHA-256: {verdict.sha256}",
        f"Kết quả: văn bản do {verdict.issuer} ban hành ({verdict.kind_label})",
        f"Số, ký hiệu: {verdict.reference}",
        f"Ngày ban hành: {verdict.date:%d/%m/%Y}",
        f"Trích yếu: {verdict.subject}",
        f"Phiên bản: {verdict.version_number}",
        f"Phê duyệt: {verdict.approved_by}, {verdict.approved_at_iso}",
    ]
    if verdict.replaced_at:
        lines.append(
            f"Đã được thay thế bằng phiên bản {verdict.replaced_by_number} lúc {verdict.replaced_at_iso}"
        )
    for check in verdict.signatures:
        state = "hợp lệ" if check.ok else "KHÔNG hợp lệ"
        cover = ", bao trùm toàn bộ tệp" if check.covers_whole_file else ""
        lines.append(
            f"Chữ ký {check.field_name}: {check.signer}; {state}{cover}; thời điểm ký {check.signing_time}"
        )
    if verdict.kind == "signed":
        lines.append(
            "Chữ ký số: " + ("hợp lệ, bao trùm toàn bộ tệp" if verdict.signatures_ok else "KHÔNG hợp lệ")
        )
    return lines
