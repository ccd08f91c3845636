"""Latency and queries of the main pages on national-scale data, measured in the same run against
the site's minimal page (`/mat-khau/xong/`: session, user, the base template; no query of its
own), with the one-query view `/healthz` (one query, plain text) shown for reference.

Latency is measured as a user meets it: over HTTP, one request at a time on a kept-alive
connection, to a gunicorn process (1 worker, 1 thread) with production settings (DEBUG off) on
127.0.0.1. Pages are requested in turn, round after round, so that all see the same machine load.
Django's test client is used only to count queries (its template instrumentation makes it
several times slower than a real server). Target: each page's median ≤ 4× the minimal page's.
Figures are printed, never asserted."""

import http.client
import os
import secrets
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontwork.accounts.models import User
from tests.bench.national import generate
from tests.bench.server import free_port, session_cookie, start_server

RUNS = 30
TARGET = 4  # × the minimal page's median


def _queries(user, url):
    client = Client()
    if user:
        client.force_login(user)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


class _Browser:
    """A kept-alive HTTP connection with one user's session."""

    def __init__(self, port, user):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}"} if user else {}

    def get(self, url):
        try:
            return self._get(url)
        except (http.client.RemoteDisconnected, ConnectionError):
            # gunicorn closes a connection left idle longer than its keep-alive (2 s), which a
            # loaded machine reaches between two pages of the same user: connect again, untimed.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.connection.connect()
            return self._get(url)

    def _get(self, url):
        start = time.perf_counter()
        self.connection.request("GET", url, headers=self.headers)
        response = self.connection.getresponse()
        response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200:
            raise RuntimeError(f"{url}: HTTP {response.status} {response.getheader('Location') or ''}")
        return elapsed


def _p95(timings):
    timings = sorted(timings)
    return timings[int(len(timings) * 0.95) - 1]


def run(report):
    start = time.perf_counter()
    summary = generate()
    if connection.vendor == "postgresql":
        # Autovacuum analyzes freshly filled tables within a minute or so; without statistics the
        # planner guesses row counts and scans whole tables where a database in use would not.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    report(
        f"generated {summary['units']:,} units, {summary['conferences']:,} conferences, "
        f"{summary['items']:,} record items in {time.perf_counter() - start:.0f} s"
    )
    reset_queries()
    staff = User.objects.get(username="n-staff-0")
    office = User.objects.get(username="n-office-0")
    conference = summary["conference"]
    draft, comment_round = summary["draft"], summary["round"]
    pages = [
        (None, "/healthz", "one query, plain text"),
        (staff, "/mat-khau/xong/", "minimal page"),
        (staff, "/", "home"),
        (staff, "/hoi-nghi/", "conference list"),
        (staff, "/hoi-nghi/?page=5", "conference list, page 5"),
        (staff, f"/hoi-nghi/{conference.pk}/bao-cao/", "record"),
        (staff, reverse("conferences:edit", args=[conference.pk]), "conference editing"),
        (staff, reverse("reports:final_report", args=[conference.pk]), "final report"),
        (staff, reverse("drafts:list"), "drafts list"),
        (staff, reverse("drafts:detail", args=[draft.pk]), "draft"),
        (staff, reverse("drafts:version", args=[draft.pk, 1]), "reading page"),
        (staff, reverse("drafts:round_status", args=[comment_round.pk]), "round status"),
        (staff, reverse("recommendations:register"), "recommendations register"),
        (staff, reverse("recommendations:dashboard"), "dashboard"),
        (staff, reverse("recommendations:directives"), "directives"),
        (office, "/hoi-nghi/", "conference list"),
        (office, reverse("drafts:list"), "drafts list"),
        (office, reverse("drafts:round_comments", args=[comment_round.pk]), "comment page"),
    ]
    queries = [1 if user is None else _queries(user, url) for user, url, _ in pages]

    settings.SECRET_KEY = secrets.token_urlsafe(50)  # the server's key: sessions are signed with it
    production = {"DEBUG": "0", "SECRET_KEY": settings.SECRET_KEY, "SECURE_SSL_REDIRECT": "0"}
    # Production settings serve hashed static file names from the collected manifest.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **production},
        check=True,
    )
    port = free_port()
    server = start_server(port, workers=1, threads=1, **production)
    try:
        browsers = {user: _Browser(port, user) for user in {user for user, _, _ in pages}}
        timings = [[] for _ in pages]
        for round_ in range(RUNS + 2):  # two warm-up rounds
            for index, (user, url, _) in enumerate(pages):
                elapsed = browsers[user].get(url)
                if round_ >= 2:
                    timings[index].append(elapsed)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)

    medians = [statistics.median(t) for t in timings]
    minimal = medians[1]
    report(f"gunicorn 1 worker × 1 thread, DEBUG off, 127.0.0.1; median and p95 of {RUNS} requests per page")
    report(f"{'page':<58} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'× minimal page':>15}")
    met = 0
    for index, (user, url, label) in enumerate(pages):
        ratio = medians[index] / minimal
        name = f"{url} {label}" + (f" ({user.role})" if user else "")
        verdict = ""
        if index >= 2:
            met += ratio <= TARGET
            verdict = "OK" if ratio <= TARGET else "MISSED"
        report(
            f"{name:<58} {queries[index]:>7} {medians[index] * 1000:>10.1f} {_p95(timings[index]) * 1000:>8.1f} "
            f"{ratio:>15.2f}  {verdict}"
        )
    report(
        f"target: median ≤ {TARGET:g}× the minimal page /mat-khau/xong/ — met by {met} of {len(pages) - 2} pages"
    )
