"""A conference record as JSON (reports/records/__init__.py)."""

import json

from django.db.models import prefetch_related_objects

from conferences.composition import conference_with_record
from frontwork.accounts.models import Unit
from reports.records import FORMAT_NAME, FORMAT_VERSION


def _codes(units):
    return sorted(unit.code for unit in units)


def _date(value):
    return value.isoformat() if value else None


def export_record(conference):
    """The conference as a JSON-ready dict; unit references are unit codes."""
    conference = conference_with_record(conference.pk)
    prefetch_related_objects([conference], "attendance__units")
    co_hosts = list(conference.co_hosts.all())
    referenced = {conference.host_unit, *co_hosts}
    record = {
        "kind": conference.kind,
        "period": {
            "type": conference.period or None,
            "year": conference.period_year,
            "number": conference.period_number,
        },
        "subject": conference.subject,
        "date": _date(conference.date),
        "start_time": conference.start_time.strftime("%H:%M") if conference.start_time else None,
        "format": conference.format,
        "site_count": conference.site_count,
        "location": conference.location,
        "host_unit": conference.host_unit.code,
        "co_hosts": _codes(co_hosts),
        "chair": conference.chair,
        "directing": conference.directing,
        "status": conference.status,
        "attendance": [],
        "agenda": [],
        "draft_opinions": [],
        "discussion": [],
        "difficulties": [],
        "results_heading": conference.results_heading,
        "recommendations_intro": conference.recommendations_intro,
        "recommendations": [],
        "conclusions_heading": conference.conclusions_heading,
        "conclusions_intro": conference.conclusions_intro,
        "directives": [],
    }
    for group in conference.attendance.all():
        units = list(group.units.all())
        referenced.update(units)
        record["attendance"].append(
            {
                "kind": group.kind,
                "description": group.description,
                "units": _codes(units),
                "people_count": group.people_count,
                "site_count": group.site_count,
            }
        )
    for item in conference.agenda_items.all():
        units = list(item.presenters.all())
        referenced.update(units)
        record["agenda"].append(
            {
                "text": item.text,
                "presenter_name": item.presenter_name,
                "presenter_title": item.presenter_title,
                "presenters": _codes(units),
            }
        )
    for opinion in conference.draft_opinions.all():
        tasks = []
        for task in opinion.proposed_tasks.all():
            units = list(task.raised_by.all())
            referenced.update(units)
            tasks.append({"text": task.text, "raised_by": _codes(units)})
        record["draft_opinions"].append(
            {
                "draft_title": opinion.draft_title,
                "verdict": opinion.verdict,
                "tasks_intro": opinion.tasks_intro,
                "proposed_tasks": tasks,
            }
        )
    for item in conference.discussion.all():
        units = list(item.raised_by.all())
        referenced.update(units)
        record["discussion"].append(
            {
                "speaker": item.speaker,
                "raised_by": _codes(units),
                "text": item.text,
                "answered_on_spot": item.answered_on_spot,
                "answered_by": item.answered_by,
                "answer": item.answer,
            }
        )
    for item in conference.difficulties.all():
        units = list(item.raised_by.all())
        referenced.update(units)
        record["difficulties"].append({"text": item.text, "raised_by": _codes(units)})
    for item in conference.recommendations.all():
        units = list(item.raised_by.all())
        referenced.update(units)
        if item.addressee:
            referenced.add(item.addressee)
        record["recommendations"].append(
            {
                "text": item.text,
                "raised_by": _codes(units),
                "addressee": item.addressee.code if item.addressee else None,
            }
        )
    for item in conference.directives.all():
        units = list(item.owners.all())
        referenced.update(units)
        record["directives"].append(
            {"text": item.text, "owners": _codes(units), "due_date": _date(item.due_date)}
        )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "units": _export_units(referenced),
        "conference": record,
    }


def _export_units(units):
    """The referenced units and their ancestors, so that the tree can be rebuilt elsewhere."""
    ids = {pk for unit in units for pk in unit.ancestor_ids()}
    rows = Unit.objects.filter(pk__in=ids).select_related("parent").order_by("code")
    return [
        {
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "parent": unit.parent.code if unit.parent else None,
            "position": unit.position,
            "active_from": _date(unit.active_from),
            "active_to": _date(unit.active_to),
        }
        for unit in rows
    ]


def dumps(data):
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
