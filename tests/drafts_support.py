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


@functools.cache
def default_docx():
    return make_docx()


def docx_upload(data=None, name="Du thao bao cao 2016.docx"):
    return SimpleUploadedFile(name, default_docx() if data is None else data, content_type=DOCX_TYPE)


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
    from frontwork.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield app
    app.conf.task_always_eager = old
