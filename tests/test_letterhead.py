"""The letterhead, place name, code, recipients and signature block of a report, from the
organisation tree (reports/final/letterhead.py) and as the PDF prints them (page 1 through
pdftotext): right for a host at every level without any administrator edit."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from frontwork.accounts.models import Unit
from reports.final import services
from reports.final.document import print_html
from reports.final.letterhead import NBSP, keep_place_together
from reports.final.models import FinalReport, LayoutSettings
from reports.final.printing import render_pdf
from tests.factories import ConferenceFactory, UnitFactory, UserFactory
from tests.pdfcheck import pdf_pages, squash

K = Unit.Kind
FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam"
AFTER_REFORM = datetime.date(2025, 9, 15)


@pytest.fixture
def tree(db):
    """The central committee; a province (as load_divisions names it); a district of that province
    closed by the 2025 reform; a ward of the province since the reform; each with a standing board,
    the province with a department."""
    units = {}

    def committee(key, kind, name, parent=None, place="", **extra):
        units[key] = UnitFactory(code=key, name=name, kind=kind, parent=parent, place_name=place, **extra)
        units[f"btt_{key}"] = UnitFactory(
            code=f"btt-{key}",
            name=f"Ban Thường trực {name}",
            short_name="Ban Thường trực",
            kind=K.STANDING_BOARD,
            parent=units[key],
            place_name=place,
            active_to=extra.get("active_to"),
        )

    committee("tw", K.CENTRAL, "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", short_name="UBTW MTTQ VN")
    committee("an_giang", K.PROVINCIAL_COMMITTEE, f"{FRONT} tỉnh An Giang", units["tw"], "An Giang")
    committee(
        "chau_thanh",
        K.DISTRICT_COMMITTEE,
        f"{FRONT} huyện Châu Thành",
        units["an_giang"],
        "Châu Thành",
        active_to=datetime.date(2025, 6, 30),
    )
    committee(
        "long_xuyen", K.COMMUNE_COMMITTEE, f"{FRONT} phường Long Xuyên", units["an_giang"], "Long Xuyên"
    )
    units["ban_tg"] = UnitFactory(
        code="ban-tg-an-giang", name="Ban Tuyên giáo", kind=K.DEPARTMENT, parent=units["an_giang"]
    )
    return units


def _report(unit, day):
    conference = ConferenceFactory(
        host_unit=unit, date=day, period_year=day.year, period_number=day.month, subject=f"tháng {day.month}"
    )
    return services.final_report_get_or_create(conference=conference)


def page_one(report, tmp_path):
    layout = services.layout_settings_get_or_create(unit=report.conference.host_unit)
    path = tmp_path / f"report-{report.pk}.pdf"
    path.write_bytes(render_pdf(print_html(report, layout), layout).content)
    return pdf_pages(path)[0]


def lines_of(page):
    return [squash(line) for line in page.splitlines() if line.strip()]


HOSTS = [
    # host, date, first line, second line, place, code, a recipient, not a recipient
    (
        "btt_tw",
        AFTER_REFORM,
        "ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM",
        "BAN THƯỜNG TRỰC",
        "Hà Nội",
        "BC-MTTW-BTT",
        "Ban Thường trực Ủy ban MTTQ Việt Nam các tỉnh, thành phố;",
        "Mặt trận các huyện, thành phố;",
    ),
    (
        "btt_an_giang",
        AFTER_REFORM,
        "ỦY BAN MTTQ VIỆT NAM TỈNH AN GIANG",
        "BAN THƯỜNG TRỰC",
        "An Giang",
        "BC-MTTQ-BTT",
        "Mặt trận các xã, phường, đặc khu;",
        "Mặt trận các huyện, thành phố;",
    ),
    (
        "btt_chau_thanh",
        datetime.date(2019, 5, 20),
        "ỦY BAN MTTQ VIỆT NAM HUYỆN CHÂU THÀNH",
        "BAN THƯỜNG TRỰC",
        "Châu Thành",
        "BC-MTTQ-BTT",
        "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh An Giang;",
        "Mặt trận các huyện, thành phố;",
    ),
    (
        "long_xuyen",  # a committee as host issues through its standing board
        AFTER_REFORM,
        "ỦY BAN MTTQ VIỆT NAM PHƯỜNG LONG XUYÊN",
        "BAN THƯỜNG TRỰC",
        "Long Xuyên",
        "BC-MTTQ-BTT",
        "Thường trực Đảng ủy, HĐND, UBND phường Long Xuyên;",
        "Mặt trận các huyện, thành phố;",
    ),
]


@pytest.mark.parametrize("host, day, first, second, place, code, sent_to, not_sent_to", HOSTS)
def test_page_one_has_the_letterhead_of_the_tree_without_any_edit(
    tree, tmp_path, host, day, first, second, place, code, sent_to, not_sent_to
):
    report = _report(tree[host], day)
    assert not LayoutSettings.objects.exclude(parent_body_line="", issuing_body_line="").exists()
    assert report.code == code
    assert sent_to in report.recipient_lines and not_sent_to not in report.recipient_lines
    page = page_one(report, tmp_path)
    lines = lines_of(page)
    # The first line (wrapped by the narrow column), then the issuing body, then the number.
    board = lines.index(second)
    assert " ".join(lines[:board]) == first
    assert lines[board + 1].startswith("Số:") and f"/{code}" in squash(page)
    date = (
        f"ngày {day.day:02d} tháng {day.month:02d}"
        if day.month <= 2
        else f"ngày {day.day:02d} tháng {day.month}"
    )
    assert f"{place or '…'}, {date} năm {day.year}" in squash(page)
    text = squash(page)
    # never a short name, never the demo province's name
    assert "UBTW MTTQ VN" not in text and "MẶT TRẬN TỔ QUỐC VIỆT NAM TỈNH" not in text
    # the recipients by level, printed (the report is one page long)
    assert f"- {sent_to}" in text and not_sent_to not in text


def test_recipients_follow_the_hosts_level(tree):
    province = _report(tree["btt_an_giang"], datetime.date(2019, 5, 20)).recipient_lines
    assert province == [
        "Ban Thường trực UBTW MTTQ Việt Nam;",
        "Thường trực Tỉnh ủy, HĐND, UBND tỉnh An Giang;",
        "Các tổ chức thành viên;",
        "Mặt trận các huyện, thành phố;",
        "Lưu: VT.",
    ]
    district = _report(tree["btt_chau_thanh"], datetime.date(2019, 5, 20)).recipient_lines
    assert "Thường trực Huyện ủy, HĐND, UBND huyện Châu Thành;" in district
    assert "Mặt trận các xã, phường, thị trấn;" in district
    commune = _report(tree["btt_long_xuyen"], AFTER_REFORM).recipient_lines
    assert commune[0] == "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh An Giang;"
    assert "Ban công tác Mặt trận các khu dân cư;" in commune
    assert not any("huyện" in line or "các xã" in line for line in commune)


def test_a_department_issues_under_its_committee_with_its_own_code(tree):
    report = _report(tree["ban_tg"], AFTER_REFORM)
    layout = services.layout_settings_get_or_create(unit=tree["ban_tg"])
    html = print_html(report, layout)
    assert "ỦY BAN MTTQ VIỆT NAM TỈNH" in html and "BAN TUYÊN GIÁO" in html
    assert report.code == "BC-MTTQ-BTG"
    assert report.signature_lines == ["TRƯỞNG BAN"]


def test_a_letterhead_line_never_breaks_inside_a_place_name(tree, tmp_path):
    assert keep_place_together("ỦY BAN MTTQ VIỆT NAM PHƯỜNG LONG XUYÊN") == (
        f"ỦY BAN MTTQ VIỆT NAM PHƯỜNG{NBSP}LONG{NBSP}XUYÊN"
    )
    assert keep_place_together("BAN THƯỜNG TRỰC") == "BAN THƯỜNG TRỰC"
    # The column is narrow: the line wraps before the place name, never inside it (without the
    # no-break spaces it prints "ỦY BAN MTTQ VIỆT NAM XÃ" / "LONG ĐIỀN").
    long_dien = UnitFactory(
        code="long-dien", name=f"{FRONT} xã Long Điền", kind=K.COMMUNE_COMMITTEE, parent=tree["an_giang"]
    )
    for unit, place in ((long_dien, "XÃ LONG ĐIỀN"), (tree["long_xuyen"], "PHƯỜNG LONG XUYÊN")):
        lines = lines_of(page_one(_report(unit, AFTER_REFORM), tmp_path))
        assert lines[:3] == ["ỦY BAN MTTQ VIỆT NAM", place, "BAN THƯỜNG TRỰC"]


def test_staff_edit_the_letterhead_with_line_breaks(tree, tmp_path):
    staff = UserFactory(unit=tree["btt_long_xuyen"])
    report = _report(tree["btt_long_xuyen"], AFTER_REFORM)
    services.final_report_update(
        report=report,
        user=staff,
        parent_body_line="ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG LONG XUYÊN",
        issuing_body_line="BAN THƯỜNG TRỰC",
    )
    lines = lines_of(page_one(report, tmp_path))
    assert lines[:3] == ["ỦY BAN MTTQ VIỆT NAM", "PHƯỜNG LONG XUYÊN", "BAN THƯỜNG TRỰC"]


SIGNATURES = [
    # authority, body, second authority, second body, title → lines above the name
    ("TM.", "Ban Thường trực", "", "", "Chủ tịch", ["TM. BAN THƯỜNG TRỰC", "CHỦ TỊCH"]),
    ("KT.", "Chủ tịch", "", "", "Phó Chủ tịch", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    (
        "TM.",
        "Ban Thường trực",
        "KT.",
        "Chủ tịch",
        "Phó Chủ tịch",
        ["TM. BAN THƯỜNG TRỰC", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    ),
    ("Q.", "Chủ tịch", "", "", "", ["Q. CHỦ TỊCH"]),
    ("TM.", "Ban Thường trực", "Q.", "Chủ tịch", "", ["TM. BAN THƯỜNG TRỰC", "Q. CHỦ TỊCH"]),
    ("TL.", "Chủ tịch", "", "", "Chánh Văn phòng", ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
]


@pytest.mark.parametrize("authority, body, authority_2, body_2, title, expected", SIGNATURES)
def test_each_signature_form_prints_its_lines(
    tree, tmp_path, authority, body, authority_2, body_2, title, expected
):
    staff = UserFactory(unit=tree["btt_an_giang"])
    report = _report(tree["btt_an_giang"], AFTER_REFORM)
    services.final_report_update(
        report=report,
        user=staff,
        signer_authority=authority,
        signer_body=body,
        signer_authority_2=authority_2,
        signer_body_2=body_2,
        signer_title=title,
        signer_name="Trần Văn Bình",
    )
    assert report.signature_lines == expected
    assert report.signed_title == expected[-1]
    layout = services.layout_settings_get_or_create(unit=report.conference.host_unit)
    path = tmp_path / "signed.pdf"
    path.write_bytes(render_pdf(print_html(report, layout), layout).content)
    last = lines_of(pdf_pages(path)[-1])
    name = last.index("Trần Văn Bình")
    # the authority lines, in order, above the name (the recipients' column may sit between them)
    above = [line for line in last[:name] if line in expected]
    assert above == expected


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"signer_authority_2": "TM.", "signer_body_2": "BAN THƯỜNG TRỰC"}, "signer_authority_2"),
        (
            {"signer_authority": "", "signer_authority_2": "KT.", "signer_body_2": "CHỦ TỊCH"},
            "signer_authority_2",
        ),
        ({"signer_authority_2": "KT.", "signer_body_2": ""}, "signer_body_2"),
        ({"signer_title": ""}, "signer_title"),
        ({"signer_authority": "KT.", "signer_body": ""}, "signer_body"),
    ],
)
def test_a_signature_block_that_does_not_hold_together_is_refused(tree, fields, field):
    staff = UserFactory(unit=tree["btt_an_giang"])
    report = _report(tree["btt_an_giang"], AFTER_REFORM)
    with pytest.raises(ValidationError) as refused:
        services.final_report_update(report=report, user=staff, **fields)
    assert field in refused.value.message_dict
    report.refresh_from_db()
    assert report.revision == 1 and report.signer_authority == "TM." and report.signer_title == "CHỦ TỊCH"


# --- the final report page: letterhead fields and the live preview of page 1 ---

PAGE_FORM = {
    "number": "12",
    "code": "BC-MTTQ-BTT",
    "place_name": "",
    "date": "2016-11-28",
    "title": "BÁO CÁO",
    "subject": "Kết quả giao ban",
    "signer_authority": "TM.",
    "signer_body": "BAN THƯỜNG TRỰC",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Lê Văn Minh",
    "recipients": "- Lưu: VT.",
}


@pytest.fixture
def hosted(province):
    return ConferenceFactory(host_unit=province["board"], subject="công tác Mặt trận tháng 11 năm 2016")


def test_the_form_starts_with_the_units_letterhead_and_keeps_following_it(client, users, hosted):
    from django.urls import reverse

    client.force_login(users["staff"])
    url = reverse("reports:final_report", args=[hosted.pk])
    page = client.get(url).text
    assert "ỦY BAN MTTQ VIỆT NAM TỈNH</textarea>" in page and "BAN THƯỜNG TRỰC</textarea>" in page
    assert 'id="page1-preview"' in page and "Xem trước trang 1" in page
    # unchanged: stored empty (it follows the unit); typed with a break: kept, in capitals
    data = {
        **PAGE_FORM,
        "parent_body_line": "ỦY BAN MTTQ VIỆT NAM TỈNH",
        "issuing_body_line": "BAN THƯỜNG TRỰC",
    }
    assert client.post(url, data).status_code == 302
    report = FinalReport.objects.get(conference=hosted)
    assert (report.parent_body_line, report.issuing_body_line) == ("", "")
    data["parent_body_line"] = "Ủy ban MTTQ Việt Nam\r\ntỉnh  Cao Bằng"
    assert client.post(url, {**data, "revision": report.revision}).status_code == 302
    report.refresh_from_db()
    assert report.parent_body_line == "ỦY BAN MTTQ VIỆT NAM\nTỈNH CAO BẰNG"
    # too long: refused next to the field, nothing changes
    response = client.post(url, {**data, "parent_body_line": "X" * 300, "revision": report.revision})
    assert response.status_code == 200 and "255" in response.text
    report.refresh_from_db()
    assert report.parent_body_line == "ỦY BAN MTTQ VIỆT NAM\nTỈNH CAO BẰNG"


def test_the_preview_shows_what_is_typed_and_saves_nothing(client, users, hosted):
    from django.urls import reverse

    client.force_login(users["staff"])
    url = reverse("reports:final_report_preview", args=[hosted.pk])
    data = {
        **PAGE_FORM,
        "parent_body_line": "ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG LONG XUYÊN",
        "signer_authority_2": "KT.",
        "signer_body_2": "Chủ tịch",
        "signer_title": "Phó Chủ tịch",
        "place_name": "Long Xuyên",
    }
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.text
    assert '<p class="parent-body">ỦY BAN MTTQ VIỆT NAM</p>' in html
    assert f"PHƯỜNG{NBSP}LONG{NBSP}XUYÊN" in html
    assert "Số: 12/BC-MTTQ-BTT" in html and "Long Xuyên, ngày 28 tháng 11 năm 2016" in html
    assert "KT. CHỦ TỊCH" in html and "PHÓ CHỦ TỊCH" in html
    assert not FinalReport.objects.exists()
    # a value not valid yet shows as it was, the others as typed
    html = client.post(url, {**data, "number": "12a", "signer_name": "Trần B"}).text
    assert "Trần B" in html and "12a" not in html
    assert not FinalReport.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("leader", 403), ("office", 404), ("other_office", 404)])
def test_the_preview_is_for_those_who_edit_the_report(client, users, hosted, role, status):
    from django.urls import reverse

    client.force_login(users[role])
    url = reverse("reports:final_report_preview", args=[hosted.pk])
    assert client.post(url, PAGE_FORM).status_code == status
    assert client.get(url).status_code in (405, 404, 403)


def test_attendance_suggestions_follow_the_hosts_level(tree):
    from conferences.forms import attendance_descriptions
    from conferences.models import AttendanceGroup

    G = AttendanceGroup.Kind
    province_2016 = attendance_descriptions(tree["btt_an_giang"], datetime.date(2016, 12, 27))
    assert province_2016[G.DISTRICT_COMMITTEES] == "Ban Thường trực Ủy ban Mặt trận các huyện, thành phố"
    assert province_2016[G.MEMBER_ORGANISATIONS] == "lãnh đạo các tổ chức đoàn thể tỉnh"
    province = attendance_descriptions(tree["btt_an_giang"], AFTER_REFORM)
    assert G.DISTRICT_COMMITTEES not in province and "đặc khu" in province[G.COMMUNE_COMMITTEES]
    district = attendance_descriptions(tree["btt_chau_thanh"], datetime.date(2019, 5, 20))
    assert district[G.STANDING_BOARD].endswith("Ủy ban Mặt trận Tổ quốc Việt Nam huyện")
    assert G.DISTRICT_COMMITTEES not in district
    ward = attendance_descriptions(tree["btt_long_xuyen"], AFTER_REFORM)
    assert ward[G.STANDING_BOARD].endswith("Việt Nam phường") and ward[G.MEMBER_ORGANISATIONS].endswith(
        "phường"
    )
    assert G.DISTRICT_COMMITTEES not in ward and "khu dân cư" in ward[G.COMMUNE_COMMITTEES]
    assert not any("huyện" in text or "tỉnh" in text for text in ward.values())
    central = attendance_descriptions(tree["btt_tw"], AFTER_REFORM)
    assert "Trung ương" in central[G.STANDING_BOARD] and G.COMMUNE_COMMITTEES not in central


def test_the_report_page_leaves_the_preview_to_htmx_and_reads_no_record_items(client, users, hosted):
    """The page names where htmx asks for page 1 once loaded; the page itself reads none of the
    record's lists (the preview request does)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from conferences.models import AgendaItem, Difficulty

    client.force_login(users["staff"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("reports:final_report", args=[hosted.pk])).text
    assert 'hx-trigger="load, input' in page
    assert reverse("reports:final_report_preview", args=[hosted.pk]) in page
    tables = {AgendaItem._meta.db_table, Difficulty._meta.db_table}
    assert not [q["sql"] for q in queries.captured_queries if any(f'"{t}"' in q["sql"] for t in tables)]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_preview_of_page_1_follows_what_staff_type(browser_page, demo, demo_users):
    from tests.conftest import login

    before = list(FinalReport.objects.filter(conference=demo).values())
    page = browser_page
    login(page, demo_users["staff"].username, "canbo-demo-2016")
    page.goto(f"{page.base}/hoi-nghi/{demo.pk}/bao-cao-chinh-thuc/")
    preview = page.locator("#page1-preview")
    assert preview.locator(".parent-body").first.inner_text() == "ỦY BAN MTTQ VIỆT NAM TỈNH"
    page.get_by_label("Tên cơ quan cấp trên", exact=True).fill("Ủy ban MTTQ Việt Nam\ntỉnh Cao Bằng")
    page.get_by_label("Thẩm quyền ký (dòng 2)", exact=True).select_option("KT.")
    page.get_by_label("Dòng thẩm quyền thứ hai", exact=True).fill("Chủ tịch")
    page.locator("#page1-preview .parent-body >> nth=1").wait_for()
    assert page.locator("#page1-preview .parent-body").all_inner_texts() == [
        "ỦY BAN MTTQ VIỆT NAM",
        f"TỈNH{NBSP}CAO{NBSP}BẰNG",
    ]
    page.locator("#page1-preview .signature-line", has_text="KT. CHỦ TỊCH").wait_for()
    assert list(FinalReport.objects.filter(conference=demo).values()) == before  # nothing saved


def test_an_acting_signer_can_be_approved_and_the_place_comes_from_the_tree(tree, settings, tmp_path):
    """The version records what it prints: "Q. CHỦ TỊCH" as the signer's title (no title line
    under it), the ward's place name from the tree; nothing is missing for approval."""
    from reports.final import selectors
    from reports.final.tasks import render_final_report
    from reports.models import ReportVersion

    settings.MEDIA_ROOT = str(tmp_path / "media")
    staff = UserFactory(unit=tree["btt_long_xuyen"])
    report = _report(tree["btt_long_xuyen"], AFTER_REFORM)
    services.final_report_update(
        report=report,
        user=staff,
        number="7",
        signer_authority="TM.",
        signer_body="Ban Thường trực",
        signer_authority_2="Q.",
        signer_body_2="Chủ tịch",
        signer_title="",
        signer_name="Trần Văn Bình",
    )
    job = services.final_report_request(report=report, user=staff)
    render_final_report(job_id=job.pk)
    version = ReportVersion.objects.get(final_report=report)
    assert (version.signer_title, version.place_name) == ("Q. CHỦ TỊCH", "Long Xuyên")
    report.refresh_from_db()
    assert selectors.approval_problems(version, report, version) == []
