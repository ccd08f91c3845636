import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from conferences.composition import compose, conference_with_record
from conferences.models import Conference
from frontwork.accounts.models import Unit, User
from reports.drafts import services
from reports.models import Draft
from reports.records.importing import import_record, loads

DEMO_RECORD = Path(__file__).resolve().parents[2] / "demo" / "giao-ban-2016.json"

# (user name, password, role, unit code, full name, title)
DEMO_USERS = [
    ("canbo", "canbo-demo-2016", User.Role.STAFF, "van-phong", "Nguyễn Thị Lan", "Chuyên viên Văn phòng"),
    ("huyen", "huyen-demo-2016", User.Role.OFFICE, "mttq-h-hoa-an", "Trần Văn Bình", "Phó Chủ tịch"),
    ("lanhdao", "lanhdao-demo-2016", User.Role.LEADER, "btt-tinh", "Lê Văn Minh", "Chủ tịch"),
    ("quantri", "quantri-demo-2016", User.Role.ADMIN, "van-phong", "Phạm Quốc Huy", "Quản trị hệ thống"),
]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chỉ ở chế độ demo): hội nghị giao ban năm 2016 và một người dùng mỗi vai trò."

    def handle(self, **options):
        if not settings.DEMO_MODE:
            raise CommandError("Dữ liệu mẫu chỉ được nạp ở chế độ demo (DEMO=1).")
        record = loads(DEMO_RECORD.read_bytes())
        c = record["conference"]
        conference = Conference.objects.filter(subject=c["subject"], date=c["date"]).first()
        if conference is None:
            conference = import_record(record)
            self.stdout.write(f"Đã nạp hội nghị mẫu: {conference}")
        for username, password, role, unit_code, full_name, title in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            first, last = full_name.rsplit(" ", 1)[1], full_name.rsplit(" ", 1)[0]
            user = User(
                username=username,
                role=role,
                unit=Unit.objects.get(code=unit_code),
                first_name=first,
                last_name=last,
                title=title,
                is_staff=role == User.Role.ADMIN,
                is_superuser=role == User.Role.ADMIN,
            )
            user.set_password(password)
            user.save()
        if not Draft.objects.filter(conference=conference).exists():
            draft = demo_draft(conference)
            self.stdout.write(f"Đã mở đợt góp ý mẫu cho dự thảo: {draft.title}")
        self.stdout.write("Tài khoản demo (tên đăng nhập / mật khẩu):")
        for username, password, role, *_ in DEMO_USERS:
            self.stdout.write(f"  {User.Role(role).label:<28} {username:<10} {password}")


def demo_draft(conference):
    """The report of the demo conference as a draft, out for comment to the district committees for
    two weeks, so that the demo office user has a round to answer."""
    report = compose(conference_with_record(conference.pk, units=False), units=False)
    staff = User.objects.get(username="canbo")
    draft = services.draft_create(
        conference=conference,
        title=f"Báo cáo {report.subject[:1].lower()}{report.subject[1:]}",
        user=staff,
        text="\n\n".join(text for text, _kind in report.reading_order()),
    )
    districts = (
        Unit.objects.filter(kind=Unit.Kind.DISTRICT_COMMITTEE).active_on(conference.date).order_by("path")
    )
    services.round_open(
        version=draft.versions.get(number=1),
        units=districts,
        # 17:00 local time, two weeks from today: a deadline as an office would set it.
        deadline=(timezone.localtime() + datetime.timedelta(days=14)).replace(
            hour=17, minute=0, second=0, microsecond=0
        ),
        instructions="Đề nghị Ủy ban MTTQ các huyện, thành phố góp ý vào dự thảo báo cáo, "
        "ghi ý kiến vào từng đoạn và gửi trước hạn.",
        user=staff,
    )
    return draft
