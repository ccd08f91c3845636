import pytest

from reports.demo.services import DEMO_USERS
from tests.conftest import login

HEADINGS = {
    "staff": "Cán bộ cơ quan Mặt trận",
    "office": "Cán bộ đơn vị (góp ý, báo cáo)",
    "leader": "Lãnh đạo",
    "admin": "Quản trị hệ thống",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_demo_user_logs_in_through_the_browser(browser_page, demo):
    page = browser_page
    for username, password, role, *_ in DEMO_USERS:
        login(page, username, password)
        assert page.locator("h1").inner_text() == HEADINGS[role]
        page.get_by_role(
            "button", name=username and page.locator("nav .dropdown-toggle").inner_text()
        ).click()
        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url("**/dang-nhap/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_main_pages_fit_a_phone_screen(browser_page, demo):
    """At 390 px wide no page scrolls sideways: wide tables scroll inside their own box."""
    from reports.models import CommentRound

    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "canbo", "canbo-demo-2016")
    comment_round = CommentRound.objects.get()
    for path in ("/", "/hoi-nghi/", f"/du-thao/dot-gop-y/{comment_round.pk}/", "/kien-nghi/", "/ket-luan/"):
        page.goto(page.base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
