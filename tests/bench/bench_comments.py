"""50 offices submit their comments at the same moment, over real HTTP, against a real gunicorn
process on 127.0.0.1 pointed at the bench database.

One draft, one comment round asking 50 commune committees, one office user per commune. Each office
(one thread each, released together by a barrier) opens the round's comment page, adds a comment
and submits. Sessions are created beforehand so that the figures are about the comment pages, not
about password hashing. Target: 0 errors and 0 lost comments (every comment and every unit's
submission stored). Bounded: every request has a timeout and the server is stopped at the end.
"""

import datetime
import http.client
import os
import secrets
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.utils import timezone

from tests.bench.server import REQUEST_TIMEOUT, free_port, session_cookie, start_server

OFFICES = 50
WORKERS, THREADS = 2, 8  # gunicorn: 2 processes × 8 threads (the machine has few cores)


def _setup():
    """A province, its standing board, 50 communes with one office user each, and an open round."""
    from conferences.models import Conference
    from frontwork.accounts.models import Unit, User
    from reports.drafts import services
    from tests.drafts_support import PARAGRAPHS

    province = Unit.objects.create(
        code="c-tinh", name="Ủy ban MTTQ Việt Nam tỉnh", kind="provincial_committee"
    )
    board = Unit.objects.create(code="c-btt", name="Ban Thường trực", kind="standing_board", parent=province)
    communes = [
        Unit.objects.create(
            code=f"c-xa-{i}", name=f"Ủy ban MTTQ xã số {i}", kind="commune_committee", parent=province
        )
        for i in range(OFFICES)
    ]
    staff = User.objects.create_user("c-staff", role="staff", unit=board)
    offices = [
        User.objects.create_user(f"c-office-{i}", role="office", unit=u) for i, u in enumerate(communes)
    ]
    conference = Conference.objects.create(
        kind="briefing",
        period="year",
        period_year=2016,
        subject="tổng kết công tác Mặt trận năm 2016",
        date=datetime.date(2016, 12, 20),  # not the demo conference's date (bench_pdf looks it up)
        format="in_person",
        host_unit=board,
    )
    draft = services.draft_create(
        conference=conference,
        title="Báo cáo công tác Mặt trận năm 2016",
        user=staff,
        text="\n\n".join(PARAGRAPHS),
    )
    comment_round = services.round_open(
        version=draft.versions.get(number=1),
        units=communes,
        deadline=timezone.now() + datetime.timedelta(days=7),
        instructions="Đề nghị góp ý cụ thể vào từng phần.",
        user=staff,
    )
    return comment_round, offices


def _office(port, session_key, round_pk, number, barrier, results):
    """One office: wait for the others, then read the page, add a comment, submit."""
    csrf = secrets.token_hex(16)  # 32 characters: a valid CSRF secret, sent as cookie and header
    headers = {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf}",
        "X-CSRFToken": csrf,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    base = f"/du-thao/dot-gop-y/{round_pk}"
    body = f"text=%C3%9D+ki%E1%BA%BFn+c%E1%BB%A7a+x%C3%A3+s%E1%BB%91+{number}"  # "Ý kiến của xã số N"
    steps = [
        ("GET", f"{base}/y-kien/", None),
        ("POST", f"{base}/y-kien/them/", body),
        ("POST", f"{base}/gui/", ""),
    ]
    barrier.wait(timeout=REQUEST_TIMEOUT)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    for method, url, data in steps:
        start = time.perf_counter()
        try:
            connection.request(method, url, body=data, headers=headers)
            response = connection.getresponse()
            response.read()
            # A redirect to the login page would mean the session was refused: count it as an error.
            ok = response.status < 400 and "dang-nhap" not in (response.getheader("Location") or "")
            status = response.status
        except OSError as error:
            ok, status = False, type(error).__name__
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        results.append((method, time.perf_counter() - start, ok, status))
    connection.close()


def run(report):
    from reports.models import Comment, RoundUnit

    comment_round, offices = _setup()
    sessions = [session_cookie(user) for user in offices]
    port = free_port()
    server = start_server(port, workers=WORKERS, threads=THREADS)
    results = []
    barrier = threading.Barrier(OFFICES)
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=OFFICES) as pool:
            futures = [
                pool.submit(_office, port, key, comment_round.pk, i, barrier, results)
                for i, key in enumerate(sessions)
            ]
            for future in futures:
                future.result()
        wall = time.perf_counter() - started
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)

    errors = [status for _, _, ok, status in results if not ok]
    comments = Comment.objects.filter(round=comment_round, submitted_at__isnull=False).count()
    submitted = RoundUnit.objects.filter(round=comment_round, submitted_at__isnull=False).count()
    latencies = sorted(seconds for _, seconds, _, _ in results)
    report(
        f"gunicorn {WORKERS} workers × {THREADS} threads on 127.0.0.1, {OFFICES} offices released together "
        "(read the page, add a comment, submit)"
    )
    report(
        f"requests {len(results)}, errors {len(errors)}{' ' + str(sorted(set(map(str, errors)))) if errors else ''}"
    )
    report(f"submitted comments stored {comments} / {OFFICES} expected")
    report(f"units marked as submitted {submitted} / {OFFICES} expected")
    report(f"wall time {wall:.1f} s (first request to last answer)")
    report(
        f"request latency p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms"
    )
    for method, name in (("GET", "comment page"), ("POST", "add + submit")):
        part = sorted(s for m, s, _, _ in results if m == method)
        report(
            f"  {name:<13} p50 {statistics.median(part) * 1000:6.0f} ms, p95 {part[int(len(part) * 0.95) - 1] * 1000:6.0f} ms"
        )
    met = not errors and comments == OFFICES and submitted == OFFICES
    report(f"target: 0 errors, 0 lost comments — {'OK' if met else 'MISSED'}")
