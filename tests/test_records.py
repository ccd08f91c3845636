import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from conferences.models import Conference, Difficulty
from frontwork.accounts.models import Unit, User
from recommendations.models import Recommendation
from reports.demo.services import DEMO_RECORD
from reports.models import CommentRound, Draft
from tests.factories import delete_conferences

SEED_ITEMS = {"agenda": 3, "difficulties": 5, "recommendations": 9, "directives": 5}


def _export(pk):
    out = io.StringIO()
    call_command("export_conference", str(pk), stdout=out)
    return out.getvalue()


def test_demo_record_is_complete(demo):
    assert demo.agenda_items.count() == SEED_ITEMS["agenda"]
    assert demo.difficulties.count() == SEED_ITEMS["difficulties"]
    assert demo.recommendations.count() == SEED_ITEMS["recommendations"]
    assert demo.directives.count() == SEED_ITEMS["directives"]
    opinion = demo.draft_opinions.get()
    assert [t.text[:20] for t in opinion.proposed_tasks.all()] == [
        "Phối hợp với các tổ ",
        "Phối hợp triển khai ",
    ]
    first = demo.recommendations.first()
    assert first.text.startswith("Việc giao chỉ tiêu biên chế")
    assert first.addressee.code == "tinh-uy"
    assert first.raised_by.filter(kind=Unit.Kind.DISTRICT_COMMITTEE).count() == 6
    assert [d.due_date.isoformat() if d.due_date else None for d in demo.directives.all()][:3] == [
        "2017-01-10",
        None,
        "2017-01-20",
    ]


def test_the_demo_authorities_sit_under_the_provincial_committee(demo):
    kinds = dict(Unit.objects.filter(parent__code="ub-mttq-tinh").values_list("code", "kind"))
    assert {code: kinds.get(code) for code in ("tinh-uy", "hdnd-tinh", "ubnd-tinh")} == {
        "tinh-uy": Unit.Kind.PARTY_COMMITTEE,
        "hdnd-tinh": Unit.Kind.PEOPLES_COUNCIL,
        "ubnd-tinh": Unit.Kind.PEOPLES_COMMITTEE,
    }
    assert {u.code for u in Unit.objects.authorities_for(demo.host_unit)} == {
        "tinh-uy",
        "hdnd-tinh",
        "ubnd-tinh",
    }


def test_export_import_export_round_trip_is_lossless(demo, tmp_path, django_db_blocker):
    first = _export(demo.pk)
    path = tmp_path / "record.json"
    path.write_text(first, encoding="utf-8")
    # Empty the database, then import the file.
    delete_conferences()
    from frontwork.accounts.models import User

    User.objects.all().delete()
    _delete_units()
    assert Unit.objects.count() == 0
    out = io.StringIO()
    call_command("import_conference", str(path), stdout=out)
    conference = Conference.objects.get()
    assert "Đã nhập hội nghị" in out.getvalue()
    assert _export(conference.pk) == first
    assert json.loads(first)["conference"] == json.loads(DEMO_RECORD.read_text("utf-8"))["conference"]


def _delete_units():
    # Children first: parents are protected while they have children.
    for unit in sorted(Unit.objects.all(), key=lambda u: -len(u.ancestor_ids())):
        unit.delete()


def test_import_into_a_database_that_has_the_units_reuses_them(demo, tmp_path):
    path = tmp_path / "record.json"
    path.write_text(_export(demo.pk), encoding="utf-8")
    units_before = Unit.objects.count()
    call_command("import_conference", str(path), stdout=io.StringIO())
    assert Conference.objects.count() == 2
    assert Unit.objects.count() == units_before


def _broken(demo, tmp_path, mutate):
    data = json.loads(_export(demo.pk))
    mutate(data)
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    counts = (
        Conference.objects.count(),
        Recommendation.objects.count(),
        Difficulty.objects.count(),
        Unit.objects.count(),
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("import_conference", str(path), stdout=io.StringIO())
    assert counts == (
        Conference.objects.count(),
        Recommendation.objects.count(),
        Difficulty.objects.count(),
        Unit.objects.count(),
    )
    return str(excinfo.value)


def test_broken_file_is_refused_naming_each_field_and_nothing_is_saved(demo, tmp_path):
    def mutate(data):
        c = data["conference"]
        c["date"] = "27/12/2016"
        c["format"] = "video"
        c["recommendations"][3]["addressee"] = "khong-co"
        c["difficulties"][1]["text"] = "   "
        c["directives"][0]["due_date"] = "2017-02-30"
        data["units"].append({"code": "moi", "name": "Đơn vị mới", "kind": "department", "parent": None})

    message = _broken(demo, tmp_path, mutate)
    assert "không hợp lệ, không có gì được lưu" in message
    assert "conference.date: phải là một ngày dạng YYYY-MM-DD (nhận được '27/12/2016')" in message
    assert "conference.format: giá trị 'video' không hợp lệ" in message
    assert "conference.recommendations[3].addressee: đơn vị có mã 'khong-co'" in message
    assert "conference.difficulties[1].text: không được để trống." in message
    assert "conference.directives[0].due_date" in message


def test_error_late_in_the_file_saves_nothing_early(demo, tmp_path):
    message = _broken(demo, tmp_path, lambda d: d["conference"]["directives"][-1].update(owners=["khong-co"]))
    assert "conference.directives[4].owners[0]" in message


def test_unknown_version_and_invalid_json_are_refused(demo, tmp_path):
    message = _broken(demo, tmp_path, lambda d: d.update(version=9))
    assert "version: phiên bản 9 không được hỗ trợ" in message
    path = tmp_path / "not.json"
    path.write_text('{"format": "frontwork.conference",', encoding="utf-8")
    with pytest.raises(CommandError, match="Tệp không phải JSON hợp lệ: dòng 1"):
        call_command("import_conference", str(path))
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_conference", str(tmp_path / "missing.json"))


def test_export_to_a_file(demo, tmp_path):
    target = tmp_path / "out.json"
    call_command("export_conference", str(demo.pk), "--output", str(target), stderr=io.StringIO())
    assert json.loads(target.read_text("utf-8"))["conference"]["subject"] == "công tác Mặt trận năm 2016"
    with pytest.raises(CommandError, match="Không có hội nghị mã 999999"):
        call_command("export_conference", "999999")


def test_demo_data_only_in_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="chế độ demo"):
        call_command("load_demo")
    assert Conference.objects.count() == 0


def test_load_demo_is_idempotent(demo, settings):
    call_command("load_demo", stdout=io.StringIO())
    assert Conference.objects.count() == 1
    assert Draft.objects.count() == 1 and CommentRound.objects.count() == 1


def test_the_demo_office_has_the_demo_report_to_comment_on(demo, client):
    """The demo draft is the demo conference's report, out for comment to the district committees."""
    draft = Draft.objects.get(conference=demo)
    text = " ".join(p.text for p in draft.versions.get(number=1).paragraphs.all())
    assert draft.title == "Báo cáo kết quả giao ban công tác Mặt trận năm 2016"
    assert text.startswith("Ngày 27 tháng 12 năm 2016, Ban Thường trực") and "II. Kết thúc." in text
    comment_round = CommentRound.objects.get(version__draft=draft)
    assert comment_round.deadline > timezone.now()
    assert "mttq-h-hoa-an" in set(comment_round.units.values_list("code", flat=True))
    client.force_login(User.objects.get(username="huyen"))
    home = client.get("/").text
    assert draft.title in home and reverse("drafts:round_comments", args=[comment_round.pk]) in home
