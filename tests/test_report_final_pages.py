"""The final-report pages: permissions per role, form, htmx progress, download, approval, query counts."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.final import services
from reports.models import FinalReport, RenderJob, ReportVersion
from tests.factories import ConferenceFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def conference(province):
    conference = ConferenceFactory(host_unit=province["board"], subject="công tác Mặt trận năm 2016")
    conference.attendance.create(kind="district_committees", description="Mặt trận huyện A").units.set(
        [province["district_a"]]
    )
    return conference


@pytest.fixture
def report(conference):
    return services.final_report_get_or_create(conference=conference)


def make_version(report, number, *, approved_by=None, user=None, **printed):
    """A stored version of `report` (rendered from its current revision, printing what `printed`
    says); approved by `approved_by`, it replaces the version in force, as an approval does."""
    name = default_storage.save(f"reports/final/{report.pk}/v{number}.pdf", ContentFile(b"%PDF-1.7 test"))
    version = ReportVersion.objects.create(
        final_report=report,
        number=number,
        file=name,
        sha256=f"{number:064x}",
        size=13,
        page_count=3,
        created_by=user,
        report_revision=FinalReport.objects.get(pk=report.pk).revision,
        **printed,
    )
    if approved_by:
        now = timezone.now()
        ReportVersion.objects.filter(
            final_report=report, approved_at__isnull=False, replaced_at__isnull=True
        ).update(replaced_at=now, replaced_by=version)
        ReportVersion.objects.filter(pk=version.pk).update(approved_by=approved_by, approved_at=now)
        version.refresh_from_db()
    return version


# What a version must print before it can be approved.
PRINTED = {
    "doc_number": "12",
    "doc_code": "BC-MTTQ-BTT",
    "place_name": "Cao Bằng",
    "issued_on": datetime.date(2016, 11, 28),
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Lê Văn Minh",
}


def as_user(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


FORM = {
    "number": "12",
    "code": "BC-MTTQ-BTT",
    "place_name": "Cao Bằng",
    "date": "2016-12-27",
    "title": "BÁO CÁO",
    "subject": "Kết quả giao ban công tác Mặt trận năm 2016",
    "opening": "",
    "closing": "",
    "signer_authority": "TM.",
    "signer_body": "BAN THƯỜNG TRỰC",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Lê Văn Minh",
    "recipients": "- Thường trực Tỉnh ủy;\n- Mặt trận các huyện, thành phố;",
}


@pytest.mark.parametrize(
    ("role", "status", "form"),
    [
        ("staff", 200, True),
        ("admin", 200, True),
        ("leader", 200, False),
        ("office", 200, False),
        ("other_office", 404, False),
        ("anonymous", 302, False),
    ],
)
def test_final_report_page_per_role(client, users, conference, report, media, role, status, form):
    make_version(report, 1)
    make_version(report, 2, approved_by=users["leader"])
    FinalReport.objects.filter(pk=report.pk).update(revision=2)  # a revision is open ("Sửa đổi")
    response = as_user(client, users, role).get(reverse("reports:final_report", args=[conference.pk]))
    assert response.status_code == status
    if status != 200:
        return
    assert ('name="recipients"' in response.text) == form
    assert ("Thông tin báo cáo" in response.text) == (not form)
    assert ("Tạo bản PDF" in response.text) == (role != "office")
    # Offices see approved versions only.
    assert f"{2:064x}" in response.text
    assert (f"{1:064x}" in response.text) == (role != "office")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 302),
        ("admin", 302),
        ("leader", 403),
        ("office", 403),
        ("other_office", 404),
        ("anonymous", 302),
    ],
)
def test_editing_the_report_per_role(client, users, conference, report, role, status):
    response = as_user(client, users, role).post(reverse("reports:final_report", args=[conference.pk]), FORM)
    assert response.status_code == status
    report.refresh_from_db()
    if role in ("staff", "admin"):
        assert report.number == "12" and report.signer_name == "Lê Văn Minh"
        assert report.recipients == "Thường trực Tỉnh ủy;\nMặt trận các huyện, thành phố;\nLưu: VT."
        assert report.revision == 2 and report.opening == ""
    else:
        assert report.number == "" and report.revision == 1


def test_bad_input_gets_a_vietnamese_message_and_changes_nothing(client, users, conference, report):
    client.force_login(users["staff"])
    data = {**FORM, "number": "12a", "recipients": "  \n "}
    response = client.post(reverse("reports:final_report", args=[conference.pk]), data)
    assert response.status_code == 200
    assert "Số văn bản chỉ gồm chữ số" in response.text and "Trường này là bắt buộc." in response.text
    report.refresh_from_db()
    assert report.number == "" and report.revision == 1


def test_bad_input_before_the_report_exists_saves_nothing(client, users, conference):
    client.force_login(users["staff"])
    url = reverse("reports:final_report", args=[conference.pk])
    response = client.post(url, {**FORM, "number": "12a"})
    assert response.status_code == 200 and "Số văn bản chỉ gồm chữ số" in response.text
    assert not FinalReport.objects.exists()
    assert client.post(url, FORM).status_code == 302
    assert FinalReport.objects.get().number == "12"


def test_opening_and_closing_start_as_the_composed_text(client, users, conference, report):
    client.force_login(users["staff"])
    response = client.get(reverse("reports:final_report", args=[conference.pk]))
    assert "Ngày 28 tháng 11 năm 2016, Ban Thường trực đã tổ chức hội nghị giao ban" in response.text
    edited = {**FORM, "opening": "Mở đầu <script>alert(1)</script>"}
    client.post(reverse("reports:final_report", args=[conference.pk]), edited)
    report.refresh_from_db()
    assert report.opening == "Mở đầu <script>alert(1)</script>"
    response = client.get(reverse("reports:final_report", args=[conference.pk]))
    assert "Mở đầu &lt;script&gt;" in response.text and "<script>alert(1)" not in response.text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 302),
        ("admin", 302),
        ("leader", 302),
        ("office", 403),
        ("other_office", 404),
        ("anonymous", 302),
    ],
)
def test_asking_for_a_pdf_per_role(client, users, conference, role, status):
    response = as_user(client, users, role).post(reverse("reports:final_report_render", args=[conference.pk]))
    assert response.status_code == status
    jobs = RenderJob.objects.all()
    if role in ("staff", "admin", "leader"):
        assert response.url == reverse("reports:final_report", args=[conference.pk])
        assert jobs.get().requested_by == users[role] and jobs.get().status == "queued"
    else:
        assert not jobs.exists()


def test_asking_for_a_pdf_only_on_post(client, users, conference):
    client.force_login(users["staff"])
    assert client.get(reverse("reports:final_report_render", args=[conference.pk])).status_code == 405
    assert not RenderJob.objects.exists()


def test_htmx_shows_progress_and_stops_polling_when_done(client, users, conference, report, media):
    client.force_login(users["leader"])
    response = client.post(
        reverse("reports:final_report_render", args=[conference.pk]), HTTP_HX_REQUEST="true"
    )
    job = RenderJob.objects.get()
    assert response.status_code == 200 and 'id="render-status"' in response.text
    assert 'hx-trigger="every 2s"' in response.text and "Đang chờ" in response.text
    status_url = reverse("reports:render_job_status", args=[job.pk])
    assert f'hx-get="{status_url}"' in response.text

    RenderJob.objects.filter(pk=job.pk).update(status="rendering", attempts=1)
    assert "Đang tạo" in client.get(status_url).text

    RenderJob.objects.filter(pk=job.pk).update(
        status="failed", error="Quá thời gian cho phép để tạo bản PDF."
    )
    response = client.get(status_url)
    assert "Không thành công" in response.text and "Quá thời gian cho phép" in response.text
    assert "hx-trigger" not in response.text

    RenderJob.objects.filter(pk=job.pk).update(status="done", error="")
    version = make_version(report, 1)
    response = client.get(status_url)
    assert "Hoàn thành" in response.text and "hx-trigger" not in response.text
    assert reverse("reports:version_download", args=[version.pk]) in response.text
    assert version.sha256 in response.text


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("admin", 200),
        ("leader", 200),
        ("office", 403),
        ("other_office", 404),
        ("anonymous", 302),
    ],
)
def test_job_status_per_role(client, users, report, role, status):
    job = RenderJob.objects.create(final_report=report)
    response = as_user(client, users, role).get(reverse("reports:render_job_status", args=[job.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "draft", "approved"),
    [
        ("staff", 200, 200),
        ("admin", 200, 200),
        ("leader", 200, 200),
        ("office", 403, 200),
        ("other_office", 404, 404),
        ("anonymous", 302, 302),
    ],
)
def test_download_per_role(client, users, report, media, role, draft, approved):
    unapproved = make_version(report, 1)
    signed = make_version(report, 2, approved_by=users["leader"])
    client = as_user(client, users, role)
    for version, status in ((unapproved, draft), (signed, approved)):
        response = client.get(reverse("reports:version_download", args=[version.pk]))
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
            assert f'filename="bao-cao-2016-11-28-v{version.number}.pdf"' in response["Content-Disposition"]


def test_pdfs_are_not_served_from_a_public_media_url(client, users, report, media):
    version = make_version(report, 1)
    client.force_login(users["staff"])
    assert client.get("/media/" + version.file.name).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("leader", 302),
        ("staff", 403),
        ("admin", 403),
        ("office", 403),
        ("other_office", 404),
        ("anonymous", 302),
    ],
)
def test_approval_per_role(client, users, report, media, role, status):
    version = make_version(report, 1, **PRINTED)
    response = as_user(client, users, role).post(reverse("reports:version_approve", args=[version.pk]))
    assert response.status_code == status
    version.refresh_from_db()
    assert version.is_approved == (role == "leader")
    if role == "leader":
        assert version.approved_by == users["leader"]
        again = client.post(reverse("reports:version_approve", args=[version.pk]), follow=True)
        assert "đã được phê duyệt trước đó" in again.text


def test_approval_only_on_post(client, users, report, media):
    version = make_version(report, 1)
    client.force_login(users["leader"])
    assert client.get(reverse("reports:version_approve", args=[version.pk])).status_code == 405


@pytest.mark.parametrize(
    ("role", "status"),
    [("leader", 200), ("staff", 403), ("admin", 403), ("office", 403), ("anonymous", 302)],
)
def test_approvals_list_per_role(client, users, report, media, role, status):
    make_version(report, 1)
    response = as_user(client, users, role).get(reverse("reports:approvals"))
    assert response.status_code == status
    if status == 200:
        assert report.subject in response.text


def test_approvals_list_shows_only_reports_whose_newest_version_waits(client, users, province, media):
    waiting = services.final_report_get_or_create(conference=ConferenceFactory(host_unit=province["board"]))
    make_version(waiting, 1, approved_by=users["leader"])
    make_version(waiting, 2)
    done = services.final_report_get_or_create(conference=ConferenceFactory(host_unit=province["board"]))
    make_version(done, 1)
    make_version(done, 2, approved_by=users["leader"])
    other_province = services.final_report_get_or_create(conference=ConferenceFactory())
    make_version(other_province, 1)
    client.force_login(users["leader"])
    page = client.get(reverse("reports:approvals")).text
    assert waiting.subject in page and done.subject not in page and other_province.subject not in page
    review = reverse("reports:final_report", args=[waiting.conference_id]) + "#render-status"
    assert f'href="{review}">Xem và phê duyệt</a>' in page  # approval happens where the PDF is read
    home = client.get(reverse("home")).text
    assert "Báo cáo chờ phê duyệt" in home and waiting.subject in home and done.subject not in home


def test_record_page_links_to_the_final_report(client, users, conference):
    client.force_login(users["staff"])
    response = client.get(reverse("conferences:record", args=[conference.pk]))
    assert reverse("reports:final_report", args=[conference.pk]) in response.text
    assert reverse("reports:final_report_render", args=[conference.pk]) in response.text
    client.force_login(users["office"])
    response = client.get(reverse("conferences:record", args=[conference.pk]))
    assert reverse("reports:final_report_render", args=[conference.pk]) not in response.text


# --- query counts: the same at 1 and 20 items ---


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_final_report_page_query_count_does_not_grow_with_versions(client, users, conference, report, media):
    client.force_login(users["staff"])
    url = reverse("reports:final_report", args=[conference.pk])
    RenderJob.objects.create(final_report=report, requested_by=users["staff"])
    make_version(report, 1, user=users["staff"])
    client.get(url)
    one = count_queries(client, url)
    # session, user, conference with its host's layout and its report, its attendance and
    # co-hosts, the versions (the one in force among them), the latest job, the versions' signing
    # state (2)
    assert one == 9
    for n in range(2, 21):
        make_version(report, n, user=users["staff"], approved_by=users["leader"] if n % 2 else None)
    FinalReport.objects.filter(pk=report.pk).update(revision=2)  # a revision is open: the form shows
    assert count_queries(client, url) == one


def test_job_status_query_count_does_not_grow_with_versions(client, users, report, media):
    client.force_login(users["leader"])
    job = RenderJob.objects.create(final_report=report)
    url = reverse("reports:render_job_status", args=[job.pk])
    make_version(report, 1, user=users["staff"])
    one = count_queries(client, url)
    for n in range(2, 21):
        make_version(report, n, user=users["staff"], approved_by=users["leader"] if n % 2 else None)
    assert count_queries(client, url) == one


def test_approvals_pages_query_count_does_not_grow_with_reports(client, users, province, media):
    client.force_login(users["leader"])

    def add_reports(count):
        for _ in range(count):
            report = services.final_report_get_or_create(
                conference=ConferenceFactory(host_unit=province["board"])
            )
            make_version(report, 1, user=users["staff"])

    add_reports(1)
    list_one, home_one = (
        count_queries(client, reverse("reports:approvals")),
        count_queries(client, reverse("home")),
    )
    add_reports(19)
    assert count_queries(client, reverse("reports:approvals")) == list_one
    assert count_queries(client, reverse("home")) == home_one
    assert FinalReport.objects.count() == 20


def test_layout_settings_are_edited_in_the_admin_and_versions_are_read_only(client, users, report, media):
    users["admin"].is_staff = users["admin"].is_superuser = True
    users["admin"].save()
    client.force_login(users["admin"])
    layout = services.layout_settings_get_or_create(unit=report.conference.host_unit)
    response = client.get(reverse("admin:reports_layoutsettings_change", args=[layout.pk]))
    assert response.status_code == 200 and "lề trái (mm)" in response.text.lower()
    version = make_version(report, 1)
    assert client.get(reverse("admin:reports_reportversion_changelist")).status_code == 200
    response = client.post(reverse("admin:reports_reportversion_delete", args=[version.pk]), {"post": "yes"})
    assert response.status_code == 403 and ReportVersion.objects.filter(pk=version.pk).exists()


def test_opening_the_page_saves_nothing(client, users, conference):
    client.force_login(users["staff"])
    response = client.get(reverse("reports:final_report", args=[conference.pk]))
    assert 'value="BC-MTTQ-BTT"' in response.text and "Lưu: VT." in response.text
    assert not FinalReport.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff", 200),
        ("admin", 200),
        ("leader", 200),
        ("office", 403),
        ("other_office", 404),
        ("anonymous", 302),
    ],
)
def test_word_export_per_role(client, users, conference, role, status):
    response = as_user(client, users, role).get(reverse("reports:final_report_docx", args=[conference.pk]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2016-11-28.docx"'
        assert response.content[:2] == b"PK"
    assert not FinalReport.objects.exists()


def test_word_export_has_the_seed_report_in_order(client, demo, demo_users):
    import io

    from docx import Document

    from tests.pdfcheck import missing_or_out_of_order, seed_sentences, squash

    client.force_login(demo_users["staff"])
    response = client.get(reverse("reports:final_report_docx", args=[demo.pk]))
    document = Document(io.BytesIO(response.content))
    header, closing = document.tables
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header.rows[0].cells[1].text
    assert "BAN THƯỜNG TRỰC" in header.rows[0].cells[0].text and "Số:" in header.rows[0].cells[0].text
    assert closing.rows[0].cells[0].text.strip().endswith("- Lưu: VT.")
    text = squash(" ".join(p.text for p in document.paragraphs))
    assert missing_or_out_of_order(text, seed_sentences()) is None


def test_a_missing_place_name_is_pointed_out_before_the_pdf_is_made(client, users, conference):
    url = reverse("reports:final_report", args=[conference.pk])
    client.force_login(users["staff"])
    assert "Chưa có địa danh" in client.get(url).text  # before the report is even saved
    report = services.final_report_get_or_create(conference=conference)
    assert "Chưa có địa danh" in client.get(url).text
    client.force_login(users["leader"])  # who approves sees it too
    assert "Chưa có địa danh" in client.get(url).text
    FinalReport.objects.filter(pk=report.pk).update(place_name="Cao Bằng")
    assert "Chưa có địa danh" not in client.get(url).text
