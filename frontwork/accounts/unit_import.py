"""Units from a spreadsheet (.csv or .xlsx): what the official list of divisions lacks — member
organisations, departments, the districts and communes before the reform for old records.

`manage.py import_units` calls `units_import`; so can a web upload. Columns and rules:
docs/organisation-tree.md. All or nothing: one wrong cell and nothing is saved.
"""

import csv
import datetime
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from frontwork.accounts.models import Unit
from frontwork.forms import TextHygiene

MODEL_COLUMNS = ["code", "name", "short_name", "kind", "active_from", "active_to", "place_name", "email"]
COLUMNS = [*MODEL_COLUMNS[:4], "parent", *MODEL_COLUMNS[4:]]
REQUIRED_COLUMNS = ["code", "name", "kind"]
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class UnitImportError(Exception):
    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: list = field(default_factory=list)  # codes
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)


def _key(text):
    """Compare names and headers whatever their case, spacing, "_" or spelling of "uỷ"."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower().replace("_", " ").replace("uỷ", "ủy")
    return " ".join(text.split())


def _in_vietnamese_and_active_language(text):
    with translation.override("vi"):
        vietnamese = str(text)
    return {_key(vietnamese), _key(str(text))}


def _column_names():
    """{header as it may be written: column}: the column's own name, or the field's label."""
    names = {}
    for column in COLUMNS:
        names[_key(column)] = column
        for label in _in_vietnamese_and_active_language(Unit._meta.get_field(column).verbose_name):
            names[label] = column
    return names


class KindField(forms.ChoiceField):
    """A kind of unit written as its value ("peoples_committee") or its label ("Ủy ban nhân dân")."""

    def __init__(self, **kwargs):
        super().__init__(choices=Unit.Kind.choices, **kwargs)
        self.aliases = {}
        for value, label in Unit.Kind.choices:
            for name in {_key(value), *_in_vietnamese_and_active_language(label)}:
                self.aliases[name] = value

    def to_python(self, value):
        value = super().to_python(value)
        return self.aliases.get(_key(value), value) if value else value

    def validate(self, value):
        if value and not self.valid_value(value):
            raise ValidationError(
                _("“%(value)s” không phải là một loại đơn vị; ghi một trong: %(kinds)s (hoặc tên loại)."),
                code="invalid_choice",
                params={"value": value, "kinds": ", ".join(Unit.Kind.values)},
            )
        super().validate(value)


class UnitRowForm(TextHygiene, forms.Form):
    """One row of the file, with a field for each column the file has (the model's own checks)."""

    def __init__(self, data, *, columns):
        super().__init__(data)
        self.fields = forms.fields_for_model(Unit, fields=[c for c in MODEL_COLUMNS if c in columns])
        self.fields["kind"] = KindField()
        for name in ("active_from", "active_to"):
            if name in self.fields:
                self.fields[name].input_formats = DATE_FORMATS
        if "parent" in columns:
            self.fields["parent"] = forms.SlugField(max_length=64, required=False)
        for name in ("code", "parent"):
            if name in self.fields:
                self.fields[name].error_messages["invalid"] = _(
                    "mã chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang và gạch dưới, ví dụ: hoi-nong-dan-tinh."
                )


def read_table(file, file_name):
    """The rows of the first sheet of an .xlsx file, or of a .csv file (UTF-8, comma or semicolon)."""
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError):
            raise UnitImportError([_("Tệp không phải là một bảng tính Excel (.xlsx) hợp lệ.")]) from None
        rows = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
        return rows
    if suffix == ".csv":
        try:
            text = file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UnitImportError([_("Tệp CSV phải được lưu với bảng mã UTF-8.")]) from None
        try:
            dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect))
    raise UnitImportError([_("Chỉ nhận tệp .csv hoặc .xlsx.")])


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return unicodedata.normalize("NFC", str(value)).strip()


def units_import(*, file, file_name, dry_run=False):
    """Create the units of the file whose codes are new and update the others; raise
    UnitImportError with every problem (each naming its row and column) and save nothing."""
    return units_import_rows(read_table(file, file_name), dry_run=dry_run)


def units_import_rows(table, *, dry_run=False):
    rows = [[_cell(value) for value in row] for row in table]
    if not rows or not any(rows[0]):
        raise UnitImportError([_("Tệp trống: dòng đầu phải là tên các cột.")])
    columns, errors = _read_header(rows[0])
    if errors:
        raise UnitImportError(errors)
    header = {column: str(rows[0][i]) for i, column in columns.items()}

    def error(number, column, message):
        errors.append(
            (
                number,
                _("Dòng %(row)s, cột %(column)s: %(message)s")
                % {"row": number, "column": header[column], "message": message},
            )
        )

    parsed = {}  # code → (row number, cleaned data)
    rows_of = {}  # code → the first row that has it
    for number, row in enumerate(rows[1:], start=2):
        if not any(value != "" for value in row):
            continue
        data = {column: row[i] if i < len(row) else "" for i, column in columns.items()}
        form = UnitRowForm(data, columns=set(columns.values()))
        valid = form.is_valid()
        code = form.cleaned_data.get("code")
        if code in rows_of:
            message = _("mã “%(code)s” đã có ở dòng %(row)s.") % {"code": code, "row": rows_of[code]}
            error(number, "code", message)
            continue
        if code:
            rows_of[code] = number
        for column, messages in form.errors.items():
            for message in messages:
                error(number, column, message)
        if valid:
            parsed[code] = (number, form.cleaned_data)
    existing = {unit.code: unit for unit in Unit.objects.filter(code__in=list(parsed))}
    tree = _TreeCheck(parsed, existing)
    for code, (number, data) in parsed.items():
        if data.get("parent"):
            problem = tree.problem(code)
            if problem:
                error(number, "parent", problem)
        unit = existing.get(code)
        active_from = data.get("active_from", unit.active_from if unit else None)
        active_to = data.get("active_to", unit.active_to if unit else None)
        if active_from and active_to and active_to < active_from:
            error(
                number,
                "active_to" if "active_to" in data else "active_from",
                _("ngày kết thúc hoạt động phải sau ngày bắt đầu."),
            )
    if errors:
        raise UnitImportError([message for _number, message in sorted(errors, key=lambda e: e[0])])
    return _save(parsed, existing, tree, dry_run=dry_run)


def _read_header(cells):
    """({position: column}, errors) of the first row."""
    names = _column_names()
    columns, errors = {}, []
    for i, cell in enumerate(cells):
        if cell == "":
            continue
        column = names.get(_key(cell))
        if column is None:
            errors.append(
                _("Dòng 1, cột %(column)s: không có cột này; các cột là %(columns)s.")
                % {"column": cell, "columns": ", ".join(COLUMNS)}
            )
        elif column in columns.values():
            errors.append(_("Dòng 1, cột %(column)s: cột này có hai lần.") % {"column": cell})
        else:
            columns[i] = column
    for column in REQUIRED_COLUMNS:
        if column not in columns.values():
            errors.append(_("Dòng 1: thiếu cột %(column)s.") % {"column": column})
    return columns, errors


class _TreeCheck:
    """The parents the tree would have after the import: every parent known, no loop."""

    def __init__(self, parsed, existing):
        self.parsed = parsed
        named = {data["parent"] for _number, data in parsed.values() if data.get("parent")}
        known = {unit.code: unit for unit in Unit.objects.filter(code__in=list(named - set(parsed)))}
        ancestor_ids = {pk for unit in [*known.values(), *existing.values()] for pk in unit.ancestor_ids()}
        self.by_pk = {
            pk: (code, parent)
            for pk, code, parent in Unit.objects.filter(pk__in=ancestor_ids).values_list(
                "pk", "code", "parent_id"
            )
        }
        self.stored_parent = {
            code: self.by_pk.get(parent, (None,))[0] for code, parent in self.by_pk.values()
        }
        self.known = set(parsed) | set(known)

    def parent(self, code):
        if code in self.parsed and "parent" in self.parsed[code][1]:
            return self.parsed[code][1]["parent"] or None
        return self.stored_parent.get(code)

    def problem(self, code):
        parent = self.parsed[code][1]["parent"]
        if parent not in self.known:
            return _("không có đơn vị mã “%(code)s” trong tệp cũng như trong hệ thống.") % {"code": parent}
        chain = [code]
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self.parent(parent)
        if parent == code:
            return _("đơn vị không thể nằm dưới chính nó: %(chain)s.") % {"chain": " → ".join([*chain, code])}
        return None

    def order(self):
        """The file's codes, each after its parent when its parent is in the file too."""
        done, ordered = set(), []

        def visit(code):
            if code in done:
                return
            done.add(code)
            parent = self.parent(code)
            if parent in self.parsed:
                visit(parent)
            ordered.append(code)

        for code in self.parsed:
            visit(code)
        return ordered


@transaction.atomic
def _save(parsed, existing, tree, *, dry_run):
    result = ImportResult()
    for code in tree.order():
        data = dict(parsed[code][1])
        unit = existing.get(code) or Unit(code=code)
        before = {name: getattr(unit, name) for name in [*data, "parent_id"] if name != "parent"}
        for name, value in data.items():
            if name == "parent":
                # Fetched now: an earlier row may have moved it (and changed its path).
                unit.parent = Unit.objects.get(code=value) if value else None
            else:
                setattr(unit, name, value)
        if unit.pk is None:
            result.created.append(code)
        elif before != {name: getattr(unit, name) for name in before}:
            result.updated.append(code)
        else:
            result.unchanged.append(code)
            continue
        unit.save()
    if dry_run:
        transaction.set_rollback(True)
    return result
