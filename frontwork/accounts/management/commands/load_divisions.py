import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from frontwork.accounts import divisions
from frontwork.accounts.models import Unit

WHAT = [
    ("create", "Tạo mới"),
    ("rename", "Đổi tên"),
    ("reopen", "Hoạt động trở lại (bỏ ngày kết thúc)"),
    ("end", "Kết thúc hoạt động"),
]


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày không hợp lệ: {value!r} (cần dạng YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Tạo, đổi tên hoặc kết thúc các ủy ban Mặt trận tỉnh, xã (kèm Ban Thường trực, cấp ủy, HĐND, UBND) "
        "theo danh mục đơn vị hành chính chính thức; chạy lại không thay đổi gì nếu danh mục không đổi."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ cho biết sẽ làm gì, không lưu.")
        parser.add_argument(
            "--effective-date",
            type=_date,
            default=divisions.LIST_EFFECTIVE_DATE,
            help="Ngày danh mục có hiệu lực (YYYY-MM-DD); mặc định 2025-07-01.",
        )

    def handle(self, *, dry_run, effective_date, **options):
        started = time.perf_counter()
        listed = divisions.official_divisions()
        try:
            plan = divisions.divisions_load(divisions=listed, effective=effective_date, dry_run=dry_run)
        except divisions.DivisionsError as exc:
            raise CommandError(str(exc)) from None
        provinces = sum(1 for d in listed if not d.province)
        self.stdout.write(
            f"Danh mục có hiệu lực từ {effective_date:%d/%m/%Y}: {provinces} tỉnh, thành phố; "
            f"{len(listed) - provinces} xã, phường, đặc khu."
        )
        counts = plan.counts()
        for what, label in WHAT:
            total = sum(counts[what].values())
            when = f" (ngày {plan.end_on:%d/%m/%Y})" if what == "end" else ""
            self.stdout.write(f"{label}{when}: {total} đơn vị" + (":" if total else "."))
            for kind, kind_label in Unit.Kind.choices:
                if counts[what][kind]:
                    self.stdout.write(f"  {kind_label}: {counts[what][kind]}")
        if dry_run:
            self.stdout.write("Chạy thử: không có gì được lưu.")
        self.stdout.write(f"Thời gian: {time.perf_counter() - started:.1f} giây.")
