"""The layout holds: web processes never load WeasyPrint, the worker finds every task under the
names that beat and queued messages use, and no template of a lower app links to a higher one.
(Imports between apps and inside them are checked by import-linter: `make lint`.)"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
APPS = ["frontwork", "conferences", "recommendations", "reports"]


def _python(code):
    """Run `code` in a fresh interpreter with the project's settings; return what it printed (JSON)."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "frontwork.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _modules(name):
    """Dotted names of the project's modules called `name` (views, urls, …), sub-packages included."""
    return sorted(
        ".".join(path.relative_to(BASE_DIR).with_suffix("").parts)
        for app in APPS
        for path in (BASE_DIR / app).rglob(f"{name}.py")
    )


def test_web_processes_never_import_weasyprint():
    """WeasyPrint (and its native libraries) is for the worker: the URLconf, every view, template
    tag library and admin module and the WSGI application load without it."""
    modules = _modules("views") + _modules("urls") + _modules("admin")
    modules += [
        f"{app}.templatetags.{path.stem}"
        for app in APPS
        for path in (BASE_DIR / app).glob("templatetags/*.py")
        if path.stem != "__init__"
    ]
    code = f"""
import importlib, json, sys
from frontwork.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns
for name in {modules!r}:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "weasyprint")))
"""
    assert "reports.final.views" in modules and "conferences.views" in modules
    assert _python(code) == []


def test_the_worker_renders_with_weasyprint():
    """The other side of the line above: the worker's render path is where WeasyPrint is loaded."""
    code = """
import json, sys, django
django.setup()
import reports.final.tasks
print(json.dumps("weasyprint" in sys.modules))
"""
    assert _python(code) is True


def test_the_worker_registers_every_task_under_its_published_name():
    """Beat entries and messages already queued name the tasks as they were first published
    (reports.tasks.…), wherever their code lives now."""
    code = """
import json, django
django.setup()
from frontwork.celery import app
app.loader.import_default_modules()
print(json.dumps(sorted(name for name in app.tasks if not name.startswith("celery."))))
"""
    names = _python(code)
    assert {
        "frontwork.accounts.tasks.send_email",
        "reports.tasks.render_final_report",
        "reports.tasks.send_round_reminders",
        "reports.tasks.sweep_render_jobs",
    } <= set(names)
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= set(names)


# What each app's templates may not name: the URL namespaces and template folders of the apps above.
HIGHER = {
    "conferences": ["recommendations", "reports", "drafts"],
    "recommendations": ["reports", "drafts"],
}
TEMPLATE_REFERENCE = re.compile(r"""{%\s*(url|include|extends)\s+["']([^"']+)["']""")


@pytest.mark.parametrize("app", sorted(HIGHER))
def test_templates_of_a_lower_app_never_link_or_include_a_higher_one(app):
    upward = []
    for path in sorted((BASE_DIR / app / "templates").rglob("*.html")):
        for tag, target in TEMPLATE_REFERENCE.findall(path.read_text(encoding="utf-8")):
            owner = re.split(r"[:/]", target)[0]
            if owner in HIGHER[app]:
                upward.append(f"{path.relative_to(BASE_DIR)}: {tag} {target}")
    assert upward == []
