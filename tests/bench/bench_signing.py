"""Signing the seed report against rendering it: the two PAdES signatures (pdfsign.sign_report)
take at most half the render time of the demo report (the archival PDF/A copy, a render of its
own, is measured apart)."""

import os
import statistics
import time

from django.conf import settings
from django.core.management import call_command

TARGET_SIGN_RATIO = 0.5
ROUNDS = 5


def _median(action):
    wall, _, result = _medians(action)
    return wall, result


def _medians(action):
    """(median wall time, median CPU time of this process, last result) of ROUNDS calls of
    `action`: on a shared machine the CPU time is the steadier figure."""
    wall, cpu = [], []
    for _ in range(ROUNDS):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def run(report):
    from conferences.composition import conference_with_record
    from conferences.models import Conference
    from reports.final import services
    from reports.final.document import print_html
    from reports.final.printing import render_pdf
    from reports.signing import archiving, keys, pdfsign
    from reports.signing.models import SigningIdentity

    settings.DEMO_MODE = True
    call_command("load_demo", stdout=open(os.devnull, "w"))
    demo = Conference.objects.get(date="2016-12-27", period_year=2016)
    report_ = services.final_report_get_or_create(conference=demo)
    conference = conference_with_record(demo.pk, units=False)
    layout = services.layout_settings_get_or_create(unit=conference.host_unit)
    html = print_html(report_, layout, conference)
    render_pdf(html, layout)  # warm the fonts and stylesheets, as a worker that has rendered before
    render_s, render_cpu, pdf = _medians(lambda: render_pdf(html, layout))

    identity = SigningIdentity.objects.get(unit=demo.host_unit)
    signer, organisation = keys.identity_credentials(identity)

    def sign():
        return pdfsign.sign_report(
            pdf.content,
            signer=signer,
            organisation=organisation,
            organisation_name=identity.organisation_name,
            signature_image=keys.image(identity.signature_image, what="chữ ký"),
            seal_image=keys.image(identity.seal_image, what="con dấu"),
        )

    sign()
    sign_s, sign_cpu, _ = _medians(sign)
    pdfa_s, _ = _median(lambda: render_pdf(html, layout, pdf_variant=archiving.PDF_VARIANT, attachments=[]))
    ratio = sign_s / render_s
    report(
        f"render of the seed report (median of {ROUNDS}): {render_s * 1000:.0f} ms, {pdf.page_count} pages"
    )
    report(
        f"both signatures: {sign_s * 1000:.0f} ms = {ratio:.2f}× the render "
        f"(target ≤ {TARGET_SIGN_RATIO}×: {'met' if ratio <= TARGET_SIGN_RATIO else 'MISSED'})"
    )
    report(
        f"CPU time of this process: render {render_cpu * 1000:.0f} ms, both signatures "
        f"{sign_cpu * 1000:.0f} ms = {sign_cpu / render_cpu:.2f}× the render"
    )
    report(f"PDF/A-3u render of the archival copy: {pdfa_s * 1000:.0f} ms (+ one check render)")
