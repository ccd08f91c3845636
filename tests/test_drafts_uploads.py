"""Uploading a draft as .docx: conversion, the original file, and every kind of bad file."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Draft, DraftParagraph, DraftVersion
from tests.drafts_support import DOCX_TYPE, DRAFT_TITLE, docx_upload, make_docx
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
    page = client.get(reverse("drafts:version", args=[Draft.objects.get().pk, 1])).text
    assert '&lt;script&gt;alert("x")&lt;/script&gt; và &lt;b onclick="y()"&gt;thẻ&lt;/b&gt;.' in page
    assert "<script>alert" not in page and "<b onclick" not in page
