from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reports.records.archive import NoRecordInPdf, is_pdf, record_from_pdf
from reports.records.importing import RecordImportError, import_record, loads


class Command(BaseCommand):
    help = "Nhập hồ sơ hội nghị từ một hay nhiều tệp JSON (hoặc bản lưu trữ PDF/A có đính kèm JSON); nếu một tệp lỗi thì không lưu gì cả."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")

    def handle(self, files, **options):
        imported = []
        with transaction.atomic():
            for file in files:
                try:
                    with open(file, "rb") as fh:
                        raw = fh.read()
                except OSError as exc:
                    raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}.") from None
                if is_pdf(raw):  # an archival copy (PDF/A-3) carries the record as an attached file
                    try:
                        raw = record_from_pdf(raw)
                    except NoRecordInPdf as exc:
                        raise CommandError(f"Tệp {file}: {exc}.") from None
                try:
                    imported.append(import_record(loads(raw)))
                except RecordImportError as exc:
                    lines = "\n".join(f"  - {line}" for line in exc.errors)
                    raise CommandError(f"Tệp {file} không hợp lệ, không có gì được lưu:\n{lines}") from None
        for conference in imported:
            self.stdout.write(f"Đã nhập hội nghị mã {conference.pk}: {conference}")
