"""`make bench`: run every tests/bench/bench_*.py module's `run(report)` on a fresh test database
(SQLite by default, PostgreSQL when DATABASE_URL says so), emptied after each module, and print
the figures.

Benchmarks print figures and targets; they never fail a build on timing.
"""

import importlib
import os
import pkgutil
import platform
import sys
import time

import django


def main(selected):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontwork.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    import tests.bench as package

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(
        f"frontwork benchmarks — {time.strftime('%Y-%m-%d %H:%M')} — {platform.node()} "
        f"({os.cpu_count()} cores, Python {platform.python_version()}, {connection.vendor})"
    )
    try:
        for module in sorted(m.name for m in pkgutil.iter_modules(package.__path__)):
            if not module.startswith("bench_") or (selected and module not in selected):
                continue
            print(f"\n== {module}")
            importlib.import_module(f"tests.bench.{module}").run(print)
            # Each module measures its own scenario on an empty database.
            call_command("flush", interactive=False, verbosity=0)
    finally:
        connection.creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


if __name__ == "__main__":
    main(sys.argv[1:])
