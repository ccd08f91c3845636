"""The report's text, composed from a conference record in the order of the 2016 seed report.

Used by the record view (reads like the report) and by the print template of the final report.
Sections with nothing in them are left out.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects

from conferences import wording
from conferences.models import Conference, units_named


@dataclass
class Item:
    text: str
    units: list = field(default_factory=list)
    due_date: object = None
    obj: object = None
    detail: str = ""  # what the report prints after the item's text: owners, due date, handling

    @property
    def line(self):
        """The item as the report prints it, without its dash."""
        return f"{self.text} {self.detail}" if self.detail else self.text


@dataclass
class Section:
    number: str
    heading: str
    paragraphs: list = field(default_factory=list)  # paragraphs before the list
    items: list = field(default_factory=list)
    after: list = field(default_factory=list)  # further (paragraph, items) blocks
    subsections: list = field(default_factory=list)
    paragraphs_before: list = field(default_factory=list)  # paragraphs before the subsections


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
            yield from _body(part.paragraphs_before, [])
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
        yield f"- {item.line}", None


def join_vietnamese(parts, separator="; "):
    """'a; b và c' — how the report lists attendee groups (with separator ", ": units)."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return separator.join(parts[:-1]) + " và " + parts[-1]


def _sentence(text):
    text = text.strip()
    return text if text.endswith((".", ":", "!", "?", "./.")) else text + "."


# The record's lists, and the units on their items (the JSON export reads them; the record page and
# the print do not).
ITEM_LISTS = (
    "attendance",
    "agenda_items",
    "discussion",
    "draft_opinions__proposed_tasks",
    "difficulties",
    "recommendations",
    "directives",
)
ITEM_UNITS = (
    "draft_opinions__proposed_tasks__raised_by",
    "difficulties__raised_by",
    "recommendations__raised_by",
)
# The units the print names whatever `units` says: presenters, who raised an opinion, addressees
# and owners; and the earlier conference's recommendations and directives (carry-over section).
PRINTED_UNITS = (
    "agenda_items__presenters",
    "discussion__raised_by",
    "directives__owners",
    "follows_up__directives__owners",
)
# Lists whose items' foreign keys are read in the same query: a recommendation's addressee.
JOINED = {"recommendations": ("addressee",), "follows_up__recommendations": ("addressee",)}


def _lists(lookups):
    """`lookups`, those of JOINED as Prefetch objects that join what it names."""
    prefetches = []
    for lookup in lookups:
        if lookup in JOINED:
            model = Conference._meta.get_field(lookup.rpartition("__")[2]).related_model
            lookup = Prefetch(lookup, queryset=model._default_manager.select_related(*JOINED[lookup]))
        prefetches.append(lookup)
    return prefetches


def with_record(conferences, *, units=True, named=False):
    """`conferences` (a queryset) with their whole record prefetched; `units=False` leaves out
    the items' units (compose them with `units=False` too); `named=True` reads the units it
    prefetches (co-hosts, presenters, owners…) for their labels only (units_named): enough for the
    report's text, not for the JSON export's codes."""
    lists = _lists(ITEM_LISTS + ("follows_up__recommendations",))
    unit_lists = ("co_hosts",) + PRINTED_UNITS + (ITEM_UNITS if units else ())
    if named:
        unit_lists = [Prefetch(lookup, queryset=units_named()) for lookup in unit_lists]
    return conferences.select_related("host_unit__committee", "follows_up").prefetch_related(
        *lists, *unit_lists
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


def _names(units):
    return join_vietnamese([unit.label for unit in units], ", ")


def _capitalised(text):
    text = text.strip()
    return text[:1].upper() + text[1:]


def opening_of(conference):
    """The opening paragraph: when and where, every host, the meeting (with its period when the
    subject does not name it), the chair, who attended to direct, the attendance and the remote
    sites."""
    name = meeting_name_with_period(conference)
    sentences = [
        f"{when_and_where(conference)}, {hosts_phrase(conference)} đã tổ chức {wording.as_meeting(name)}."
    ]
    chair = conference.chair.strip()
    if chair and chair.casefold() != conference.host_unit.name.casefold():
        sentences.append(f"{_capitalised(chair)} chủ trì hội nghị.")
    if conference.directing.strip():
        sentences.append(f"Dự và chỉ đạo hội nghị có {conference.directing.strip().rstrip('.')}.")
    groups = [group.description for group in conference.attendance.all()]
    people = sum(group.people_count or 0 for group in conference.attendance.all())
    if groups:
        sentences.append(f"Tham dự hội nghị có {join_vietnamese(groups)}.")
    if people:
        sentences.append(f"Tổng số đại biểu dự hội nghị: {people} người.")
    if conference.site_count and conference.format != Conference.Format.IN_PERSON:
        sentences.append(f"Hội nghị được kết nối tới {conference.site_count} điểm cầu.")
    return " ".join(sentences)


def meeting_name_with_period(conference):
    """The meeting's name, followed by its period when the subject does not say it already."""
    name = meeting_name(conference)
    period = conference.period_label
    return f"{name} {period}" if period and period.casefold() not in name.casefold() else name


def _presenter(item):
    """ "đồng chí Nguyễn Văn A, Chủ tịch Ủy ban nhân dân phường trình bày" — printed when a person
    is named (the units alone, as in the seed, are said by the item's own text)."""
    if not item.presenter_name.strip():
        return ""
    parts = [item.presenter_name.strip(), item.presenter_title.strip(), _names(item.presenters.all())]
    return ", ".join(p for p in parts if p) + " trình bày"


def agenda_of(conference):
    parts = []
    for item in conference.agenda_items.all():
        text = item.text.strip().rstrip(".;")
        presenter = _presenter(item)
        parts.append(f"{text} ({presenter})" if presenter else text)
    return _sentence("Hội nghị đã thông qua các nội dung: " + "; ".join(parts)) if parts else ""


def discussion_item(opinion):
    who = opinion.speaker.strip() or _names(opinion.raised_by.all())
    text = _sentence(opinion.text)
    text = f"{_capitalised(who)}: {text}" if who else text
    if opinion.answered_on_spot:
        detail = f"{_capitalised(opinion.answered_by)} trả lời tại hội nghị: {_sentence(opinion.answer)}"
    else:
        detail = "Chưa được trả lời tại hội nghị."
    return Item(text, list(opinion.raised_by.all()), obj=opinion, detail=detail)


# Recommendation and directive statuses as the record stores them (the recommendations app owns
# the models; the report only reads them).
RESOLVED, ANSWERED, NOT_ACCEPTED, FORWARDED = "resolved", "answered", "not_accepted", "forwarded"
DONE, IN_PROGRESS = "done", "in_progress"


def handling_of(recommendation):
    """How a recommendation was handled, as the report says it ("" while nothing was done)."""
    r = recommendation
    if r.answered_at_conference:
        said = f"{_capitalised(r.answered_by)} trả lời tại hội nghị: {_sentence(r.reply_text)}"
        return said + (" Đã giải quyết." if r.status == RESOLVED else "")
    if r.status == FORWARDED:
        letter = f" (văn bản số {r.forwarded_number})" if r.forwarded_number else ""
        day = f" ngày {wording.short_date(r.forwarded_on)}" if r.forwarded_on else ""
        return f"Đã chuyển cơ quan có thẩm quyền{letter}{day}."
    if r.status in (ANSWERED, RESOLVED) and r.reply_text:
        letter = f" (văn bản số {r.reply_number})" if r.reply_number else ""
        said = f"Đã được trả lời{letter}: {_sentence(r.reply_text)}"
        return said + (" Đã giải quyết." if r.status == RESOLVED else "")
    if r.status == RESOLVED:
        return "Đã giải quyết."
    if r.status == NOT_ACCEPTED:
        return "Không tiếp thu."
    return ""


def recommendation_item(recommendation, *, units=True, raised=True):
    details = []
    if recommendation.addressee_id:
        details.append(f"Cơ quan nhận kiến nghị: {recommendation.addressee.label}.")
    handling = handling_of(recommendation)
    if handling:
        details.append(handling)
    return Item(
        _sentence(recommendation.text),
        list(recommendation.raised_by.all()) if units and raised else [],
        obj=recommendation,
        detail=" ".join(details),
    )


def directive_item(directive, *, with_status=False):
    details = []
    owners = list(directive.owners.all())
    if owners:
        details.append(f"Đơn vị thực hiện: {_names(owners)}")
    if directive.due_date:
        details.append(f"thời hạn: {wording.short_date(directive.due_date)}")
    detail = "; ".join(details)
    detail = _sentence(detail[:1].upper() + detail[1:]) if detail else ""
    if with_status:
        state = {DONE: "Đã hoàn thành.", IN_PROGRESS: "Đang thực hiện."}.get(
            directive.status, "Chưa báo cáo kết quả."
        )
        detail = f"{detail} {state}".strip()
    return Item(_sentence(directive.text), owners, directive.due_date, obj=directive, detail=detail)


def carry_over_section(conference):
    """The results of the earlier conference's recommendations and directives, grouped as resolved,
    answered and still pending; None when the conference follows up none or it had nothing."""
    earlier = conference.follows_up
    if earlier is None:
        return None
    groups = {"resolved": [], "answered": [], "pending": []}
    for r in earlier.recommendations.all():
        key = (
            "resolved"
            if r.status == RESOLVED
            else "answered"
            if r.status in (ANSWERED, NOT_ACCEPTED)
            else "pending"
        )
        groups[key].append(recommendation_item(r, raised=False))
    for d in earlier.directives.all():
        key = "resolved" if d.status == DONE else "pending"
        item = directive_item(d, with_status=True)
        item.text = f"Kết luận: {item.text}"
        groups[key].append(item)
    headings = {
        "resolved": "Đã giải quyết, hoàn thành.",
        "answered": "Đã được trả lời.",
        "pending": "Đang chờ giải quyết, đang thực hiện.",
    }
    subsections = [
        Section(number="", heading=headings[key], items=items) for key, items in groups.items() if items
    ]
    if not subsections:
        return None
    for index, sub in enumerate(subsections, start=1):
        sub.number = f"{index}."
    return Section(
        number="",
        heading="Kết quả giải quyết kiến nghị, thực hiện kết luận kỳ trước.",
        paragraphs_before=[
            f"Các kiến nghị, kết luận tại {wording.as_meeting(earlier.name)} ngày {wording.short_date(earlier.date)}:"
        ],
        subsections=subsections,
    )


ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI")


@dataclass
class Frame:
    """What surrounds the record's lists in the report: what the final report's form starts from."""

    subject: str
    opening: str
    closing: str


def _frame(conference):
    return Frame(
        subject=f"Kết quả {conference.name}",
        opening=opening_of(conference),
        closing=(
            f"Trên đây là báo cáo kết quả {meeting_name_with_period(conference)} "
            f"của {conference.host_unit.name}./."
        ),
    )


def compose_frame(conference):
    """Subject, opening and closing of the conference's report, as compose() writes them, read
    from the conference (with its host unit), its attendance groups and co-hosts instead of the
    whole record."""
    prefetch_related_objects([conference], "attendance", "co_hosts")
    return _frame(conference)


def compose(conference, *, units=True):
    """`conference` should come from `conference_with_record` with the same `units`."""

    def units_of(relation):
        return list(relation.all()) if units else []

    frame = _frame(conference)
    results = []
    for opinion in conference.draft_opinions.all():
        section = Section(number="", heading=f"Đối với {opinion.draft_title}.")
        if opinion.verdict:
            section.paragraphs.append(opinion.verdict)
        tasks = [Item(t.text, units_of(t.raised_by), obj=t) for t in opinion.proposed_tasks.all()]
        if tasks:
            section.after.append((opinion.tasks_intro, tasks))
        results.append(section)
    discussion = [discussion_item(o) for o in conference.discussion.all()]
    if discussion:
        results.append(
            Section(number="", heading="Ý kiến phát biểu, thảo luận tại hội nghị.", items=discussion)
        )
    difficulties = [Item(d.text, units_of(d.raised_by), obj=d) for d in conference.difficulties.all()]
    if difficulties:
        results.append(
            Section(
                number="",
                heading="Những khó khăn, hạn chế trong việc triển khai thực hiện nhiệm vụ công tác Mặt trận ở cơ sở.",
                items=difficulties,
            )
        )
    recommendations = [recommendation_item(r, units=units) for r in conference.recommendations.all()]
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

    results_heading, conclusions_heading = wording.section_headings(conference.kind)
    sections = []
    carried = carry_over_section(conference)
    if carried:
        sections.append(carried)
    if results:
        heading = conference.results_heading.strip() or results_heading
        sections.append(Section(number="", heading=heading, subsections=results))
    directives = [directive_item(d) for d in conference.directives.all()]
    if directives or conference.conclusions_intro:
        heading = conference.conclusions_heading.strip() or conclusions_heading
        sections.append(
            Section(
                number="",
                heading=heading,
                paragraphs=[conference.conclusions_intro] if conference.conclusions_intro else [],
                items=directives,
            )
        )
    for index, section in enumerate(sections):
        section.number = f"{ROMAN_NUMERALS[index]}."
    return Composition(
        conference=conference,
        subject=frame.subject,
        opening=frame.opening,
        agenda=agenda_of(conference),
        sections=sections,
        closing=frame.closing,
    )
