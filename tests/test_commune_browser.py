"""A commune of the demo province (xã Hòa An, since the 2025 reform) runs its own monthly briefing
in the browser, with a real worker: its staff create it, enter it and render the report; its leader
approves it; the province's staff and leader find it read-only; another commune and the other
province get 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference
from frontwork.accounts.models import Unit, User
from reports.final.models import ReportVersion
from tests.conftest import login
from tests.factories import UnitFactory, UserFactory
from tests.pdfcheck import body_text
from tests.test_entry_browser import Editor, fill_text, tick, unit_pk

RECIPIENTS = [
    "Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh;",
    "Thường trực Đảng ủy, HĐND, UBND xã;",
    "Các tổ chức chính trị - xã hội xã;",
    "Các Ban công tác Mặt trận thôn;",
    "Lưu: VT.",
]
RECOMMENDATION = "Đề nghị lắp đặt đèn chiếu sáng đoạn đường qua thôn Phố Mới."
DIRECTIVE = "Các Ban công tác Mặt trận thôn vận động nhân dân tham gia giữ gìn vệ sinh môi trường."


def _as(page, username, password):
    """A fresh browser context of the same browser, logged in as `username`."""
    context = page.context.browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    other = context.new_page()
    other.set_default_timeout(30000)
    other.base = page.base
    login(other, username, password)
    return other


def _post(page, url):
    """A POST with the session's CSRF token, as a forged form would send it."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return page.request.post(page.base + url, headers={"X-CSRFToken": token, "Referer": page.base + "/"})


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_commune_runs_its_own_briefing_and_the_province_reads_it(
    browser_page, celery_worker_process, demo, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = str(tmp_path / "media")
    celery_worker_process(MEDIA_ROOT=settings.MEDIA_ROOT)
    today = timezone.localdate()
    subject = f"công tác Mặt trận tháng {today.month} năm {today.year}"

    # --- the commune's staff create the briefing through the pages -------------------------------
    page = browser_page
    login(page, "canboxa", "canboxa-demo-2016")
    page.get_by_role("link", name="Hội nghị giao ban", exact=True).first.click()
    page.get_by_role("link", name="+ Tạo hội nghị").click()
    page.get_by_label("Loại hội nghị").select_option("briefing")
    page.locator("#id_period").select_option("month")
    page.locator("#id_period_number").fill(str(today.month))
    page.locator("#id_period_year").fill(str(today.year))
    page.get_by_label("Nội dung hội nghị").fill(subject)
    page.get_by_label("Ngày họp").fill(today.isoformat())
    page.get_by_label("Giờ họp").fill("14:00")
    page.get_by_label("Hình thức").select_option("in_person")
    page.get_by_label("Địa điểm").fill("Hội trường Ủy ban nhân dân xã Hòa An")
    # Its own standing board hosts, without choosing.
    expect(page.get_by_label("Đơn vị chủ trì tổ chức")).to_have_value(unit_pk("btt-xa-hoa-an"))
    page.get_by_label("Chủ trì", exact=True).fill("Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã")
    page.get_by_label("Trạng thái").select_option("held")
    page.get_by_label("Lời dẫn phần kiến nghị").fill(
        "Tại hội nghị, các Ban công tác Mặt trận thôn kiến nghị:"
    )
    page.get_by_label("Lời dẫn phần kết luận").fill("Kết thúc hội nghị, Ban Thường trực đề nghị:")
    page.get_by_role("button", name="Tạo và nhập nội dung").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tạo hội nghị")
    conference = Conference.objects.get(subject=subject)
    assert conference.host_unit.code == "btt-xa-hoa-an"

    # --- a few items of every section --------------------------------------------------------------
    editor = Editor(page, conference.pk)

    def fill_board(form):
        form.locator("select[name$='-kind']").select_option("standing_board")
        form.locator("[name$='-description']").fill(
            "các đồng chí trong Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã"
        )
        # Its own board and the province's are both offered, each named with its committee.
        form.get_by_role("checkbox", name="Ban Thường trực (Mặt trận xã Hòa An)").check()
        expect(form.get_by_role("checkbox", name="Ban Thường trực (UB MTTQ tỉnh)")).not_to_be_checked()

    def fill_areas(form):
        form.locator("select[name$='-kind']").select_option("commune_committees")
        form.locator("[name$='-description']").fill("Trưởng ban công tác Mặt trận các thôn")
        tick(form, ["bctmt-na-ri", "bctmt-pho-moi"])

    editor.add("attendance", fill_board)
    editor.add("attendance", fill_areas)
    editor.close_add("attendance")

    def fill_agenda(form):
        form.locator("[name$='-text']").fill("Báo cáo kết quả công tác Mặt trận tháng, nhiệm vụ tháng tới")
        tick(form, ["btt-xa-hoa-an"])

    editor.add("agenda", fill_agenda)

    def fill_opinion(form):
        form.locator("[name$='-draft_title']").fill("dự thảo báo cáo công tác Mặt trận năm")
        form.locator("[name$='-verdict']").fill("Các ý kiến thống nhất với dự thảo.")
        form.locator("[name$='-tasks_intro']").fill("Đề nghị bổ sung:")

    row = editor.add("opinions", fill_opinion)
    editor.add(
        "tasks",
        fill_text("Tổ chức Ngày hội Đại đoàn kết ở các thôn."),
        parent_pk=row.get_attribute("id").rsplit("-", 1)[1],
    )
    editor.add("difficulties", fill_text("Địa bàn rộng, dân cư phân tán sau sáp nhập."))

    def fill_recommendation(form):
        form.locator("[name$='-text']").fill(RECOMMENDATION)
        tick(form, ["bctmt-pho-moi"])
        # The commune's own People's Committee is offered; nothing of the other province is.
        addressee = form.locator("select[name$='-addressee']")
        assert addressee.locator(f"option[value='{unit_pk('ubnd-tinh-2')}']").count() == 0
        addressee.select_option(unit_pk("ubnd-xa-hoa-an"))

    editor.add("recommendations", fill_recommendation)

    def fill_directive(form):
        form.locator("[name$='-text']").fill(DIRECTIVE)
        tick(form, ["bctmt-na-ri", "bctmt-pho-moi"])

    editor.add("directives", fill_directive)

    # --- the final report's fields, then the PDF --------------------------------------------------
    page.goto(f"{page.base}/hoi-nghi/{conference.pk}/bao-cao-chinh-thuc/")
    page.locator("#id_number").fill("05")
    page.locator("#id_place_name").fill("Hòa An")
    page.locator("#id_signer_name").fill("Nông Văn Thắng")
    page.locator("#id_recipients").fill("\n".join(RECIPIENTS))
    page.get_by_role("button", name="Tạo bản PDF").click()
    page.wait_for_load_state()
    page.locator('#render-status [data-status="done"]').wait_for(timeout=90_000)
    version = ReportVersion.objects.get(final_report__conference=conference)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").first.click()
    path = tmp_path / "commune.pdf"
    path.write_bytes(open(download.value.path(), "rb").read())
    text = body_text(path)
    assert f"Hòa An, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}" in text
    assert RECOMMENDATION in text and DIRECTIVE in text and "Nông Văn Thắng" in text
    assert "Các Ban công tác Mặt trận thôn;" in text  # the recipients as typed

    # --- its leader approves it -------------------------------------------------------------------
    leader = _as(page, "lanhdaoxa", "lanhdaoxa-demo-2016")
    leader.goto(leader.base + reverse("reports:approvals"))
    leader.get_by_role("link", name=subject, exact=False).first.click()
    leader.wait_for_load_state()
    leader.on("dialog", lambda dialog: dialog.accept())
    leader.get_by_role("button", name="Phê duyệt").click()
    leader.wait_for_load_state()
    expect(leader.get_by_text("Đã phê duyệt phiên bản 1.")).to_be_visible()
    version.refresh_from_db()
    assert version.approved_by == User.objects.get(username="lanhdaoxa")
    leader.context.close()

    # --- the province's staff and leader find it, read-only ----------------------------------------
    record_url = reverse("conferences:record", args=[conference.pk])
    final_url = reverse("reports:final_report", args=[conference.pk])
    for username in ["canbo", "lanhdao"]:
        province = _as(page, username, f"{username}-demo-2016")
        province.goto(province.base + reverse("conferences:list"))
        listed = province.locator("tr", has_text=subject[:1].upper() + subject[1:])
        expect(listed).to_contain_text("Ban Thường trực (Mặt trận xã Hòa An)")
        expect(listed.get_by_role("link", name="Nhập liệu")).to_have_count(0)
        listed.get_by_role("link").first.click()
        province.wait_for_load_state()
        expect(province.locator("#record")).to_contain_text(RECOMMENDATION)
        expect(province.get_by_role("link", name="Nhập, sửa nội dung")).to_have_count(0)
        province.goto(province.base + final_url)
        expect(province.locator("#id_number")).to_have_count(0)
        expect(province.get_by_role("button", name="Tạo bản PDF")).to_have_count(0)
        expect(province.get_by_role("button", name="Phê duyệt")).to_have_count(0)
        expect(province.get_by_role("link", name="Tải về")).to_have_count(1)  # the approved PDF
        # In the registers, without the buttons that change an item.
        province.goto(province.base + reverse("recommendations:register") + "?q=den chieu sang")
        expect(province.locator("table.register tbody tr")).to_have_count(1)
        province.locator("table.register tbody tr").get_by_role("link").first.click()
        province.wait_for_load_state()
        expect(province.locator("main")).to_contain_text(RECOMMENDATION)
        expect(province.locator("main form button")).to_have_count(0)
        province.goto(province.base + reverse("recommendations:directives"))
        expect(province.locator("main")).to_contain_text(DIRECTIVE)
        # Forged POSTs are refused and change nothing.
        for url in [
            reverse("reports:final_report_render", args=[conference.pk]),
            reverse("reports:version_approve", args=[version.pk]),
            reverse("conferences:update", args=[conference.pk]),
        ]:
            response = _post(province, url)
            assert response.status == 403, url
            assert "Không có quyền truy cập" in response.text()
            assert "hãy liên hệ quản trị viên của UB MTTQ tỉnh hoặc của cấp trên." in response.text()
        province.context.close()
    assert ReportVersion.objects.filter(final_report__conference=conference).count() == 1

    # --- another commune of the province, and the other province, get 404 -------------------------
    board = UnitFactory(
        code="btt-p-trung-tam",
        name="Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam phường Trung Tâm",
        short_name="Ban Thường trực",
        kind=Unit.Kind.STANDING_BOARD,
        parent=Unit.objects.get(code="mttq-p-trung-tam"),
    )
    for role in [User.Role.STAFF, User.Role.LEADER]:
        UserFactory(username=f"{role}-phuong", role=role, unit=board)
    strangers = [(f"{role}-phuong", "mat-khau-thu-nghiem") for role in ["staff", "leader"]]
    for username, password in strangers + [("canbo2", "canbo2-demo-2016")]:
        stranger = _as(page, username, password)
        for url in [record_url, final_url, reverse("reports:version_download", args=[version.pk])]:
            assert stranger.goto(stranger.base + url).status == 404, (username, url)
        stranger.goto(stranger.base + reverse("conferences:list"))
        expect(stranger.locator("main")).not_to_contain_text(subject)
        stranger.context.close()
