"""Uploading a draft as .docx: the web request's time (it stores the file and leaves the
conversion to the worker), and the worker's conversion time by size of the document's XML (from
which DRAFT_MAX_XML_BYTES is set).

The web side runs in a real gunicorn process (1 worker, 2 threads); its messages to the worker go
to a queue of the bench's own, emptied at the end (no worker converts them: the request's time is
what is measured). The
conversions run here, in the worker's child process (reports.drafts.conversion.convert_isolated),
with the time cap raised so that every size finishes.
"""

import datetime
import http.client
import os
import secrets
import statistics
import tempfile
import time
import uuid

from django.conf import settings

from tests.bench.server import REQUEST_TIMEOUT, free_port, session_cookie, start_server

UPLOADS = 10


def _setup():
    from conferences.models import Conference
    from frontwork.accounts.models import Unit, User

    province = Unit.objects.create(
        code="u-tinh", name="Ủy ban MTTQ Việt Nam tỉnh", kind="provincial_committee"
    )
    board = Unit.objects.create(code="u-btt", name="Ban Thường trực", kind="standing_board", parent=province)
    staff = User.objects.create_user("u-staff", role="staff", unit=board)
    conference = Conference.objects.create(
        kind="annual",
        period_year=2016,
        subject="tổng kết công tác Mặt trận năm 2016",
        date=datetime.date(2016, 12, 21),
        format="in_person",
        host_unit=board,
    )
    return staff, conference


def _multipart(fields, filename, data):
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _upload(port, session_key, conference_pk, data):
    csrf = secrets.token_hex(16)
    body, content_type = _multipart(
        {"conference": conference_pk, "title": "Báo cáo công tác Mặt trận năm 2016", "text": ""},
        "du-thao.docx",
        data,
    )
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
        "Content-Type": content_type,
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    start = time.perf_counter()
    connection.request("POST", "/du-thao/moi/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    seconds = time.perf_counter() - start
    connection.close()
    return seconds, response.status


def _purge(queue):
    from frontwork.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)


def run(report):
    from reports.drafts.conversion import ConversionFailed, convert_isolated
    from reports.models import DraftVersion
    from tests.drafts_support import docx_with_xml_of, make_docx

    staff, conference = _setup()
    key = session_cookie(staff)
    files = {"a 3-paragraph .docx": make_docx(), "a .docx of 5 MB of XML (64 KB zipped)": docx_with_xml_of(5)}
    port = free_port()
    with tempfile.TemporaryDirectory() as media:
        queue = f"bench-uploads-{uuid.uuid4().hex[:8]}"
        server = start_server(port, workers=1, threads=2, CELERY_TASK_DEFAULT_QUEUE=queue, MEDIA_ROOT=media)
        try:
            report(f"web request of an upload (gunicorn 1 worker × 2 threads, {UPLOADS} uploads each):")
            for label, data in files.items():
                results = [_upload(port, key, conference.pk, data) for _ in range(UPLOADS)]
                times = sorted(seconds for seconds, _ in results)
                statuses = sorted({status for _, status in results})
                report(
                    f"  {label:<40} p50 {statistics.median(times) * 1000:5.0f} ms, max {times[-1] * 1000:5.0f} ms "
                    f"(answers {statuses}; conversion left to the worker)"
                )
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
            _purge(queue)
    pending = DraftVersion.objects.filter(conversion=DraftVersion.Conversion.PENDING).count()
    report(f"versions stored pending conversion: {pending} / {UPLOADS * len(files)}")

    report("conversion in the worker's child process, by size of the XML (mammoth):")
    for megabytes in (0.5, 1, 2, 4, 6):
        data = docx_with_xml_of(megabytes)
        start = time.perf_counter()
        try:
            blocks = convert_isolated(data, time_limit=600)
            outcome = f"{len(blocks)} paragraphs"
        except ConversionFailed as failed:
            outcome = failed.reason
        seconds = time.perf_counter() - start
        report(
            f"  document.xml {megabytes:>4} MB  {seconds:6.1f} s  {seconds / megabytes:4.1f} s/MB  {outcome}"
        )
    limit = settings.DRAFT_MAX_XML_BYTES / 1024 / 1024
    report(
        f"limit: DRAFT_MAX_XML_BYTES {limit:.0f} MB of XML (styles included), time cap "
        f"{settings.DRAFT_CONVERSION_TIME_LIMIT} s — target: the largest accepted file converts within the cap"
    )
