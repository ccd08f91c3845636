"""load_divisions on the whole official list (34 provinces, 3,321 communes: about 17,000 units) on
an empty database, then a second run that finds nothing to change.

Target: the full run within 15 seconds on the benchmark machine (an administrator waits for it at
a terminal, once per installation and per new list)."""

import io
import time

from django.core.management import call_command

TARGET_SECONDS = 15


def _timed_run():
    start = time.perf_counter()
    call_command("load_divisions", stdout=io.StringIO())
    return time.perf_counter() - start


def run(report):
    from frontwork.accounts.models import Unit

    first = _timed_run()
    units = Unit.objects.count()
    second = _timed_run()
    assert Unit.objects.count() == units
    verdict = "met" if first <= TARGET_SECONDS else "MISSED"
    report(
        f"first run (empty database): {first:.1f} s, {units:,} units created  [target ≤ {TARGET_SECONDS} s: {verdict}]"
    )
    report(f"second run (nothing to change): {second:.1f} s")
