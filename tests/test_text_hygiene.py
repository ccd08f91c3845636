"""Text hygiene at the door: every text field of every form refuses the control characters that
no export can hold (and line breaks in one-line fields), with a message naming the field; text
stored before that (or written around the forms) never breaks an export."""

import importlib
import io
import pkgutil

import pytest
from django import forms
from django.db.models import CharField, F, TextField, Value
from django.db.models.functions import Concat
from django.forms.utils import pretty_name
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from conferences.models import Conference
from frontwork.accounts.models import Unit
from frontwork.accounts.unit_import import UnitRowForm
from frontwork.forms import TextHygiene, guard_text_fields
from frontwork.text import exportable, forbidden_character
from recommendations.models import Directive, Recommendation
from reports.drafts.models import Draft
from reports.final import services as report_services
from reports.models import LayoutSettings
from reports.records.importing import RecordImportError, UnitForm, import_record
from tests.test_records import _demo_record

PROJECT_PACKAGES = ["frontwork", "conferences", "recommendations", "reports"]
# Modules of the worker (WeasyPrint) and of the database's history, not forms.
SKIPPED_MODULES = ("migrations", "rendering", "printing", "tasks", "management", "demo")


def _project_form_classes():
    for package in PROJECT_PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if not any(part in SKIPPED_MODULES for part in info.name.split(".")):
                importlib.import_module(info.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted(
        {
            cls
            for cls in subclasses(forms.BaseForm)
            if cls.__module__.split(".")[0] in PROJECT_PACKAGES and cls.__module__ != "frontwork.forms"
        },
        key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
    )


FORM_CLASSES = [*_project_form_classes(), UnitForm]  # UnitForm: made by modelform_factory
TEXT_FIELDS = [
    (cls, name)
    for cls in FORM_CLASSES
    for name, field in cls.base_fields.items()
    if isinstance(field, forms.CharField)
]


def _guarded_field(cls, name):
    """The field as a form of `cls` cleans it (without the form's own set-up arguments)."""
    form = cls.__new__(cls)
    form.fields = {name: cls.base_fields[name].__deepcopy__({})}
    guard_text_fields(form)
    return form.fields[name]


def test_every_form_of_the_project_has_text_hygiene():
    assert len(FORM_CLASSES) > 15
    assert [cls for cls in FORM_CLASSES if not issubclass(cls, TextHygiene)] == []


@pytest.mark.parametrize(("cls", "name"), TEXT_FIELDS, ids=[f"{c.__name__}.{n}" for c, n in TEXT_FIELDS])
def test_each_text_field_refuses_a_vertical_tab_naming_the_field(cls, name):
    field = _guarded_field(cls, name)
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("Hỗ trợ\x0bkinh phí")
    label = str(field.label or pretty_name(name))
    assert (
        f"“{label}” chứa ký tự điều khiển không được phép (U+000B), thường do dán từ văn bản khác; "
        "hãy xóa ký tự đó rồi lưu lại."
    ) in refused.value.messages  # a slug field also says it is not a slug


@pytest.mark.parametrize(("cls", "name"), TEXT_FIELDS, ids=[f"{c.__name__}.{n}" for c, n in TEXT_FIELDS])
def test_line_breaks_are_refused_in_one_line_fields_only(cls, name):
    field = _guarded_field(cls, name)
    value = "Dòng một\r\nDòng hai"
    if isinstance(field.widget, forms.Textarea):
        assert field.clean(value) == value
    else:
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        label = str(field.label or pretty_name(name))
        assert f"“{label}” chỉ được viết trên một dòng: hãy bỏ dấu xuống dòng." in refused.value.messages


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\ud800", "\uffff"]
)
def test_the_refused_characters(character):
    assert forbidden_character(f"a{character}b") == character
    assert exportable(f"a{character}b") in {"ab", "a\nb"}


@pytest.mark.parametrize("text", ["Hỗ trợ\tkinh phí", "Dòng một\nDòng hai\r\n", "Ủy ban — “trích dẫn” …"])
def test_tab_newline_and_ordinary_text_pass(text):
    assert forbidden_character(text) is None
    assert exportable(text) == text


def test_a_unit_spreadsheet_row_is_held_to_the_same_rule(db):
    form = UnitRowForm(
        {"code": "x", "name": "Ban\x0bTuyên giáo", "kind": "department"}, columns=["code", "name", "kind"]
    )
    assert not form.is_valid()
    assert "U+000B" in form.errors["name"][0]


def test_a_draft_title_with_a_line_break_is_refused_and_nothing_is_saved(client, users, province):
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(host_unit=province["board"])
    client.force_login(users["staff"])
    response = client.post(
        reverse("drafts:create"),
        {"conference": conference.pk, "title": "Báo cáo\r\nBcc: x@example.com", "text": "Đoạn một."},
    )
    assert response.status_code == 200
    assert "“Tên dự thảo” chỉ được viết trên một dòng: hãy bỏ dấu xuống dòng." in response.content.decode()
    assert not Draft.objects.exists()


def test_a_draft_title_with_a_control_character_is_refused(client, users, province):
    from tests.factories import ConferenceFactory

    conference = ConferenceFactory(host_unit=province["board"])
    client.force_login(users["staff"])
    response = client.post(
        reverse("drafts:create"),
        {"conference": conference.pk, "title": "Báo cáo\x0bnăm 2016", "text": "Đoạn một."},
    )
    assert "“Tên dự thảo” chứa ký tự điều khiển không được phép (U+000B)" in response.content.decode()
    assert not Draft.objects.exists()


def test_the_import_refuses_a_control_character_naming_the_field(db):
    data = _demo_record(lambda c: c["recommendations"][0].update(text="Đề nghị\x0bhỗ trợ"))
    with pytest.raises(RecordImportError) as refused:
        import_record(data)
    assert any(
        error.startswith("conference.recommendations[0].text: “") and "(U+000B)" in error
        for error in refused.value.errors
    ), refused.value.errors
    assert not Conference.objects.exists()


# --- exports of text stored before the forms refused it ----------------------------------------


def _spoil(model):
    """Appends U+000B (and U+0001) to every free text field of every row of `model`, through the ORM."""
    names = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, (CharField, TextField)) and f.editable and not f.choices and f.name != "search_text"
    ]
    model._base_manager.update(**{name: Concat(F(name), Value("\x0bdòng\x01")) for name in names})
    return names


@pytest.fixture
def spoiled(demo, demo_users):
    report_services.final_report_get_or_create(conference=demo)
    from reports.models import FinalReport

    for model in (Conference, Recommendation, Directive, Unit, FinalReport, LayoutSettings):
        assert _spoil(model)
    assert Recommendation.objects.filter(text__contains="\x0b").exists()
    return demo


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("name", ["recommendations:register_export", "recommendations:directives_export"])
def test_register_exports_open_with_stored_control_characters(client, demo_users, spoiled, name, fmt):
    client.force_login(demo_users["staff"])
    response = client.get(reverse(name, kwargs={"fmt": fmt}))
    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    else:
        values = response.content.decode("utf-8-sig").splitlines()[1:]
    assert any("dòng" in value for value in values)
    assert not any(forbidden_character(value) for value in values)


def test_the_final_report_docx_opens_with_stored_control_characters(client, demo_users, spoiled):
    client.force_login(demo_users["staff"])
    response = client.get(reverse("reports:final_report_docx", args=[spoiled.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "dòng" in text and forbidden_character(text) is None


def test_the_record_export_and_pages_answer_with_stored_control_characters(client, demo_users, spoiled):
    from reports.records.exporting import dumps, export_record

    assert "\\u000b" in dumps(export_record(spoiled))
    client.force_login(demo_users["staff"])
    for url in (
        reverse("conferences:record", args=[spoiled.pk]),
        reverse("reports:final_report", args=[spoiled.pk]),
        reverse("recommendations:register"),
    ):
        assert client.get(url).status_code == 200, url


def test_the_final_report_pdf_renders_with_stored_control_characters(spoiled):
    from reports.final.document import print_html
    from reports.final.printing import render_pdf
    from reports.models import FinalReport

    report = FinalReport.objects.get(conference=spoiled)
    layout = report_services.layout_settings_get_or_create(unit=spoiled.host_unit)
    # An administrator's own letterhead line (empty lines follow the tree), stored spoiled too.
    LayoutSettings.objects.filter(pk=layout.pk).update(issuing_body_line="BAN THƯỜNG\x0bTRỰC\x01")
    layout.refresh_from_db()
    assert "\x0b" in report.title and "\x0b" in layout.issuing_body_line
    pdf = render_pdf(print_html(report, layout), layout)
    assert pdf.content.startswith(b"%PDF") and pdf.page_count > 1
