"""The final report's PDF: through the queue (a real worker) against WeasyPrint called directly on
the same HTML; and a 100-page report (2,000 recommendations) against a 10-page one (time and peak
memory of the rendering process)."""

import multiprocessing
import os
import resource
import time
import uuid

from django.conf import settings
from django.core.management import call_command
from django.db import connections

TARGET_QUEUE_RATIO = 1.3
TARGET_SIZE_RATIO = 12
TARGET_PEAK_MB = 500
THROUGHPUT_JOBS = 20
FINISHED = ("done", "failed")


def _demo_conference():
    from conferences.models import Conference

    settings.DEMO_MODE = True
    call_command("load_demo", stdout=open(os.devnull, "w"))
    return Conference.objects.get(date="2016-12-27", period_year=2016)


def _conference_with(count):
    from conferences.models import Conference
    from recommendations.models import Recommendation

    demo = _demo_conference()
    conference = Conference.objects.create(
        kind=demo.kind,
        period=demo.period,
        period_year=2017,
        subject=f"công tác Mặt trận năm 2017 ({count} kiến nghị)",
        date=demo.date,
        format=demo.format,
        host_unit=demo.host_unit,
        recommendations_intro=demo.recommendations_intro,
    )
    Recommendation.objects.bulk_create(
        Recommendation(
            conference=conference,
            position=i,
            text=f"Kiến nghị số {i + 1}: quan tâm phương tiện, cơ sở vật chất cho hoạt động của Mặt trận "
            "và các đoàn thể ở khu dân cư.",
        )
        for i in range(count)
    )
    return conference


def _render_in_child(conference_pk, pipe):
    """Runs in a forked process: render once, send back (seconds, pages, peak RSS in MB)."""
    from reports.final import services
    from reports.final.document import print_html
    from reports.final.printing import render_pdf
    from reports.models import FinalReport

    report = FinalReport.objects.get(conference_id=conference_pk)
    layout = services.layout_settings_get_or_create(unit=report.conference.host_unit)
    start = time.perf_counter()
    pdf = render_pdf(print_html(report, layout), layout)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pipe.send((elapsed, pdf.page_count, peak_mb))
    pipe.close()


def _measure_in_child(conference):
    from reports.final import services

    services.final_report_get_or_create(conference=conference)
    connections.close_all()  # the child opens its own; a shared socket would break the parent's
    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_render_in_child, args=(conference.pk, send))
    process.start()
    result = receive.recv()
    process.join()
    return result


def _queue_against_direct(report, layout, html, runs):
    """Best times of `runs` interleaved rounds (so all sides see the same machine load): request →
    done through a real worker; WeasyPrint called directly on the same HTML; and `render_pdf` in
    this process with its stylesheet and fonts already loaded, as the worker has them."""
    from frontwork.celery import app
    from reports.final import services
    from reports.final.printing import render_pdf
    from reports.models import RenderJob
    from tests.conftest import WorkerProcess

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    worker = WorkerProcess(
        queue, {"CELERY_TASK_DEFAULT_QUEUE": queue, "MEDIA_ROOT": settings.MEDIA_ROOT}
    ).start()

    in_worker = []

    def through_the_queue():
        job = services.final_report_request(report=report)
        deadline = time.monotonic() + 120
        while (status := RenderJob.objects.values_list("status", flat=True).get(pk=job.pk)) not in FINISHED:
            if time.monotonic() > deadline:
                raise RuntimeError(f"job {job.pk} still {status} after 120 s (message lost by the broker?)")
            time.sleep(0.002)  # a coarse poll would add its own delay to the figure
        job.refresh_from_db()
        if status == "failed":
            raise RuntimeError(job.error)
        in_worker.append((job.finished_at - job.started_at).total_seconds())

    try:
        through_the_queue()  # warms the worker up
        render_pdf(html, layout)
        queued, direct, warm = [], [], []
        for _ in range(runs):
            direct.append(_timed(lambda: _weasyprint_directly(html, layout)))
            warm.append(_timed(lambda: render_pdf(html, layout)))
            queued.append(_timed(through_the_queue))
        return min(queued), min(in_worker[1:]), min(direct), min(warm)
    finally:
        worker.stop()


def _weasyprint_directly(html, layout):
    """One plain WeasyPrint call on the print HTML with the same stylesheets and fonts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from reports.final.printing import PRINT_BASE_URL, PRINT_DIR, layout_css

    fonts = FontConfiguration()
    stylesheets = [
        CSS(filename=PRINT_DIR / "print.css", font_config=fonts),
        CSS(string=layout_css(layout), font_config=fonts),
    ]
    return HTML(string=html, base_url=PRINT_BASE_URL).write_pdf(stylesheets=stylesheets, font_config=fonts)


def _throughput(report_, jobs):
    """Renders per minute of ONE worker process (concurrency 1): `jobs` render jobs of the same
    report enqueued at once, timed from the first request to the last job done."""
    from frontwork.celery import app
    from reports.final import services
    from reports.models import RenderJob
    from tests.conftest import WorkerProcess

    queue = f"bench-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    worker = WorkerProcess(
        queue, {"CELERY_TASK_DEFAULT_QUEUE": queue, "MEDIA_ROOT": settings.MEDIA_ROOT}
    ).start()
    try:
        services.final_report_request(report=report_)  # wait for the worker to be up and warm
        _wait_until_finished(RenderJob.objects.all(), deadline=120)
        start = time.perf_counter()
        ids = [services.final_report_request(report=report_).pk for _ in range(jobs)]
        jobs_qs = RenderJob.objects.filter(pk__in=ids)
        _wait_until_finished(jobs_qs, deadline=30 * jobs)
        elapsed = time.perf_counter() - start
        failed = jobs_qs.filter(status="failed").count()
        in_worker = [(j.finished_at - j.started_at).total_seconds() for j in jobs_qs if j.started_at]
        return elapsed, failed, sum(in_worker) / len(in_worker)
    finally:
        worker.stop()


def _wait_until_finished(jobs, deadline):
    limit = time.monotonic() + deadline
    while jobs.exclude(status__in=FINISHED).exists():
        if time.monotonic() > limit:
            left = jobs.exclude(status__in=FINISHED).count()
            raise RuntimeError(f"{left} render jobs still unfinished after {deadline} s")
        time.sleep(0.1)


def run(report):
    from reports.final import services
    from reports.final.document import print_html

    settings.MEDIA_ROOT = str(settings.VAR_DIR / "bench-media")
    demo = _demo_conference()
    final = services.final_report_get_or_create(conference=demo)
    layout = services.layout_settings_get_or_create(unit=demo.host_unit)
    html = print_html(final, layout)
    runs = 7
    queued, in_worker, direct, warm = _queue_against_direct(final, layout, html, runs)
    broker = settings.CELERY_BROKER_URL.split("://")[0]
    report(
        f"demo report, WeasyPrint called directly on the print HTML: {direct * 1000:7.0f} ms (best of {runs})"
    )
    report(f"demo report, render_pdf with stylesheet and fonts loaded:  {warm * 1000:7.0f} ms")
    report(
        f"demo report, through the queue (request → done):           {queued * 1000:7.0f} ms ({broker} broker)"
    )
    report(f"  of which in the worker (claim → done):                   {in_worker * 1000:7.0f} ms")
    for label, base in (("WeasyPrint directly", direct), ("the loaded render_pdf", warm)):
        ratio = queued / base
        verdict = "OK" if ratio <= TARGET_QUEUE_RATIO else "MISSED"
        report(f"  queue / {label}: {ratio:.2f}× (target ≤ {TARGET_QUEUE_RATIO}×) {verdict}")

    elapsed, failed, per_render = _throughput(final, THROUGHPUT_JOBS)
    report(
        f"throughput, ONE worker (concurrency 1), {THROUGHPUT_JOBS} jobs of the demo report queued at once "
        f"({broker} broker): {THROUGHPUT_JOBS / elapsed * 60:.0f} renders/minute "
        f"({elapsed:.1f} s in all, {per_render * 1000:.0f} ms per render in the worker, {failed} failed)"
    )
    report(f"  ceiling set by the render time alone: {60 / per_render:.0f} renders/minute")

    small_time, small_pages, small_peak = _measure_in_child(_conference_with(200))
    big_time, big_pages, big_peak = _measure_in_child(_conference_with(2000))
    time_ratio = big_time / small_time
    report(f"200 recommendations:   {small_pages:4d} pages, {small_time:6.2f} s, peak {small_peak:6.0f} MB")
    report(f"2,000 recommendations: {big_pages:4d} pages, {big_time:6.2f} s, peak {big_peak:6.0f} MB")
    report(
        f"  time ratio {time_ratio:.1f}× (target ≤ {TARGET_SIZE_RATIO}×) "
        f"{'OK' if time_ratio <= TARGET_SIZE_RATIO else 'MISSED'}; "
        f"peak {big_peak:.0f} MB (target ≤ {TARGET_PEAK_MB} MB) {'OK' if big_peak <= TARGET_PEAK_MB else 'MISSED'}"
    )


def _timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start
