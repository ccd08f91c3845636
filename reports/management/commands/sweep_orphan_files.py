import datetime

from django.core.management.base import BaseCommand

from reports.drafts import services as draft_services
from reports.final import services as report_services


class Command(BaseCommand):
    help = (
        "Xóa các tệp trong kho (dự thảo tải lên, bản PDF) không còn dòng dữ liệu nào tham chiếu, "
        "sau thời gian chờ ORPHAN_FILE_GRACE_HOURS (việc này cũng chạy định kỳ mỗi giờ)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-hours",
            type=float,
            help="Chỉ xóa tệp cũ hơn số giờ này (mặc định ORPHAN_FILE_GRACE_HOURS).",
        )

    def handle(self, grace_hours, **options):
        grace = datetime.timedelta(hours=grace_hours) if grace_hours is not None else None
        deleted = [
            *draft_services.draft_orphan_files_sweep(grace=grace),
            *report_services.report_orphan_files_sweep(grace=grace),
        ]
        for name in deleted:
            self.stdout.write(f"Đã xóa {name}")
        self.stdout.write(f"Đã xóa {len(deleted)} tệp không còn được dùng.")
