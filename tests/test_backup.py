import io

import pytest
from django.core.management import CommandError, call_command

from conferences.models import Conference
from frontwork.accounts.models import Unit, User
from tests.factories import ConferenceFactory, delete_conferences


def _export_all(folder):
    call_command("export_conference", "--all", "--output", str(folder), stderr=io.StringIO())
    return {p.read_text("utf-8") for p in folder.iterdir()}


def test_export_of_every_record_restores_into_an_empty_database(demo, tmp_path):
    ConferenceFactory(
        host_unit=Unit.objects.get(code="btt-tinh"), subject="công tác Mặt trận tháng 11 năm 2016"
    )
    backup = tmp_path / "backup"
    before = _export_all(backup)
    assert len(before) == Conference.objects.count() == 3  # the demo's two and this one
    delete_conferences()
    User.objects.all().delete()
    for unit in sorted(Unit.objects.all(), key=lambda u: -len(u.ancestor_ids())):
        unit.delete()
    call_command("import_conference", *sorted(str(p) for p in backup.iterdir()), stdout=io.StringIO())
    assert Conference.objects.count() == 3
    assert _export_all(tmp_path / "again") == before


def test_a_bad_file_among_many_restores_nothing(demo, tmp_path):
    backup = tmp_path / "backup"
    _export_all(backup)
    before = Conference.objects.count()
    (backup / "zz-broken.json").write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="zz-broken.json không hợp lệ"):
        call_command("import_conference", *sorted(str(p) for p in backup.iterdir()), stdout=io.StringIO())
    assert Conference.objects.count() == before
