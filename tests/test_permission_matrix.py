"""Every URL pattern of the project, for every role and for an anonymous visitor: the outcome of a
GET request and, for every URL that writes, of a POST with an empty body. A URL pattern without a
row here fails the test, so new pages must declare who may see them. Object-level rules (another
unit's conference, draft, round or comment by id) are rows too.

The `world`: district A's office (`office`) took part in the provincial conference `attended` and
was asked about its `draft` in comment round `round`, where it wrote the unsubmitted comment
`note`. District B's office (`other_office`) hosts `district_b_only`, whose `draft_b` it was asked
about in `round_b`, where it submitted `sent_b`. Both were asked in `shared_round`, where district
B wrote the unsubmitted comment `their_note`. Each conference has one item in every section of
the record editor (`items[conference][section key]`).

The final report of `attended` has one PDF (`pdf`, not yet approved) rendered in process by its
`render_job`; district B's conference has a report with an approved version `signed_b` and a
queued job `job_b`. The recommendation `recommendation` of `attended` (raised by district A) is
followed by a department, forwarded and answered with a reply attachment; `recommendation_b`
(raised by district B) is new. The directive `directive` is owned by district A, `directive_b` by
district B. The provincial conference `no_report` has no final report yet and no office attended it.

Roles are relative to committees: staff, leader and administrator belong to the province's
committee, which hosts `attended`; district B's committee hosts `district_b_only`, so the province's
roles see everything of it read-only (a committee sees what the committees below it hold) and may
change, render, approve or follow up nothing of it (403). Three levels, siblings and parents are in
tests/test_levels.py.
"""

import datetime
from typing import NamedTuple

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conferences import services as conference_services
from conferences.editing import all_sections, get_section
from conferences.models import Conference
from frontwork.accounts.models import User
from frontwork.accounts.permissions import can
from recommendations import services as recommendation_services
from recommendations.models import CompletionReport, RecommendationEvent
from reports.drafts import services as draft_services
from reports.final import rendering
from reports.final import services as report_services
from reports.models import (
    Comment,
    CommentRound,
    Draft,
    DraftParagraph,
    DraftVersion,
    FinalReport,
    LayoutSettings,
    RenderJob,
    ReportVersion,
    RoundUnit,
)
from reports.signing.models import IssuedFile, SigningJob
from tests.drafts_support import DRAFT_TITLE, convert_uploads, docx_upload, make_draft, open_round
from tests.factories import ConferenceFactory

ROLES = ["anonymous", "staff", "office", "other_office", "leader", "admin"]
LOGIN = "login"  # anonymous visitors are redirected to the login page
DONE = "done"  # POST only: the empty body is all the action needs; it is done (302) and changes data
SAME = "same"  # POST outcomes: the same as the GET outcomes

ALL = dict.fromkeys(ROLES[1:], 200)

# A user of each role of the world, for reading the permission table (the rules used by the views
# below depend on the role only).
ROLE_OF = {
    "staff": User.Role.STAFF,
    "office": User.Role.OFFICE,
    "other_office": User.Role.OFFICE,
    "leader": User.Role.LEADER,
    "admin": User.Role.ADMIN,
}


def allowed(rule):
    """The roles of the world that the permission table lets do `rule`."""
    return {name for name, role in ROLE_OF.items() if can(User(role=role, unit_id=1), rule)}


def row(anonymous=LOGIN, **outcomes):
    return {"anonymous": anonymous, **ALL, **outcomes}


def unless(rule, **outcomes):
    """The roles that the permission table lets do `rule` get 200, the others 403."""
    return row(**({role: 403 for role in ROLE_OF if role not in allowed(rule)} | outcomes))


def editors_only(**outcomes):
    """Those who change records (staff and administrators) may; the others get 403."""
    return unless("conference.change", **outcomes)


POST_ONLY = row(**dict.fromkeys(ROLES[1:], 405))  # @login_required comes first, then @require_POST


class Row(NamedTuple):
    kwargs: object  # world → URL kwargs, or None
    get: dict  # role → outcome of a GET
    post: object = None  # role → outcome of an empty POST (or SAME); None: the URL does not write


# --- URL kwargs, from the objects of the `world` -------------------------------------------------


def pk(key):
    return lambda w: {"pk": w[key].pk}


def version(key, number=1):
    return lambda w: {"pk": w[key].pk, "number": number}


def step(key, slug):
    return lambda w: {"pk": w[key].pk, "step": slug}


def fmt(extension):
    return lambda w: {"fmt": extension}


def item(conference, section_key, item_of=None):
    """An item of `section_key`, reached through `conference` (and taken from `item_of`)."""
    return lambda w: {
        "pk": w[conference].pk,
        "section_key": section_key,
        "item_pk": w["items"][item_of or conference][section_key].pk,
    }


def adding(conference, section_key, parent_of=None):
    """Adding to `section_key` in `conference`, under a parent taken from `parent_of`."""

    def kwargs(w):
        section, owner = get_section(section_key), parent_of or conference
        parent = w["items"][owner][section.parent_section] if section.nested else w[owner]
        return {"pk": w[conference].pk, "section_key": section_key, "parent_pk": parent.pk}

    return kwargs


# --- the matrix: one row per URL name, the office's own objects -----------------------------------

# Conferences the office cannot see are 404 for it; those it can see but not change are 403.
OWN_RECORD = editors_only(other_office=404)
OWN_ITEM_WRITE = row(staff=302, admin=302, office=403, other_office=404, leader=403)
OWN_DRAFT = row(other_office=404)
OWN_DRAFT_WRITE = editors_only(other_office=404)
UNIT_ONLY = row(**dict.fromkeys(ROLES[1:], 404))  # the unit's unsubmitted comment: 404 for all others
ASKED_ONLY = row(staff=403, leader=403, admin=403, other_office=404)  # the asked office's own pages

PDF_MAKERS = unless("report.render", other_office=404)  # province roles; the office sees the conference
PDF_DONE = {"staff": DONE, "leader": DONE, "admin": DONE}
APPROVERS = unless("report.approve", other_office=404)  # leadership only
# Following up district A's recommendation or directive: staff and administrators; district A's
# office sees it but may not (403), district B's never sees it (404).
FOLLOW_UP = row(staff=DONE, admin=DONE, office=403, other_office=404)

MATRIX = {
    "login": Row(None, {role: 200 for role in ROLES} | {r: 302 for r in ROLES[1:]}, SAME),
    # Logging out sends everyone to the login page.
    "logout": Row(None, dict.fromkeys(ROLES, 405), row(**dict.fromkeys(ROLES[1:], 302))),
    "password_change": Row(None, row(), SAME),
    "password_change_done": Row(None, row()),
    "set_language": Row(None, dict.fromkeys(ROLES, 302), SAME),
    "home": Row(None, row()),
    "health": Row(None, dict.fromkeys(ROLES, 200)),
    "conferences:list": Row(None, row()),
    # The office's own conference (its unit took part) and one it has nothing to do with.
    "conferences:record": Row(pk("attended"), row(other_office=404)),
    # Entering records: staff and administrators only.
    "conferences:create": Row(None, editors_only(), SAME),
    "conferences:update": Row(pk("attended"), OWN_RECORD, SAME),
    "conferences:edit": Row(pk("attended"), OWN_RECORD),
    "conferences:history": Row(pk("attended"), OWN_RECORD),
    "conferences:item_add": Row(adding("attended", "difficulties"), OWN_RECORD, SAME),
    "conferences:item_detail": Row(item("attended", "difficulties"), OWN_RECORD),
    "conferences:item_edit": Row(item("attended", "difficulties"), OWN_RECORD, SAME),
    # An empty POST carries no version (delete) or direction (move): refused with a message.
    "conferences:item_delete": Row(item("attended", "difficulties"), POST_ONLY, OWN_ITEM_WRITE),
    "conferences:item_move": Row(item("attended", "difficulties"), POST_ONLY, OWN_ITEM_WRITE),
    # Drafts: district A was asked about `draft`, district B was not.
    "drafts:list": Row(None, row()),
    "drafts:create": Row(None, editors_only(), SAME),
    "drafts:detail": Row(pk("draft"), OWN_DRAFT),
    "drafts:publish": Row(pk("draft"), OWN_DRAFT_WRITE, SAME),
    "drafts:version": Row(version("draft"), OWN_DRAFT),
    "drafts:version_file": Row(version("draft"), OWN_DRAFT),
    "drafts:round_open": Row(version("draft"), OWN_DRAFT_WRITE, SAME),
    "drafts:compare": Row(lambda w: {"pk": w["draft"].pk, "old": 1, "new": 1}, OWN_DRAFT),
    # The office is sent on to its own page of the round.
    "drafts:round_status": Row(pk("round"), row(office=302, other_office=404)),
    "drafts:round_remind": Row(pk("round"), POST_ONLY, OWN_DRAFT_WRITE | {"staff": DONE, "admin": DONE}),
    "drafts:round_comments": Row(pk("round"), ASKED_ONLY),
    # An empty comment: refused next to the field (400).
    "drafts:comment_add": Row(pk("round"), POST_ONLY, ASKED_ONLY | {"office": 400}),
    "drafts:round_submit": Row(pk("round"), POST_ONLY, ASKED_ONLY | {"office": DONE}),
    # `note` is unsubmitted: nobody outside district A sees it, staff included.
    "drafts:comment_edit": Row(pk("note"), POST_ONLY, UNIT_ONLY | {"office": 302}),
    "drafts:comment_delete": Row(pk("note"), POST_ONLY, UNIT_ONLY | {"office": DONE}),
    "drafts:comment_triage": Row(pk("note"), POST_ONLY, UNIT_ONLY | {"office": 403}),
    # The final report: everyone who sees the conference sees the page; staff and administrators
    # edit it (an empty form is refused next to the fields, 200); province roles ask for PDFs and
    # Word files; leadership approves; offices download approved versions only.
    "reports:final_report": Row(pk("attended"), OWN_DRAFT, OWN_RECORD),
    "reports:final_report_render": Row(pk("attended"), POST_ONLY, PDF_MAKERS | PDF_DONE),
    # The preview of page 1 from the form's values: those who edit the report; it saves nothing.
    "reports:final_report_preview": Row(pk("attended"), POST_ONLY, OWN_RECORD),
    "reports:render_job_status": Row(pk("render_job"), PDF_MAKERS),
    "reports:version_download": Row(pk("pdf"), PDF_MAKERS),
    "reports:version_approve": Row(pk("pdf"), POST_ONLY, APPROVERS | {"leader": DONE}),
    "reports:approvals": Row(None, unless("report.approve")),
    # `attended`'s report is not approved: there is nothing to revise (refused with a message).
    "reports:final_report_revise": Row(pk("attended"), POST_ONLY, OWN_RECORD | {"staff": 302, "admin": 302}),
    "reports:final_report_docx": Row(pk("attended"), PDF_MAKERS),
    # No field named: refused with a message (302), nothing changes.
    "reports:final_report_follow_record": Row(
        pk("attended"), POST_ONLY, OWN_RECORD | {"staff": 302, "admin": 302}
    ),
    # The signed files of an approved version: whoever may download the version; verification
    # is for anyone; leadership retries a failed signing.
    "signing:verify": Row(None, row(anonymous=200)),
    "signing:signed_download": Row(pk("signed_b"), row(office=404)),
    "signing:archival_download": Row(pk("signed_b"), row(office=404)),
    "signing:signing_retry": Row(
        # only district B's leadership
        pk("signed_b"),
        POST_ONLY,
        row(staff=403, office=404, other_office=403, leader=403, admin=403),
    ),
    # The registers list what each user may see; the dashboard is the province's.
    "recommendations:register": Row(None, row()),
    "recommendations:register_export": Row(fmt("csv"), row()),
    "recommendations:dashboard": Row(None, unless("dashboard.view")),
    "recommendations:directives": Row(None, row()),
    "recommendations:directives_export": Row(fmt("csv"), row()),
    "recommendations:carry_over": Row(pk("attended"), row(other_office=404)),
    # District A raised `recommendation`: district B's office never sees it.
    "recommendations:detail": Row(pk("recommendation"), row(other_office=404)),
    "recommendations:attachment": Row(pk("recommendation"), row(other_office=404)),
    # Empty assignment and link: the department, due date and earlier link are cleared (logged).
    "recommendations:assign": Row(pk("recommendation"), POST_ONLY, FOLLOW_UP | {"leader": 403}),
    # Unlinking a recommendation that has no earlier occurrence changes nothing (302, no event).
    "recommendations:link_previous": Row(
        pk("recommendation"), POST_ONLY, FOLLOW_UP | {"leader": 403, "staff": 302, "admin": 302}
    ),
    # Answered → resolved needs no note: staff, leadership and administrators may.
    "recommendations:step": Row(
        step("recommendation", "giai-quyet"), POST_ONLY, FOLLOW_UP | {"leader": DONE}
    ),
    # District A owns `directive`: only its office reports (an empty report is refused with a
    # message); staff and administrators set the due date (empty: cleared).
    "recommendations:directive": Row(pk("directive"), row(other_office=404)),
    "recommendations:directive_report": Row(
        pk("directive"), POST_ONLY, row(staff=403, office=302, other_office=404, leader=403, admin=403)
    ),
    "recommendations:directive_due": Row(pk("directive"), POST_ONLY, FOLLOW_UP | {"leader": 403}),
}

# --- more rows: every section of the editor, and the other unit's objects by id -------------------

# District B's conference: 404 for district A; read-only for the province's roles (held by the
# committee below theirs) and for district B's office (not an editing role).
THEIR_RECORD = row(office=404, other_office=403, staff=403, leader=403, admin=403)
THEIR_ITEM_WRITE = THEIR_RECORD
THEIR_DRAFT = row(office=404)
THEIR_DRAFT_WRITE = THEIR_RECORD
THEIR_ASKED_ONLY = row(staff=403, leader=403, admin=403, office=404)
# `sent_b` is submitted: province roles see it, district B may no longer change it (refused with a
# message), district A never sees it.
SENT = row(staff=403, office=404, other_office=302, leader=403, admin=403)
FOREIGN_ITEM = OWN_RECORD | {"staff": 404, "admin": 404}


def _section_rows(conference, record, item_write, *, skip=()):
    """The item URLs for every section of the editor, in one conference."""
    for section in all_sections():
        key = section.key
        if key in skip:
            continue
        yield "conferences:item_add", Row(adding(conference, key), record, SAME)
        yield "conferences:item_detail", Row(item(conference, key), record)
        yield "conferences:item_edit", Row(item(conference, key), record, SAME)
        yield "conferences:item_delete", Row(item(conference, key), POST_ONLY, item_write)
        yield "conferences:item_move", Row(item(conference, key), POST_ONLY, item_write)


EXTRA_ROWS = [
    *_section_rows("attended", OWN_RECORD, OWN_ITEM_WRITE, skip=["difficulties"]),  # in MATRIX
    # District B's conference: 404 for district A's office, 403 for district B's own office.
    ("conferences:record", Row(pk("district_b_only"), row(office=404))),
    ("conferences:update", Row(pk("district_b_only"), THEIR_RECORD, SAME)),
    ("conferences:edit", Row(pk("district_b_only"), THEIR_RECORD)),
    ("conferences:history", Row(pk("district_b_only"), THEIR_RECORD)),
    *_section_rows("district_b_only", THEIR_RECORD, THEIR_ITEM_WRITE),
    # An item of district B's conference, asked for through the office's conference: 404 once past
    # the conference's own check. A POST to its edit form says the item is gone (200, no change).
    ("conferences:item_detail", Row(item("attended", "difficulties", "district_b_only"), FOREIGN_ITEM)),
    (
        "conferences:item_edit",
        Row(item("attended", "difficulties", "district_b_only"), FOREIGN_ITEM, OWN_RECORD),
    ),
    (
        "conferences:item_delete",
        Row(item("attended", "difficulties", "district_b_only"), POST_ONLY, FOREIGN_ITEM),
    ),
    ("conferences:item_add", Row(adding("attended", "tasks", "district_b_only"), FOREIGN_ITEM, SAME)),
    # District B's draft, round and submitted comment: 404 for district A's office.
    ("drafts:detail", Row(pk("draft_b"), THEIR_DRAFT)),
    ("drafts:publish", Row(pk("draft_b"), THEIR_DRAFT_WRITE, SAME)),
    ("drafts:version", Row(version("draft_b"), THEIR_DRAFT)),
    ("drafts:version_file", Row(version("draft_b"), row(**dict.fromkeys(ROLES[1:], 404)))),  # typed, no file
    ("drafts:round_open", Row(version("draft_b"), THEIR_DRAFT_WRITE, SAME)),
    ("drafts:compare", Row(lambda w: {"pk": w["draft_b"].pk, "old": 1, "new": 1}, THEIR_DRAFT)),
    # District B's round: only district B's committee follows it (the office is sent to its page).
    ("drafts:round_status", Row(pk("round_b"), THEIR_RECORD | {"other_office": 302})),
    ("drafts:round_remind", Row(pk("round_b"), POST_ONLY, THEIR_DRAFT_WRITE)),
    ("drafts:round_comments", Row(pk("round_b"), THEIR_ASKED_ONLY)),
    ("drafts:comment_add", Row(pk("round_b"), POST_ONLY, THEIR_ASKED_ONLY | {"other_office": 400})),
    ("drafts:round_submit", Row(pk("round_b"), POST_ONLY, THEIR_ASKED_ONLY | {"other_office": 302})),
    ("drafts:comment_edit", Row(pk("sent_b"), POST_ONLY, SENT)),
    ("drafts:comment_delete", Row(pk("sent_b"), POST_ONLY, SENT)),
    # A round asking both districts: each office sees the round, never the other's comment.
    ("drafts:round_comments", Row(pk("shared_round"), row(staff=403, leader=403, admin=403))),
    ("drafts:comment_edit", Row(pk("their_note"), POST_ONLY, UNIT_ONLY | {"other_office": 302})),
    ("drafts:comment_delete", Row(pk("their_note"), POST_ONLY, UNIT_ONLY | {"other_office": DONE})),
    ("drafts:comment_triage", Row(pk("their_note"), POST_ONLY, UNIT_ONLY | {"other_office": 403})),
    # Triage is district B's committee's: the province's roles see `sent_b` but may not.
    ("drafts:comment_triage", Row(pk("sent_b"), POST_ONLY, THEIR_RECORD)),
]
# District B's final report, recommendation and directive: 404 for district A's office.
THEIR_PDF_MAKERS = THEIR_RECORD  # only district B's committee renders its reports
THEIR_FOLLOW_UP = THEIR_RECORD  # and follows up its recommendations and directives
NOT_ATTENDED_OFFICES = {"office": 404, "other_office": 404}  # a provincial conference neither attended
NOT_ATTENDED = row(**NOT_ATTENDED_OFFICES)
EXTRA_ROWS += [
    # No report yet: an empty form is refused next to the fields, and nothing is saved.
    ("reports:final_report", Row(pk("no_report"), NOT_ATTENDED, editors_only(**NOT_ATTENDED_OFFICES))),
    # District B's report is approved, hence locked; the province's roles only read it.
    ("reports:final_report", Row(pk("district_b_only"), THEIR_DRAFT, THEIR_RECORD)),
    ("reports:final_report_render", Row(pk("district_b_only"), POST_ONLY, THEIR_PDF_MAKERS)),
    ("reports:final_report_preview", Row(pk("district_b_only"), POST_ONLY, THEIR_RECORD)),
    ("reports:final_report_revise", Row(pk("district_b_only"), POST_ONLY, THEIR_RECORD)),
    ("reports:final_report_follow_record", Row(pk("district_b_only"), POST_ONLY, THEIR_RECORD)),
    ("reports:render_job_status", Row(pk("job_b"), THEIR_PDF_MAKERS)),
    ("reports:final_report_docx", Row(pk("district_b_only"), THEIR_PDF_MAKERS)),
    # `signed_b` is approved: district B's office and the province's roles download it; only
    # district B's leaders approve.
    ("reports:version_download", Row(pk("signed_b"), row(office=404))),
    ("reports:version_approve", Row(pk("signed_b"), POST_ONLY, THEIR_RECORD)),
    ("recommendations:register_export", Row(fmt("xlsx"), row())),
    ("recommendations:directives_export", Row(fmt("xlsx"), row())),
    ("recommendations:carry_over", Row(pk("district_b_only"), row(office=404))),
    ("recommendations:detail", Row(pk("recommendation_b"), row(office=404))),
    # No reply yet, so no attachment: 404 for everyone.
    ("recommendations:attachment", Row(pk("recommendation_b"), row(**dict.fromkeys(ROLES[1:], 404)))),
    (
        "recommendations:assign",
        Row(pk("recommendation_b"), POST_ONLY, THEIR_FOLLOW_UP),
    ),
    ("recommendations:link_previous", Row(pk("recommendation_b"), POST_ONLY, THEIR_FOLLOW_UP)),
    ("recommendations:step", Row(step("recommendation_b", "chuyen"), POST_ONLY, THEIR_FOLLOW_UP)),
    # Not accepting needs a reason (refused with a message); staff may not take this step at all.
    (
        "recommendations:step",
        Row(
            step("recommendation", "khong-tiep-thu"),
            POST_ONLY,
            FOLLOW_UP | {"staff": 403, "leader": 302, "admin": 302},
        ),
    ),
    # A step that does not exist.
    (
        "recommendations:step",
        Row(
            step("recommendation", "xoa"), POST_ONLY, FOLLOW_UP | {"staff": 404, "leader": 404, "admin": 404}
        ),
    ),
    ("recommendations:directive", Row(pk("directive_b"), row(office=404))),
    (
        "recommendations:directive_report",
        Row(
            pk("directive_b"), POST_ONLY, row(staff=403, office=404, other_office=302, leader=403, admin=403)
        ),
    ),
    (
        "recommendations:directive_due",
        Row(pk("directive_b"), POST_ONLY, THEIR_FOLLOW_UP),
    ),
]
IGNORED_PREFIXES = ("quan-tri/", "static/", "media/")


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if not route.startswith(IGNORED_PREFIXES):
                yield f"{namespace}{entry.name}", route


def test_every_url_pattern_has_a_row():
    missing = sorted({name for name, _route in _patterns() if name not in MATRIX})
    assert missing == [], f"add these URL names to MATRIX: {missing}"


def _cases():
    yield from MATRIX.items()
    yield from EXTRA_ROWS


def test_every_post_only_url_declares_its_post_outcomes():
    """A URL that refuses GET (405) only makes sense with a POST row."""
    undeclared = sorted({name for name, r in _cases() if 405 in r.get.values() and r.post is None})
    assert undeclared == []


# --- the world -----------------------------------------------------------------------------------

# Section key → data for conferences.services.item_create, given the unit the item is about. A new
# section of the record editor needs a line here.
ITEM_DATA = {
    "attendance": lambda unit: {"kind": "district_committees", "description": unit.name, "units": [unit]},
    "agenda": lambda unit: {"text": "Thông qua dự thảo báo cáo năm 2016.", "presenters": [unit]},
    "opinions": lambda unit: {"draft_title": DRAFT_TITLE, "verdict": "Nhất trí cơ bản."},
    "tasks": lambda unit: {"text": "Bổ sung nhiệm vụ giám sát.", "raised_by": [unit]},
    "discussion": lambda unit: {"text": "Đường liên thôn xuống cấp.", "raised_by": [unit]},
    "difficulties": lambda unit: {"text": "Kinh phí còn hạn chế.", "raised_by": [unit]},
    "recommendations": lambda unit: {"text": "Đề nghị bố trí kinh phí.", "raised_by": [unit]},
    "directives": lambda unit: {"text": "Tiếp tục đẩy mạnh cuộc vận động.", "owners": [unit]},
}


def _record_items(conference, unit):
    """One item in every section of the editor; a conference's attendance names `unit`."""
    items = {}
    for section in all_sections():
        assert section.key in ITEM_DATA, f"add the section {section.key!r} to ITEM_DATA"
        parent = items[section.parent_section] if section.nested else conference
        data = ITEM_DATA[section.key](unit)
        items[section.key] = conference_services.item_create(section=section, parent=parent, data=data)
    return items


@pytest.fixture
def world(users, province, settings, tmp_path, docx_converted_once):
    settings.MEDIA_ROOT = tmp_path
    staff = users["staff"]
    attended = ConferenceFactory(host_unit=province["board"], subject="giao ban tỉnh")
    district_b_only = ConferenceFactory(host_unit=province["district_b"], subject="giao ban huyện B")
    items = {
        "attended": _record_items(attended, province["district_a"]),
        "district_b_only": _record_items(district_b_only, province["district_b"]),
    }
    # District A is asked about an uploaded draft (a new version would end the round).
    draft = draft_services.draft_create(
        conference=attended, title=DRAFT_TITLE, user=staff, uploaded_file=docx_upload()
    )
    convert_uploads()  # the worker's part
    comment_round = open_round(draft, staff, [province["district_a"]])
    note = draft_services.comment_save(
        comment_round=comment_round,
        user=users["office"],
        text="Ý kiến nháp của huyện A",
        paragraph=comment_round.version.paragraphs.order_by("position").first(),
    )
    # District B is asked about a typed draft of its own conference, and has submitted.
    draft_b = make_draft(staff, conference=district_b_only)
    round_b = open_round(draft_b, staff, [province["district_b"]])
    sent_b = draft_services.comment_save(
        comment_round=round_b, user=users["other_office"], text="Ý kiến của huyện B"
    )
    draft_services.round_submit(comment_round=round_b, user=users["other_office"])
    # Both districts are asked in `shared_round`; district B has an unsubmitted comment there.
    shared_round = open_round(
        make_draft(staff, conference=attended), staff, [province["district_a"], province["district_b"]]
    )
    their_note = draft_services.comment_save(
        comment_round=shared_round, user=users["other_office"], text="Ý kiến nháp của huyện B"
    )
    # The final report of `attended`: one PDF rendered in process, waiting for approval.
    report = report_services.final_report_get_or_create(conference=attended, user=staff)
    report_services.final_report_update(  # what approval needs printed
        report=report, user=staff, number="12", place_name="Cao Bằng", signer_name="Lê Văn Minh"
    )
    render_job = report_services.final_report_request(report=report, user=staff)
    pdf = rendering.render_job_run(job_id=render_job.pk)
    assert pdf is not None, RenderJob.objects.get(pk=render_job.pk).error
    # District B's report: an approved version (stored like a rendered one) and a queued job.
    report_b = report_services.final_report_get_or_create(conference=district_b_only, user=staff)
    job_b = report_services.final_report_request(report=report_b, user=staff)
    signed_b = ReportVersion.objects.create(
        final_report=report_b,
        number=1,
        file=default_storage.save(f"reports/final/{report_b.pk}/v1.pdf", ContentFile(b"%PDF-1.7 B")),
        sha256="b" * 64,
        size=10,
        page_count=1,
        created_by=staff,
        approved_by=users["leader"],
        approved_at=timezone.now(),
    )
    # …its signed original and archival copy, and a signing job that failed.
    for kind in IssuedFile.Kind.values:
        IssuedFile.objects.create(
            version=signed_b,
            kind=kind,
            file=default_storage.save(f"reports/issued/{report_b.pk}/{kind}.pdf", ContentFile(b"%PDF-1.7 S")),
            sha256=kind[0] * 64,
            size=10,
        )
    SigningJob.objects.create(version=signed_b, status=SigningJob.Status.FAILED, error="Sai mật khẩu.")
    # District A's recommendation: followed by a department, forwarded and answered with a file.
    recommendation = items["attended"]["recommendations"]
    day = attended.date + datetime.timedelta(days=7)
    recommendation_services.recommendation_assign(
        recommendation=recommendation, by=staff, department=province["office"], due_date=day
    )
    recommendation_services.recommendation_forward(
        recommendation=recommendation, by=staff, forwarded_on=day, number="12/CV-MTTQ-BTT"
    )
    recommendation_services.recommendation_record_reply(
        recommendation=recommendation,
        by=staff,
        replied_on=day,
        reply_text="Đã bố trí kinh phí.",
        attachment=SimpleUploadedFile("tra-loi.pdf", b"%PDF-1.4 reply"),
    )
    return {
        "users": users,
        "attended": attended,
        "no_report": ConferenceFactory(host_unit=province["board"], subject="giao ban chưa có báo cáo"),
        "render_job": render_job,
        "pdf": pdf,
        "job_b": job_b,
        "signed_b": signed_b,
        "recommendation": recommendation,
        "recommendation_b": items["district_b_only"]["recommendations"],
        "directive": items["attended"]["directives"],
        "directive_b": items["district_b_only"]["directives"],
        "district_b_only": district_b_only,
        "items": items,
        "draft": draft,
        "round": comment_round,
        "note": note,
        "draft_b": draft_b,
        "round_b": round_b,
        "sent_b": sent_b,
        "shared_round": shared_round,
        "their_note": their_note,
    }


# --- the tests: one world each, every row in turn; a failure lists every row that differs ----------


def _outcome(response, role):
    if response.status_code == 302 and role == "anonymous" and response.url.startswith(reverse("login")):
        return LOGIN
    return response.status_code


def _session_cookie(client):
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else ""


def _as(client, world, role):
    """Log the client in as `role`, unless it still is. A request that logged it out or in again
    changed its session cookie; comparing the cookie spares reading the session from the database
    before each of the thousand requests."""
    if getattr(client, "matrix_login", None) == (role, _session_cookie(client)):
        return
    user = world["users"].get(role)
    if client.session.get(SESSION_KEY) != (str(user.pk) if user else None):
        client.logout()
        if user:
            client.force_login(user)
    client.matrix_login = (role, _session_cookie(client))


def _walk(world, rows, outcomes_of, request, roles):
    """{row: {role: (declared, got)}} for the rows where one of `roles` does not get the declared
    outcome. One role after the other walks every row, so each logs in once. (Each test walks for
    one role: the walks are the suite's longest tests, and parallel workers share them out.)"""
    urls = []
    for name, entry in rows:
        kwargs = entry.kwargs(world) if entry.kwargs else None
        urls.append((f"{name} {kwargs or ''}", reverse(name, kwargs=kwargs), outcomes_of(entry)))
    got = {role: [request(url, role) for _, url, _ in urls] for role in roles}
    differing = {}
    for i, (row, _, expected) in enumerate(urls):
        wrong = {role: (expected[role], got[role][i]) for role in roles if got[role][i] != expected[role]}
        if wrong:
            differing[row] = wrong
    return differing


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_declared_outcome(client, world, role):
    def get(url, role):
        _as(client, world, role)
        return _outcome(client.get(url), role)

    differing = _walk(world, _cases(), lambda entry: entry.get, get, [role])
    assert differing == {}, "role: (declared, got)"


SNAPSHOT_MODELS = [
    Conference,
    Draft,
    DraftVersion,
    DraftParagraph,
    CommentRound,
    RoundUnit,
    Comment,
    User,
    FinalReport,
    LayoutSettings,
    RenderJob,
    ReportVersion,
    SigningJob,
    IssuedFile,
    RecommendationEvent,
    CompletionReport,
]


def _snapshot():
    """Every row that a write could change: conferences, record items (recommendations and
    directives among them), drafts, rounds, comments, final reports, render jobs and versions, the
    follow-up history and completion reports."""
    models = SNAPSHOT_MODELS + [section.model for section in all_sections()]
    quote = connection.ops.quote_name
    snapshot = {}
    with connection.cursor() as cursor:  # plain SQL: the walk takes two snapshots per request
        for model in models:
            cursor.execute(
                f"SELECT * FROM {quote(model._meta.db_table)} ORDER BY {quote(model._meta.pk.column)}"
            )
            snapshot[model.__name__] = cursor.fetchall()
    return snapshot


@pytest.mark.parametrize("role", ROLES)
def test_an_empty_post_changes_nothing_unless_declared(client, world, role):
    """Each role POSTs an empty body to every URL that writes, in a transaction rolled back
    afterwards (so the requests do not see each other's changes). A refusal changes no row; DONE
    marks the few actions an empty body is enough for (an office deleting its own comment or
    submitting, staff reminding), and those must indeed change something."""

    def post(url, role):
        _as(client, world, role)
        with transaction.atomic():
            before = _snapshot()
            outcome = _outcome(client.post(url, {}), role)
            changed = _snapshot() != before
            transaction.set_rollback(True)
        if changed:
            return DONE if outcome == 302 else f"{outcome}, and data changed"
        return outcome

    writes = [(name, entry) for name, entry in _cases() if entry.post]

    def outcomes(entry):
        return entry.get if entry.post == SAME else entry.post

    differing = _walk(world, writes, outcomes, post, [role])
    assert differing == {}, "role: (declared, got)"
