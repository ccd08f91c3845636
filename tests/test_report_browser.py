"""The leadership journey in the browser, with a real worker: ask for the PDF, watch it finish
without a reload (htmx), approve it, download it."""

import hashlib

import pytest

from reports.models import ReportVersion
from tests.conftest import login


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_leadership_asks_for_the_pdf_watches_it_finish_approves_and_downloads(
    browser_page, celery_worker_process, demo_users, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    celery_worker_process(MEDIA_ROOT=settings.MEDIA_ROOT)
    page = browser_page
    login(page, "lanhdao", "lanhdao-demo-2016")
    page.goto(f"{page.base}/hoi-nghi/{demo.pk}/bao-cao-chinh-thuc/")
    assert page.get_by_text("Chưa có phiên bản PDF nào.").is_visible()
    page.evaluate("window.pageLoadMarker = 'same page'")

    page.get_by_role("button", name="Tạo bản PDF").click()
    page.locator('#render-status [data-status="done"]').wait_for(timeout=90_000)
    assert page.evaluate("window.pageLoadMarker") == "same page"  # no reload
    version = ReportVersion.objects.get()
    assert page.locator("#render-status code.sha256").inner_text() == version.sha256

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Phê duyệt").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã phê duyệt phiên bản 1.").is_visible()
    assert dialogs == ["Phê duyệt phiên bản này? Sau khi phê duyệt, phiên bản không thể thay đổi."]
    version.refresh_from_db()
    assert version.approved_by == demo_users["leader"]

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").click()
    content = open(download.value.path(), "rb").read()
    assert content.startswith(b"%PDF-") and hashlib.sha256(content).hexdigest() == version.sha256
    assert download.value.suggested_filename == "bao-cao-2016-12-27-v1.pdf"
