"""The final report in the browser, with a real worker. Leadership: ask for the PDF, watch it
finish without a reload (htmx), approve it, download it. Staff: edit the form, ask for the PDF
without saving, and the PDF carries the edits."""

import hashlib

import pytest

from reports.final import services
from reports.models import RenderJob, ReportVersion
from tests.conftest import login
from tests.pdfcheck import body_text


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_leadership_asks_for_the_pdf_watches_it_finish_approves_and_downloads(
    browser_page, celery_worker_process, demo_users, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    celery_worker_process(MEDIA_ROOT=settings.MEDIA_ROOT)
    # Staff have given what approval needs printed: number, place and signer.
    services.final_report_update(
        report=services.final_report_get_or_create(conference=demo),
        user=demo_users["staff"],
        number="12",
        place_name="Cao Bằng",
        signer_name="Lê Văn Minh",
    )
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


@pytest.mark.browser
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_staff_ask_for_the_pdf_with_unsaved_edits_and_the_pdf_carries_them(
    browser_page, celery_worker_process, demo_users, demo, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    celery_worker_process(MEDIA_ROOT=settings.MEDIA_ROOT)
    page = browser_page
    login(page, "canbo", "canbo-demo-2016")
    page.goto(f"{page.base}/hoi-nghi/{demo.pk}/bao-cao-chinh-thuc/")
    # Typed, never saved.
    page.locator("#id_number").fill("27")
    page.locator("#id_place_name").fill("Cao Bằng")
    page.locator("#id_signer_name").fill("Trần Văn Bình")
    page.get_by_role("button", name="Tạo bản PDF").click()
    page.wait_for_load_state()
    page.locator('#render-status [data-status="done"]').wait_for(timeout=90_000)
    assert page.locator("#id_number").input_value() == "27"  # the form shows what was saved

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").first.click()
    path = tmp_path / "typed.pdf"
    path.write_bytes(open(download.value.path(), "rb").read())
    text = body_text(path)
    assert "Số: 27/BC-MTTQ-BTT" in text
    assert "Cao Bằng, ngày 27 tháng 12 năm 2016" in text and "Trần Văn Bình" in text
    version = ReportVersion.objects.get()
    assert (version.doc_number, version.place_name, version.signer_name) == (
        "27",
        "Cao Bằng",
        "Trần Văn Bình",
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_asking_for_the_pdf_with_a_bad_value_keep_what_they_typed(browser_page, demo_users, demo):
    page = browser_page
    login(page, "canbo", "canbo-demo-2016")
    page.goto(f"{page.base}/hoi-nghi/{demo.pk}/bao-cao-chinh-thuc/")
    page.locator("#id_number").fill("27a")
    page.locator("#id_signer_name").fill("Trần Văn Bình")
    page.get_by_role("button", name="Tạo bản PDF").click()
    page.wait_for_load_state()
    assert page.get_by_text("Chưa tạo bản PDF: nội dung báo cáo có lỗi").is_visible()
    assert page.get_by_text("Số văn bản chỉ gồm chữ số").is_visible()
    assert page.locator("#id_number").input_value() == "27a"
    assert page.locator("#id_signer_name").input_value() == "Trần Văn Bình"
    assert not RenderJob.objects.exists()
