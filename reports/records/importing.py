"""A conference record read back from JSON (reports/records/__init__.py): every field is checked
first, and nothing is saved unless the whole file is valid."""

import json
import unicodedata

from django.db import transaction
from django.utils.dateparse import parse_date

from conferences.models import AgendaItem, AttendanceGroup, Conference, Difficulty, DraftOpinion, ProposedTask
from frontwork.accounts.models import Unit
from recommendations.models import Directive, Recommendation
from reports.records import FORMAT_NAME, FORMAT_VERSION


class RecordImportError(Exception):
    """The file is not a valid conference record; `errors` lists every problem found."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class _Reader:
    """Checks values field by field and collects the errors, each naming its field."""

    def __init__(self):
        self.errors = []

    def error(self, path, message):
        self.errors.append(f"{path}: {message}")

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

    def text(self, data, key, path, *, required=False, max_length=None):
        value = data.get(key, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(f"{path}.{key}", "phải là một chuỗi ký tự.")
            return ""
        value = unicodedata.normalize("NFC", value.strip())
        if required and not value:
            self.error(f"{path}.{key}", "không được để trống.")
        if max_length and len(value) > max_length:
            self.error(f"{path}.{key}", f"dài quá {max_length} ký tự.")
        return value

    def choice(self, data, key, path, choices, *, required=True):
        value = data.get(key)
        if value is None and not required:
            return None
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            self.error(f"{path}.{key}", f"giá trị {value!r} không hợp lệ; chọn một trong: {allowed}.")
        return value

    def number(self, data, key, path, *, required=False, low=0, high=None):
        value = data.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "không được để trống.")
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < low or (high and value > high):
            bounds = f"từ {low} đến {high}" if high else f"từ {low} trở lên"
            self.error(f"{path}.{key}", f"phải là số nguyên {bounds} (nhận được {value!r}).")
            return None
        return value

    def date(self, data, key, path, *, required=False):
        value = data.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "không được để trống.")
            return None
        parsed = None
        if isinstance(value, str):
            try:
                parsed = parse_date(value)
            except ValueError:
                parsed = None
        if parsed is None:
            self.error(f"{path}.{key}", f"phải là một ngày dạng YYYY-MM-DD (nhận được {value!r}).")
        return parsed

    def code(self, data, key, path, known, *, required=False):
        value = data.get(key)
        if value is None:
            if required:
                self.error(f"{path}.{key}", "không được để trống.")
            return None
        if not isinstance(value, str) or value not in known:
            self.error(f"{path}.{key}", f"đơn vị có mã {value!r} không có trong tệp cũng như trong hệ thống.")
            return None
        return value

    def codes(self, data, key, path, known):
        value = data.get(key, [])
        if not isinstance(value, list):
            self.error(f"{path}.{key}", "phải là danh sách mã đơn vị.")
            return []
        return [c for i, c in enumerate(value) if self.code({"c": c}, "c", f"{path}.{key}[{i}]", known)]


def loads(raw):
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RecordImportError(
            [f"Tệp không phải JSON hợp lệ: dòng {exc.lineno}, cột {exc.colno}: {exc.msg}."]
        ) from None
    except UnicodeDecodeError:
        raise RecordImportError(["Tệp không phải văn bản UTF-8."]) from None


def import_record(data, *, user=None):
    """Create the conference described by `data` (a dict from `loads`). Units missing from the
    database are created from the file's "units"; existing units are used as they are.
    Raises RecordImportError listing every problem; nothing is saved then."""
    r = _Reader()
    data = r.obj(data, "$")
    if data.get("format") != FORMAT_NAME:
        r.error("format", f"phải là {FORMAT_NAME!r}.")
    if data.get("version") != FORMAT_VERSION:
        r.error("version", f"phiên bản {data.get('version')!r} không được hỗ trợ (hỗ trợ: {FORMAT_VERSION}).")
    if r.errors:
        raise RecordImportError(r.errors)

    units = _read_units(r, data)
    known = set(units) | set(Unit.objects.filter(code__in=_all_codes(data)).values_list("code", flat=True))
    c = r.obj(data.get("conference"), "conference")
    p = "conference"
    period = r.obj(c.get("period", {}), f"{p}.period")
    fields = {
        "kind": r.choice(c, "kind", p, Conference.Kind),
        "period_year": r.number(period, "year", f"{p}.period", required=True, low=1930, high=2200),
        "period_number": r.number(period, "number", f"{p}.period", low=1, high=12),
        "subject": r.text(c, "subject", p, required=True, max_length=255),
        "date": r.date(c, "date", p, required=True),
        "format": r.choice(c, "format", p, Conference.Format),
        "site_count": r.number(c, "site_count", p),
        "location": r.text(c, "location", p, max_length=255),
        "chair": r.text(c, "chair", p, max_length=255),
        "status": r.choice(c, "status", p, Conference.Status),
        "recommendations_intro": r.text(c, "recommendations_intro", p),
        "conclusions_intro": r.text(c, "conclusions_intro", p),
    }
    host = r.code(c, "host_unit", p, known, required=True)
    attendance = [
        (
            {
                "kind": r.choice(g, "kind", f"{p}.attendance[{i}]", AttendanceGroup.Kind),
                "description": r.text(
                    g, "description", f"{p}.attendance[{i}]", required=True, max_length=500
                ),
                "people_count": r.number(g, "people_count", f"{p}.attendance[{i}]"),
                "site_count": r.number(g, "site_count", f"{p}.attendance[{i}]"),
            },
            r.codes(g, "units", f"{p}.attendance[{i}]", known),
        )
        for i, g in enumerate(r.items(c, "attendance", p))
    ]
    agenda = [
        (
            {"text": r.text(a, "text", f"{p}.agenda[{i}]", required=True)},
            r.codes(a, "presenters", f"{p}.agenda[{i}]", known),
        )
        for i, a in enumerate(r.items(c, "agenda", p))
    ]
    opinions = []
    for i, o in enumerate(r.items(c, "draft_opinions", p)):
        op = f"{p}.draft_opinions[{i}]"
        tasks = [
            (
                {"text": r.text(t, "text", f"{op}.proposed_tasks[{j}]", required=True)},
                r.codes(t, "raised_by", f"{op}.proposed_tasks[{j}]", known),
            )
            for j, t in enumerate(r.items(o, "proposed_tasks", op))
        ]
        opinions.append(
            (
                {
                    "draft_title": r.text(o, "draft_title", op, required=True, max_length=500),
                    "verdict": r.text(o, "verdict", op),
                    "tasks_intro": r.text(o, "tasks_intro", op, max_length=500),
                },
                tasks,
            )
        )
    difficulties = [
        (
            {"text": r.text(d, "text", f"{p}.difficulties[{i}]", required=True)},
            r.codes(d, "raised_by", f"{p}.difficulties[{i}]", known),
        )
        for i, d in enumerate(r.items(c, "difficulties", p))
    ]
    recommendations = [
        (
            {"text": r.text(d, "text", f"{p}.recommendations[{i}]", required=True)},
            r.codes(d, "raised_by", f"{p}.recommendations[{i}]", known),
            r.code(d, "addressee", f"{p}.recommendations[{i}]", known),
        )
        for i, d in enumerate(r.items(c, "recommendations", p))
    ]
    directives = [
        (
            {
                "text": r.text(d, "text", f"{p}.directives[{i}]", required=True),
                "due_date": r.date(d, "due_date", f"{p}.directives[{i}]"),
            },
            r.codes(d, "owners", f"{p}.directives[{i}]", known),
        )
        for i, d in enumerate(r.items(c, "directives", p))
    ]
    if r.errors:
        raise RecordImportError(r.errors)

    with transaction.atomic():
        by_code = _save_units(units)
        by_code.update({u.code: u for u in Unit.objects.filter(code__in=known - set(by_code))})

        def pick(codes):
            return [by_code[code] for code in codes]

        conference = Conference.objects.create(host_unit=by_code[host], created_by=user, **fields)
        for position, (values, codes) in enumerate(attendance, start=1):
            AttendanceGroup.objects.create(conference=conference, position=position, **values).units.set(
                pick(codes)
            )
        for position, (values, codes) in enumerate(agenda, start=1):
            AgendaItem.objects.create(conference=conference, position=position, **values).presenters.set(
                pick(codes)
            )
        for position, (values, tasks) in enumerate(opinions, start=1):
            opinion = DraftOpinion.objects.create(conference=conference, position=position, **values)
            for task_position, (task_values, codes) in enumerate(tasks, start=1):
                ProposedTask.objects.create(
                    opinion=opinion, position=task_position, **task_values
                ).raised_by.set(pick(codes))
        for position, (values, codes) in enumerate(difficulties, start=1):
            Difficulty.objects.create(conference=conference, position=position, **values).raised_by.set(
                pick(codes)
            )
        for position, (values, codes, addressee) in enumerate(recommendations, start=1):
            Recommendation.objects.create(
                conference=conference,
                position=position,
                addressee=by_code[addressee] if addressee else None,
                **values,
            ).raised_by.set(pick(codes))
        for position, (values, codes) in enumerate(directives, start=1):
            Directive.objects.create(conference=conference, position=position, **values).owners.set(
                pick(codes)
            )
    return conference


def _all_codes(data):
    """Every string in the file that could be a unit code (used to look them up at once)."""
    found = set()

    def walk(value):
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
        elif isinstance(value, str) and len(value) <= 64:
            found.add(value)

    walk(data.get("conference"))
    return found


def _read_units(r, data):
    units = {}
    for i, u in enumerate(r.items(data, "units", "$")):
        path = f"units[{i}]"
        code = r.text(u, "code", path, required=True, max_length=64)
        if code in units:
            r.error(f"{path}.code", f"mã {code!r} bị lặp lại.")
        units[code] = {
            "name": r.text(u, "name", path, required=True, max_length=255),
            "short_name": r.text(u, "short_name", path, max_length=100),
            "kind": r.choice(u, "kind", path, Unit.Kind),
            "parent": u.get("parent"),
            "position": r.number(u, "position", path) or 0,
            "active_from": r.date(u, "active_from", path),
            "active_to": r.date(u, "active_to", path),
            "_path": path,
        }
    existing = set(
        Unit.objects.filter(code__in=[u["parent"] for u in units.values() if u["parent"]]).values_list(
            "code", flat=True
        )
    )
    for u in units.values():
        if u["parent"] is not None and u["parent"] not in units and u["parent"] not in existing:
            r.error(f"{u['_path']}.parent", f"đơn vị cấp trên {u['parent']!r} không tồn tại.")
        if u["active_from"] and u["active_to"] and u["active_to"] < u["active_from"]:
            r.error(f"{u['_path']}.active_to", "ngày kết thúc hoạt động phải sau ngày bắt đầu.")
    return units


def _save_units(units):
    """Create the units the database lacks, parents first; return {code: Unit} for the file's units."""
    by_code = {u.code: u for u in Unit.objects.filter(code__in=list(units)).select_related("parent")}
    pending = [code for code in units if code not in by_code]
    while pending:
        progressed = False
        for code in list(pending):
            values = dict(units[code])
            values.pop("_path")
            parent_code = values.pop("parent")
            if parent_code is not None and parent_code not in by_code:
                parent = Unit.objects.filter(code=parent_code).first()
                if parent is None:
                    continue
                by_code[parent_code] = parent
            by_code[code] = Unit.objects.create(
                code=code, parent=by_code[parent_code] if parent_code else None, **values
            )
            pending.remove(code)
            progressed = True
        if not progressed:
            raise RecordImportError(
                [f"units: vòng lặp cấp trên giữa các đơn vị {', '.join(sorted(pending))}."]
            )
    return by_code
