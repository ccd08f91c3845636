"""The demo data: the 2016 briefing conference (giao-ban-2016.json, entered to the last item), one
user per role, the conference's report as a draft out for comment to the district committees; a
commune of the province as it is after the 1 July 2025 reform (xã Hòa An, directly under the
province) with its staff and leader and its November 2025 monthly briefing
(giao-ban-xa-hoa-an-2025-11.json); and a second province with a staff user of its own who sees
nothing of the first.

The tree holds both sides of the reform: the districts and their communes end on 30 June 2025
(the 2016 record names them), the communes made by the reform start on 1 July 2025 under the
province."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from conferences.composition import compose, conference_with_record
from conferences.models import Conference
from frontwork.accounts.models import Unit, User
from reports.drafts import services as drafts_services
from reports.drafts.models import Draft
from reports.records.importing import import_record, loads
from reports.signing.demo import demo_keys_create

DEMO_RECORD = Path(__file__).resolve().parent / "giao-ban-2016.json"
COMMUNE_RECORD = Path(__file__).resolve().parent / "giao-ban-xa-hoa-an-2025-11.json"
COMMUNE = "mttq-x-hoa-an"
COMMUNE_PLACE_NAME = "Hòa An"

# (user name, password, role, unit code, full name, title)
DEMO_USERS = [
    ("canbo", "canbo-demo-2016", User.Role.STAFF, "van-phong", "Nguyễn Thị Lan", "Chuyên viên Văn phòng"),
    ("huyen", "huyen-demo-2016", User.Role.OFFICE, "mttq-h-hoa-an", "Trần Văn Bình", "Phó Chủ tịch"),
    ("lanhdao", "lanhdao-demo-2016", User.Role.LEADER, "btt-tinh", "Lê Văn Minh", "Chủ tịch"),
    ("quantri", "quantri-demo-2016", User.Role.ADMIN, "van-phong", "Phạm Quốc Huy", "Quản trị hệ thống"),
]
# The commune's own staff and leader, at its standing board (the units come with its record).
COMMUNE_USERS = [
    (
        "canboxa",
        "canboxa-demo-2016",
        User.Role.STAFF,
        "btt-xa-hoa-an",
        "Đàm Thị Hoa",
        "Phó Chủ tịch Ủy ban MTTQ Việt Nam xã",
    ),
    (
        "lanhdaoxa",
        "lanhdaoxa-demo-2016",
        User.Role.LEADER,
        "btt-xa-hoa-an",
        "Nông Văn Thắng",
        "Chủ tịch Ủy ban MTTQ Việt Nam xã",
    ),
]
# A second province beside the demo's, with its own staff: it sees nothing of the first.
# (code, name, short name, kind, parent code)
OTHER_PROVINCE_UNITS = [
    (
        "ub-mttq-tinh-2",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Sơn",
        "MTTQ tỉnh Bắc Sơn",
        Unit.Kind.PROVINCIAL_COMMITTEE,
        "tw-mttq",
    ),
    (
        "btt-tinh-2",
        "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bắc Sơn",
        "Ban Thường trực",
        Unit.Kind.STANDING_BOARD,
        "ub-mttq-tinh-2",
    ),
    (
        "ubnd-tinh-2",
        "Ủy ban nhân dân tỉnh Bắc Sơn",
        "UBND tỉnh Bắc Sơn",
        Unit.Kind.PEOPLES_COMMITTEE,
        "ub-mttq-tinh-2",
    ),
]
OTHER_PROVINCE_USERS = [
    (
        "canbo2",
        "canbo2-demo-2016",
        User.Role.STAFF,
        "btt-tinh-2",
        "Hoàng Văn Nam",
        "Chuyên viên Ban Thường trực",
    ),
]


ALL_USERS = DEMO_USERS + COMMUNE_USERS + OTHER_PROVINCE_USERS


@dataclass
class DemoLoaded:
    conference: Conference
    conference_created: bool
    draft: Draft | None  # the demo draft, when this run created it
    commune_conference: Conference | None  # the commune's briefing, when this run created it


def demo_load():
    """Load what is missing of the demo data (running it again changes nothing)."""
    record = loads(DEMO_RECORD.read_bytes())
    c = record["conference"]
    conference = Conference.objects.filter(subject=c["subject"], date=c["date"]).first()
    created = conference is None
    if created:
        conference = import_record(record)
    commune_conference = demo_commune()
    for code, name, short_name, kind, parent in OTHER_PROVINCE_UNITS:
        if not Unit.objects.filter(code=code).exists():
            Unit(
                code=code, name=name, short_name=short_name, kind=kind, parent=Unit.objects.get(code=parent)
            ).save()
    for username, password, role, unit_code, full_name, title in ALL_USERS:
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
            is_superuser=False,  # an administrator of its committee, not of the whole tree
        )
        user.set_password(password)
        user.save()
    draft = None
    if not Draft.objects.filter(conference=conference).exists():
        draft = demo_draft(conference)
    demo_signing_keys(conference)
    return DemoLoaded(
        conference=conference,
        conference_created=created,
        draft=draft,
        commune_conference=commune_conference,
    )


def demo_commune():
    """The commune's units and its November 2025 briefing, when missing; its place name for the
    report's date line. Returns the conference when this run created it."""
    record = loads(COMMUNE_RECORD.read_bytes())
    c = record["conference"]
    created = None
    if not Conference.objects.filter(host_unit__code=c["host_unit"], date=c["date"]).exists():
        created = import_record(record)
    Unit.objects.filter(code=COMMUNE, place_name="").update(place_name=COMMUNE_PLACE_NAME)
    return created


def demo_signing_keys(conference):
    """Throw-away certificates (marked DEMO) for the unit that issues the demo report, so that
    approving it in the demo produces a signed original (reports/signing/demo.py)."""
    unit = conference.host_unit
    organisation = unit.parent if unit.kind == Unit.Kind.STANDING_BOARD and unit.parent else unit
    leader = User.objects.filter(username="lanhdao").first()
    demo_keys_create({unit: (leader.get_full_name() if leader else "Lãnh đạo", organisation.name)})


def demo_draft(conference):
    """The report of the demo conference as a draft, out for comment to the district committees for
    two weeks, so that the demo office user has a round to answer."""
    report = compose(conference_with_record(conference.pk, units=False), units=False)
    staff = User.objects.get(username="canbo")
    draft = drafts_services.draft_create(
        conference=conference,
        title=f"Báo cáo {report.subject[:1].lower()}{report.subject[1:]}",
        user=staff,
        text="\n\n".join(text for text, _kind in report.reading_order()),
    )
    districts = (
        Unit.objects.filter(kind=Unit.Kind.DISTRICT_COMMITTEE).active_on(conference.date).order_by("path")
    )
    drafts_services.round_open(
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
