"""Uploading a draft as .docx: conversion, the original file, and every kind of bad file."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.drafts import services
from reports.models import Draft, DraftParagraph, DraftVersion
from tests.drafts_support import (
    DOCX_TYPE,
    DRAFT_TITLE,
    convert_uploads,
    docx_upload,
    docx_with_xml_of,
    make_docx,
)
from tests.factories import ConferenceFactory


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def conference(province):
    return ConferenceFactory(host_unit=province["board"])


def post_draft(client, conference, upload):
    return client.post(
        reverse("drafts:create"),
        {"conference": conference.pk, "title": DRAFT_TITLE, "file": upload, "text": ""},
    )


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_staff_upload_a_docx_and_read_it_as_paragraphs(client, users, conference, media):
    client.force_login(users["staff"])
    response = post_draft(client, conference, docx_upload())
    draft = Draft.objects.get()
    assert response.status_code == 302 and response.url == reverse("drafts:detail", args=[draft.pk])
    assert convert_uploads() == [DraftVersion.Conversion.DONE]
    version = draft.versions.get()
    assert version.number == 1 and version.source == DraftVersion.Source.UPLOAD
    assert version.original_name == "Du thao bao cao 2016.docx"
    assert "Du thao" not in version.original_file.name and version.original_file.name.endswith(".docx")
    kinds = list(version.paragraphs.values_list("kind", flat=True))
    assert kinds == ["h2", "p", "p", "p"]
    page = client.get(reverse("drafts:version", args=[draft.pk, 1]))
    first = version.paragraphs.get(position=2)
    assert f'id="p-{first.anchor}"' in page.text
    assert "đoàn kết xây dựng nông thôn mới" in page.text
    download = client.get(reverse("drafts:version_file", args=[draft.pk, 1]))
    assert download.status_code == 200
    assert download["Content-Type"] == DOCX_TYPE
    assert f'filename="du-thao-{draft.pk}-phien-ban-1.docx"' in download["Content-Disposition"]
    with version.original_file.open("rb") as stored:
        assert b"".join(download.streaming_content) == stored.read()


def test_a_draft_written_in_the_app_is_split_on_blank_lines(client, users, conference, media):
    client.force_login(users["staff"])
    client.post(
        reverse("drafts:create"),
        {"conference": conference.pk, "title": DRAFT_TITLE, "text": "Đoạn một.\n\nĐoạn hai.\r\n\r\nĐoạn ba."},
    )
    version = DraftVersion.objects.get()
    assert list(version.paragraphs.values_list("text", flat=True)) == ["Đoạn một.", "Đoạn hai.", "Đoạn ba."]
    assert not version.original_file
    assert client.get(reverse("drafts:version_file", args=[version.draft_id, 1])).status_code == 404


def _zip_without_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "không phải Word")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("bao-cao.pdf", b"%PDF-1.4 fake", "Chỉ nhận văn bản Word có đuôi .docx."),
        ("bao-cao.doc", b"\xd0\xcf\x11\xe0old word", "Chỉ nhận văn bản Word có đuôi .docx."),
        ("bao-cao.docx", "Văn bản thường".encode(), "Tệp không phải là văn bản Word .docx."),
        ("bao-cao.docx", _zip_without_document(), "Tệp .docx bị hỏng hoặc không phải văn bản Word"),
        ("bao-cao.docx", make_docx()[:1500], "Tệp .docx bị hỏng hoặc không phải văn bản Word"),
    ],
    ids=["pdf", "doc", "text-named-docx", "zip-without-document", "truncated-docx"],
)
def test_wrong_type_and_unreadable_uploads_are_refused_and_nothing_is_saved(
    client, users, conference, media, name, data, message
):
    client.force_login(users["staff"])
    response = post_draft(client, conference, SimpleUploadedFile(name, data, content_type=DOCX_TYPE))
    assert response.status_code == 200
    assert message in response.text
    assert 'id="error_1_id_file"' in response.text or "invalid-feedback" in response.text
    assert (
        not Draft.objects.exists()
        and not DraftVersion.objects.exists()
        and not DraftParagraph.objects.exists()
    )
    assert stored_files(media) == []


def test_oversized_upload_is_refused_and_nothing_is_saved(client, users, conference, media, settings):
    settings.MAX_UPLOAD_SIZE = 2000
    client.force_login(users["staff"])
    response = post_draft(client, conference, docx_upload())
    assert "Tệp quá lớn" in response.text and "giới hạn là 2,0\xa0KB" in response.text
    assert not Draft.objects.exists() and stored_files(media) == []


def test_a_bad_upload_for_a_new_version_changes_nothing(client, users, conference, media):
    client.force_login(users["staff"])
    post_draft(client, conference, docx_upload())
    draft = Draft.objects.get()
    before = stored_files(media)
    response = client.post(
        reverse("drafts:publish", args=[draft.pk]),
        {
            "file": SimpleUploadedFile("v2.docx", b"PK\x03\x04broken", content_type=DOCX_TYPE),
            "text": "x",
            "note": "",
        },
    )
    assert "Tệp .docx bị hỏng" in response.text
    assert draft.versions.count() == 1 and stored_files(media) == before


def test_publishing_by_upload_makes_version_two_and_the_comparison_shows_changes(
    client, users, conference, media
):
    client.force_login(users["staff"])
    post_draft(client, conference, docx_upload())
    convert_uploads()
    draft = Draft.objects.get()
    new = make_docx(
        [
            "Năm 2016, Ủy ban MTTQ các cấp đã tập trung thực hiện tốt cuộc vận động toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh.",
            "Công tác giám sát và phản biện xã hội được triển khai đúng kế hoạch, có 42 cuộc giám sát.",
            "Chuẩn bị chu đáo Tết Nguyên đán Đinh Dậu <2017>.",
        ]
    )
    response = client.post(
        reverse("drafts:publish", args=[draft.pk]),
        {
            "file": SimpleUploadedFile("v2.docx", new, content_type=DOCX_TYPE),
            "text": "",
            "note": "Tiếp thu ý kiến.",
        },
    )
    assert response.status_code == 302
    assert draft.versions.count() == 2
    convert_uploads()
    page = client.get(reverse("drafts:compare", args=[draft.pk, 1, 2]))
    assert "<del>hoạch.</del> <ins>hoạch, có 42 cuộc giám sát.</ins>" in page.text
    assert "<ins>Chuẩn bị chu đáo Tết Nguyên đán Đinh Dậu &lt;2017&gt;.</ins>" in page.text
    assert "<del>Năm 2017, tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận.</del>" in page.text


def test_a_docx_that_unpacks_to_far_more_than_the_limit_is_refused(
    client, users, conference, media, settings
):
    settings.MAX_UPLOAD_SIZE = 100 * 1024
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(make_docx())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in source.infolist():
            bomb.writestr(info, source.read(info.filename))
        bomb.writestr("word/media/padding.bin", b"\0" * (2 * 1024 * 1024))
    assert len(buffer.getvalue()) < settings.MAX_UPLOAD_SIZE
    client.force_login(users["staff"])
    response = post_draft(
        client, conference, SimpleUploadedFile("bom.docx", buffer.getvalue(), content_type=DOCX_TYPE)
    )
    assert "Tệp .docx quá lớn khi giải nén" in response.text
    assert not Draft.objects.exists() and stored_files(media) == []


def test_text_that_looks_like_markup_is_shown_escaped(client, users, conference, media):
    client.force_login(users["staff"])
    data = make_docx(['Đoạn có <script>alert("x")</script> và <b onclick="y()">thẻ</b>.'], heading=None)
    post_draft(client, conference, SimpleUploadedFile("x.docx", data, content_type=DOCX_TYPE))
    convert_uploads()
    page = client.get(reverse("drafts:version", args=[Draft.objects.get().pk, 1])).text
    assert '&lt;script&gt;alert("x")&lt;/script&gt; và &lt;b onclick="y()"&gt;thẻ&lt;/b&gt;.' in page
    assert "<script>alert" not in page and "<b onclick" not in page


# --- conversion off the request path ------------------------------------------------------------


@pytest.fixture
def no_conversion_in_the_request(monkeypatch):
    """mammoth must not run in the request: the worker converts."""
    import mammoth

    def refuse(*args, **kwargs):
        raise AssertionError("the .docx was converted in the web request")

    monkeypatch.setattr(mammoth, "convert_to_html", refuse)
    yield
    monkeypatch.undo()


def test_a_document_of_5_mb_of_xml_is_stored_and_left_to_the_worker(
    client, users, conference, media, no_conversion_in_the_request
):
    data = docx_with_xml_of(5)
    assert len(data) < 100 * 1024  # a small file that unpacks to 5 MB of XML
    client.force_login(users["staff"])
    response = post_draft(client, conference, SimpleUploadedFile("lon.docx", data, content_type=DOCX_TYPE))
    draft = Draft.objects.get()
    assert response.status_code == 302
    version = draft.versions.get()
    assert version.conversion == DraftVersion.Conversion.PENDING and not version.paragraphs.exists()
    assert len(stored_files(media)) == 1
    page = client.get(reverse("drafts:version", args=[draft.pk, 1])).text
    assert "Tệp đang được chuyển đổi thành các đoạn văn; trang tự cập nhật khi xong." in page
    compared = client.get(reverse("drafts:compare", args=[draft.pk, 1, 1])).text
    assert (
        "Một trong hai phiên bản chưa chuyển đổi xong hoặc chuyển đổi bị lỗi; chưa so sánh được." in compared
    )
    assert 'hx-trigger="every 3s"' in page
    detail = client.get(reverse("drafts:detail", args=[draft.pk])).text
    assert 'data-conversion="pending"' in detail and "Đang chuyển đổi" in detail


def test_the_worker_converts_a_pending_upload_and_the_page_shows_it(client, users, conference, media):
    client.force_login(users["staff"])
    post_draft(client, conference, docx_upload())
    version = DraftVersion.objects.get()
    assert version.conversion == DraftVersion.Conversion.PENDING
    assert convert_uploads() == [DraftVersion.Conversion.DONE]
    assert convert_uploads() == []  # a second delivery finds nothing to do
    version.refresh_from_db()
    assert version.conversion_attempts == 1 and version.paragraphs.count() == 4
    page = client.get(reverse("drafts:version", args=[version.draft_id, 1])).text
    assert "hx-trigger" not in page and "đoàn kết xây dựng nông thôn mới" in page
    assert 'data-conversion="done"' in client.get(reverse("drafts:detail", args=[version.draft_id])).text


def test_a_file_that_fails_to_convert_shows_the_reason(client, users, conference, media):
    client.force_login(users["staff"])
    empty = make_docx([], heading=None)
    post_draft(client, conference, SimpleUploadedFile("trong.docx", empty, content_type=DOCX_TYPE))
    assert convert_uploads() == [DraftVersion.Conversion.FAILED]
    version = DraftVersion.objects.get()
    assert version.conversion_error == "Tệp .docx không có đoạn văn bản nào."
    page = client.get(reverse("drafts:version", args=[version.draft_id, 1])).text
    assert "Không chuyển đổi được tệp tải lên: Tệp .docx không có đoạn văn bản nào." in page
    detail = client.get(reverse("drafts:detail", args=[version.draft_id])).text
    assert 'data-conversion="failed"' in detail and "Lấy ý kiến" not in detail


def _macro_content_types(xml):
    return xml.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )


@pytest.mark.parametrize(
    ("extra_parts", "content_types"),
    [
        ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"}, None),
        ({}, _macro_content_types),
        ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macros"}, _macro_content_types),
    ],
    ids=["vba-part", "macro-enabled-type", "docm-renamed"],
)
def test_a_macro_enabled_document_is_refused_with_the_reason(
    client, users, conference, media, extra_parts, content_types
):
    data = docx_with_xml_of(0.01, extra_parts=extra_parts, content_types=content_types)
    client.force_login(users["staff"])
    response = post_draft(
        client, conference, SimpleUploadedFile("bao-cao.docx", data, content_type=DOCX_TYPE)
    )
    assert response.status_code == 200
    assert (
        "Tệp có chứa macro (văn bản .docm đổi tên thành .docx); hệ thống không nhận tệp có macro."
        in response.text
    )
    assert not Draft.objects.exists() and stored_files(media) == []


def test_a_document_with_more_xml_than_converts_in_time_is_refused(
    client, users, conference, media, settings
):
    settings.DRAFT_MAX_XML_BYTES = 1024 * 1024
    client.force_login(users["staff"])
    data = docx_with_xml_of(2)
    response = post_draft(client, conference, SimpleUploadedFile("lon.docx", data, content_type=DOCX_TYPE))
    assert "Nội dung văn bản quá lớn để chuyển đổi (2," in response.text  # 2 MB and the styles
    assert "MB khi giải nén, giới hạn 1,0\xa0MB); hãy chia nhỏ văn bản." in response.text
    assert not Draft.objects.exists() and stored_files(media) == []


def test_a_round_cannot_be_opened_on_a_version_still_converting(users, province, conference, media):
    from django.core.exceptions import ValidationError

    from tests.drafts_support import open_round

    draft = services.draft_create(
        conference=conference, title=DRAFT_TITLE, user=users["staff"], uploaded_file=docx_upload()
    )
    with pytest.raises(ValidationError, match="chưa chuyển đổi xong"):
        open_round(draft, users["staff"], [province["district_a"]])


def test_a_converted_version_ends_only_the_rounds_of_earlier_versions(users, province, conference, media):
    import datetime

    from django.utils import timezone

    draft = services.draft_create(
        conference=conference, title=DRAFT_TITLE, user=users["staff"], text="Đoạn một."
    )
    services.draft_version_publish(
        draft=draft, user=users["staff"], uploaded_file=docx_upload()
    )  # 2, pending
    services.draft_version_publish(draft=draft, user=users["staff"], text="Đoạn ba.")  # 3, written
    third = services.round_open(
        version=draft.versions.get(number=3),
        units=[province["district_a"]],
        deadline=timezone.now() + datetime.timedelta(days=7),
        instructions="",
        user=users["staff"],
    )
    convert_uploads()  # version 2 becomes readable after version 3 was published
    third.refresh_from_db()
    assert third.closed_at is None


# --- the caps of a conversion (a child process) ---------------------------------------------------


def test_a_conversion_past_its_time_cap_is_stopped():
    from reports.drafts.conversion import ConversionFailed, convert_isolated

    with pytest.raises(ConversionFailed) as failed:
        convert_isolated(docx_with_xml_of(5), time_limit=1)
    assert failed.value.reason == "Quá thời gian cho phép để chuyển đổi tệp (1 giây); hãy chia nhỏ văn bản."


MEMORY_CAP_SCRIPT = """
import django
django.setup()
from reports.drafts.conversion import ConversionFailed, convert_isolated
from tests.drafts_support import docx_with_xml_of
try:
    convert_isolated(docx_with_xml_of(2), memory_limit_mb=20)
    print("converted")
except ConversionFailed as failed:
    print(failed.reason)
"""


def test_a_conversion_past_its_memory_cap_is_stopped():
    """In a fresh interpreter: the cap counts from the address space the parent has mapped, and a
    test process that has already built large documents has much of it free."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    from reports.drafts.conversion import OUT_OF_MEMORY, STOPPED

    env = {"DEBUG": "1", **os.environ, "DJANGO_SETTINGS_MODULE": "frontwork.settings"}
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_CAP_SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() in {OUT_OF_MEMORY, STOPPED}, result.stdout + result.stderr


def test_a_conversion_in_the_child_process_gives_the_paragraphs():
    from reports.drafts.conversion import convert_isolated

    blocks = convert_isolated(make_docx())
    assert [b.kind for b in blocks] == ["h2", "p", "p", "p"]
    assert blocks[1].text.startswith("Năm 2016, Ủy ban MTTQ")


def test_the_sweep_sends_again_lost_and_abandoned_conversions(users, conference, media, monkeypatch):
    import datetime

    from django.utils import timezone

    from reports.drafts import conversion

    sent = []
    monkeypatch.setattr(conversion, "conversions_send", lambda ids: sent.extend(ids))
    draft = services.draft_create(
        conference=conference, title=DRAFT_TITLE, user=users["staff"], uploaded_file=docx_upload()
    )
    lost = draft.versions.get()
    assert conversion.conversions_sweep() == []  # just sent: not yet
    later = timezone.now() + datetime.timedelta(minutes=3)
    assert conversion.conversions_sweep(now=later) == [lost.pk] == sent
    DraftVersion.objects.filter(pk=lost.pk).update(
        conversion=DraftVersion.Conversion.CONVERTING, conversion_started_at=later, conversion_attempts=1
    )
    assert conversion.conversions_sweep(now=later + datetime.timedelta(seconds=30)) == []  # still working
    much_later = later + datetime.timedelta(minutes=5)
    assert conversion.conversions_sweep(now=much_later) == []  # its worker died: pending again, sent soon
    lost.refresh_from_db()
    assert lost.conversion == DraftVersion.Conversion.PENDING
    assert conversion.conversions_sweep(now=much_later + datetime.timedelta(minutes=3)) == [lost.pk]
