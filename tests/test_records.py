import datetime
import functools
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from conferences.editing import all_sections
from conferences.models import Conference, Difficulty
from frontwork.accounts.models import Unit, User
from recommendations.models import Recommendation
from reports.demo.services import DEMO_RECORD
from reports.models import CommentRound, Draft
from reports.records.importing import RecordImportError, import_record, loads
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
    units_before, conferences_before = Unit.objects.count(), Conference.objects.count()
    call_command("import_conference", str(path), stdout=io.StringIO())
    assert Conference.objects.count() == conferences_before + 1
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
    assert "conference.format: Hãy chọn một lựa chọn hợp lệ. video không phải" in message
    assert "conference.recommendations[3].addressee: đơn vị có mã 'khong-co'" in message
    assert "conference.difficulties[1].text: Trường này là bắt buộc." in message
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
    before = (Unit.objects.count(), User.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    # The province's 2016 briefing and the commune's November 2025 one, nothing twice.
    assert Conference.objects.count() == 2
    assert (Unit.objects.count(), User.objects.count()) == before
    assert Draft.objects.count() == 1 and CommentRound.objects.count() == 1


def test_the_demo_commune_is_after_the_reform_with_its_own_users_and_briefing(demo):
    commune = Unit.objects.get(code="mttq-x-hoa-an")
    province = Unit.objects.get(code="ub-mttq-tinh")
    # Directly under the province since 1 July 2025; the districts of the 2016 record end the day before.
    assert commune.parent == province and commune.active_from == datetime.date(2025, 7, 1)
    assert set(
        Unit.objects.filter(kind=Unit.Kind.DISTRICT_COMMITTEE).values_list("active_to", flat=True)
    ) == {datetime.date(2025, 6, 30)}
    for username in ["canboxa", "lanhdaoxa"]:
        user = User.objects.get(username=username)
        assert user.unit.committee == commune and user.check_password(f"{username}-demo-2016")
    conference = Conference.objects.get(host_unit__committee=commune)
    assert (conference.kind, conference.period, conference.period_year, conference.period_number) == (
        Conference.Kind.BRIEFING,
        "month",
        2025,
        11,
    )
    assert conference.status == Conference.Status.HELD
    # A few items of every section, the commune's own authorities addressed.
    for related in [
        "attendance",
        "agenda_items",
        "draft_opinions",
        "difficulties",
        "recommendations",
        "directives",
    ]:
        assert getattr(conference, related).exists(), related
    assert {r.addressee.committee for r in conference.recommendations.all()} == {commune}


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


# --- the import applies the editing pages' rules ---------------------------------------------------


def _demo_record(mutate=None):
    data = json.loads(DEMO_RECORD.read_text("utf-8"))
    if mutate:
        mutate(data["conference"])
    return data


def _refused(data):
    with pytest.raises(RecordImportError) as refused:
        import_record(data)
    assert not Conference.objects.exists() and not Unit.objects.exists()
    return refused.value.errors


def _directive(**values):
    return lambda c: c["directives"][0].update(values)


# (change to the demo record, the message expected among the errors, or its start when it ends with "…")
BAD_RECORDS = {
    "quarter 5": (
        lambda c: c.update(period={"type": "quarter", "year": 2016, "number": 5}),
        "conference.period.number: Với kỳ quý, kỳ thứ phải từ 1 đến 4.",
    ),
    "month 0": (
        lambda c: c.update(period={"type": "month", "year": 2016, "number": 0}),
        "conference.period.number: Với kỳ tháng, kỳ thứ phải từ 1 đến 12.",
    ),
    "half 3": (
        lambda c: c.update(kind="cluster", period={"type": "half_year", "year": 2016, "number": 3}),
        "conference.period.number: Với kỳ 6 tháng, kỳ thứ phải từ 1 đến 2.",
    ),
    "a number for a yearly conference": (
        lambda c: c.update(period={"type": "year", "year": 2016, "number": 12}),
        "conference.period.number: Kỳ năm không có kỳ thứ; hãy để trống.",
    ),
    "month missing": (
        lambda c: c.update(period={"type": "month", "year": 2016, "number": None}),
        "conference.period.number: Hãy ghi tháng (1–12).",
    ),
    "period type missing": (
        lambda c: c.update(kind="public_opinion", period={"type": None, "year": 2016, "number": None}),
        "conference.period.type: Hãy chọn kỳ của giao ban dư luận xã hội: tháng, quý, 6 tháng hoặc năm.",
    ),
    "unknown period type": (
        lambda c: c.update(period={"type": "week", "year": 2016, "number": 1}),
        "conference.period.type: Hãy chọn một lựa chọn hợp lệ. week không phải là một trong các lựa chọn khả thi.",
    ),
    "a period for a people's conference": (
        lambda c: c.update(kind="peoples"),
        "conference.period.type: Hội nghị nhân dân, đối thoại không theo kỳ; hãy để trống.",
    ),
    "period year not a number": (
        lambda c: c.update(period={"type": "year", "year": "2016", "number": None}),
        "conference.period.year: phải là một số nguyên (nhận được '2016').",
    ),
    "a kind of version 1": (
        lambda c: c.update(kind="annual"),
        "conference.kind: Hãy chọn một lựa chọn hợp lệ. annual không phải là một trong các lựa chọn khả thi.",
    ),
    "bad time of day": (
        lambda c: c.update(start_time="25:00"),
        "conference.start_time: Nhập một thời gian hợp lệ.",
    ),
    "co-host unknown": (
        lambda c: c.update(co_hosts=["khong-co"]),
        "conference.co_hosts[0]: đơn vị có mã 'khong-co' không có trong tệp cũng như trong hệ thống.",
    ),
    "the host as its own co-host": (
        lambda c: c.update(co_hosts=["btt-tinh"]),
        "conference.co_hosts: Đơn vị chủ trì tổ chức không đồng thời là đơn vị phối hợp.",
    ),
    "year 1 of the period": (
        lambda c: c.update(period={"type": "year", "year": 1, "number": None}, date=None),
        "conference.period.year: Đảm bảo giá trị này lớn hơn hoặc bằng với 1930 .",
    ),
    "date in year 1": (lambda c: c.update(date="0001-01-01"), "conference.date: Ngày họp không hợp lý…"),
    "date in year 9999": (lambda c: c.update(date="9999-12-31"), "conference.date: Ngày họp không hợp lý…"),
    "held in the future": (
        lambda c: c.update(date=(timezone.localdate() + datetime.timedelta(days=30)).isoformat()),
        "conference.status: Hội nghị chưa diễn ra: trạng thái phải là “Dự kiến”.",
    ),
    "NUL character": (
        lambda c: c.update(subject="công tác\x00 Mặt trận"),
        "conference.subject: Không được chứa ký tự NUL (mã 0).",
    ),
    "over-long text": (
        lambda c: c["draft_opinions"][0].update(draft_title="dự thảo " * 100),
        "conference.draft_opinions[0].draft_title: Giá trị này chỉ có tối đa 500 kí tự…",
    ),
    "huge number": (
        lambda c: c["attendance"][0].update(people_count=10**30),
        "conference.attendance[0].people_count: Đảm bảo giá trị này là nhỏ hơn hoặc bằng với…",
    ),
    "negative number": (
        lambda c: c.update(site_count=-1),
        "conference.site_count: Đảm bảo giá trị này lớn hơn hoặc bằng với 0 .",
    ),
    "NaN": (
        lambda c: c.update(site_count=float("nan")),
        "conference.site_count: phải là một số nguyên (nhận được nan).",
    ),
    "deeply nested value": (
        lambda c: c.update(subject=functools.reduce(lambda inner, _: [inner], range(500), "x")),
        "conference.subject: phải là một chuỗi ký tự.",
    ),
    "sites of an in-person conference": (
        lambda c: c.update(format="in_person", site_count=3),
        "conference.site_count: Hội nghị trực tiếp không có điểm cầu; hãy để trống.",
    ),
    "a unit outside the group": (
        lambda c: c["attendance"][0].update(units=["tinh-uy"]),
        "conference.attendance[0].units: Không thuộc nhóm “Ban Thường trực”: Tỉnh ủy.",
    ),
    "addressee of the wrong kind": (
        lambda c: c["recommendations"][0].update(addressee="mttq-h-hoa-an"),
        "conference.recommendations[0].addressee: Đơn vị không tồn tại, không thuộc phạm vi của bạn "
        "hoặc không hoạt động vào ngày họp.",
    ),
    "due date before the conference": (
        _directive(due_date="0001-01-01"),
        "conference.directives[0].due_date: Thời hạn không được trước ngày họp (27/12/2016).",
    ),
    "due date in year 9999": (
        _directive(due_date="9999-12-31"),
        "conference.directives[0].due_date: Thời hạn quá xa ngày họp (hơn 5 năm).",
    ),
    "text of a nested item missing": (
        lambda c: c["draft_opinions"][0]["proposed_tasks"][1].update(text=" "),
        "conference.draft_opinions[0].proposed_tasks[1].text: Trường này là bắt buộc.",
    ),
}


@pytest.mark.parametrize(("mutate", "expected"), BAD_RECORDS.values(), ids=BAD_RECORDS.keys())
def test_import_refuses_what_the_editing_pages_refuse_naming_the_field(db, mutate, expected):
    errors = _refused(_demo_record(mutate))
    if expected.endswith("…"):
        assert any(error.startswith(expected[:-1]) for error in errors), errors
    else:
        assert expected in errors


def test_import_refuses_bad_units_naming_the_field(db):
    data = _demo_record()
    data["units"] += [
        {"code": "vong-a", "name": "A", "kind": "department", "parent": "vong-b"},
        {"code": "vong-b", "name": "B", "kind": "department", "parent": "vong-a"},
        {
            "code": "ngay",
            "name": "C",
            "kind": "department",
            "active_from": "2020-01-01",
            "active_to": "2019-12-31",
        },
        {"code": "không hợp lệ", "name": "D", "kind": "department"},
        {"code": "cha", "name": "E", "kind": "department", "parent": "khong-co"},
    ]
    errors = _refused(data)
    n = len(data["units"]) - 5
    assert (
        f"units[{n}].parent: đơn vị cấp trên 'vong-b' tạo thành vòng lặp giữa các đơn vị của tệp." in errors
    )
    assert f"units[{n + 2}].active_to: Ngày thôi hoạt động không được trước ngày bắt đầu hoạt động." in errors
    assert any(error.startswith(f"units[{n + 3}].code: ") for error in errors)
    assert f"units[{n + 4}].parent: đơn vị cấp trên 'khong-co' không tồn tại." in errors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "các đối tượng và danh sách lồng nhau quá sâu"),
        (b'{"format": "frontwork.conference", "version": NaN}', "NaN không phải là một giá trị JSON"),
        (b'{"version": ' + b"9" * 5000 + b"}", "số nguyên 99999999999999999999… quá dài (5000 chữ số)"),
        ('{"subject": "Mặt trận"}'.encode().replace(b"\xe1", b"\xff"), "không phải văn bản UTF-8"),
        (b'{"format": "frontwork.conference",', "dòng 1, cột 35"),
    ],
    ids=["deeply nested", "NaN", "a 5000-digit number", "not UTF-8", "cut short"],
)
def test_a_file_that_is_not_json_is_refused_with_a_message(raw, expected):
    with pytest.raises(RecordImportError) as refused:
        loads(raw)
    assert refused.value.errors == [
        f"Tệp không phải JSON hợp lệ: {refused.value.errors[0].split(': ', 1)[1]}"
    ]
    assert expected in refused.value.errors[0]


def test_the_import_command_refuses_a_deeply_nested_file_without_a_traceback(db, tmp_path):
    path = tmp_path / "deep.json"
    path.write_bytes(b'{"conference": ' + b"[" * 100_000 + b"]" * 100_000 + b"}")
    with pytest.raises(CommandError, match="lồng nhau quá sâu"):
        call_command("import_conference", str(path), stdout=io.StringIO())


def test_each_imported_item_has_one_history_entry_its_creation(db):
    record = _demo_record()
    record["conference"]["discussion"] = [  # the seed has no opinion raised in discussion
        {"speaker": "ông A", "raised_by": [], "text": "Ý kiến", "answered_on_spot": False}
    ]
    conference = import_record(record)
    models = [Conference] + [section.model for section in all_sections()]
    for model in models:
        entries = model.history.values_list("id", "history_type")
        assert entries, model
        assert sorted(entries) == sorted((pk, "+") for pk in {pk for pk, _ in entries}), model
    first = conference.difficulties.first()  # its creation entry holds its units
    assert first.history.get().raised_by.count() == first.raised_by.count() > 0


# --- files of format version 1 ---------------------------------------------------------------

V1_RECORD = Path(__file__).resolve().parent / "data" / "giao-ban-2016-v1.json"


def test_a_version_1_file_imports_to_the_same_record_as_the_demo(db, tmp_path):
    assert json.loads(V1_RECORD.read_text("utf-8"))["version"] == 1
    out = io.StringIO()
    call_command("import_conference", str(V1_RECORD), stdout=out)
    conference = Conference.objects.get()
    assert (conference.kind, conference.period, conference.period_number) == ("briefing", "year", None)
    exported, demo = json.loads(_export(conference.pk)), json.loads(DEMO_RECORD.read_text("utf-8"))
    assert exported["version"] == 2 and exported["conference"] == demo["conference"]
    assert all(unit in demo["units"] for unit in exported["units"])


@pytest.mark.parametrize(
    ("v1_kind", "number", "kind", "period"),
    [
        ("monthly", 12, "briefing", "month"),
        ("quarterly", 4, "briefing", "quarter"),
        ("six_month", 2, "briefing", "half_year"),
        ("annual", None, "briefing", "year"),
        ("ad_hoc", None, "thematic", ""),
    ],
)
def test_each_kind_of_version_1_is_read_as_a_kind_and_a_period(db, v1_kind, number, kind, period):
    data = json.loads(V1_RECORD.read_text("utf-8"))
    data["conference"].update(kind=v1_kind, period={"year": 2016, "number": number})
    conference = import_record(data)
    assert (conference.kind, conference.period, conference.period_number) == (kind, period, number)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"kind": "briefing"},
            "conference.kind: phải là một trong monthly, quarterly, six_month, annual, ad_hoc",
        ),
        (
            {"period": {"type": "year", "year": 2016, "number": None}},
            "conference.period.type: không có trong phiên bản 1",
        ),
        (
            {"kind": "quarterly", "period": {"year": 2016, "number": 5}},
            "conference.period.number: Với kỳ quý, kỳ thứ phải từ 1 đến 4.",
        ),
        (
            {"kind": "ad_hoc", "period": {"year": 2016, "number": 2}},
            "conference.period.number: Hội nghị chuyên đề, đột xuất không theo kỳ; hãy để trống.",
        ),
    ],
)
def test_a_version_1_file_is_held_to_version_1(db, change, expected):
    data = json.loads(V1_RECORD.read_text("utf-8"))
    data["conference"].update(change)
    errors = _refused(data)
    assert any(error.startswith(expected) for error in errors), errors
