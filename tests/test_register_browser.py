import pytest
from django.utils import timezone

from reports.demo.services import DEMO_USERS
from tests.conftest import login

PASSWORDS = {role: (username, password) for username, password, role, *_ in DEMO_USERS}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_finds_a_recommendation_without_diacritics_and_forwards_it(browser_page, demo):
    from recommendations.models import Recommendation

    page = browser_page
    login(page, *PASSWORDS["staff"])
    page.get_by_role("link", name="Kiến nghị", exact=True).click()
    page.get_by_label("Tìm kiếm").fill("ho tro kinh phi")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    rows = page.locator("table.register tbody tr")
    assert rows.count() == 2
    assert all("kinh phí" in text for text in rows.all_inner_texts())
    rows.first.get_by_role("link").first.click()
    page.wait_for_load_state()
    page.get_by_label("Số văn bản chuyển").fill("25/CV-MTTQ-BTT")
    page.get_by_label("Ngày chuyển").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Ghi nhận đã chuyển").click()
    page.wait_for_load_state()
    assert "Đã cập nhật trạng thái: Đã chuyển" in page.content()
    assert "Mới → Đã chuyển" in page.locator("table.history").inner_text()
    assert Recommendation.objects.filter(forwarded_number="25/CV-MTTQ-BTT", status="forwarded").count() == 1
