"""import_units: units from a .csv or .xlsx file — created or updated by code, all or nothing,
every problem named by row and column."""

import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from frontwork.accounts.models import Unit
from frontwork.accounts.unit_import import UnitImportError, units_import
from tests.factories import UnitFactory

K = Unit.Kind
HEADER = "code,name,short_name,kind,parent,active_from,active_to,place_name,email"


def _csv(*lines, header=HEADER):
    return io.BytesIO("\n".join([header, *lines]).encode("utf-8"))


def _import(*lines, header=HEADER, dry_run=False):
    return units_import(file=_csv(*lines, header=header), file_name="don-vi.csv", dry_run=dry_run)


def _errors(*lines, header=HEADER):
    with pytest.raises(UnitImportError) as caught:
        _import(*lines, header=header)
    return caught.value.errors


@pytest.fixture
def committee(db):
    return UnitFactory(code="tinh", name="Ủy ban MTTQ Việt Nam tỉnh", kind=K.PROVINCIAL_COMMITTEE)


def test_new_codes_are_created_under_parents_of_the_file_or_of_the_database(committee):
    result = _import(
        "x-cu,Ủy ban Mặt trận Tổ quốc Việt Nam xã Cũ,Mặt trận xã Cũ,commune_committee,h-cu,,30/06/2025,Cũ,",
        "h-cu,Ủy ban Mặt trận Tổ quốc Việt Nam huyện Cũ,,Ủy ban MTTQ cấp huyện,tinh,01/01/2010,2025-06-30,,",
        "hoi-nd,Hội Nông dân tỉnh,,tổ chức thành viên,tinh,,,,hoinongdan@example.vn",
        'cong-an,Công an tỉnh,CA tỉnh,"Cơ quan, tổ chức khác",tinh,,,,',
    )
    assert (sorted(result.created), result.updated, result.unchanged) == (
        ["cong-an", "h-cu", "hoi-nd", "x-cu"],
        [],
        [],
    )
    units = {unit.code: unit for unit in Unit.objects.select_related("parent")}
    commune, district = units["x-cu"], units["h-cu"]
    assert (commune.name, commune.short_name, commune.kind, commune.parent, commune.place_name) == (
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã Cũ",
        "Mặt trận xã Cũ",
        K.COMMUNE_COMMITTEE,
        district,
        "Cũ",
    )
    assert commune.active_to == district.active_to == datetime.date(2025, 6, 30)
    assert (district.kind, district.parent, district.active_from) == (
        K.DISTRICT_COMMITTEE,
        committee,
        datetime.date(2010, 1, 1),
    )
    assert (units["hoi-nd"].kind, units["hoi-nd"].email) == (K.MEMBER_ORGANISATION, "hoinongdan@example.vn")
    assert units["cong-an"].kind == K.AUTHORITY
    assert commune.ancestor_ids() == [committee.pk, district.pk, commune.pk]


def test_existing_codes_are_updated_and_moved_with_their_subtree(committee):
    old = UnitFactory(code="h-cu", name="Huyện cũ", kind=K.DISTRICT_COMMITTEE, email="cu@example.vn")
    commune = UnitFactory(code="x-cu", name="Xã cũ", kind=K.COMMUNE_COMMITTEE, parent=old)
    same = UnitFactory(code="ban-a", name="Ban A", kind=K.DEPARTMENT, parent=committee)
    result = _import(
        "h-cu,Ủy ban Mặt trận Tổ quốc Việt Nam huyện Cũ,district_committee,tinh",
        "ban-a,Ban A,department,tinh",
        header="code,name,kind,parent",
    )
    assert (result.created, result.updated, result.unchanged) == ([], ["h-cu"], ["ban-a"])
    old.refresh_from_db()
    commune.refresh_from_db()
    assert old.name == "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Cũ" and old.parent == committee
    assert old.email == "cu@example.vn"  # no email column: left as it was
    assert commune.ancestor_ids() == [committee.pk, old.pk, commune.pk]
    assert Unit.objects.get(pk=same.pk).path == same.path


def test_a_parent_column_left_blank_puts_the_unit_at_the_top(committee):
    UnitFactory(code="ban-a", name="Ban A", kind=K.DEPARTMENT, parent=committee)
    _import("ban-a,Ban A,,department,,,,,")
    assert Unit.objects.get(code="ban-a").parent is None


def test_an_xlsx_file_with_vietnamese_headers_and_date_cells(committee):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Mã", "Tên", "Loại", "Đơn vị cấp trên", "Hoạt động từ", "Địa danh"])
    sheet.append(
        [
            "h-cu",
            "Ủy ban MTTQ Việt Nam huyện Cũ",
            "Ủy ban MTTQ cấp huyện",
            "tinh",
            datetime.datetime(2010, 1, 1),
            "Cũ",
        ]
    )
    sheet.append([])
    sheet.append([12, "Ban số 12", "department", "tinh", "15/03/2012", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    result = units_import(file=buffer, file_name="DON-VI.XLSX")
    assert sorted(result.created) == ["12", "h-cu"]
    district = Unit.objects.get(code="h-cu")
    assert (district.active_from, district.place_name, district.parent) == (
        datetime.date(2010, 1, 1),
        "Cũ",
        committee,
    )
    assert Unit.objects.get(code="12").active_from == datetime.date(2012, 3, 15)


def test_a_csv_saved_by_excel_with_semicolons_and_a_byte_order_mark(committee):
    data = "\ufeffcode;name;kind;parent\nban-a;Ban Tổ chức - Tuyên giáo;department;tinh\n".encode()
    assert units_import(file=io.BytesIO(data), file_name="don-vi.csv").created == ["ban-a"]
    assert Unit.objects.get(code="ban-a").name == "Ban Tổ chức - Tuyên giáo"


@pytest.mark.parametrize(
    "line, error",
    [
        ("a b,Tên,,department,tinh,,,,", "Dòng 2, cột code: mã chỉ gồm chữ cái không dấu"),
        (",Tên,,department,tinh,,,,", "Dòng 2, cột code: Trường này là bắt buộc."),
        ("ban-a,,,department,tinh,,,,", "Dòng 2, cột name: Trường này là bắt buộc."),
        ("ban-a,Tên,,phòng ban,tinh,,,,", "Dòng 2, cột kind: “phòng ban” không phải là một loại đơn vị"),
        ("ban-a,Tên,,department,khong-co,,,,", "Dòng 2, cột parent: không có đơn vị mã “khong-co” trong tệp"),
        ("ban-a,Tên,,department,tinh,32/01/2020,,,", "Dòng 2, cột active_from: Nhập một ngày hợp lệ."),
        ("ban-a,Tên,,department,tinh,02/01/2020,01/01/2020,,", "Dòng 2, cột active_to: ngày kết thúc hoạt động phải sau ngày bắt đầu."),
        ("ban-a,Tên,,department,tinh,,,,khong-phai-email", "Dòng 2, cột email: Nhập địa chỉ email."),
        ("ban-a,Tên,,department,ban-a,,,,", "Dòng 2, cột parent: đơn vị không thể nằm dưới chính nó: ban-a → ban-a."),
        ("ban-a,Tên," + "x" * 101 + ",department,tinh,,,,", "Dòng 2, cột short_name: "),
    ],
)  # fmt: skip
def test_a_wrong_cell_is_named_by_row_and_column_and_nothing_is_saved(committee, line, error):
    errors = _errors("ban-b,Ban đúng,,department,tinh,,,,", line.replace("Dòng 2", "Dòng 3"))
    assert len(errors) == 1 and errors[0].startswith(error.replace("Dòng 2", "Dòng 3")), errors
    assert list(Unit.objects.values_list("code", flat=True)) == ["tinh"]


def test_every_wrong_row_is_reported_in_the_order_of_the_file(committee):
    errors = _errors(
        "ban-a,Tên,,xyz,,,,,",
        "c1,C1,,department,c2,,,,",
        "c2,C2,,department,c1,,,,",
        "ban-a,Lặp lại,,department,,,,,",
    )
    assert [e.split(":")[0] for e in errors] == [
        "Dòng 2, cột kind",
        "Dòng 3, cột parent",
        "Dòng 4, cột parent",
        "Dòng 5, cột code",
    ]
    assert errors[1].endswith("c1 → c2 → c1.") and errors[3].endswith("mã “ban-a” đã có ở dòng 2.")


def test_a_loop_through_existing_units_is_refused(committee):
    district = UnitFactory(code="h", kind=K.DISTRICT_COMMITTEE, parent=committee)
    UnitFactory(code="x", kind=K.COMMUNE_COMMITTEE, parent=district)
    errors = _errors("tinh,Ủy ban MTTQ Việt Nam tỉnh,,provincial_committee,x,,,,")
    assert errors == ["Dòng 2, cột parent: đơn vị không thể nằm dưới chính nó: tinh → x → h → tinh."]
    assert Unit.objects.get(code="tinh").parent is None


def test_an_end_date_before_the_stored_start_is_refused(committee):
    UnitFactory(code="h", kind=K.DISTRICT_COMMITTEE, parent=committee, active_from=datetime.date(2010, 1, 1))
    errors = _errors("h,Huyện,district_committee,01/01/2009", header="code,name,kind,active_to")
    assert errors == ["Dòng 2, cột active_to: ngày kết thúc hoạt động phải sau ngày bắt đầu."]


@pytest.mark.parametrize(
    "header, error",
    [
        ("code,name,kind,cap_tren", "Dòng 1, cột cap_tren: không có cột này; các cột là code, name, short_name, kind, parent"),
        ("code,name,kind,Tên", "Dòng 1, cột Tên: cột này có hai lần."),
        ("code,name,parent", "Dòng 1: thiếu cột kind."),
    ],
)  # fmt: skip
def test_a_wrong_header_is_refused(committee, header, error):
    errors = _errors("ban-a,Ban A,department,tinh", header=header)
    assert errors[0].startswith(error), errors


@pytest.mark.parametrize(
    "content, name, error",
    [
        (b"code,name,kind\n", "don-vi.txt", "Chỉ nhận tệp .csv hoặc .xlsx."),
        ("code,name,kind\nban-a,Ban Dân,department\n".encode("cp1258"), "don-vi.csv", "Tệp CSV phải được lưu với bảng mã UTF-8."),
        (b"not a zip", "don-vi.xlsx", "Tệp không phải là một bảng tính Excel (.xlsx) hợp lệ."),
        (b"", "don-vi.csv", "Tệp trống: dòng đầu phải là tên các cột."),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_table_is_refused(db, content, name, error):
    with pytest.raises(UnitImportError) as caught:
        units_import(file=io.BytesIO(content), file_name=name)
    assert caught.value.errors == [error]


def test_a_dry_run_counts_and_saves_nothing(committee):
    result = _import(
        "ban-a,Ban A,,department,tinh,,,,",
        "tinh,Ủy ban MTTQ tỉnh mới,,provincial_committee,,,,,",
        dry_run=True,
    )
    assert (result.created, result.updated) == (["ban-a"], ["tinh"])
    assert list(Unit.objects.values_list("code", "name")) == [("tinh", "Ủy ban MTTQ Việt Nam tỉnh")]


def test_messages_follow_the_interface_language(committee):
    with translation.override("en"):
        errors = _errors("ban-a,Tên,,xyz,tinh,,,,")
    assert errors[0].startswith("Row 2, column kind: ")


def test_the_command_imports_and_reports(committee, tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_text(f"{HEADER}\nban-a,Ban A,,department,tinh,,,,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_units", str(path), "--dry-run", stdout=out)
    assert "Tạo mới 1, cập nhật 0, không đổi 0 đơn vị." in out.getvalue() and "Chạy thử" in out.getvalue()
    assert not Unit.objects.filter(code="ban-a").exists()
    call_command("import_units", str(path), stdout=io.StringIO())
    assert Unit.objects.get(code="ban-a").parent == committee
    path.write_text(f"{HEADER}\nban-a,Ban A,,xyz,tinh,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="không có gì được lưu:\n  - Dòng 2, cột kind"):
        call_command("import_units", str(path))
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_units", str(tmp_path / "khong-co.csv"))
