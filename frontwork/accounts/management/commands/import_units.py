from django.core.management.base import BaseCommand, CommandError

from frontwork.accounts.unit_import import UnitImportError, units_import


class Command(BaseCommand):
    help = (
        "Nhập đơn vị từ tệp .csv hoặc .xlsx (cột code, name, short_name, kind, parent, active_from, "
        "active_to, place_name, email): mã mới được tạo, mã đã có được cập nhật; một ô sai thì không lưu gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Chỉ kiểm tra và cho biết sẽ làm gì, không lưu."
        )

    def handle(self, *, file, dry_run, **options):
        try:
            with open(file, "rb") as fh:
                result = units_import(file=fh, file_name=file, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}.") from None
        except UnitImportError as exc:
            lines = "\n".join(f"  - {line}" for line in exc.errors)
            raise CommandError(f"Tệp {file} không hợp lệ, không có gì được lưu:\n{lines}") from None
        self.stdout.write(
            f"Tạo mới {len(result.created)}, cập nhật {len(result.updated)}, "
            f"không đổi {len(result.unchanged)} đơn vị."
        )
        if dry_run:
            self.stdout.write("Chạy thử: không có gì được lưu.")
