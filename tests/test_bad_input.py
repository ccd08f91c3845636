"""Bad input: HTML and scripts typed into any text field, spreadsheet formulas in the exports, and
forged unit ids and out-of-range dates posted to the forms.

The sweep walks every concrete model of the project's apps and stores a script payload with its
own marker in every text field a user can type into, on the permission matrix's world (which has
an object of every model, see `sweep_world`); then it opens every page of the matrix as every role
that may see it, the exports and the print document of the final report. No page may carry the
payload as markup, and every field's marker must be found (escaped) somewhere, or the field is
listed in NOT_SHOWN with the reason.
"""

import datetime
import io
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from conferences import services as conference_services
from conferences.editing import get_section
from frontwork.accounts.models import Unit
from recommendations import services as recommendation_services
from recommendations.models import CompletionReport, Recommendation
from reports.drafts import services as draft_services
from reports.drafts.text import text_to_blocks
from reports.final import selectors as report_selectors
from reports.final import services as report_services
from reports.final.document import print_html
from reports.models import Comment, FinalReport, LayoutSettings
from tests.drafts_support import make_draft
from tests.factories import ConferenceFactory, UnitFactory
from tests.test_entry_pages import conference_data
from tests.test_permission_matrix import (  # noqa: F401  (fixtures)
    ROLES,
    _as,
    _cases,
    _snapshot,
    world,
)
from tests.test_report_final_pages import FORM as FINAL_REPORT_FORM

APPS = ["accounts", "conferences", "recommendations", "reports"]

# Text fields that are not free text typed by a user, with the reason.
SKIPPED = {
    "Unit.code": "slug validated by the admin form ([-a-zA-Z0-9_]); a stable exchange key",
    "Unit.path": "machine field: the tree path of ids, computed on save",
    "Unit.email": "EmailField: the admin's validator refuses markup; only used to send mail",
    "Unit.division_code": "official code of the division (digits), written by load_divisions; shorter "
    "than any payload",
    "User.password": "password hash",
    "User.username": "login name: Django's validator allows letters, digits and @.+-_ only",
    "User.email": "EmailField: validated; only used to send mail",
    "Conference.search_text": "machine field: the search key computed from other fields",
    "Recommendation.search_text": "machine field: the search key computed from other fields",
    "Directive.search_text": "machine field: the search key computed from other fields",
    "Recommendation.reply_file": "machine field: generated storage path of the attachment",
    "DraftParagraph.anchor": "machine field: hash of the paragraph text",
    "DraftParagraph.html": "derived from the text by the sanitiser (drafts_text); the sweep stores "
    "the sanitiser's output of the payload there",
    "ReportVersion.sha256": "machine field: checksum of the PDF",
    # A version is immutable (its save() refuses): these are copied by the renderer from the
    # report's own fields, which the sweep covers (FinalReport.number, code, place_name, …).
    "ReportVersion.doc_number": "copy of FinalReport.number made when the PDF is rendered",
    "ReportVersion.doc_code": "copy of FinalReport.code made when the PDF is rendered",
    "ReportVersion.place_name": "copy of the printed place name made when the PDF is rendered",
    "ReportVersion.signer_title": "copy of FinalReport.signer_title made when the PDF is rendered",
    "ReportVersion.signer_name": "copy of FinalReport.signer_name made when the PDF is rendered",
    "RenderJob.error": "machine field: the renderer's failure reason",
    "DraftVersion.conversion_error": "machine field: the converter's failure reason",
}
# Swept fields no page, export or print document shows, with the reason.
NOT_SHOWN = {
    "DraftVersion.original_name": "kept for the record only; the original is downloaded under a "
    "generated name (DraftVersion.download_name)",
    "Unit.place_name": "not used by any page or document yet (the final report's place name will "
    "default from it)",
}

PAYLOAD = '<script>alert("{mark}")</script><img src=x onerror=alert(1)>'
SHORT_PAYLOAD = "<b>{mark}</b>"  # for fields too short for the whole payload (PostgreSQL enforces it)
RAW_MARKUP = ("<script>alert(", "<img src=x onerror=", "<b>xsf")


def _payload(field, mark):
    value = PAYLOAD.format(mark=mark)
    return SHORT_PAYLOAD.format(mark=mark) if field.max_length and len(value) > field.max_length else value


def _label(model, field):
    return f"{model.__name__}.{field.name}"


def _is_history(model):
    """simple_history's copies: written when the live row is saved, so they hold the payload too."""
    return model.__name__.startswith("Historical")


def swept_fields():
    """(model, field) for every free-text field of every concrete model of the project's apps."""
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            if model._meta.proxy or _is_history(model):
                continue
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, (models.CharField, models.TextField))
                    and not field.choices
                    and _label(model, field) not in SKIPPED
                ):
                    yield model, field


def _mark(index):
    return f"XSF{index:03d}Z"


def test_the_skip_lists_name_real_fields():
    every = {
        _label(model, field)
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
    }
    assert set(SKIPPED) - every == set() and set(NOT_SHOWN) - every == set()
    assert set(NOT_SHOWN) <= {_label(m, f) for m, f in swept_fields()}


@pytest.fixture
def sweep_world(world, province, users):  # noqa: F811
    """The matrix world, plus what it lacks: a completion report, a triaged comment with a reply,
    the issuing units' layout settings."""
    recommendation_services.directive_report(
        directive=world["directive"],
        by=users["office"],
        result=CompletionReport.Result.IN_PROGRESS,
        text="Đang triển khai.",
        reported_on=world["attended"].date + datetime.timedelta(days=3),
    )
    draft_services.comment_triage(
        comment=Comment.objects.get(pk=world["sent_b"].pk),
        decision="partly",
        reply="Tiếp thu một phần.",
        user=users["staff"],
    )
    for conference in (world["attended"], world["district_b_only"]):
        report_services.layout_settings_get_or_create(unit=conference.host_unit)
    return world


def _store_payloads():
    """The payload in every swept field of every row; returns {label: marker}."""
    marks = {}
    fields_by_model = {}
    for index, (model, field) in enumerate(swept_fields()):
        marks[_label(model, field)] = _mark(index)
        fields_by_model.setdefault(model, []).append(field)
    for model, fields in fields_by_model.items():
        rows = list(model.objects.all())
        assert rows, f"the world has no {model.__name__}"
        for obj in rows:
            for field in fields:
                value = _payload(field, marks[_label(model, field)])
                if _label(model, field) == "DraftParagraph.text":
                    obj.html = text_to_blocks(value)[0].html
                setattr(obj, field.name, value)
            obj.save()
    return marks


def _pages(objects):
    """(url, role) for every page of the matrix that some role may see, each as those roles."""
    seen = set()
    for name, entry in _cases():
        url = reverse(name, kwargs=entry.kwargs(objects) if entry.kwargs else None)
        for role in ROLES:
            if entry.get[role] == 200 and (url, role) not in seen:
                seen.add((url, role))
                yield url, role


def _text_of(response):
    """(kind, text) of a response: HTML is checked for markup; exports only for the markers."""
    content_type = response.get("Content-Type", "")
    if response.streaming:
        return "file", ""  # stored files (PDF, uploads): no typed text goes into them here
    if "spreadsheetml" in content_type:
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        cells = [str(value) for row in sheet.iter_rows(values_only=True) for value in row if value]
        return "export", "\n".join(cells)
    if "wordprocessingml" in content_type:
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            return "html", archive.read("word/document.xml").decode()  # XML: markup must be escaped
    if "text/csv" in content_type:
        return "export", response.content.decode("utf-8-sig")
    return "html", response.content.decode()


def test_script_typed_into_any_text_field_is_escaped_everywhere(client, sweep_world):
    marks = _store_payloads()
    found, raw = {}, []

    def look(where, kind, text):
        lowered = text.lower()
        if kind == "html":
            raw.extend(f"{where}: {bad}" for bad in RAW_MARKUP if bad in lowered)
        for label, mark in marks.items():
            if mark.lower() in lowered:
                found.setdefault(label, where)

    pages = list(_pages(sweep_world))
    assert len(pages) > 100
    for url, role in pages:
        _as(client, sweep_world, role)
        response = client.get(url)
        assert response.status_code == 200, f"{url} as {role}: {response.status_code}"
        look(f"{url} ({role})", *_text_of(response))
    for report in FinalReport.objects.select_related("conference__host_unit"):
        layout = report_selectors.layout_settings_for(report.conference.host_unit)
        look(f"print document of {report.conference}", "html", print_html(report, layout))
        report.place_name = ""  # the layout's place name is printed when the report has none
        look(f"print document of {report.conference}, no place", "html", print_html(report, layout))

    assert raw == [], "markup typed by users reached a page unescaped"
    never_shown = sorted(set(marks) - set(found) - set(NOT_SHOWN))
    assert never_shown == [], "fields the sweep does not see on any page (add a page or NOT_SHOWN)"
    assert sorted(set(found) & set(NOT_SHOWN)) == [], "shown after all: remove from NOT_SHOWN"
    assert len(marks) >= 40


def test_the_print_document_escapes_every_field_that_reaches_it(sweep_world):
    """The final report's and the layout's fields in the print HTML (the PDF's source)."""
    marks = _store_payloads()
    report = FinalReport.objects.select_related("conference__host_unit").get(
        conference=sweep_world["attended"]
    )
    html = print_html(report, report_selectors.layout_settings_for(report.conference.host_unit)).lower()
    assert not [bad for bad in RAW_MARKUP if bad in html]
    printed = [
        f"FinalReport.{name}" for name in FinalReport.EDITABLE_FIELDS if f"FinalReport.{name}" in marks
    ]
    models_ = {"FinalReport": FinalReport, "LayoutSettings": LayoutSettings}

    def escaped(label):
        model, name = label.split(".")
        return escape(_payload(models_[model]._meta.get_field(name), marks[label])).lower()

    missing = [label for label in printed if escaped(label) not in html]
    assert missing == []
    # The layout's letterhead lines print when the report has none of its own.
    report.parent_body_line = report.issuing_body_line = ""
    html = print_html(report, report_selectors.layout_settings_for(report.conference.host_unit)).lower()
    assert not [bad for bad in RAW_MARKUP if bad in html]
    layout_lines = ["LayoutSettings.parent_body_line", "LayoutSettings.issuing_body_line"]
    assert [label for label in layout_lines if escaped(label) not in html] == []


# --- spreadsheet formulas in the exports ----------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x.example/","bấm")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1"]


@pytest.fixture
def formula_rows(province, users):
    """A recommendation and a directive whose typed texts start like formulas."""
    conference = ConferenceFactory(host_unit=province["board"], subject=FORMULAS[1])
    recommendation = conference_services.item_create(
        section=get_section("recommendations"),
        parent=conference,
        data={"text": FORMULAS[0], "raised_by": [province["district_a"]]},
    )
    Recommendation.objects.filter(pk=recommendation.pk).update(
        forwarded_number=FORMULAS[2], reply_text=FORMULAS[3], reply_number=FORMULAS[4]
    )
    conference_services.item_create(
        section=get_section("directives"),
        parent=conference,
        data={"text": FORMULAS[3], "owners": [province["district_a"]]},
    )
    Unit.objects.filter(pk=province["district_a"].pk).update(short_name=FORMULAS[2])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("name", ["recommendations:register_export", "recommendations:directives_export"])
def test_exports_never_carry_a_typed_formula(client, users, formula_rows, name, fmt):
    client.force_login(users["staff"])
    response = client.get(reverse(name, kwargs={"fmt": fmt}))
    assert response.status_code == 200
    if fmt == "csv":
        import csv

        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        cells = [cell for row in rows[1:] for cell in row]
        typed = [cell for cell in cells if cell.lstrip("'") in FORMULAS]
        # A leading apostrophe, and otherwise what was typed.
        assert typed and all(cell.startswith("'") and cell[1:] in FORMULAS for cell in typed), typed
    else:
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        assert [c.coordinate for c in cells if c.data_type == "f"] == []
        # Text cells holding exactly what was typed.
        typed = [c for c in cells if c.value in FORMULAS]
        assert typed and all(c.data_type == "s" for c in typed)
        if name == "recommendations:register_export":  # the text typed as =HYPERLINK(…)
            assert FORMULAS[0] in {c.value for c in typed}


# --- forged unit ids and dates out of range, in every form that takes them ---------------------
#
# Each case posts one bad value to a form that is otherwise valid, and expects the form (200) or
# the app's usual refusal (back to the page with a message) with a Vietnamese message, and no row
# of the database changed (the permission matrix's snapshot of every table a write could touch).
# Already covered elsewhere, so not here: the difficulties' unit picker (test_entry_items), the
# conference's non-existent or inactive host (test_entry_pages, with 1890 as a date), a round's
# past deadline (test_drafts_rounds), a directive due before the conference in the record editor
# (test_entry_items), forwarding before the conference (test_register_rules).

DAY = datetime.date(2016, 12, 27)
UNIT_REFUSED = "Đơn vị không tồn tại, không thuộc phạm vi của bạn hoặc không hoạt động vào ngày họp."
DEPARTMENT_REFUSED = "Ban không tồn tại, không thuộc phạm vi của bạn hoặc không còn hoạt động."
BAD_DATE = "Nhập một ngày hợp lệ."
BAD_DATETIME = "Nhập một ngày/thời gian hợp lệ."


@pytest.fixture
def bad(province, users):
    """A conference of the province, a recommendation and a directive of it, and the units no one
    in the province may pick: another province's and units closed before the conference."""
    conference = ConferenceFactory(host_unit=province["board"], date=DAY, subject="giao ban năm 2016")
    elsewhere = UnitFactory(code="tinh-khac", name="Tỉnh khác", kind=Unit.Kind.PROVINCIAL_COMMITTEE)
    closed_on = datetime.date(2010, 1, 1)
    items = {"conference": conference}
    for key, data in {
        "opinions": {"draft_title": "dự thảo báo cáo năm 2016"},
        "recommendations": {"text": "Đề nghị bố trí kinh phí.", "raised_by": [province["district_a"]]},
        "directives": {"text": "Chuẩn bị Tết.", "owners": [province["district_a"]]},
    }.items():
        items[key] = conference_services.item_create(section=get_section(key), parent=conference, data=data)
    return {
        **items,
        "units": {
            # by the kind a field expects: a district, a department
            "other province": {
                "district": UnitFactory(code="huyen-khac", name="Huyện tỉnh khác", parent=elsewhere),
                "department": UnitFactory(
                    code="ban-khac", name="Ban tỉnh khác", kind=Unit.Kind.DEPARTMENT, parent=elsewhere
                ),
            },
            "closed before the conference": {
                "district": UnitFactory(
                    code="huyen-cu", name="Huyện cũ", parent=province["committee"], active_to=closed_on
                ),
                "department": UnitFactory(
                    code="ban-cu",
                    name="Ban cũ",
                    kind=Unit.Kind.DEPARTMENT,
                    parent=province["committee"],
                    active_to=closed_on,
                ),
            },
        },
    }


FORGED = ["other province", "closed before the conference", "999999", "abc"]


def _forged(bad, forged, kind):
    if forged in bad["units"]:
        return str(bad["units"][forged][kind].pk)
    return forged


def _unchanged(client, post):
    """The response to `post()`, checking that no row changed."""
    before = _snapshot()
    response = post()
    assert _snapshot() == before, "the refused input changed the database"
    return response


# The record editor's unit fields: (section, field, kind of unit it takes, the rest of the form).
ITEM_UNIT_FIELDS = [
    ("attendance", "units", "district", {"kind": "district_committees", "description": "Mặt trận huyện"}),
    ("agenda", "presenters", "district", {"text": "Thông qua dự thảo."}),
    ("tasks", "raised_by", "district", {"text": "Bổ sung nhiệm vụ."}),
    ("recommendations", "raised_by", "district", {"text": "Đề nghị kinh phí."}),
    ("recommendations", "addressee", "department", {"text": "Đề nghị kinh phí."}),
    ("directives", "owners", "district", {"text": "Chuẩn bị Tết."}),
    # covered for the other cases in test_entry_items
    ("difficulties", "raised_by", "district", {"text": "Kinh phí hạn chế."}),
]


ITEM_UNIT_CASES = [
    (*case, forged)
    for case in ITEM_UNIT_FIELDS
    for forged in FORGED
    if case[0] != "difficulties" or forged == "abc"  # the rest is in test_entry_items
]


@pytest.mark.parametrize(("key", "field", "kind", "rest", "forged"), ITEM_UNIT_CASES)
def test_record_editor_refuses_forged_units(client, users, bad, key, field, kind, rest, forged):
    client.force_login(users["staff"])
    parent = bad["opinions"] if key == "tasks" else bad["conference"]
    prefix = f"{key}-new-{parent.pk}"
    data = {f"{prefix}-{name}": value for name, value in rest.items()}
    data[f"{prefix}-{field}"] = _forged(bad, forged, kind)
    url = reverse("conferences:item_add", args=[bad["conference"].pk, key, parent.pk])
    response = _unchanged(client, lambda: client.post(url, data, HTTP_HX_REQUEST="true"))
    assert response.status_code == 200 and UNIT_REFUSED in response.text


def _field_block(text, field_id):
    """The HTML of one field's block (crispy forms: div_id_<name>) — where its message belongs."""
    start = text.index(f'id="div_id_{field_id}"')
    end = text.find('id="div_id_', start + 1)
    return text[start : end if end > 0 else None]


@pytest.mark.parametrize("forged", ["other province", "abc"])  # non-existent, inactive: test_entry_pages
def test_conference_form_refuses_a_forged_host(client, users, province, bad, forged):
    client.force_login(users["staff"])
    data = conference_data(province, host_unit=_forged(bad, forged, "district"))
    response = _unchanged(client, lambda: client.post(reverse("conferences:create"), data))
    assert response.status_code == 200 and UNIT_REFUSED in _field_block(response.text, "host_unit")


CO_HOST_REFUSED = {
    "other province": UNIT_REFUSED,
    "closed before the conference": "Không hoạt động vào ngày họp: Huyện cũ.",
    "999999": UNIT_REFUSED,
    "abc": UNIT_REFUSED,
}


@pytest.mark.parametrize("action", ["create", "update"])
@pytest.mark.parametrize("forged", FORGED)
def test_conference_form_refuses_a_forged_co_host(client, users, province, bad, forged, action):
    client.force_login(users["staff"])
    data = conference_data(
        province, co_hosts=[str(province["district_b"].pk), _forged(bad, forged, "district")]
    )
    if action == "create":
        url = reverse("conferences:create")
    else:
        url = reverse("conferences:update", args=[bad["conference"].pk])
        data["version"] = str(bad["conference"].version)
    response = _unchanged(client, lambda: client.post(url, data))
    assert response.status_code == 200
    assert CO_HOST_REFUSED[forged] in _field_block(response.text, "co_hosts")


@pytest.mark.parametrize("forged", [*FORGED, "department"])
def test_round_form_refuses_forged_units(client, users, province, bad, forged):
    """Units asked to comment: the province's committees active on the conference date only."""
    draft = make_draft(users["staff"], conference=bad["conference"])
    client.force_login(users["staff"])
    unit = str(province["office"].pk) if forged == "department" else _forged(bad, forged, "district")
    deadline = timezone.localtime() + datetime.timedelta(days=7)
    data = {"units": [unit], "deadline": deadline.strftime("%Y-%m-%dT%H:%M"), "instructions": ""}
    url = reverse("drafts:round_open", args=[draft.pk, 1])
    response = _unchanged(client, lambda: client.post(url, data))
    assert response.status_code == 200 and UNIT_REFUSED in _field_block(response.text, "units")


@pytest.mark.parametrize("forged", [*FORGED, "district"])
def test_assigning_refuses_a_forged_department(client, users, province, bad, forged):
    client.force_login(users["staff"])
    department = (
        str(province["district_a"].pk) if forged == "district" else _forged(bad, forged, "department")
    )
    url = reverse("recommendations:assign", args=[bad["recommendations"].pk])
    response = _unchanged(client, lambda: client.post(url, {"department": department}, follow=True))
    assert response.redirect_chain[-1][0] == reverse(
        "recommendations:detail", args=[bad["recommendations"].pk]
    )
    assert f"Ban theo dõi: {DEPARTMENT_REFUSED}" in response.text


# --- dates ---------------------------------------------------------------------------------------

NOT_A_DATE = {"31/02/2016": BAD_DATE, "2016-02-31": BAD_DATE, "ngày mai": BAD_DATE}


def _date_cases(**special):
    """Impossible dates and garbage (Django's message), then the field's own out-of-range values."""
    return [*NOT_A_DATE.items(), *special.items()]


@pytest.mark.parametrize(
    ("value", "message"),
    _date_cases(**{"0001-01-01": "Ngày họp không hợp lý", "9999-12-31": "Ngày họp không hợp lý"}),
)
def test_conference_date_out_of_range(client, users, province, value, message):
    client.force_login(users["staff"])
    data = conference_data(province, date=value)
    response = _unchanged(client, lambda: client.post(reverse("conferences:create"), data))
    assert response.status_code == 200 and message in _field_block(response.text, "date")


@pytest.mark.parametrize(
    ("value", "message"),
    _date_cases(
        **{
            "0001-01-01": "Thời hạn không được trước ngày họp (27/12/2016).",
            "9999-12-31": "Thời hạn quá xa ngày họp (hơn 5 năm).",
        }
    ),
)
def test_directive_due_date_in_the_record_editor(client, users, bad, value, message):
    client.force_login(users["staff"])
    conference = bad["conference"]
    prefix = f"directives-new-{conference.pk}"
    data = {f"{prefix}-text": "Chuẩn bị Tết", f"{prefix}-due_date": value}
    url = reverse("conferences:item_add", args=[conference.pk, "directives", conference.pk])
    response = _unchanged(client, lambda: client.post(url, data, HTTP_HX_REQUEST="true"))
    assert response.status_code == 200 and message in _field_block(response.text, f"{prefix}-due_date")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/02/2016 10:00", BAD_DATETIME),
        ("2016-02-31T10:00", BAD_DATETIME),
        ("ngày mai", BAD_DATETIME),
        ("0001-01-01T00:00", "Hạn gửi ý kiến phải ở trong tương lai."),
        ("9999-12-31T23:59", "Hạn gửi ý kiến quá xa (hơn 1 năm)."),
    ],
)
def test_round_deadline_out_of_range(client, users, province, bad, value, message):
    draft = make_draft(users["staff"], conference=bad["conference"])
    client.force_login(users["staff"])
    data = {"units": [str(province["district_a"].pk)], "deadline": value, "instructions": ""}
    url = reverse("drafts:round_open", args=[draft.pk, 1])
    response = _unchanged(client, lambda: client.post(url, data))
    assert response.status_code == 200 and message in _field_block(response.text, "deadline")


@pytest.mark.parametrize(
    ("value", "message"),
    _date_cases(
        **{
            "0001-01-01": "Ngày ban hành không được trước ngày họp (27/12/2016).",
            "2016-12-01": "Ngày ban hành không được trước ngày họp (27/12/2016).",
            "9999-12-31": "Ngày ban hành quá xa ngày họp (hơn 1 năm).",
        }
    ),
)
@pytest.mark.parametrize("exists", [True, False], ids=["saved report", "no report yet"])
def test_final_report_date_out_of_range(client, users, bad, value, message, exists):
    conference = bad["conference"]
    if exists:
        report_services.final_report_get_or_create(conference=conference, user=users["staff"])
    client.force_login(users["staff"])
    data = {**FINAL_REPORT_FORM, "date": value}
    url = reverse("reports:final_report", args=[conference.pk])
    response = _unchanged(client, lambda: client.post(url, data))
    assert response.status_code == 200 and message in _field_block(response.text, "date")


def _register_step(bad, users, step):
    """Bring the recommendation to the state where `step` can be taken."""
    recommendation = bad["recommendations"]
    if step == "tra-loi":
        recommendation_services.recommendation_forward(
            recommendation=recommendation, by=users["staff"], forwarded_on=DAY, number="1/CV"
        )
    return reverse("recommendations:step", args=[recommendation.pk, step])


# The register's follow-up forms: (URL of the action, the rest of the form, the date field, its label,
# who posts, {value: message}). Refused forms go back to the detail page with "label: message".
def _directive_report(bad, users):
    return reverse("recommendations:directive_report", args=[bad["directives"].pk])


def _directive_due(bad, users):
    return reverse("recommendations:directive_due", args=[bad["directives"].pk])


def _assign(bad, users):
    return reverse("recommendations:assign", args=[bad["recommendations"].pk])


FUTURE = "9999-12-31"
REGISTER_DATES = [
    (
        lambda bad, users: _register_step(bad, users, "chuyen"),
        {"number": "12/CV-MTTQ-BTT"},
        "forwarded_on",
        "Ngày chuyển",
        "staff",
        {"0001-01-01": "Ngày chuyển không thể trước ngày họp.", FUTURE: "Ngày chuyển không thể sau hôm nay."},
    ),
    (
        lambda bad, users: _register_step(bad, users, "tra-loi"),
        {"reply_text": "Đã bố trí kinh phí."},
        "replied_on",
        "Ngày trả lời",
        "staff",
        {
            "0001-01-01": "Ngày trả lời không thể trước ngày chuyển kiến nghị.",
            FUTURE: "Ngày trả lời không thể sau hôm nay.",
        },
    ),
    (
        _assign,
        {"department": ""},
        "due_date",
        "Thời hạn trả lời",
        "staff",
        # The record editor's message: one rule (recommendations.services.check_due_date).
        {
            "0001-01-01": "Thời hạn không được trước ngày họp (27/12/2016).",
            FUTURE: "Thời hạn quá xa ngày họp (hơn 5 năm).",
        },
    ),
    (
        _directive_due,
        {},
        "due_date",
        "Thời hạn",
        "staff",
        # The record editor's message: one rule (recommendations.services.check_due_date).
        {
            "0001-01-01": "Thời hạn không được trước ngày họp (27/12/2016).",
            FUTURE: "Thời hạn quá xa ngày họp (hơn 5 năm).",
        },
    ),
    (
        _directive_report,
        {"result": "done", "text": "Đã tổ chức thăm hỏi."},
        "reported_on",
        "Ngày báo cáo",
        "office",
        {
            "0001-01-01": "Ngày báo cáo không thể trước ngày họp.",
            "2016-12-01": "Ngày báo cáo không thể trước ngày họp.",
            FUTURE: "Ngày báo cáo không thể sau hôm nay.",
        },
    ),
]
REGISTER_DATE_CASES = [
    pytest.param(url, rest, field, label, role, value, message, id=f"{field}-{value}")
    for url, rest, field, label, role, special in REGISTER_DATES
    for value, message in _date_cases(**special)
]


@pytest.mark.parametrize(("url", "rest", "field", "label", "role", "value", "message"), REGISTER_DATE_CASES)
def test_register_dates_out_of_range(client, users, bad, url, rest, field, label, role, value, message):
    url = url(bad, users)
    client.force_login(users[role])
    response = _unchanged(client, lambda: client.post(url, {**rest, field: value}, follow=True))
    assert response.status_code == 200
    assert message in response.text
    if message == BAD_DATE:  # the form's own message names the field
        assert f"{label}: {message}" in response.text
