"""Latency and queries of the main pages on national-scale data, measured in the same run against
two minimal views: `/healthz` (one query, plain text) and a minimal page of the same site
(`/mat-khau/xong/`: session, user, the base template; no query of its own). Target: each page's
median ≤ 2× the minimal page. Figures are printed, never asserted."""

import statistics
import time

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontwork.accounts.models import User
from tests.bench.national import generate

RUNS = 20


def _measure(client, url):
    client.get(url)  # warm up
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], len(queries)


def run(report):
    start = time.perf_counter()
    summary = generate()
    report(
        f"generated {summary['units']:,} units, {summary['conferences']:,} conferences, "
        f"{summary['items']:,} record items in {time.perf_counter() - start:.0f} s"
    )
    reset_queries()
    staff = User.objects.get(username="n-staff-0")
    office = User.objects.get(username="n-office-0")
    conference = summary["conference"]
    client = Client()
    raw, raw_p95, _ = _measure(client, "/healthz")
    client.force_login(staff)
    baseline, baseline_p95, baseline_queries = _measure(client, "/mat-khau/xong/")
    report(
        f"{'page':<50} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'× minimal':>10} {'× /healthz':>11}"
    )
    report(
        f"{'/healthz (one query, plain text)':<50} {1:>7} {raw * 1000:>10.1f} {raw_p95 * 1000:>8.1f} {raw / baseline:>10.2f} {1:>11.1f}"
    )
    report(
        f"{'/mat-khau/xong/ (minimal page)':<50} {baseline_queries:>7} {baseline * 1000:>10.1f} "
        f"{baseline_p95 * 1000:>8.1f} {1:>10.2f} {baseline / raw:>11.1f}"
    )
    draft, comment_round = summary["draft"], summary["round"]
    pages = [
        (staff, "/"),
        (staff, "/hoi-nghi/"),
        (staff, "/hoi-nghi/?page=5"),
        (staff, f"/hoi-nghi/{conference.pk}/bao-cao/"),
        (staff, reverse("conferences:edit", args=[conference.pk])),
        (staff, reverse("reports:final_report", args=[conference.pk])),
        (staff, reverse("drafts:list")),
        (staff, reverse("drafts:detail", args=[draft.pk])),
        (staff, reverse("drafts:version", args=[draft.pk, 1])),
        (staff, reverse("drafts:round_status", args=[comment_round.pk])),
        (staff, reverse("recommendations:register")),
        (staff, reverse("recommendations:dashboard")),
        (staff, reverse("recommendations:directives")),
        (office, "/hoi-nghi/"),
        (office, reverse("drafts:list")),
        (office, reverse("drafts:round_comments", args=[comment_round.pk])),
    ]
    met = met_raw = 0
    for user, url in pages:
        client.force_login(user)
        median, p95, queries = _measure(client, url)
        label = f"{url} ({user.role})"
        ratio = median / baseline
        met += ratio <= 2
        met_raw += median / raw <= 2
        report(
            f"{label:<50} {queries:>7} {median * 1000:>10.1f} {p95 * 1000:>8.1f} {ratio:>10.2f} {median / raw:>11.1f}"
            f"  {'OK' if ratio <= 2 else 'MISSED'}"
        )
    report(f"target: median ≤ 2× the minimal page — met by {met} of {len(pages)} pages")
    report(f"against /healthz (one query, no template, no session): ≤ 2× for {met_raw} of {len(pages)} pages")
