"""A staff member enters the 2016 seed conference from scratch through the pages; the record view
then reads the seed's sections I and II, item by item, in the seed's order."""

import json
from pathlib import Path

import pytest

from conferences.models import Conference
from frontwork.accounts.models import Unit
from tests.conftest import htmx_settled, login
from tests.factories import delete_conferences

SEED = json.loads(
    (Path(__file__).resolve().parents[1] / "reports" / "demo" / "giao-ban-2016.json").read_text("utf-8")
)["conference"]


def unit_pk(code):
    return str(Unit.objects.get(code=code).pk)


class Editor:
    """Drives the editing page of one conference."""

    def __init__(self, page, conference_pk):
        self.page = page
        self.pk = conference_pk

    def open_add(self, key, parent_pk=None):
        parent_pk = parent_pk or self.pk
        box = self.page.locator(f"#add-{key}-{parent_pk}")
        if box.locator("form").count() == 0:
            box.locator(".fw-add-button").click()
        box.locator("form").wait_for()
        return box

    def items(self, key, parent_pk=None):
        return self.page.locator(f"#list-{key}-{parent_pk or self.pk} > li")

    def add(self, key, fill, parent_pk=None, submit_with_keyboard=False):
        from playwright.sync_api import expect

        before = self.items(key, parent_pk).count()
        box = self.open_add(key, parent_pk)
        form = box.locator("form")
        fill(form)
        if submit_with_keyboard:
            form.locator("[name$='-text']").press("Control+Enter")
        else:
            form.get_by_role("button", name="Thêm", exact=True).click()
        expect(self.items(key, parent_pk)).to_have_count(before + 1)
        expect(box.locator("[role=status]")).to_contain_text("Đã thêm")
        return self.items(key, parent_pk).nth(before)

    def close_add(self, key, parent_pk=None):
        box = self.page.locator(f"#add-{key}-{parent_pk or self.pk}")
        box.get_by_role("button", name="Xong").click()
        box.locator(".fw-add-button").wait_for()


def fill_text(text):
    def fill(form):
        form.locator("[name$='-text']").fill(text)

    return fill


def tick(form, codes):
    for code in codes:
        form.locator(f"input[type=checkbox][value='{unit_pk(code)}']").check()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_enter_the_2016_conference_from_scratch(browser_page, demo):
    from playwright.sync_api import expect

    delete_conferences()  # keep the organisation tree and the users, enter the record anew
    page = browser_page
    login(page, "canbo", "canbo-demo-2016")

    # The conference itself.
    page.goto(page.base + "/hoi-nghi/")
    page.get_by_role("link", name="+ Tạo hội nghị").click()
    page.get_by_label("Loại hội nghị").select_option("briefing")
    page.locator("#id_period").select_option("year")
    page.locator("#id_period_year").fill("2016")
    page.get_by_label("Nội dung hội nghị").fill(SEED["subject"])
    page.get_by_label("Ngày họp").fill(SEED["date"])
    page.get_by_label("Hình thức").select_option("online")
    page.get_by_label("Số điểm cầu").fill(str(SEED["site_count"]))
    expect(page.get_by_label("Đơn vị chủ trì tổ chức")).to_have_value(unit_pk("btt-tinh"))
    page.get_by_label("Chủ trì", exact=True).fill(SEED["chair"])
    page.get_by_label("Trạng thái").select_option("held")
    page.get_by_label("Lời dẫn phần kiến nghị").fill(SEED["recommendations_intro"])
    page.get_by_label("Lời dẫn phần kết luận").fill(SEED["conclusions_intro"])
    page.get_by_role("button", name="Tạo và nhập nội dung").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã tạo hội nghị")
    conference = Conference.objects.get()
    editor = Editor(page, conference.pk)

    # Attendance: units picked from the tree, a whole group at a time where the report says "các".
    for group in SEED["attendance"]:

        def fill_group(form, group=group):
            form.locator("select[name$='-kind']").select_option(group["kind"])
            # The report's usual wording is proposed for the chosen group.
            expect(form.locator("[name$='-description']")).not_to_be_empty()
            form.locator("[name$='-description']").fill(group["description"])
            if group["kind"] == "standing_board":
                form.get_by_role("checkbox", name="Ban Thường trực", exact=True).check()
            else:
                kind = {
                    "member_organisations": "Tổ chức thành viên",
                    "district_committees": "Ủy ban MTTQ cấp huyện",
                    "commune_committees": "Ủy ban MTTQ cấp xã",
                }[group["kind"]]
                form.get_by_role("group", name=kind).get_by_role("button", name="Chọn cả nhóm").click()
            if group["site_count"]:
                form.locator("[name$='-site_count']").fill(str(group["site_count"]))

        editor.add("attendance", fill_group)
    editor.close_add("attendance")

    # Agenda items, the second one first entered with a typo and corrected in place.
    for index, item in enumerate(SEED["agenda"]):
        text = item["text"].replace("báo cáo", "bao cao") if index == 1 else item["text"]

        def fill_agenda(form, text=text, codes=item["presenters"]):
            form.locator("[name$='-text']").fill(text)
            tick(form, codes)

        row = editor.add("agenda", fill_agenda, submit_with_keyboard=index == 2)
    typo = editor.items("agenda").nth(1)
    typo.get_by_role("button", name="Sửa").click()
    typo.locator("[name$='-text']").fill(SEED["agenda"][1]["text"])
    typo.get_by_role("button", name="Lưu").click()
    expect(typo.locator(".fw-item-text")).to_have_text(SEED["agenda"][1]["text"])

    # The draft opinion and its two proposed tasks.
    opinion = SEED["draft_opinions"][0]

    def fill_opinion(form):
        form.locator("[name$='-draft_title']").fill(opinion["draft_title"])
        form.locator("[name$='-verdict']").fill(opinion["verdict"])
        form.locator("[name$='-tasks_intro']").fill(opinion["tasks_intro"])

    row = editor.add("opinions", fill_opinion)
    opinion_pk = int(row.get_attribute("id").rsplit("-", 1)[1])
    for task in opinion["proposed_tasks"]:
        editor.add("tasks", fill_text(task["text"]), parent_pk=opinion_pk)

    # Difficulties: the last two entered in the wrong order, then put right with "↑".
    # Typed from the keyboard only: the form opens with the cursor in "Nội dung", Ctrl+Enter adds
    # the item and brings a fresh form with the cursor back in "Nội dung".
    difficulties = [d["text"] for d in SEED["difficulties"]]
    box = editor.open_add("difficulties")
    for count, text in enumerate(difficulties[:3] + [difficulties[4], difficulties[3]], start=1):
        expect(box.locator("[name$='-text']")).to_be_focused()
        page.keyboard.insert_text(text)
        page.keyboard.press("Control+Enter")
        expect(editor.items("difficulties")).to_have_count(count)
        expect(box.locator("[role=status]")).to_contain_text("Đã thêm")
    last = editor.items("difficulties").nth(4)
    expect(last.locator(".fw-item-text")).to_have_text(difficulties[3])
    # Half-typed text elsewhere on the page survives the move: in the add form and in an item being edited.
    add_form = page.locator(f"#add-difficulties-{conference.pk} form")
    add_form.locator("[name$='-text']").fill("Đang gõ dở")
    first = editor.items("difficulties").nth(0)
    first.get_by_role("button", name="Sửa").click()
    first.locator("[name$='-text']").fill("Sửa dở")
    last.get_by_role("button", name="Chuyển lên").click()
    expect(editor.items("difficulties").nth(3).locator(".fw-item-text")).to_have_text(difficulties[3])
    expect(add_form.locator("[name$='-text']")).to_have_value("Đang gõ dở")
    expect(first.locator("[name$='-text']")).to_have_value("Sửa dở")
    # Esc leaves the edit without saving; "Xong" closes the add form.
    first.locator("[name$='-text']").press("Escape")
    expect(first.locator(".fw-item-text")).to_have_text(difficulties[0])
    editor.close_add("difficulties")

    # Recommendations with their addressee, directives with their owners and due dates.
    for item in SEED["recommendations"]:

        def fill_recommendation(form, item=item):
            form.locator("[name$='-text']").fill(item["text"])
            tick(form, item["raised_by"])
            form.locator("select[name$='-addressee']").select_option(unit_pk(item["addressee"]))

        editor.add("recommendations", fill_recommendation)
    for item in SEED["directives"]:

        def fill_directive(form, item=item):
            form.locator("[name$='-text']").fill(item["text"])
            tick(form, item["owners"])
            if item["due_date"]:
                form.locator("[name$='-due_date']").fill(item["due_date"])

        editor.add("directives", fill_directive)

    # The record view reads like the report: every item of sections I and II, in the seed's order.
    page.get_by_role("link", name="Xem như báo cáo").click()
    record = page.locator("#record").inner_text()
    expected = [
        "I. Kết quả cụ thể:",
        f"1. Đối với {opinion['draft_title']}.",
        opinion["verdict"],
        opinion["tasks_intro"],
        *[t["text"] for t in opinion["proposed_tasks"]],
        "2. Những khó khăn, hạn chế",
        *difficulties,
        "3. Những kiến nghị, đề xuất.",
        SEED["recommendations_intro"],
        *[r["text"] for r in SEED["recommendations"]],
        "II. Kết thúc.",
        SEED["conclusions_intro"],
        *[d["text"] for d in SEED["directives"]],
    ]
    positions = []
    for fragment in expected:
        assert fragment in record, fragment
        positions.append(record.index(fragment, positions[-1] if positions else 0))
    assert positions == sorted(positions)
    assert "Tham dự hội nghị có các đồng chí trong Ban Thường trực" in record
    assert "Hội nghị đã thông qua các nội dung: Dự thảo báo cáo công tác Mặt trận tỉnh năm 2016" in record

    # What was entered is the seed's data, units included.
    conference.refresh_from_db()
    groups = list(conference.attendance.all())
    assert [sorted(u.code for u in g.units.all()) for g in groups] == [
        sorted(g["units"]) for g in SEED["attendance"]
    ]
    assert [r.addressee.code for r in conference.recommendations.all()] == [
        r["addressee"] for r in SEED["recommendations"]
    ]
    assert [d.due_date and d.due_date.isoformat() for d in conference.directives.all()] == [
        d["due_date"] for d in SEED["directives"]
    ]

    # Every change is in the history page.
    page.goto(page.base + f"/hoi-nghi/{conference.pk}/lich-su/")
    expect(page.locator(".fw-history-entry").first).to_contain_text("Nguyễn Thị Lan")
    expect(page.locator(".fw-action-moved").first).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_people_edit_the_same_item_the_second_save_is_refused(browser_page, demo):
    from playwright.sync_api import expect

    conference = demo
    difficulty = list(conference.difficulties.all())[1]
    url = browser_page.base + f"/hoi-nghi/{conference.pk}/nhap-lieu/"

    lan = browser_page
    login(lan, "canbo", "canbo-demo-2016")
    lan.goto(url)
    lan_row = lan.locator(f"#item-difficulties-{difficulty.pk}")
    lan_row.get_by_role("button", name="Sửa").click()
    lan_row.locator("[name$='-text']").fill("Bản của Lan.")

    # Meanwhile the administrator, in another browser, changes and saves the same item.
    other = lan.context.browser.new_context(locale="vi-VN")
    huy = other.new_page()
    huy.base = lan.base
    login(huy, "quantri", "quantri-demo-2016")
    huy.goto(url)
    huy_row = huy.locator(f"#item-difficulties-{difficulty.pk}")
    huy_row.get_by_role("button", name="Sửa").click()
    huy_row.locator("[name$='-text']").fill("Bản của Huy.")
    huy_row.get_by_role("button", name="Lưu").click()
    expect(huy_row.locator(".fw-item-text")).to_have_text("Bản của Huy.")
    other.close()

    # Lan saves second: refused, with both versions side by side and her text still in the form.
    lan_row.get_by_role("button", name="Lưu").click()
    conflict = lan_row.locator(".fw-conflict")
    expect(conflict).to_contain_text("Chưa lưu: người khác vừa sửa mục này.")
    expect(conflict).to_contain_text("Phạm Quốc Huy đã lưu lúc")
    expect(conflict.locator("tbody tr").locator("th, td")).to_have_text(
        ["Nội dung", "Bản của Huy.", "Bản của Lan."]
    )
    expect(lan_row.locator("[name$='-text']")).to_have_value("Bản của Lan.")
    difficulty.refresh_from_db()
    assert difficulty.text == "Bản của Huy."
    # Saving again, having seen the difference, is her deliberate choice.
    lan_row.get_by_role("button", name="Lưu").click()
    expect(lan_row.locator(".fw-item-text")).to_have_text("Bản của Lan.")
    difficulty.refresh_from_db()
    assert difficulty.text == "Bản của Lan." and difficulty.version == 3


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_unit_filter_ignores_diacritics_and_case(browser_page, demo):
    from playwright.sync_api import expect

    conference = demo
    difficulty = list(conference.difficulties.all())[0]
    page = browser_page
    login(page, "canbo", "canbo-demo-2016")
    page.goto(page.base + f"/hoi-nghi/{conference.pk}/nhap-lieu/")
    row = page.locator(f"#item-difficulties-{difficulty.pk}")
    row.get_by_role("button", name="Sửa").click()
    picker = row.locator(".fw-unit-picker")
    picker.wait_for()
    htmx_settled(page)
    picker.get_by_label("Lọc đơn vị theo tên").fill("HOA  an")
    visible = picker.locator(".fw-unit-option:not(.fw-hidden)")
    expect(visible).to_have_text(["Mặt trận huyện Hòa An", "Mặt trận thị trấn Hòa An"])
    picker.get_by_label("Lọc đơn vị theo tên").fill("")
    expect(visible.filter(has_text="Phú Lộc")).to_have_count(1)
