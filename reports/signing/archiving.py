"""The archival copy of an approved version (worker only: WeasyPrint): the same print document
rendered as PDF/A-3u, with the conference record's JSON (docs/conference-record-format.md, as
`export_conference` writes it) embedded as an associated file, so that a future system can read
the record back from the archive (`import_conference` accepts such a PDF)."""

from weasyprint import Attachment

from conferences.composition import conference_with_record
from conferences.models import Conference
from reports.final import services as final_services
from reports.final.document import print_html
from reports.final.printing import render_pdf
from reports.records.archive import RECORD_ATTACHMENT
from reports.records.exporting import dumps, export_record
from reports.signing import keys
from reports.signing.models import IssuedFile
from reports.signing.storage import issued_file_store

PDF_VARIANT = "pdf/a-3u"


def archive_version(version):
    """The archival copy of an approved version (made once). It is rendered again from the record:
    only when the ordinary rendering of the record today is byte for byte the approved version,
    so that the archive holds exactly what was approved."""
    existing = IssuedFile.objects.filter(version=version, kind=IssuedFile.Kind.ARCHIVAL).first()
    if existing:
        return existing
    report = version.final_report
    conference = conference_with_record(report.conference_id, units=False)
    layout = final_services.layout_settings_get_or_create(unit=conference.host_unit)
    html = print_html(report, layout, conference)
    if render_pdf(html, layout).sha256 != version.sha256:
        raise keys.KeyProblem(
            "Hồ sơ hội nghị hoặc báo cáo đã thay đổi sau khi phê duyệt: bản lưu trữ PDF/A không còn "
            "đúng với phiên bản đã duyệt nên không được tạo (bản ký số không bị ảnh hưởng)."
        )
    record = dumps(export_record(Conference.objects.get(pk=report.conference_id)))
    attachment = Attachment(
        string=record,
        name=RECORD_ATTACHMENT,
        description="Hồ sơ hội nghị (frontwork.conference, JSON)",
        relationship="Source",
    )
    pdf = render_pdf(html, layout, pdf_variant=PDF_VARIANT, attachments=[attachment])
    return issued_file_store(version=version, kind=IssuedFile.Kind.ARCHIVAL, content=pdf.content)
