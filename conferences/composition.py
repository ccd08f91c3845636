"""The report's text, composed from a conference record in the order of the 2016 seed report.

Used by the record view (reads like the report) and by the print template of the final report.
Sections with nothing in them are left out.
"""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects

from conferences import wording
from conferences.models import Conference


@dataclass
class Item:
    text: str
    units: list = field(default_factory=list)
    due_date: object = None
    obj: object = None


@dataclass
class Section:
    number: str
    heading: str
    paragraphs: list = field(default_factory=list)  # paragraphs before the list
    items: list = field(default_factory=list)
    after: list = field(default_factory=list)  # further (paragraph, items) blocks
    subsections: list = field(default_factory=list)


@dataclass
class Composition:
    conference: object
    subject: str
    opening: str
    agenda: str
    sections: list
    closing: str

    def reading_order(self):
        """The body as it reads, one paragraph at a time: (text, kind), kind "section" or
        "subsection" for headings and None otherwise. The print template, the .docx export and the
        demo draft all lay the report out from this."""
        yield self.opening, None
        if self.agenda:
            yield self.agenda, None
        for part in self.sections:
            yield f"{part.number} {part.heading}", "section"
            for sub in part.subsections:
                yield f"{sub.number} {sub.heading}", "subsection"
                yield from _body(sub.paragraphs, sub.items)
                for intro, items in sub.after:
                    yield from _body([intro] if intro else [], items)
            yield from _body(part.paragraphs, part.items)
        yield self.closing, None


def _body(paragraphs, items):
    for paragraph in paragraphs:
        yield paragraph, None
    for item in items:
        yield f"- {item.text}", None


def join_vietnamese(parts, separator="; "):
    """'a; b và c' — how the report lists attendee groups (with separator ", ": units)."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return separator.join(parts[:-1]) + " và " + parts[-1]


def _sentence(text):
    text = text.strip()
    return text if text.endswith((".", ":", "!", "?", "./.")) else text + "."


# The record's lists, and the units on their items (the record page shows them; the print does not).
# The units of the attendance groups are shown by neither (only the groups' descriptions): the
# JSON export loads them itself.
ITEM_LISTS = (
    "attendance",
    "agenda_items",
    "draft_opinions__proposed_tasks",
    "difficulties",
    "recommendations",
    "directives",
)
ITEM_UNITS = (
    "agenda_items__presenters",
    "draft_opinions__proposed_tasks__raised_by",
    "difficulties__raised_by",
    "recommendations__raised_by",
    "recommendations__addressee",
    "directives__owners",
)


def with_record(conferences, *, units=True):
    """`conferences` (a queryset) with their whole record prefetched; `units=False` leaves out
    the items' units (compose them with `units=False` too)."""
    return conferences.select_related("host_unit").prefetch_related(
        "co_hosts", *(ITEM_LISTS + ITEM_UNITS if units else ITEM_LISTS)
    )


def conference_with_record(pk, *, units=True):
    """The conference with its whole record prefetched (see with_record)."""
    return with_record(Conference.objects.all(), units=units).get(pk=pk)


def meeting_name(conference):
    """The conference after "kết quả": "giao ban trực tuyến công tác Mặt trận năm 2016",
    "hội nghị nhân dân khu phố 3" (Conference.name_in_sentence: no word said twice)."""
    return conference.name_in_sentence()


def hosts_phrase(conference):
    """Every host as the opening names them: "<host> phối hợp với <co-host>, <co-host> và <co-host>"."""
    host = conference.host_unit.name
    co_hosts = [unit.name for unit in conference.co_hosts.all()]
    return f"{host} phối hợp với {join_vietnamese(co_hosts, ', ')}" if co_hosts else host


def when_and_where(conference):
    """ "Ngày 27 tháng 12 năm 2016", "Vào lúc 8 giờ 30 ngày …", then ", tại <place>" when set."""
    day = f"ngày {conference.date.day} tháng {conference.date.month} năm {conference.date.year}"
    if conference.start_time:
        text = f"Vào lúc {conference.start_time.hour} giờ {conference.start_time.minute:02d} {day}"
    else:
        text = day[:1].upper() + day[1:]
    location = conference.location.strip()
    return f"{text}, tại {location}" if location else text


@dataclass
class Frame:
    """What surrounds the record's lists in the report: what the final report's form starts from."""

    subject: str
    opening: str
    closing: str


def _frame(conference):
    host = conference.host_unit.name
    opening = (
        f"{when_and_where(conference)}, {hosts_phrase(conference)} đã tổ chức "
        f"{wording.as_meeting(meeting_name(conference))}."
    )
    groups = [group.description for group in conference.attendance.all()]
    if groups:
        opening += f" Tham dự hội nghị có {join_vietnamese(groups)}."
    return Frame(
        subject=f"Kết quả {conference.name}",
        opening=opening,
        closing=f"Trên đây là báo cáo kết quả {meeting_name(conference)} của {host}./.",
    )


def compose_frame(conference):
    """Subject, opening and closing of the conference's report, as compose() writes them, read
    from the conference (with its host unit) and its attendance groups instead of the whole record."""
    prefetch_related_objects([conference], "attendance", "co_hosts")
    return _frame(conference)


def compose(conference, *, units=True):
    """`conference` should come from `conference_with_record` with the same `units`."""

    def units_of(relation):
        return list(relation.all()) if units else []

    frame = _frame(conference)
    agenda_items = [item.text for item in conference.agenda_items.all()]
    agenda = (
        _sentence("Hội nghị đã thông qua các nội dung: " + "; ".join(agenda_items)) if agenda_items else ""
    )

    results = []
    for opinion in conference.draft_opinions.all():
        section = Section(number="", heading=f"Đối với {opinion.draft_title}.")
        if opinion.verdict:
            section.paragraphs.append(opinion.verdict)
        tasks = [Item(t.text, units_of(t.raised_by), obj=t) for t in opinion.proposed_tasks.all()]
        if tasks:
            section.after.append((opinion.tasks_intro, tasks))
        results.append(section)
    difficulties = [Item(d.text, units_of(d.raised_by), obj=d) for d in conference.difficulties.all()]
    if difficulties:
        results.append(
            Section(
                number="",
                heading="Những khó khăn, hạn chế trong việc triển khai thực hiện nhiệm vụ công tác Mặt trận ở cơ sở.",
                items=difficulties,
            )
        )
    recommendations = [Item(r.text, units_of(r.raised_by), obj=r) for r in conference.recommendations.all()]
    if recommendations:
        results.append(
            Section(
                number="",
                heading="Những kiến nghị, đề xuất.",
                paragraphs=[conference.recommendations_intro] if conference.recommendations_intro else [],
                items=recommendations,
            )
        )
    for index, section in enumerate(results, start=1):
        section.number = f"{index}."

    sections = []
    if results:
        sections.append(Section(number="I.", heading="Kết quả cụ thể:", subsections=results))
    directives = [Item(d.text, units_of(d.owners), d.due_date, obj=d) for d in conference.directives.all()]
    if directives or conference.conclusions_intro:
        sections.append(
            Section(
                number="II." if results else "I.",
                heading="Kết thúc.",
                paragraphs=[conference.conclusions_intro] if conference.conclusions_intro else [],
                items=directives,
            )
        )
    return Composition(
        conference=conference,
        subject=frame.subject,
        opening=frame.opening,
        agenda=agenda,
        sections=sections,
        closing=frame.closing,
    )
