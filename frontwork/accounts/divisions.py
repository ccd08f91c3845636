"""The organisation tree from the official list of administrative divisions: for each province and
commune, its Front committee with its standing board and the authorities of its area.

`manage.py load_divisions` calls `divisions_load`; the rules (codes, names, renames, divisions that
leave the list) are in docs/organisation-tree.md.
"""

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from frontwork.accounts.models import Unit

# The list in the pinned vietnam-provinces package took effect on this day (Resolution
# 202/2025/QH15 and the resolutions arranging the communes).
LIST_EFFECTIVE_DATE = datetime.date(2025, 7, 1)
CENTRAL_CODE = "mttq-tw"
CENTRAL_NAME = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
FRONT = "Ủy ban Mặt trận Tổ quốc Việt Nam"
CITY = "thành phố trung ương"
# Decree 30/2020, Appendix I: a division named after a person or by a number keeps its type in
# the place name ("Thành phố Hồ Chí Minh, ngày…", "Phường 1 Bảo Lộc, ngày…"). Names that start
# with a digit are recognised; people's names must be listed.
NAMED_AFTER_PEOPLE = {"Hồ Chí Minh"}
# The units each division's area gets, by the start of their codes: "mttq-t-08", "btt-x-02269"…
ROLES = ("mttq", "btt", "dang-uy", "hdnd", "ubnd")
LOADED_CODE = re.compile(rf"({'|'.join(ROLES)})-[tx]-\d+")


@dataclass(frozen=True)
class Division:
    """One entry of the official list: a province, or a commune of `province`."""

    code: str  # official code: "08" (province), "02269" (commune)
    name: str  # as listed: "Tuyên Quang", "Thành phố Hà Nội", "Xã Thượng Lâm"
    type: str  # "tỉnh", "thành phố trung ương", "xã", "phường", "đặc khu"
    province: str = ""  # the province's code, for a commune

    @property
    def type_word(self):
        """The type as names print it: "tỉnh", "thành phố", "xã", "phường", "đặc khu"."""
        return "thành phố" if self.type == CITY else self.type

    @property
    def bare_name(self):
        """The name without its type: "Hà Nội", "Thượng Lâm"."""
        prefix = f"{self.type_word} "
        return self.name[len(prefix) :] if self.name.lower().startswith(prefix) else self.name

    @property
    def keeps_type(self):
        return self.bare_name in NAMED_AFTER_PEOPLE or self.bare_name[:1].isdigit()

    @property
    def place_name(self):
        """What documents print before the date: "Tuyên Quang", "Hà Nội", "Thượng Lâm"."""
        return self.name if self.keeps_type else self.bare_name

    @property
    def area(self):
        """The area as the names of its bodies end: "tỉnh Tuyên Quang", "xã Thượng Lâm"."""
        return self.name if self.keeps_type else f"{self.type_word} {self.bare_name}"


def official_divisions():
    """The provinces and communes of the list in the vietnam-provinces package, provinces first."""
    from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

    provinces = json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    divisions = [Division(f"{p['code']:02d}", p["name"], p["division_type"]) for p in provinces]
    divisions += [
        Division(f"{w['code']:05d}", w["name"], w["division_type"], f"{p['code']:02d}")
        for p in provinces
        for w in p["wards"]
    ]
    return divisions


@dataclass(frozen=True)
class Spec:
    """A unit as the list describes it."""

    code: str
    kind: str
    name: str
    short_name: str
    place_name: str
    parent: str | None  # a code; None: the central committee
    position: int
    level: int  # 1: provincial committees; 2: what hangs on them; 3: what hangs on the communes
    division_code: str = ""


def division_units(division):
    """The five units of a division's area: its Front committee, the committee's standing board,
    and the Party committee, People's Council and People's Committee of the area."""
    province = not division.province
    key = f"{'t' if province else 'x'}-{division.code}"
    committee = f"{FRONT} {division.area}"
    if province:
        party = f"{'Thành ủy' if division.type == CITY else 'Tỉnh ủy'} {division.place_name}"
    else:
        party = f"Đảng ủy {division.area}"
    level = 1 if province else 2
    place = division.place_name
    return [
        Spec(
            f"mttq-{key}",
            Unit.Kind.PROVINCIAL_COMMITTEE if province else Unit.Kind.COMMUNE_COMMITTEE,
            committee,
            f"Mặt trận {division.area}",
            place,
            None if province else f"mttq-t-{division.province}",
            0,
            level,
            division.code,
        ),
        Spec(f"btt-{key}", Unit.Kind.STANDING_BOARD, f"Ban Thường trực {committee}", "Ban Thường trực", place, f"mttq-{key}", 1, level + 1),
        Spec(f"dang-uy-{key}", Unit.Kind.PARTY_COMMITTEE, party, "", place, f"mttq-{key}", 2, level + 1),
        Spec(f"hdnd-{key}", Unit.Kind.PEOPLES_COUNCIL, f"Hội đồng nhân dân {division.area}", f"HĐND {division.area}", place, f"mttq-{key}", 3, level + 1),
        Spec(f"ubnd-{key}", Unit.Kind.PEOPLES_COMMITTEE, f"Ủy ban nhân dân {division.area}", f"UBND {division.area}", place, f"mttq-{key}", 4, level + 1),
    ]  # fmt: skip


class DivisionsError(Exception):
    pass


@dataclass
class Plan:
    effective: datetime.date
    create: list = field(default_factory=list)  # Specs
    rename: list = field(default_factory=list)  # (Unit, Spec)
    reopen: list = field(default_factory=list)  # Units of listed divisions that had an end date
    end: list = field(default_factory=list)  # Units of divisions no longer listed
    central: Unit | None = None  # None: to be created
    existing: dict = field(default_factory=dict)  # {code: Unit} loaded before

    @property
    def end_on(self):
        return self.effective - datetime.timedelta(days=1)

    def counts(self):
        """{what: Counter(kind → units)} for the summary."""
        return {
            "create": Counter(spec.kind for spec in self.create),
            "rename": Counter(unit.kind for unit, _spec in self.rename),
            "reopen": Counter(unit.kind for unit in self.reopen),
            "end": Counter(unit.kind for unit in self.end),
        }


def divisions_plan(divisions, *, effective=LIST_EFFECTIVE_DATE):
    """What loading `divisions` would change, without changing anything."""
    plan = Plan(effective=effective)
    areas = [division_units(division) for division in divisions]
    listed = {spec.code for units in areas for spec in units}
    loaded = Q()
    for role in ROLES:
        loaded |= Q(code__startswith=f"{role}-t-") | Q(code__startswith=f"{role}-x-")
    plan.existing = {
        unit.code: unit for unit in Unit.objects.filter(loaded) if LOADED_CODE.fullmatch(unit.code)
    }
    for units in areas:
        committee = plan.existing.get(units[0].code)
        renamed = committee is not None and committee.name != units[0].name
        for spec in units:
            unit = plan.existing.get(spec.code)
            if unit is None:
                plan.create.append(spec)
                continue
            if renamed:
                plan.rename.append((unit, spec))
            if unit.active_to is not None:
                plan.reopen.append(unit)
    for code, unit in plan.existing.items():
        if code not in listed and unit.active_to is None:
            if unit.active_from and unit.active_from > plan.end_on:
                raise DivisionsError(
                    f"{unit.name} ({code}) hoạt động từ {unit.active_from:%d/%m/%Y} nhưng không có trong "
                    f"danh sách có hiệu lực từ {effective:%d/%m/%Y}: hãy cho biết ngày danh sách có hiệu "
                    "lực (--effective-date)."
                )
            plan.end.append(unit)
    plan.central = Unit.objects.filter(code=CENTRAL_CODE).first()
    if plan.central is None:
        centrals = list(Unit.objects.filter(kind=Unit.Kind.CENTRAL)[:2])
        if len(centrals) == 1:
            plan.central = centrals[0]
        elif any(spec.parent is None for spec in plan.create):
            plan.create.insert(
                0, Spec(CENTRAL_CODE, Unit.Kind.CENTRAL, CENTRAL_NAME, "Trung ương MTTQ", "", None, 0, 0)
            )
    return plan


@transaction.atomic
def divisions_apply(plan):
    """Carry out a plan: create level by level in bulk, rename, reopen, end."""
    by_code = dict(plan.existing)
    for level in sorted({spec.level for spec in plan.create}):
        units = [
            Unit(
                code=spec.code,
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                place_name=spec.place_name,
                division_code=spec.division_code,
                parent=by_code[spec.parent] if spec.parent else plan.central,
                position=spec.position,
                active_from=plan.effective if spec.kind != Unit.Kind.CENTRAL else None,
            )
            for spec in plan.create
            if spec.level == level
        ]
        for unit in Unit.objects.bulk_create_tree(units):
            by_code[unit.code] = unit
            if unit.kind == Unit.Kind.CENTRAL:
                plan.central = unit
    for unit, spec in plan.rename:
        unit.name, unit.short_name, unit.place_name = spec.name, spec.short_name, spec.place_name
    renamed = [unit for unit, _spec in plan.rename]
    Unit.objects.bulk_update(renamed, ["name", "short_name", "place_name"], batch_size=1000)
    for units, active_to in [(plan.reopen, None), (plan.end, plan.end_on)]:
        for start in range(0, len(units), 1000):
            Unit.objects.filter(pk__in=[u.pk for u in units[start : start + 1000]]).update(
                active_to=active_to
            )


def divisions_load(*, divisions=None, effective=LIST_EFFECTIVE_DATE, dry_run=False):
    """Bring the tree in line with the official list (or `divisions`); return the plan carried out
    (or, with `dry_run`, the plan that would be)."""
    plan = divisions_plan(official_divisions() if divisions is None else divisions, effective=effective)
    if not dry_run:
        divisions_apply(plan)
    return plan
