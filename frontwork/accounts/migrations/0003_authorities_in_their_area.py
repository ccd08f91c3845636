"""Outside authorities belong to an area (docs/organisation-tree.md, "Upgrading a database").

Units of kind "authority" get their kind from their name: a Party committee ("Tỉnh ủy…",
"Thành ủy…", "Huyện ủy…", "Quận ủy…", "Thị ủy…", "Đảng ủy…"), a People's Council ("Hội đồng nhân
dân…", "HĐND…") or a People's Committee ("Ủy ban nhân dân…", "UBND…"); others stay "authority".
Then the root-level authorities move into the tree: national bodies ("Quốc hội…", "Chính phủ…",
"Thủ tướng…", "Ban Chấp hành Trung ương…", "Bộ Chính trị…", "Ban Bí thư…", "Ủy ban Thường vụ Quốc
hội…") under the central committee when the database holds exactly one; every other one under the
provincial committee when the database holds exactly one. Otherwise they stay where they are, for
an administrator to place.
"""

import unicodedata

from django.db import migrations

AUTHORITY_KINDS = ("party_committee", "peoples_council", "peoples_committee", "authority")
KIND_BY_PREFIX = [
    (("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy"), "party_committee"),
    (("hội đồng nhân dân", "hđnd"), "peoples_council"),
    (("ủy ban nhân dân", "ubnd"), "peoples_committee"),
]
NATIONAL_PREFIXES = (
    "quốc hội",
    "ủy ban thường vụ quốc hội",
    "chính phủ",
    "thủ tướng",
    "ban chấp hành trung ương",
    "bộ chính trị",
    "ban bí thư",
)


def _key(name):
    """Lower case, NFC, and "uỷ" written "ủy" (both spellings are in use)."""
    return unicodedata.normalize("NFC", name).strip().lower().replace("uỷ", "ủy")


def kind_from_name(name):
    key = _key(name)
    for prefixes, kind in KIND_BY_PREFIX:
        if key.startswith(prefixes):
            return kind
    return "authority"


def _only(units, kind):
    found = list(units.filter(kind=kind)[:2])
    return found[0] if len(found) == 1 else None


def _move(Unit, unit, parent):
    """Put `unit` under `parent`, its subtree's paths with it (historical models have no save())."""
    old, new = unit.path, f"{parent.path}{unit.pk}/"
    Unit.objects.filter(pk=unit.pk).update(parent=parent)
    for pk, path in Unit.objects.filter(path__startswith=old).values_list("pk", "path"):
        Unit.objects.filter(pk=pk).update(path=new + path[len(old):])


def forward(apps, schema_editor):
    Unit = apps.get_model("accounts", "Unit")
    for unit in Unit.objects.filter(kind="authority"):
        kind = kind_from_name(unit.name)
        if kind != unit.kind:
            Unit.objects.filter(pk=unit.pk).update(kind=kind)
    roots = Unit.objects.filter(parent__isnull=True)
    central = _only(Unit.objects.all(), "central")
    province = _only(Unit.objects.all(), "provincial_committee")
    for unit in roots.filter(kind__in=AUTHORITY_KINDS).order_by("pk"):
        parent = central if _key(unit.name).startswith(NATIONAL_PREFIXES) else province
        if parent is not None:
            _move(Unit, unit, parent)


def backward(apps, schema_editor):
    """The new kinds become "authority" again; the units stay where they are in the tree."""
    Unit = apps.get_model("accounts", "Unit")
    Unit.objects.filter(kind__in=AUTHORITY_KINDS).update(kind="authority")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_unit_area_kinds"),
    ]

    operations = [migrations.RunPython(forward, backward)]
