"""Reads used by the conference pages: the filtered list, the editing page, the history."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from conferences.access import conferences_visible_to
from conferences.editing import all_sections, get_section, top_sections
from conferences.models import MOVE_NEIGHBOUR, Conference
from frontwork.accounts.models import Unit
from frontwork.text import matching_condition, word_diff

EMPTY = "—"


def units_inactive_on(conference, day):
    """Units named on the items of `conference` (in the fields the item forms restrict to units
    active on the conference date) that are not active on `day`."""
    named = models.Q(pk__in=[])
    for section in all_sections():
        items = section.model.objects.filter(**{section.conference_lookup: conference.pk})
        for name in getattr(section.form_class, "unit_fields", {}):
            named |= models.Q(pk__in=items.values(name))
    return (
        Unit.objects.filter(named).exclude(pk__in=Unit.objects.active_on(day).values("pk")).order_by("path")
    )


def conference_search(user, *, q="", year=None, kind="", status=""):
    """The user's conferences that match the criteria, newest first; the years all the user's
    conferences cover, newest first (the list's filter offers them); and how many match. The
    years and the count come from one grouped query."""
    conferences = conferences_visible_to(user)
    fields = {"period_year": year, "kind": kind, "status": status}
    matching = models.Q(**{name: value for name, value in fields.items() if value})
    words = matching_condition(q)
    if words is not None:
        matching &= words
    matching = matching or None  # no criteria: count every row
    per_year = (
        conferences.order_by("-period_year")
        .values_list("period_year")
        .annotate(n=models.Count("pk", filter=matching))
    )
    years, count = [], 0
    for period_year, n in per_year:
        years.append(period_year)
        count += n
    if matching is not None:
        conferences = conferences.filter(matching)
    return conferences.select_related("host_unit__committee"), years, count


# --- how values read -------------------------------------------------------------------------


def display_value(model, name, value):
    """A field's value as a person reads it."""
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.ManyToManyField):
        labels = [unit.label for unit in value] if value is not None else []
        return ", ".join(labels) or EMPTY
    if value is None or value == "":
        return EMPTY
    if isinstance(value, Unit):
        return value.label
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def item_details(section, item):
    """(label, value) of an item's fields other than its title, for the item list."""
    details = []
    for name in section.form_class._meta.fields:
        if name == section.title_field:
            continue
        model_field = section.model._meta.get_field(name)
        value = getattr(item, name)
        if isinstance(model_field, models.ManyToManyField):
            value = value.all()
        shown = display_value(section.model, name, value)
        if shown != EMPTY:
            details.append((model_field.verbose_name, shown))
    return details


def differences(model, form, current):
    """Rows (label, the value saved by someone else, the user's value) where they differ."""
    rows = []
    for name in form.cleaned_data:
        if name == "version":
            continue
        mine = form.cleaned_data[name]
        theirs = getattr(current, name)
        if isinstance(model._meta.get_field(name), models.ManyToManyField):
            theirs = theirs.all()
        theirs_shown, mine_shown = display_value(model, name, theirs), display_value(model, name, mine)
        if theirs_shown != mine_shown:
            rows.append((form.fields[name].label, theirs_shown, mine_shown))
    return rows


def last_change(obj):
    """The latest history entry of `obj` (who and when), or None."""
    return obj.history.select_related("history_user").order_by("-history_id").first()


# --- the editing page ------------------------------------------------------------------------


@dataclass
class Block:
    """One section's list under one parent, as the editing page shows it."""

    section: object
    parent: object
    items: list


def _decorate(section, items):
    for item in items:
        item.fw_title = section.title_of(item)
        item.fw_details = item_details(section, item)
        item.fw_children = []
    return items


def child_blocks(section, item):
    return [Block(get_section(key), item, []) for key in section.children]


def editing_blocks(conference):
    """Every section of the record with its items, in the report's order. The number of queries
    does not depend on the number of items."""
    blocks = []
    for section in top_sections():
        items = _decorate(section, list(section.items_of(conference)))
        child_keys = section.children if items else ()  # no parents, no query for their children
        for child_key in child_keys:
            child = get_section(child_key)
            children = _decorate(
                child,
                list(child.shown(child.model.objects.filter(**{f"{child.parent_field}__in": items}))),
            )
            for item in items:
                item.fw_children.append(
                    Block(
                        child,
                        item,
                        [c for c in children if getattr(c, f"{child.parent_field}_id") == item.pk],
                    )
                )
        blocks.append(Block(section, conference, items))
    return blocks


# --- history ---------------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: object
    action: str  # created / changed / deleted / moved
    where: str  # the section's label
    title: str
    changes: list = field(default_factory=list)  # (label, before, after)
    order: int = 0
    direction: str = ""  # of a move: up / down


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
SKIPPED_FIELDS = {"id", "version", "created_at", "updated_at", "created_by"}


def _m2m_accessors(history_model, model):
    """{m2m field name: (accessor on a historical row, attname of the unit id on its rows)}."""
    accessors = {}
    for field_ in model._meta.many_to_many:
        for rel in history_model._meta.related_objects:
            if rel.related_model.__name__ == f"{history_model.__name__}_{field_.name}":
                accessors[field_.name] = (rel.get_accessor_name(), f"{field_.m2m_reverse_field_name()}_id")
    return accessors


def _tracked_fields(model, parent_field):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in SKIPPED_FIELDS and f.name != parent_field and f.editable
    ]


def changed_pieces(before, after, separator=" "):
    """(before, after) as lists of (text, changed) pieces, so that a long text shows only the
    words (or, with separator ", ", the units) that changed."""
    left, right = [], []
    for tag, old, new in word_diff(before, after, separator):
        left.append((old, tag != "equal"))
        right.append((new, tag != "equal"))

    def joined(pieces):
        pieces = [(words, changed) for words, changed in pieces if words]
        last = len(pieces) - 1
        return [
            (separator.join(words) + (separator if i < last else ""), changed)
            for i, (words, changed) in enumerate(pieces)
        ]

    return joined(left), joined(right)


def conference_history(conference, limit=500):
    """Every recorded change of the conference and its items, newest first. A fixed number of
    queries: one per kind of item and one per unit list, plus one for unit names."""
    sources = [(None, Conference, Conference.history.filter(id=conference.pk), None)]
    sources += [(s, s.model, s.history_queryset(conference.pk), s.parent_field) for s in all_sections()]
    loaded = []
    unit_ids = set()
    for section, model, records, parent_field in sources:
        history_model = records.model
        m2m = _m2m_accessors(history_model, model)
        records = records.select_related("history_user").order_by("history_id")
        if m2m:
            records = records.prefetch_related(*[accessor for accessor, _ in m2m.values()])
        fields = _tracked_fields(model, parent_field)
        rows = []
        for record in records:
            values = {f.name: getattr(record, f.attname) for f in fields}
            for name, (accessor, unit_attr) in m2m.items():
                values[name] = sorted(getattr(record, accessor).all(), key=lambda r: r.pk)
                values[name] = [getattr(r, unit_attr) for r in values[name]]
                unit_ids.update(values[name])
            for f in fields:
                if isinstance(f, models.ForeignKey) and f.related_model is Unit and values[f.name]:
                    unit_ids.add(values[f.name])
            rows.append((record, values))
        loaded.append((section, model, fields, list(m2m), rows))

    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}

    def shown(model, f_name, value, is_m2m):
        if is_m2m:
            return ", ".join(units[pk].label if pk in units else f"#{pk}" for pk in value) or EMPTY
        model_field = model._meta.get_field(f_name)
        if isinstance(model_field, models.ForeignKey) and model_field.related_model is Unit:
            value = units.get(value, value)
        if f_name == "position" and value is not None:
            return str(value + 1)
        return display_value(model, f_name, value)

    entries = []
    for section, model, fields, m2m_names, rows in loaded:
        where = section.label if section else _("Thông tin chung")
        title_field = section.title_field if section else "subject"
        previous = {}
        names = [f.name for f in fields] + m2m_names

        def describe(values, model=model, names=names, m2m_names=m2m_names, title_field=title_field):
            """What a new item holds (its title and position aside)."""
            return [
                (model._meta.get_field(n).verbose_name, EMPTY, shown(model, n, values[n], n in m2m_names))
                for n in names
                if n not in (title_field, "position") and values[n] not in (None, "", [])
            ]

        for record, values in rows:
            before = previous.get(record.id)
            previous[record.id] = values
            action = ACTIONS[record.history_type]
            reason = record.history_change_reason or ""
            if reason == MOVE_NEIGHBOUR:
                continue
            direction = ""
            if reason.startswith("move-"):
                action, direction = "moved", reason.removeprefix("move-")
            changes = []
            if action == "created":
                changes = describe(values)
            elif action in ("changed", "moved") and not direction:
                for name in names:
                    old = before.get(name) if before else None
                    if before is not None and old == values[name]:
                        continue
                    is_m2m = name in m2m_names
                    label = model._meta.get_field(name).verbose_name
                    old_text = shown(model, name, old, is_m2m) if before is not None else EMPTY
                    new_text = shown(model, name, values[name], is_m2m)
                    changes.append((label, *changed_pieces(old_text, new_text, ", " if is_m2m else " ")))
            if action == "changed" and not changes:
                continue
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    user=record.history_user,
                    action=action,
                    where=where,
                    title=str(values.get(title_field) or ""),
                    changes=changes,
                    order=record.history_id,
                    direction=direction,
                )
            )
    entries.sort(key=lambda e: (e.when, e.order), reverse=True)
    return entries[:limit]
