from django.core.management.base import BaseCommand, CommandError

from reports.records import RecordImportError, import_record, loads


class Command(BaseCommand):
    help = "Nhập hồ sơ một hội nghị từ tệp JSON; tệp lỗi bị từ chối và không lưu gì."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, file, **options):
        try:
            with open(file, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}.") from None
        try:
            conference = import_record(loads(raw))
        except RecordImportError as exc:
            lines = "\n".join(f"  - {line}" for line in exc.errors)
            raise CommandError(f"Tệp {file} không hợp lệ, không có gì được lưu:\n{lines}") from None
        self.stdout.write(f"Đã nhập hội nghị mã {conference.pk}: {conference}")
