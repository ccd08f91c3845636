"""load_divisions: the Front committees, standing boards and authorities of the official list of
provinces and communes, on a slice of the list (the full run is in `make bench`)."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from frontwork.accounts import divisions
from frontwork.accounts.divisions import Division, divisions_load, official_divisions
from frontwork.accounts.models import Unit
from tests.factories import UnitFactory

K = Unit.Kind
SLICE = [
    Division("01", "Thành phố Hà Nội", "thành phố trung ương"),
    Division("08", "Tuyên Quang", "tỉnh"),
    Division("00004", "Phường Ba Đình", "phường", "01"),
    Division("00070", "Phường Hoàn Kiếm", "phường", "01"),
    Division("09022", "Xã Sóc Sơn", "xã", "01"),
    Division("02269", "Xã Thượng Lâm", "xã", "08"),
    Division("02266", "Xã Lâm Bình", "xã", "08"),
    Division("02509", "Phường Minh Xuân", "phường", "08"),
]
JULY_2025 = datetime.date(2025, 7, 1)


def _snapshot():
    fields = ["code", "name", "short_name", "kind", "parent_id", "path", "place_name", "division_code"]
    return sorted(Unit.objects.values_list(*fields, "active_from", "active_to", "position", "email"))


def _renamed(old_code, name, kind=None):
    return [Division(d.code, name, kind or d.type, d.province) if d.code == old_code else d for d in SLICE]


def test_each_division_gets_its_committee_board_and_authorities_named_as_documents_print_them(db):
    divisions_load(divisions=SLICE)
    units = {unit.code: unit for unit in Unit.objects.select_related("parent")}
    assert len(units) == 1 + 8 * 5
    rows = {
        code: (
            unit.kind,
            unit.name,
            unit.short_name,
            unit.place_name,
            unit.parent.code if unit.parent else None,
        )
        for code, unit in units.items()
        if code.endswith(("-t-08", "-x-02269", "-t-01")) or code == "mttq-tw"
    }
    area = "Ủy ban Mặt trận Tổ quốc Việt Nam"
    assert rows == {
        "mttq-tw": (K.CENTRAL, "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Trung ương MTTQ", "", None),
        "mttq-t-08": (K.PROVINCIAL_COMMITTEE, f"{area} tỉnh Tuyên Quang", "Mặt trận tỉnh Tuyên Quang", "Tuyên Quang", "mttq-tw"),
        "btt-t-08": (K.STANDING_BOARD, f"Ban Thường trực {area} tỉnh Tuyên Quang", "Ban Thường trực", "Tuyên Quang", "mttq-t-08"),
        "dang-uy-t-08": (K.PARTY_COMMITTEE, "Tỉnh ủy Tuyên Quang", "", "Tuyên Quang", "mttq-t-08"),
        "hdnd-t-08": (K.PEOPLES_COUNCIL, "Hội đồng nhân dân tỉnh Tuyên Quang", "HĐND tỉnh Tuyên Quang", "Tuyên Quang", "mttq-t-08"),
        "ubnd-t-08": (K.PEOPLES_COMMITTEE, "Ủy ban nhân dân tỉnh Tuyên Quang", "UBND tỉnh Tuyên Quang", "Tuyên Quang", "mttq-t-08"),
        "mttq-t-01": (K.PROVINCIAL_COMMITTEE, f"{area} thành phố Hà Nội", "Mặt trận thành phố Hà Nội", "Hà Nội", "mttq-tw"),
        "btt-t-01": (K.STANDING_BOARD, f"Ban Thường trực {area} thành phố Hà Nội", "Ban Thường trực", "Hà Nội", "mttq-t-01"),
        "dang-uy-t-01": (K.PARTY_COMMITTEE, "Thành ủy Hà Nội", "", "Hà Nội", "mttq-t-01"),
        "hdnd-t-01": (K.PEOPLES_COUNCIL, "Hội đồng nhân dân thành phố Hà Nội", "HĐND thành phố Hà Nội", "Hà Nội", "mttq-t-01"),
        "ubnd-t-01": (K.PEOPLES_COMMITTEE, "Ủy ban nhân dân thành phố Hà Nội", "UBND thành phố Hà Nội", "Hà Nội", "mttq-t-01"),
        "mttq-x-02269": (K.COMMUNE_COMMITTEE, f"{area} xã Thượng Lâm", "Mặt trận xã Thượng Lâm", "Thượng Lâm", "mttq-t-08"),
        "btt-x-02269": (K.STANDING_BOARD, f"Ban Thường trực {area} xã Thượng Lâm", "Ban Thường trực", "Thượng Lâm", "mttq-x-02269"),
        "dang-uy-x-02269": (K.PARTY_COMMITTEE, "Đảng ủy xã Thượng Lâm", "", "Thượng Lâm", "mttq-x-02269"),
        "hdnd-x-02269": (K.PEOPLES_COUNCIL, "Hội đồng nhân dân xã Thượng Lâm", "HĐND xã Thượng Lâm", "Thượng Lâm", "mttq-x-02269"),
        "ubnd-x-02269": (K.PEOPLES_COMMITTEE, "Ủy ban nhân dân xã Thượng Lâm", "UBND xã Thượng Lâm", "Thượng Lâm", "mttq-x-02269"),
    }  # fmt: skip
    assert units["mttq-x-00004"].name == f"{area} phường Ba Đình"
    assert {units[c].division_code for c in ("mttq-t-08", "mttq-x-02269", "mttq-x-00004")} == {
        "08",
        "02269",
        "00004",
    }
    assert units["btt-x-02269"].division_code == units["ubnd-t-08"].division_code == ""
    assert {unit.active_from for code, unit in units.items() if code != "mttq-tw"} == {JULY_2025}
    assert all(unit.active_to is None for unit in units.values())
    for unit in units.values():
        assert unit.path == unit.path_below_parent(), unit.code


def test_the_authorities_of_a_commune_are_its_own_and_those_of_its_province(db):
    divisions_load(divisions=SLICE)
    board = Unit.objects.get(code="btt-x-02269")
    assert {u.code for u in Unit.objects.authorities_for(board)} == {
        "dang-uy-t-08",
        "hdnd-t-08",
        "ubnd-t-08",
        "dang-uy-x-02269",
        "hdnd-x-02269",
        "ubnd-x-02269",
    }


@pytest.mark.parametrize(
    "division, place_name, area",
    [
        (Division("79", "Thành phố Hồ Chí Minh", "thành phố trung ương"), "Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh"),
        (Division("30893", "Đặc khu Phú Quốc", "đặc khu", "91"), "Phú Quốc", "đặc khu Phú Quốc"),
        (Division("24820", "Phường 1 Bảo Lộc", "phường", "68"), "Phường 1 Bảo Lộc", "Phường 1 Bảo Lộc"),
        (Division("00001", "Phường Hà Giang 1", "phường", "08"), "Hà Giang 1", "phường Hà Giang 1"),
    ],
)  # fmt: skip
def test_a_division_named_after_a_person_or_by_a_number_keeps_its_type(division, place_name, area):
    assert (division.place_name, division.area) == (place_name, area)


def test_the_party_committee_of_ho_chi_minh_city_is_named_in_full():
    units = divisions.division_units(Division("79", "Thành phố Hồ Chí Minh", "thành phố trung ương"))
    assert [spec.name for spec in units[2:]] == [
        "Thành ủy Thành phố Hồ Chí Minh",
        "Hội đồng nhân dân Thành phố Hồ Chí Minh",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    ]


def test_the_existing_central_committee_is_reused(db):
    central = UnitFactory(code="tw-mttq", kind=K.CENTRAL)
    divisions_load(divisions=SLICE)
    assert Unit.objects.filter(kind=K.CENTRAL).get() == central
    assert Unit.objects.get(code="mttq-t-08").parent == central


def test_with_several_central_committees_the_list_gets_its_own(db):
    UnitFactory(code="tw-1", kind=K.CENTRAL)
    UnitFactory(code="tw-2", kind=K.CENTRAL)
    divisions_load(divisions=SLICE)
    assert Unit.objects.get(code="mttq-t-08").parent.code == "mttq-tw"


def test_a_second_run_creates_and_changes_nothing(db):
    divisions_load(divisions=SLICE)
    before = _snapshot()
    plan = divisions_load(divisions=SLICE)
    assert not (plan.create or plan.rename or plan.reopen or plan.end)
    assert _snapshot() == before


def test_a_renamed_division_renames_its_units_and_nothing_else(db):
    divisions_load(divisions=SLICE)
    hoan_kiem = Unit.objects.get(code="mttq-x-00070")
    hoan_kiem.short_name = "MTTQ phường Hoàn Kiếm"  # changed by hand: stays
    hoan_kiem.save()
    before = {code: row for code, *row in _snapshot()}
    plan = divisions_load(divisions=_renamed("02266", "Phường Lâm Bình", "phường"))
    assert sum(plan.counts()["rename"].values()) == 5 and not plan.create and not plan.end
    after = {code: row for code, *row in _snapshot()}
    changed = {code for code in after if after[code] != before[code]}
    assert changed == {f"{role}-x-02266" for role in divisions.ROLES}
    names = dict(Unit.objects.filter(code__endswith="-x-02266").values_list("code", "name"))
    assert names == {
        "mttq-x-02266": "Ủy ban Mặt trận Tổ quốc Việt Nam phường Lâm Bình",
        "btt-x-02266": "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam phường Lâm Bình",
        "dang-uy-x-02266": "Đảng ủy phường Lâm Bình",
        "hdnd-x-02266": "Hội đồng nhân dân phường Lâm Bình",
        "ubnd-x-02266": "Ủy ban nhân dân phường Lâm Bình",
    }
    assert Unit.objects.get(code="ubnd-x-02266").short_name == "UBND phường Lâm Bình"
    assert Unit.objects.get(code="mttq-x-00070").short_name == "MTTQ phường Hoàn Kiếm"


def test_a_vanished_division_gets_an_end_date_and_stays(db):
    divisions_load(divisions=SLICE)
    count = Unit.objects.count()
    later = datetime.date(2026, 1, 1)
    shorter = [d for d in SLICE if d.code != "02509"]
    plan = divisions_load(divisions=shorter, effective=later)
    assert plan.counts()["end"] == {K.COMMUNE_COMMITTEE: 1, K.STANDING_BOARD: 1, K.PARTY_COMMITTEE: 1, K.PEOPLES_COUNCIL: 1, K.PEOPLES_COMMITTEE: 1}  # fmt: skip
    assert Unit.objects.count() == count
    ended = dict(Unit.objects.exclude(active_to=None).values_list("code", "active_to"))
    assert ended == {f"{role}-x-02509": datetime.date(2025, 12, 31) for role in divisions.ROLES}
    assert not Unit.objects.active_on(later).filter(code__endswith="-x-02509").exists()
    assert Unit.objects.active_on(datetime.date(2025, 12, 1)).filter(code__endswith="-x-02509").count() == 5
    assert not divisions_load(divisions=shorter, effective=later).end  # ended once


def test_a_division_back_in_the_list_is_active_again(db):
    divisions_load(divisions=SLICE)
    divisions_load(divisions=[d for d in SLICE if d.code != "02509"], effective=datetime.date(2026, 1, 1))
    plan = divisions_load(divisions=SLICE, effective=datetime.date(2026, 1, 1))
    assert len(plan.reopen) == 5 and not plan.create
    assert not Unit.objects.exclude(active_to=None).exists()


def test_a_vanished_division_needs_the_date_of_the_new_list(db):
    divisions_load(divisions=SLICE)
    before = _snapshot()
    with pytest.raises(divisions.DivisionsError, match="--effective-date"):
        divisions_load(divisions=SLICE[:-1])  # the same date as the first list: no day to end on
    assert _snapshot() == before


def test_units_loaded_by_hand_with_codes_of_another_shape_are_left_alone(db):
    UnitFactory(code="mttq-x-hoa-an", kind=K.COMMUNE_COMMITTEE)  # as in the demo record
    plan = divisions_load(divisions=SLICE)
    assert not plan.end and Unit.objects.get(code="mttq-x-hoa-an").active_to is None


def _run(monkeypatch, listed, *args):
    monkeypatch.setattr(divisions, "official_divisions", lambda: listed)
    out = io.StringIO()
    call_command("load_divisions", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_says_what_it_would_do_per_kind_and_changes_nothing(db, monkeypatch):
    out = _run(monkeypatch, SLICE, "--dry-run")
    assert Unit.objects.count() == 0
    assert "Tạo mới: 41 đơn vị:" in out
    for line in [
        "Ủy ban Trung ương MTTQ Việt Nam: 1",
        "Ủy ban MTTQ cấp tỉnh: 2",
        "Ban Thường trực: 8",
        "Ủy ban MTTQ cấp xã: 6",
        "Cấp ủy Đảng: 8",
        "Hội đồng nhân dân: 8",
        "Ủy ban nhân dân: 8",
    ]:
        assert f"  {line}\n" in out
    assert "Chạy thử: không có gì được lưu." in out and "Thời gian:" in out
    _run(monkeypatch, SLICE)
    before = _snapshot()
    out = _run(
        monkeypatch, _renamed("02266", "Xã Lâm Bình Mới")[:-1], "--dry-run", "--effective-date", "2026-01-01"
    )
    assert "Đổi tên: 5 đơn vị:" in out and "Kết thúc hoạt động (ngày 31/12/2025): 5 đơn vị:" in out
    assert _snapshot() == before


def test_the_command_runs_and_a_second_run_reports_nothing_to_do(db, monkeypatch):
    assert "Tạo mới: 41 đơn vị:" in _run(monkeypatch, SLICE)
    out = _run(monkeypatch, SLICE)
    assert (
        "Tạo mới: 0 đơn vị." in out
        and "Đổi tên: 0 đơn vị." in out
        and "Kết thúc hoạt động (ngày 30/06/2025): 0 đơn vị." in out
    )


def test_the_command_refuses_a_bad_date_and_explains_a_missing_one(db, monkeypatch):
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        _run(monkeypatch, SLICE, "--effective-date", "01/07/2025")
    _run(monkeypatch, SLICE)
    with pytest.raises(CommandError, match="--effective-date"):
        _run(monkeypatch, SLICE[:-1])


def test_the_official_list_has_34_provinces_and_3321_communes():
    listed = official_divisions()
    provinces = [d for d in listed if not d.province]
    assert len(provinces) == 34 and len(listed) - 34 == 3321
    by_code = {d.code: d for d in listed}
    assert by_code["08"].area == "tỉnh Tuyên Quang" and by_code["01"].area == "thành phố Hà Nội"
    assert by_code["02269"].area == "xã Thượng Lâm" and by_code["02269"].province == "08"
    assert {d.type_word for d in listed} == {"tỉnh", "thành phố", "xã", "phường", "đặc khu"}
    assert all(d.province in by_code for d in listed if d.province)


def test_a_dry_run_of_the_whole_list_would_create_every_committee(db):
    counts = divisions_load(dry_run=True).counts()["create"]
    assert counts == {
        K.CENTRAL: 1,
        K.PROVINCIAL_COMMITTEE: 34,
        K.COMMUNE_COMMITTEE: 3321,
        K.STANDING_BOARD: 3355,
        K.PARTY_COMMITTEE: 3355,
        K.PEOPLES_COUNCIL: 3355,
        K.PEOPLES_COMMITTEE: 3355,
    }
    assert Unit.objects.count() == 0
