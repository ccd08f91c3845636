"""Helpers for the draft and comment-round tests: .docx files made with python-docx, a draft
with a round, and eager Celery."""

import datetime
import functools
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reports.drafts import services
from tests.factories import ConferenceFactory

DRAFT_TITLE = "Báo cáo công tác Mặt trận năm 2016, phương hướng nhiệm vụ năm 2017"
PARAGRAPHS = [
    "Năm 2016, Ủy ban MTTQ các cấp đã tập trung thực hiện tốt cuộc vận động toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh.",
    "Công tác giám sát và phản biện xã hội được triển khai đúng kế hoạch.",
    "Năm 2017, tiếp tục đổi mới nội dung, phương thức hoạt động của Mặt trận.",
]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def make_docx(paragraphs=PARAGRAPHS, heading="I. KẾT QUẢ CÔNG TÁC NĂM 2016"):
    import docx

    document = docx.Document()
    if heading:
        document.add_heading(heading, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_with_xml_of(megabytes, *, extra_parts=None, content_types=None):
    """A small .docx (tens of KB) whose document.xml unpacks to `megabytes` MB of short
    paragraphs, with `extra_parts` ({name: bytes}) added and [Content_Types].xml replaced."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(make_docx(["x"])))
    document = source.read("word/document.xml").decode()
    paragraph = "<w:p><w:r><w:t>Năm 2016, Ủy ban MTTQ các cấp đã tập trung thực hiện tốt cuộc vận động.</w:t></w:r></w:p>"
    start = document.index("<w:body>") + len("<w:body>")
    count = int(megabytes * 1024 * 1024 / len(paragraph.encode()))
    parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts["word/document.xml"] = (document[:start] + paragraph * count + document[start:]).encode()
    if content_types is not None:
        parts["[Content_Types].xml"] = content_types(parts["[Content_Types].xml"])
    parts.update(extra_parts or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@functools.cache
def default_docx():
    return make_docx()


def docx_upload(data=None, name="Du thao bao cao 2016.docx"):
    return SimpleUploadedFile(name, default_docx() if data is None else data, content_type=DOCX_TYPE)


def convert_uploads():
    """What the worker does after an upload: convert every version still pending (in tests the
    on-commit message to the worker is not sent)."""
    from reports.drafts import conversion
    from reports.drafts.models import DraftVersion

    pending = DraftVersion.objects.filter(conversion=DraftVersion.Conversion.PENDING)
    return [conversion.version_convert(version_id=pk) for pk in pending.values_list("pk", flat=True)]


def make_draft(user, conference=None, texts=PARAGRAPHS):
    conference = conference or ConferenceFactory(host_unit=user.unit.parent or user.unit)
    return services.draft_create(conference=conference, title=DRAFT_TITLE, user=user, text="\n\n".join(texts))


def open_round(draft, user, units, *, days=7):
    return services.round_open(
        version=draft.versions.get(number=1),
        units=units,
        deadline=timezone.now() + datetime.timedelta(days=days),
        instructions="Đề nghị góp ý cụ thể vào từng phần.",
        user=user,
    )


@pytest.fixture
def eager_celery():
    import reports.drafts.tasks  # noqa: F401  (tasks sent by name run eagerly once registered here)
    from frontwork.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = old
