"""The whole journey in a browser: staff upload a .docx and open a round for three units, two
offices comment and submit, one does not, staff triage and publish version 2, an office reads
the replies."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from frontwork.accounts.models import Unit, User
from reports.models import Comment, Draft
from tests.conftest import login
from tests.drafts_support import DRAFT_TITLE, eager_celery, make_docx  # noqa: F401
from tests.factories import ConferenceFactory, UnitFactory, UserFactory

PASSWORD = "mat-khau-thu-nghiem"


def screenshot(page, name):
    """Screenshots for a human to look at, when SCREENSHOT_DIR is set."""
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / name), full_page=True)


def logout(page):
    page.context.clear_cookies()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_comment_round_journey(browser_page, users, province, settings, tmp_path, eager_celery):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    conference = ConferenceFactory(host_unit=province["board"], subject="công tác Mặt trận năm 2016")
    farmers = UnitFactory(
        code="hoi-nd",
        name="Hội Nông dân tỉnh",
        kind=Unit.Kind.MEMBER_ORGANISATION,
        parent=province["committee"],
    )
    quiet = UserFactory(username="hoi", role=User.Role.OFFICE, unit=farmers)
    docx_path = tmp_path / "Dự thảo báo cáo năm 2016.docx"
    docx_path.write_bytes(make_docx())
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())

    # Staff upload the draft and open a round for three units.
    login(page, "staff", PASSWORD)
    page.get_by_role("link", name="Dự thảo báo cáo").first.click()
    page.get_by_role("link", name="Tạo dự thảo").click()
    page.get_by_label("Hội nghị").select_option(str(conference.pk))
    page.get_by_label("Tên dự thảo").fill(DRAFT_TITLE)
    page.get_by_label("Tệp Word (.docx)").set_input_files(str(docx_path))
    page.get_by_role("button", name="Tạo dự thảo").click()
    page.get_by_text("Đã tạo dự thảo và phiên bản 1.").wait_for()
    page.get_by_role("link", name="Lấy ý kiến").click()
    for unit in (province["district_a"], province["district_b"], farmers):
        page.get_by_label(unit.name).check()
    deadline = timezone.localtime(timezone.now() + datetime.timedelta(days=7))
    page.get_by_label("Hạn gửi ý kiến").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Hướng dẫn").fill("Đề nghị góp ý cụ thể vào từng phần.")
    page.get_by_role("button", name="Mở đợt lấy ý kiến").click()
    page.get_by_text(
        "Đã mở đợt lấy ý kiến cho 3 đơn vị; thư báo sẽ được gửi tới các đơn vị qua e-mail."
    ).wait_for()
    assert "0/3" in page.locator("#submitted-count").inner_text()
    round_url = page.url
    logout(page)

    # District A comments on a paragraph and submits.
    login(page, "office", PASSWORD)
    page.get_by_role("link", name="Góp ý dự thảo").first.click()
    page.get_by_role("link", name="Đọc và góp ý").click()
    page.locator(".para-row").nth(2).get_by_text("Góp ý đoạn này").click()
    page.locator(".para-row").nth(2).locator("textarea").fill("Đề nghị nêu rõ số cuộc giám sát đã tổ chức.")
    page.locator(".para-row").nth(2).get_by_role("button", name="Lưu ý kiến").click()
    page.get_by_text("Đã lưu ý kiến (chưa gửi).").wait_for()
    assert "1 ý kiến chưa gửi" in page.locator(".round-banner").inner_text()
    screenshot(page, "drafts-office-commenting.png")
    page.get_by_role("button", name="Gửi ý kiến của đơn vị").click()
    page.get_by_text("Đã gửi ý kiến của đơn vị tới Ban Thường trực.").wait_for()
    assert page.get_by_text("Góp ý đoạn này").count() == 0
    logout(page)

    # District B gives a comment on the whole text and submits.
    login(page, "other", PASSWORD)
    page.get_by_role("link", name="Góp ý dự thảo").first.click()
    page.get_by_role("link", name="Đọc và góp ý").click()
    page.get_by_label("Ý kiến chung").fill("Nhất trí; đề nghị bổ sung nhiệm vụ chuẩn bị Tết Nguyên đán.")
    page.get_by_role("button", name="Lưu ý kiến chung").click()
    page.get_by_role("button", name="Gửi ý kiến của đơn vị").click()
    page.get_by_text("Đã gửi ý kiến của đơn vị tới Ban Thường trực.").wait_for()
    logout(page)
    assert quiet.unit_id == farmers.pk  # the Farmers' Union does not comment

    # Staff see 2 of 3, triage and publish version 2.
    login(page, "staff", PASSWORD)
    page.goto(round_url)
    assert "2/3" in page.locator("#submitted-count").inner_text()
    assert "Chưa có ý kiến" in page.locator("tr", has_text=farmers.name).inner_text()
    screenshot(page, "drafts-staff-round.png")
    a_comment = Comment.objects.get(unit=province["district_a"])
    b_comment = Comment.objects.get(unit=province["district_b"])
    card = page.locator(f"#comment-{a_comment.pk}")
    card.get_by_label("Tiếp thu", exact=True).check()
    card.get_by_label("Trả lời đơn vị").fill("Đã bổ sung số cuộc giám sát vào phần I.")
    card.get_by_role("button", name="Lưu kết quả").click()
    page.get_by_text("Đã lưu kết quả xử lý ý kiến của Mặt trận huyện A.").wait_for()
    card = page.locator(f"#comment-{b_comment.pk}")
    card.get_by_label("Tiếp thu một phần").check()
    card.get_by_label("Trả lời đơn vị").fill("Nhiệm vụ chuẩn bị Tết đưa vào phần kết luận.")
    card.get_by_role("button", name="Lưu kết quả").click()
    page.get_by_text("Đã lưu kết quả xử lý ý kiến của Mặt trận huyện B.").wait_for()
    page.get_by_role("link", name="Phát hành phiên bản tiếp theo").click()
    text = page.get_by_label("Hoặc sửa nội dung của phiên bản trước")
    text.fill(text.input_value().replace("đúng kế hoạch.", "đúng kế hoạch, với 42 cuộc giám sát."))
    page.get_by_label("Ghi chú thay đổi").fill("Tiếp thu ý kiến các đơn vị.")
    page.get_by_role("button", name="Phát hành phiên bản").click()
    page.get_by_text("Đã phát hành phiên bản 2.").wait_for()
    assert Draft.objects.get().versions.count() == 2
    logout(page)

    # District A sees what became of its comment, and what changed.
    login(page, "office", PASSWORD)
    page.goto(round_url.replace("/dot-gop-y/", "/dot-gop-y/").rstrip("/") + "/y-kien/")
    comment = page.locator(f"#comment-{a_comment.pk}")
    assert "Tiếp thu" in comment.inner_text()
    assert "Đã bổ sung số cuộc giám sát vào phần I." in comment.inner_text()
    assert "Nhiệm vụ chuẩn bị Tết" not in page.content()
    screenshot(page, "drafts-office-replies.png")
    page.get_by_role("link", name="xem những gì đã thay đổi").click()
    assert page.locator("ins", has_text="42 cuộc giám sát").count() == 1
    screenshot(page, "drafts-compare.png")
