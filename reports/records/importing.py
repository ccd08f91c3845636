"""A conference record read back from JSON (reports/records/__init__.py): every value is taken
as the editing pages' forms expect it and checked by those forms and the editor's services, and
nothing is saved unless the whole file is valid."""

import json
import re
import reprlib

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils.dateparse import parse_date

from conferences import services as record_services
from conferences.editing import get_section, top_sections
from conferences.forms import ConferenceForm
from frontwork.accounts.models import Unit, User
from frontwork.forms import ModelForm as HygienicModelForm
from frontwork.text import nfc
from reports.records import FORMAT_NAME, READABLE_VERSIONS, V1_KINDS


class RecordImportError(Exception):
    """The file is not a valid conference record; `errors` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


# --- export ---------------------------------------------------------------------------------


# --- import ---------------------------------------------------------------------------------

# The file's name of each list of the record (the editor's sections, conferences.editing).
SECTION_KEYS = {
    "attendance": "attendance",
    "agenda": "agenda",
    "opinions": "draft_opinions",
    "tasks": "proposed_tasks",
    "difficulties": "difficulties",
    "recommendations": "recommendations",
    "directives": "directives",
}
# Fields of the conference form that the file nests under "period".
PERIOD_FIELDS = {"period": "period.type", "period_year": "period.year", "period_number": "period.number"}
# A unit missing from the database is created with the admin's rules (its parent is set apart).
UnitForm = forms.modelform_factory(
    Unit,
    form=HygienicModelForm,
    fields=["code", "name", "short_name", "kind", "position", "active_from", "active_to"],
)
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,64}")
_shown_values = reprlib.Repr()  # a value quoted in a message, cut short
_shown_values.maxstring = _shown_values.maxother = 60
_shown = _shown_values.repr


class _Reader:
    """Takes each JSON value as the form field it goes to expects it (texts are strings, numbers
    integers, dates YYYY-MM-DD, units their codes) and collects the errors, each naming its field
    by its path in the file. The forms check the values themselves."""

    def __init__(self):
        self.errors = []
        self.failed = set()  # paths with an error: the forms' errors on them are not repeated

    def error(self, path, message):
        self.errors.append(f"{path}: {message}")
        self.failed.add(path)

    def obj(self, value, path):
        if not isinstance(value, dict):
            self.error(path, "phải là một đối tượng JSON ({…}).")
            return {}
        return value

    def items(self, data, key, path):
        value = data.get(key, [])
        if not isinstance(value, list):
            self.error(f"{path}.{key}", "phải là một danh sách ([…]).")
            return []
        return [self.obj(item, f"{path}.{key}[{i}]") for i, item in enumerate(value)]

    def unit(self, code, path, units):
        """The id of the unit with this code; None (and an error unless the file's unit was
        refused already) otherwise."""
        if isinstance(code, str) and code in units:
            return units[code]
        self.error(path, f"đơn vị có mã {_shown(code)} không có trong tệp cũng như trong hệ thống.")
        return None

    def value(self, value, field, path, units):
        if isinstance(field, forms.ModelMultipleChoiceField):
            if value is None:
                return []
            if not isinstance(value, list):
                self.error(path, "phải là danh sách mã đơn vị.")
                return []
            ids = [self.unit(code, f"{path}[{i}]", units) for i, code in enumerate(value)]
            return [pk for pk in ids if pk is not None]
        if value is None:
            return (
                None
                if isinstance(field, (forms.ModelChoiceField, forms.IntegerField, forms.DateField))
                else ""
            )
        if isinstance(field, forms.ModelChoiceField):
            return self.unit(value, path, units)
        if isinstance(field, forms.IntegerField):
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            self.error(path, f"phải là một số nguyên (nhận được {_shown(value)}).")
            return None
        if isinstance(field, forms.DateField):
            try:
                parsed = parse_date(value) if isinstance(value, str) else None
            except ValueError:
                parsed = None
            if parsed is None:
                self.error(path, f"phải là một ngày dạng YYYY-MM-DD (nhận được {_shown(value)}).")
            return parsed
        if not isinstance(value, str):
            self.error(path, "phải là một chuỗi ký tự.")
            return ""
        return nfc(value)

    def form_data(self, data, path, form_class, units, names=None):
        """The bound data of `form_class` from the JSON object `data`; a field left out takes
        its model's default, as it does on the editing page."""
        names = names or {}
        model = form_class._meta.model
        values = {}
        for name, field in form_class.base_fields.items():
            value = data.get(name)
            if name == "version":
                continue
            if value is None and model._meta.get_field(name).has_default():
                value = model._meta.get_field(name).get_default()
            values[name] = self.value(value, field, f"{path}.{names.get(name, name)}", units)
        return values

    def valid(self, form, path, names=None):
        """Whether the form accepts the values; its errors are reported under the file's paths."""
        if form.is_valid():
            return True
        names = names or {}
        for name, messages in form.errors.items():
            where = path if name == NON_FIELD_ERRORS else f"{path}.{names.get(name, name)}"
            if where not in self.failed:
                for message in messages:
                    self.error(where, message)
        return False


class _NotJson(ValueError):
    """A token Python's json module reads but JSON does not allow; the message is for the user."""


def _integer(text):
    if len(text) > 4000:  # Python refuses to convert more than 4300 digits, in English
        raise _NotJson(f"số nguyên {text[:20]}… quá dài ({len(text)} chữ số)")
    return int(text)


def _constant(name):
    raise _NotJson(f"{name} không phải là một giá trị JSON")


def loads(raw):
    """The JSON document in `raw` (bytes or text); RecordImportError if it cannot be read."""
    try:
        return json.loads(raw, parse_int=_integer, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        problem = f"dòng {exc.lineno}, cột {exc.colno}: {exc.msg}"
    except UnicodeDecodeError:
        problem = "không phải văn bản UTF-8"
    except RecursionError:
        problem = "các đối tượng và danh sách lồng nhau quá sâu"
    except _NotJson as exc:
        problem = str(exc)
    raise RecordImportError([f"Tệp không phải JSON hợp lệ: {problem}."])


def import_record(data, *, user=None):
    """Create the conference described by `data` (a dict from `loads`), through the forms and
    services of the record editor, as `user` would enter it (without a user: as an administrator
    of the whole tree). Units missing from the database are created from the file's "units";
    existing units are used as they are. Raises RecordImportError listing every problem; nothing
    is saved then."""
    r = _Reader()
    data = r.obj(data, "$")
    if data.get("format") != FORMAT_NAME:
        r.error("format", f"phải là {FORMAT_NAME!r}.")
    version = data.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        supported = ", ".join(str(v) for v in READABLE_VERSIONS)
        r.error("version", f"phiên bản {_shown(version)} không được hỗ trợ (hỗ trợ: {supported}).")
    if r.errors:
        raise RecordImportError(r.errors)
    checker = user or User(is_superuser=True)  # unsaved: only asked which units it may use
    with transaction.atomic():
        units = _import_units(r, data)
        p = "conference"
        c = r.obj(data.get("conference"), p)
        period = r.obj(c.get("period", {}), f"{p}.period")
        flat = {
            **c,
            "period": period.get("type"),
            "period_year": period.get("year"),
            "period_number": period.get("number"),
        }
        if version == 1:
            _read_v1(r, c, period, flat, p)
        form = ConferenceForm(r.form_data(flat, p, ConferenceForm, units, PERIOD_FIELDS), user=checker)
        saved = r.valid(form, p, PERIOD_FIELDS)
        conference = (
            record_services.conference_create(data=_values(form), user=user) if saved else form.instance
        )
        for section in top_sections():
            for i, item in enumerate(r.items(c, SECTION_KEYS[section.key], p)):
                path = f"{p}.{SECTION_KEYS[section.key]}[{i}]"
                _import_item(
                    r, section, item, path, conference if saved else None, conference, checker, units
                )
        if r.errors:
            raise RecordImportError(r.errors)
    return conference


def _read_v1(r, c, period, flat, p):
    """A version 1 conference as version 2 has it: its kind named the period (V1_KINDS); it had no
    time of day nor co-hosts (a file that names them is read as it is)."""
    if "type" in period:
        r.error(f"{p}.period.type", "không có trong phiên bản 1 (loại hội nghị nói lên kỳ).")
    kind = c.get("kind")
    if isinstance(kind, str) and kind in V1_KINDS:
        flat["kind"], flat["period"] = V1_KINDS[kind]
    else:
        r.error(f"{p}.kind", f"phải là một trong {', '.join(V1_KINDS)} (nhận được {_shown(kind)}).")


def _values(form):
    return {name: value for name, value in form.cleaned_data.items() if name != "version"}


def _import_item(r, section, data, path, parent, conference, checker, units):
    """Check one item (and the items nested under it) with its form; save it with the editor's
    service when it and its parent are valid."""
    form = section.form_class(
        r.form_data(data, path, section.form_class, units), conference=conference, user=checker
    )
    item = None
    if r.valid(form, path) and parent is not None:
        item = record_services.item_create(section=section, parent=parent, data=_values(form))
    for key in section.children:
        child = get_section(key)
        for j, child_data in enumerate(r.items(data, SECTION_KEYS[key], path)):
            _import_item(
                r, child, child_data, f"{path}.{SECTION_KEYS[key]}[{j}]", item, conference, checker, units
            )


def _codes_in(data):
    """Every string of the file that could be a unit code (to look them up at once)."""
    found, stack = set(), [data]
    while stack:  # not recursive: a file may nest lists deeply
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and SLUG.fullmatch(value):
            found.add(value)
    return sorted(found)


def _import_units(r, data):
    """Create the file's units that the database lacks, parents first, each checked by the
    admin's form. Returns {code: unit id} of the units the file may refer to (None for a unit of
    the file that was refused: its error is reported once, where it is)."""
    codes = _codes_in(data)
    units = {}
    for start in range(0, len(codes), 500):
        units.update(Unit.objects.filter(code__in=codes[start : start + 500]).values_list("code", "pk"))
    rows, seen = {}, set()
    for i, u in enumerate(r.items(data, "units", "$")):
        path = f"units[{i}]"
        values = r.form_data(u, path, UnitForm, units)
        code, parent = values["code"], u.get("parent")
        if code in seen:
            r.error(f"{path}.code", f"mã {_shown(code)} bị lặp lại.")
        elif code in units:
            pass  # in the database already: used as it is
        elif parent is not None and not isinstance(parent, str):
            r.error(f"{path}.parent", "phải là mã của một đơn vị hoặc null.")
            units[code] = None
        else:
            rows[code] = (path, values, parent)
        seen.add(code)
    while rows:
        ready = [code for code, (_, _, parent) in rows.items() if parent is None or parent in units]
        if not ready:
            for path, _, parent in rows.values():
                problem = "tạo thành vòng lặp giữa các đơn vị của tệp" if parent in rows else "không tồn tại"
                r.error(f"{path}.parent", f"đơn vị cấp trên {_shown(parent)} {problem}.")
            break
        for code in ready:
            path, values, parent = rows.pop(code)
            units[code] = None
            form = UnitForm(values)
            if (parent is None or units[parent] is not None) and r.valid(form, path):
                unit = form.save(commit=False)
                unit.parent_id = units[parent] if parent else None
                unit.save()
                units[code] = unit.pk
    units.update(dict.fromkeys(rows))
    return units
