"""Files in storage that no row refers to (an upload or a render that failed between storing its
file and saving its row) are deleted by a periodic sweep, once older than the grace period."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from reports.drafts import services as draft_services
from reports.drafts import tasks as draft_tasks
from reports.final import services as report_services
from reports.models import DraftVersion, ReportVersion
from tests.drafts_support import make_draft
from tests.factories import ConferenceFactory


def _store(name, *, hours_old):
    name = default_storage.save(name, ContentFile(b"%PDF- or PK"))
    stamp = (timezone.now() - datetime.timedelta(hours=hours_old)).timestamp()
    os.utime(default_storage.path(name), (stamp, stamp))
    return name


@pytest.fixture
def stored(settings, tmp_path, users, province):
    """Referenced and orphan files, old and new, in the drafts' and the reports' folders and elsewhere."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.ORPHAN_FILE_GRACE_HOURS = 24
    draft = make_draft(users["staff"])
    version = draft.versions.get()
    version.original_file = _store(f"drafts/{draft.pk}/kept.docx", hours_old=100)
    version.save()
    report = report_services.final_report_get_or_create(
        conference=ConferenceFactory(host_unit=province["board"])
    )
    pdf = _store(f"reports/final/{report.pk}/bao-cao-1.pdf", hours_old=100)
    ReportVersion.objects.create(final_report=report, number=1, file=pdf, sha256="0" * 64, size=11)
    return {
        "referenced": [version.original_file.name, pdf],
        "old orphans": [
            _store(f"drafts/{draft.pk}/orphan.docx", hours_old=25),
            _store("drafts/999/gone.docx", hours_old=30),
            _store(f"reports/final/{report.pk}/bao-cao-2.pdf", hours_old=48),
        ],
        "recent orphans": [
            _store(f"drafts/{draft.pk}/being-saved.docx", hours_old=1),
            _store(f"reports/final/{report.pk}/being-rendered.pdf", hours_old=23),
        ],
        "elsewhere": [_store("other/old.txt", hours_old=1000)],
    }


def test_the_sweep_command_deletes_old_orphans_only(stored, capsys):
    call_command("sweep_orphan_files")
    for name in stored["old orphans"]:
        assert not default_storage.exists(name), name
    for name in stored["referenced"] + stored["recent orphans"] + stored["elsewhere"]:
        assert default_storage.exists(name), name
    assert "Đã xóa 3 tệp không còn được dùng." in capsys.readouterr().out


def test_the_grace_period_can_be_given_to_the_command(stored):
    call_command("sweep_orphan_files", "--grace-hours", "0")
    for name in stored["old orphans"] + stored["recent orphans"]:
        assert not default_storage.exists(name), name
    for name in stored["referenced"] + stored["elsewhere"]:
        assert default_storage.exists(name), name


def test_the_beat_tasks_sweep_their_own_folder(stored):
    assert draft_tasks.sweep_orphan_draft_files() == 2
    assert default_storage.exists(stored["old orphans"][2])  # a PDF: the reports' task
    from reports.final import tasks as report_tasks

    assert report_tasks.sweep_orphan_report_files() == 1
    assert not any(default_storage.exists(name) for name in stored["old orphans"])
    assert DraftVersion.objects.count() == ReportVersion.objects.count() == 1


def test_the_sweep_of_an_empty_storage_deletes_nothing(settings, tmp_path, db):
    settings.MEDIA_ROOT = str(tmp_path / "empty")
    assert draft_services.draft_orphan_files_sweep() == []
    assert report_services.report_orphan_files_sweep() == []
