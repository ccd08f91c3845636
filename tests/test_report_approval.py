"""One official version of a final report: only the newest complete version is approved, the one
approved before it is marked replaced, at most one approved version is in force (in the database
too), the report is locked after approval until "Sửa đổi" opens a revision, two leaders approving
at the same instant get one winner and one message; and a PDF asked from the form never shows
older values than the form."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from frontwork.accounts.models import User
from reports.final import rendering, services
from reports.models import FinalReport, RenderJob, ReportVersion
from tests.factories import ConferenceFactory, UserFactory
from tests.pdfcheck import body_text
from tests.test_report_final_pages import FORM, PRINTED, make_version


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


def in_force(report):
    return list(
        ReportVersion.objects.filter(final_report=report, approved_at__isnull=False, replaced_at=None)
    )


def fill(report, user, **fields):
    """What approval needs printed: number, place and signer (the date is the report's)."""
    values = {"number": "12", "place_name": "Cao Bằng", "signer_name": "Lê Văn Minh", **fields}
    return services.final_report_update(report=report, user=user, **values)


def render(report, user=None):
    """A PDF of the report, rendered in process as the worker does."""
    job = services.final_report_request(report=report, user=user)
    version = rendering.render_job_run(job_id=job.pk)
    assert version is not None, RenderJob.objects.get(pk=job.pk).error
    return version


def approve_refused(version, user):
    with pytest.raises(ValidationError) as refused:
        services.report_version_approve(version=version, user=user)
    version.refresh_from_db()
    assert not version.is_approved
    return " ".join(refused.value.messages)


# --- which version can be approved --------------------------------------------------------------


def test_a_rendered_version_records_what_it_prints(report, users, media):
    fill(report, users["staff"])
    version = render(report)
    assert (version.doc_number, version.doc_code, version.place_name) == ("12", "BC-MTTQ-BTT", "Cao Bằng")
    assert (version.issued_on, version.signer_title, version.signer_name) == (
        report.date,
        "CHỦ TỊCH",
        "Lê Văn Minh",
    )
    assert version.report_revision == report.revision


def test_an_older_version_cannot_be_approved(report, users, media):
    older = make_version(report, 1, **PRINTED)
    make_version(report, 2, **PRINTED)
    message = approve_refused(older, users["leader"])
    assert message == "Chỉ phê duyệt được phiên bản mới nhất (phiên bản 2)."
    assert in_force(report) == []


@pytest.mark.parametrize(
    ("field", "named"),
    [
        ("doc_number", "số văn bản"),
        ("place_name", "địa danh"),
        ("issued_on", "ngày ban hành"),
        ("signer_title", "chức vụ người ký"),
        ("signer_name", "họ tên người ký"),
    ],
)
def test_approval_is_refused_while_a_part_is_missing_from_the_pdf(report, users, media, field, named):
    version = make_version(report, 1, **{**PRINTED, field: None if field == "issued_on" else ""})
    message = approve_refused(version, users["leader"])
    assert message == (f"Bản PDF này chưa có {named}: cần ghi đủ trong nội dung báo cáo rồi tạo lại bản PDF.")


def test_approving_a_pdf_rendered_without_a_place_name_is_refused_through_the_page(
    client, report, users, media
):
    """The page warns; the server refuses too, with the reason, and nothing changes."""
    fill(report, users["staff"], place_name="")
    version = render(report)
    assert version.place_name == ""
    client.force_login(users["leader"])
    page = client.get(reverse("reports:final_report", args=[report.conference_id])).text
    assert "Chưa phê duyệt được phiên bản 1:" in page and "chưa có địa danh" in page
    assert reverse("reports:version_approve", args=[version.pk]) not in page  # no button
    response = client.post(reverse("reports:version_approve", args=[version.pk]), follow=True)
    assert "Chưa phê duyệt được: Bản PDF này chưa có địa danh" in response.text
    version.refresh_from_db()
    assert not version.is_approved


def test_a_version_made_before_the_report_changed_cannot_be_approved(report, users, media):
    fill(report, users["staff"])
    version = render(report)
    fill(report, users["staff"], signer_name="Nguyễn Thị Hoa")
    message = approve_refused(version, users["leader"])
    assert "Báo cáo đã được sửa sau khi tạo phiên bản này" in message
    # The new render is a new version (even where its bytes were the same) and can be approved.
    assert services.report_version_approve(version=render(report), user=users["leader"])


def test_a_report_changed_and_changed_back_renders_a_new_approvable_version(report, users, media):
    fill(report, users["staff"])
    first = render(report)
    fill(report, users["staff"], number="13")
    fill(report, users["staff"], number="12")
    again = render(report)
    assert again.number == 2 and again.sha256 == first.sha256
    assert services.report_version_approve(version=again, user=users["leader"])


# --- one approved version in force --------------------------------------------------------------


def test_approving_a_newer_version_marks_the_earlier_one_replaced(client, report, users, media):
    fill(report, users["staff"])
    first = render(report)
    assert services.report_version_approve(version=first, user=users["leader"])
    services.final_report_revise(report=report, user=users["staff"])
    fill(report, users["staff"], number="15")
    second = render(report)
    # Until the newer version is approved, the approved PDF stays the official one.
    assert in_force(report) == [first]
    assert services.report_version_approve(version=second, user=users["leader"])
    first.refresh_from_db()
    assert first.is_approved and first.replaced_by == second and first.replaced_at == second.approved_at
    assert in_force(report) == [second]
    # Kept and downloadable (the district office too), labelled as replaced.
    client.force_login(users["office"])
    page = client.get(reverse("reports:final_report", args=[report.conference_id])).text
    assert "Đã thay thế" in page and "bằng phiên bản 2" in page
    response = client.get(reverse("reports:version_download", args=[first.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_database_keeps_at_most_one_approved_version_in_force(report, users, media):
    make_version(report, 1, approved_by=users["leader"])
    second = make_version(report, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.filter(pk=second.pk).update(
            approved_by=users["leader"], approved_at=timezone.now()
        )
    assert len(in_force(report)) == 1


def test_the_database_refuses_a_replaced_version_that_was_never_approved(report, users, media):
    first = make_version(report, 1)
    second = make_version(report, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportVersion.objects.filter(pk=first.pk).update(replaced_at=timezone.now(), replaced_by=second)


# --- locked after approval, "Sửa đổi" ------------------------------------------------------------


@pytest.fixture
def approved(report, users, media):
    fill(report, users["staff"])
    version = render(report)
    assert services.report_version_approve(version=version, user=users["leader"])
    report.refresh_from_db()
    return version


def test_an_approved_report_is_locked_against_edits_and_new_pdfs(report, users, approved):
    revision = report.revision
    with pytest.raises(ValidationError, match="đã khóa"):
        services.final_report_update(report=report, user=users["staff"], subject="Sửa sau khi duyệt")
    with pytest.raises(ValidationError, match="Bấm “Sửa đổi” để mở bản sửa đổi"):
        services.final_report_request(report=report, user=users["staff"])
    report.refresh_from_db()
    assert report.revision == revision and report.subject != "Sửa sau khi duyệt"
    assert not RenderJob.objects.filter(status="queued").exists()


def test_the_locked_report_page_offers_sua_doi_and_refuses_edits(client, conference, report, users, approved):
    client.force_login(users["staff"])
    url = reverse("reports:final_report", args=[conference.pk])
    page = client.get(url).text
    assert "Báo cáo đã khóa" in page and 'name="subject"' not in page
    assert reverse("reports:final_report_revise", args=[conference.pk]) in page
    assert reverse("reports:final_report_render", args=[conference.pk]) not in page
    response = client.post(url, {**FORM, "subject": "Sửa sau khi duyệt"}, follow=True)
    assert "Báo cáo đã được phê duyệt (phiên bản 1) và đã khóa" in response.text
    response = client.post(reverse("reports:final_report_render", args=[conference.pk]), follow=True)
    assert "và đã khóa" in response.text
    report.refresh_from_db()
    assert report.subject != "Sửa sau khi duyệt" and RenderJob.objects.count() == 1


def test_a_pdf_asked_before_approval_is_not_stored_after_it(report, users, media):
    fill(report, users["staff"])
    version = render(report)
    late = services.final_report_request(report=report, user=users["staff"])
    FinalReport.objects.filter(pk=report.pk).update(subject="Đổi trích yếu")  # so its PDF would differ
    services.report_version_approve(version=version, user=users["leader"])
    FinalReport.objects.filter(pk=report.pk).update(revision=version.report_revision)
    assert rendering.render_job_run(job_id=late.pk) is None
    late.refresh_from_db()
    assert late.status == "failed" and "đã khóa trước khi bản PDF này được tạo xong" in late.error
    assert ReportVersion.objects.count() == 1


def test_sua_doi_opens_a_revision_that_needs_a_new_number(client, conference, report, users, approved):
    client.force_login(users["staff"])
    response = client.post(reverse("reports:final_report_revise", args=[conference.pk]), follow=True)
    assert (
        "Đã mở bản sửa đổi" in response.text
        and "Đang sửa đổi. Phiên bản 1 vẫn là bản chính thức" in response.text
    )
    report.refresh_from_db()
    assert report.number == "" and report.revision == approved.report_revision + 1
    # The approved number is not used again, neither saved nor rendered.
    with pytest.raises(ValidationError, match="Số 12/BC-MTTQ-BTT đã dùng cho phiên bản 1 đã phê duyệt"):
        fill(report, users["staff"])
    response = client.post(reverse("reports:final_report", args=[conference.pk]), FORM)
    assert response.status_code == 200 and "đã dùng cho phiên bản 1 đã phê duyệt" in response.text
    fill(report, users["staff"], number="13")
    revised = render(report)
    assert revised.number == 2 and in_force(report) == [approved]


def test_sua_doi_is_refused_for_a_report_that_is_not_approved(report, users, media):
    with pytest.raises(ValidationError, match="chưa được phê duyệt"):
        services.final_report_revise(report=report, user=users["staff"])
    report.refresh_from_db()
    assert report.revision == 1


def test_only_editors_open_a_revision(client, conference, users, approved):
    client.force_login(users["leader"])
    assert client.post(reverse("reports:final_report_revise", args=[conference.pk])).status_code == 403


# --- two leaders at the same instant -------------------------------------------------------------


def race(*calls):
    """Run the calls in threads (each with its own database connection), released together."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=30)
            results[i] = call()
        except ValidationError as error:
            results[i] = error.messages
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def approving(version, user):
    return lambda: services.report_version_approve(
        version=ReportVersion.objects.get(pk=version.pk), user=user
    )


@pytest.mark.django_db(transaction=True)
def test_two_leaders_approving_different_versions_at_the_same_instant(report, users, province, media):
    second_leader = UserFactory(username="leader2", role=User.Role.LEADER, unit=province["board"])
    older = make_version(report, 1, **PRINTED)
    newest = make_version(report, 2, **PRINTED)
    results = race(approving(older, users["leader"]), approving(newest, second_leader))
    assert results == [["Chỉ phê duyệt được phiên bản mới nhất (phiên bản 2)."], True]
    assert in_force(report) == [newest]


@pytest.mark.django_db(transaction=True)
def test_two_leaders_approving_the_revision_at_the_same_instant_replace_the_old_one_once(
    report, users, province, media
):
    second_leader = UserFactory(username="leader2", role=User.Role.LEADER, unit=province["board"])
    first = make_version(report, 1, approved_by=users["leader"], **PRINTED)
    FinalReport.objects.filter(pk=report.pk).update(revision=2)  # "Sửa đổi"
    revised = make_version(report, 2, **{**PRINTED, "doc_number": "13"})
    results = race(approving(revised, users["leader"]), approving(revised, second_leader))
    assert sorted(results, key=str) == [False, True]  # the second is told it was approved already
    assert in_force(report) == [revised]
    first.refresh_from_db()
    assert first.replaced_by == revised


# --- never render stale input -----------------------------------------------------------------


def test_asking_for_a_pdf_from_the_form_saves_the_typed_values_first(
    client, conference, report, users, media, tmp_path
):
    client.force_login(users["staff"])
    typed = {**FORM, "date": "2016-12-27", "number": "27", "signer_name": "Trần Văn Bình", "with_form": "1"}
    response = client.post(reverse("reports:final_report_render", args=[conference.pk]), typed)
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.number, report.signer_name, report.revision) == ("27", "Trần Văn Bình", 2)
    job = RenderJob.objects.get()
    version = rendering.render_job_run(job_id=job.pk)
    path = tmp_path / "typed.pdf"
    with version.file.open("rb") as pdf:
        path.write_bytes(pdf.read())
    text = body_text(path)
    assert "Số: 27/BC-MTTQ-BTT" in text and "Cao Bằng, ngày 27 tháng 12 năm 2016" in text
    assert "Trần Văn Bình" in text


def test_asking_for_a_pdf_with_invalid_typed_values_makes_none_and_keeps_them(
    client, conference, report, users
):
    client.force_login(users["staff"])
    typed = {**FORM, "number": "27a", "signer_name": "Trần Văn Bình", "with_form": "1"}
    response = client.post(reverse("reports:final_report_render", args=[conference.pk]), typed)
    assert response.status_code == 200
    assert "Chưa tạo bản PDF: nội dung báo cáo có lỗi" in response.text
    assert "Số văn bản chỉ gồm chữ số" in response.text
    assert 'value="27a"' in response.text and 'value="Trần Văn Bình"' in response.text
    assert not RenderJob.objects.exists()
    report.refresh_from_db()
    assert report.number == "" and report.revision == 1


def test_leadership_asking_for_a_pdf_changes_no_field(client, conference, report, users):
    """Only those who may change the report have a form to save; a leader's request posts nothing
    of it (and fields sent anyway are ignored)."""
    client.force_login(users["leader"])
    typed = {**FORM, "number": "27", "with_form": "1"}
    assert client.post(reverse("reports:final_report_render", args=[conference.pk]), typed).status_code == 302
    report.refresh_from_db()
    assert report.number == "" and RenderJob.objects.count() == 1


def test_the_staff_pdf_button_sends_the_report_form(client, conference, users):
    client.force_login(users["staff"])
    page = client.get(reverse("reports:final_report", args=[conference.pk])).text
    render_url = reverse("reports:final_report_render", args=[conference.pk])
    assert f'form="final-report-form" formaction="{render_url}" name="with_form" value="1"' in page
    assert 'id="final-report-form"' in page


def test_render_report_command_refuses_a_locked_report(conference, approved):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="và đã khóa"):
        call_command("render_report", str(conference.pk))
    assert RenderJob.objects.count() == 1


def test_leadership_asking_for_a_pdf_of_a_locked_report_is_told_why(client, conference, users, approved):
    client.force_login(users["leader"])
    response = client.post(
        reverse("reports:final_report_render", args=[conference.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'id="render-status"' in response.text
    assert "Báo cáo đã được phê duyệt (phiên bản 1) và đã khóa" in response.text
    assert RenderJob.objects.count() == 1


def test_a_form_opened_before_someone_else_saved_is_refused_and_keeps_the_typed_values(
    client, conference, report, users
):
    client.force_login(users["staff"])
    url = reverse("reports:final_report", args=[conference.pk])
    assert 'name="revision" value="1"' in client.get(url).text
    fill(report, users["admin"])  # saved by someone else meanwhile: revision 2
    typed = {**FORM, "number": "27", "revision": "1", "with_form": "1"}
    response = client.post(reverse("reports:final_report_render", args=[conference.pk]), typed)
    assert response.status_code == 200 and "sau khi trang này được mở" in response.text
    assert 'value="27"' in response.text and 'name="revision" value="2"' in response.text
    report.refresh_from_db()
    assert report.number == "12" and not RenderJob.objects.exists()
    # Saving again, after a look, goes through.
    assert client.post(url, {**typed, "revision": "2"}).status_code == 302
    report.refresh_from_db()
    assert report.number == "27"
