"""The final report's print document and the job life cycle, in process (the worker path itself is
in test_report_pdf_worker.py)."""

import datetime
import unicodedata
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from recommendations.models import Recommendation
from reports.final import rendering, services
from reports.final.document import print_html, unit_letterhead, vietnamese_date
from reports.final.printing import PRINT_DIR, PrintAssetFetcher, render_pdf
from reports.final.tasks import render_final_report
from reports.models import LayoutSettings, RenderJob, ReportVersion
from tests.conftest import wait_for
from tests.pdfcheck import body_text


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture
def report(demo):
    return services.final_report_get_or_create(conference=demo)


def layout_of(report):
    return services.layout_settings_get_or_create(unit=report.conference.host_unit)


def test_place_and_date_follow_decree_30():
    assert vietnamese_date(datetime.date(2016, 12, 27)) == "ngày 27 tháng 12 năm 2016"
    assert vietnamese_date(datetime.date(2017, 2, 7)) == "ngày 07 tháng 02 năm 2017"
    assert vietnamese_date(datetime.date(2017, 3, 5)) == "ngày 05 tháng 3 năm 2017"


def test_layout_defaults_come_from_the_issuing_unit_and_decree_30(report):
    layout = layout_of(report)
    # the lines follow the tree until someone sets them (tests/test_letterhead.py)
    assert (layout.parent_body_line, layout.issuing_body_line) == ("", "")
    assert unit_letterhead(layout) == ("ỦY BAN MTTQ VIỆT NAM TỈNH", "BAN THƯỜNG TRỰC")
    assert (layout.margin_top_mm, layout.margin_bottom_mm, layout.margin_left_mm, layout.margin_right_mm) == (
        20,
        20,
        30,
        15,
    )
    assert layout.font_size_pt == 14 and not layout.parent_body_bold


def test_layout_settings_and_edited_fields_reach_the_print_document(report, demo_users):
    layout = layout_of(report)
    LayoutSettings.objects.filter(pk=layout.pk).update(
        place_name="Cao Bằng", section_heading_style="bold_italic", parent_body_bold=True
    )
    layout.refresh_from_db()
    services.final_report_update(
        report=report,
        user=demo_users["staff"],
        number="12",
        opening="Đoạn mở đầu đã sửa.",
        signer_authority="KT.",
        signer_body="Chủ tịch",
        signer_title="Phó Chủ tịch",
        signer_name="Lê Văn Minh",
    )
    html = print_html(report, layout)
    assert "Số: 12/BC-MTTQ-BTT" in html
    assert "Cao Bằng, ngày 27 tháng 12 năm 2016" in html
    assert '<p class="heading bold_italic">I. Kết quả cụ thể:</p>' in html
    assert '<p class="parent-body bold">' in html
    assert "<p>Đoạn mở đầu đã sửa.</p>" in html and "Ngày 27 tháng 12 năm 2016, Ban" not in html
    assert "KT. CHỦ TỊCH" in html and "PHÓ CHỦ TỊCH" in html and "Lê Văn Minh" in html
    assert report.revision == 2


def test_the_process_keeps_the_stylesheet_loaded_but_each_layout_applies_at_once(report):
    """render_pdf keeps the fonts and stylesheets loaded between renders (a worker renders many
    reports): a changed layout still applies to the next render, and the same input gives the
    same bytes."""
    layout = layout_of(report)
    html = print_html(report, layout)
    first = render_pdf(html, layout)
    assert render_pdf(html, layout).sha256 == first.sha256
    layout.font_size_pt, layout.margin_left_mm = 11, 40
    smaller = render_pdf(html, layout)
    assert smaller.sha256 != first.sha256 and smaller.page_count < first.page_count
    layout.font_size_pt, layout.margin_left_mm = 14, 30
    assert render_pdf(html, layout).sha256 == first.sha256


def test_html_typed_into_a_recommendation_prints_as_text_and_fetches_nothing(report, media, tmp_path):
    typed = '<b>đậm</b><img src="http://example.com/x.png"><link rel="stylesheet" href="file:///etc/passwd">'
    Recommendation.objects.create(conference=report.conference, position=99, text=typed)
    layout = layout_of(report)
    html = print_html(report, layout)
    assert "&lt;b&gt;đậm&lt;/b&gt;&lt;img src=" in html and "<b>đậm" not in html
    fetcher = PrintAssetFetcher()
    pdf = render_pdf(html, layout, fetcher)
    assert fetcher.refused == []
    path = tmp_path / "escaped.pdf"
    path.write_bytes(pdf.content)
    assert '- <b>đậm</b><img src="http://example.com/x.png">' in body_text(path)


def test_the_renderer_refuses_everything_but_the_print_assets(report):
    fetcher = PrintAssetFetcher()
    assert fetcher.fetch((PRINT_DIR / "print.css").as_uri()).read().startswith(b"/*")
    for url in [
        "http://example.com/style.css",
        "https://example.com/font.ttf",
        "file:///etc/passwd",
        (PRINT_DIR / ".." / "models.py").as_uri(),
        (PRINT_DIR / "fonts" / "LICENSE-LiberationFonts.txt").as_uri(),
        "data:text/css,body{color:red}",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    layout = layout_of(report)
    html = '<p>x</p><img src="file:///etc/hostname"><img src="http://example.com/a.png">'
    fetcher = PrintAssetFetcher()
    assert render_pdf(html, layout, fetcher).page_count == 1
    assert fetcher.refused == ["file:///etc/hostname", "http://example.com/a.png"]


def test_text_is_printed_in_nfc(report):
    decomposed = unicodedata.normalize("NFD", "Đề nghị Mặt trận tỉnh hỗ trợ kinh phí.")
    Recommendation.objects.create(conference=report.conference, position=99, text=decomposed)
    html = print_html(report, layout_of(report))
    assert "Đề nghị Mặt trận tỉnh hỗ trợ kinh phí." in html and decomposed not in html


def test_a_job_run_twice_renders_once(report, media, users):
    job = services.final_report_request(report=report, user=users["leader"])
    render_final_report(job_id=job.pk)
    render_final_report(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.DONE and job.attempts == 1 and job.lease_expires_at is None
    version = ReportVersion.objects.get()
    assert job.version == version and version.number == 1 and version.created_by == users["leader"]
    # 4 pages: the directives print their owner units and due dates, the recommendations their addressees.
    assert len(version.sha256) == 64 and version.page_count == 4
    assert version.file.name.startswith(f"reports/final/{report.pk}/") and version.file.name.endswith(".pdf")


def test_a_failed_render_keeps_the_reason(report, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = str(blocker)
    job = services.final_report_request(report=report)
    render_final_report(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == RenderJob.Status.FAILED
    assert job.error.startswith("Lỗi khi tạo bản PDF:") and not ReportVersion.objects.exists()


def test_the_sweep_requeues_expired_leases_and_fails_jobs_out_of_attempts(report, settings):
    settings.REPORT_RENDER_MAX_ATTEMPTS = 3
    now = timezone.now()
    dead = RenderJob.objects.create(
        final_report=report, status="rendering", attempts=1, lease_expires_at=now - timedelta(seconds=1)
    )
    alive = RenderJob.objects.create(
        final_report=report, status="rendering", attempts=1, lease_expires_at=now + timedelta(minutes=5)
    )
    exhausted = RenderJob.objects.create(
        final_report=report, status="rendering", attempts=3, lease_expires_at=now - timedelta(seconds=1)
    )
    lost = RenderJob.objects.create(final_report=report, enqueued_at=now - timedelta(hours=1))
    assert sorted(rendering.render_jobs_sweep()) == sorted([dead.pk, lost.pk])
    for job in (dead, alive, exhausted, lost):
        job.refresh_from_db()
    assert dead.status == "queued" and dead.lease_expires_at is None and "xếp lại" in dead.error
    assert alive.status == "rendering"
    assert exhausted.status == "failed" and "hết số lần thử" in exhausted.error
    assert lost.status == "queued" and lost.enqueued_at > now - timedelta(minutes=1)
    assert rendering.render_jobs_sweep() == []


def test_a_message_for_a_job_whose_lease_ran_out_takes_it_over_at_once(report, media):
    """Its worker stopped renewing the lease (it died): the message that came back renders it."""
    job = RenderJob.objects.create(
        final_report=report,
        status="rendering",
        attempts=1,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
        enqueued_at=timezone.now(),
    )
    version = rendering.render_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2 and job.version == version is not None


def test_a_message_for_a_job_another_worker_holds_waits_for_the_lease(report, settings):
    settings.REPORT_RENDER_LEASE_SECONDS = 30
    job = RenderJob.objects.create(
        final_report=report,
        status="rendering",
        attempts=1,
        lease_expires_at=timezone.now() + timedelta(seconds=20),
        enqueued_at=timezone.now(),
    )
    with pytest.raises(rendering.HeldElsewhere) as held:
        rendering.render_job_run(job_id=job.pk)
    assert 15 < held.value.seconds <= 20
    job.refresh_from_db()
    assert job.status == "rendering" and job.attempts == 1


def test_a_finished_job_is_not_rendered_again_nor_waited_for(report, media):
    job = services.final_report_request(report=report)
    rendering.render_job_run(job_id=job.pk)
    assert rendering.render_job_run(job_id=job.pk) is None
    assert services.RENDER_JOBS.lease_left(job.pk) is None


def test_the_lease_is_renewed_while_the_worker_works_and_no_longer_after(transactional_db, settings):
    import time

    from tests.factories import ConferenceFactory

    settings.REPORT_RENDER_LEASE_SECONDS = 1.2  # renewed every 0.2 s
    report = services.final_report_get_or_create(conference=ConferenceFactory())
    job = services.final_report_request(report=report)
    jobs = services.RENDER_JOBS
    attempt = jobs.claim(job.pk)

    def lease():
        return RenderJob.objects.values_list("lease_expires_at", flat=True).get(pk=job.pk)

    claimed = lease()
    with jobs.renewing(job.pk, attempt):
        wait_for(lambda: lease() > claimed, timeout=30, interval=0.05)
    renewed = lease()
    time.sleep(0.5)  # a thread still running would renew it again meanwhile
    assert lease() == renewed


def fill_for_approval(report, user, **fields):
    """What approval needs printed: number, place, date (the report has one) and signer."""
    return services.final_report_update(
        report=report,
        user=user,
        **{"number": "12", "place_name": "Cao Bằng", "signer_name": "Lê Văn Minh", **fields},
    )


def test_a_version_is_approved_once_and_never_changes(report, media, demo_users):
    fill_for_approval(report, demo_users["staff"])
    job = services.final_report_request(report=report)
    version = rendering.render_job_run(job_id=job.pk)
    assert (version.doc_number, version.place_name, version.signer_name) == ("12", "Cao Bằng", "Lê Văn Minh")
    # The same report renders to the same bytes: a new request gets the newest version again.
    again = services.final_report_request(report=report)
    assert rendering.render_job_run(job_id=again.pk) == version
    again.refresh_from_db()
    assert again.status == "done" and again.version == version and ReportVersion.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.report_version_approve(version=version, user=demo_users["staff"])
    assert services.report_version_approve(version=version, user=demo_users["leader"])
    assert version.approved_by == demo_users["leader"] and version.approved_at is not None
    assert not services.report_version_approve(version=version, user=demo_users["leader"])
    version.refresh_from_db()
    assert version.approved_by == demo_users["leader"]
    with pytest.raises(ValueError):
        version.save()
    # A later change needs a revision ("Sửa đổi") and a new number; it makes a new version, and the
    # approved one stays as it was.
    services.final_report_revise(report=report, user=demo_users["staff"])
    services.final_report_update(report=report, user=demo_users["staff"], number="13")
    second = rendering.render_job_run(job_id=services.final_report_request(report=report).pk)
    assert second.number == 2 and second.report_revision == 4 and not second.is_approved
    assert ReportVersion.objects.get(number=1).sha256 == version.sha256


def test_render_report_command_queues_a_job_and_refuses_unknown_conferences(demo):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("render_report", str(demo.pk), stdout=out)
    job = RenderJob.objects.get()
    assert f"Đã xếp yêu cầu số {job.pk} vào hàng đợi." in out.getvalue() and job.status == "queued"
    with pytest.raises(CommandError, match="Không có hội nghị số 99999."):
        call_command("render_report", "99999")


def test_the_sweep_runs_periodically_in_celery_beat(settings):
    from frontwork.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["reports-sweep-render-jobs"]
    assert entry["task"] == "reports.tasks.sweep_render_jobs" and entry["schedule"] <= 120
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    render = app.tasks["reports.tasks.render_final_report"]
    assert render.soft_time_limit < render.time_limit
    # The lease is short (renewed while rendering) and the sweep runs often enough that a job
    # whose worker died is taken over within a minute.
    assert settings.REPORT_RENDER_LEASE_SECONDS + entry["schedule"] <= 60
    assert render.autoretry_for and render.retry_backoff and render.max_retries >= 1
    assert settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD > 0


def test_a_queued_job_out_of_attempts_fails_instead_of_rendering(report, settings):
    settings.REPORT_RENDER_MAX_ATTEMPTS = 2
    job = RenderJob.objects.create(final_report=report, attempts=2, error="Lỗi tạm thời, sẽ thử lại: locked")
    assert rendering.render_job_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "Lỗi tạm thời, sẽ thử lại: locked"
    fresh = RenderJob.objects.create(final_report=report, attempts=2)
    rendering.render_job_run(job_id=fresh.pk)
    fresh.refresh_from_db()
    assert fresh.status == "failed" and fresh.error == "Đã hết số lần thử mà chưa tạo được bản PDF."


FILLER = "Mặt trận các cấp tiếp tục đổi mới nội dung, phương thức hoạt động, hướng mạnh về khu dân cư".split()


def test_the_signature_block_never_goes_alone_onto_the_last_page(province, tmp_path):
    """Openings of growing length move the end of the body down page 1 and over onto page 2. Where
    the signature block (with the recipients) no longer fits under the body, the closing paragraph
    goes over with it: the page that carries "Nơi nhận:" carries the closing paragraph too."""
    from reports.final.document import print_context
    from tests.factories import ConferenceFactory
    from tests.pdfcheck import pdf_pages, squash

    conference = ConferenceFactory(host_unit=province["board"])
    report = services.final_report_get_or_create(conference=conference)
    layout = layout_of(report)
    closing = squash(print_context(report, layout)["body"].closing)
    first_pages = []
    for words in range(425, 650, 50):
        report.opening = " ".join(FILLER[i % len(FILLER)] for i in range(words)) + "."
        path = tmp_path / f"{words}.pdf"
        path.write_bytes(render_pdf(print_html(report, layout), layout).content)
        pages = [squash(page) for page in pdf_pages(path)]
        last = pages[-1]
        assert "Nơi nhận:" in last and last.count("Nơi nhận:") == 1, words
        assert closing in last and last.index(closing) < last.index("Nơi nhận:"), (words, last[:200])
        first_pages.append((len(pages), pages[-1].removeprefix("2 ").startswith(closing[:40])))
    # The lengths tried cross the boundary: from one page to a second page that opens with the
    # closing paragraph (where the block alone would otherwise have been), to a second page that
    # opens with the body's own text.
    assert first_pages[0] == (1, False) and (2, True) in first_pages and first_pages[-1] == (2, False)
