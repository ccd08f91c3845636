"""frontwork.crispy_fields writes a field as crispy-bootstrap5's bootstrap5/field.html does."""

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Button, Column, Div, Hidden, Layout, Row, Submit
from django import forms
from django.template import Context, Template
from django.template.loader import get_template

from reports.final.forms import FinalReportForm
from reports.final.models import FinalReport
from tests.factories import ConferenceFactory

CONTEXT = {
    "form_show_errors": True,
    "form_show_labels": True,
    "error_text_inline": True,
    "help_text_inline": False,
    "form_class": "",
    "label_class": "",
    "field_class": "",
}
BAD = {"number": "x1", "code": "", "date": "1999-01-01", "signer_authority": "zz", "recipients": ""}


def _forms(conference):
    """The final report's form unbound, with errors, and with two errors on one field."""
    yield FinalReportForm(instance=FinalReport(conference=conference))
    form = FinalReportForm(BAD, instance=FinalReport(conference=conference))
    form.is_valid()
    yield form
    form = FinalReportForm(BAD, instance=FinalReport(conference=conference))
    form.is_valid()
    form.add_error("number", 'một lỗi nữa <b>"x"</b>')
    yield form


def _both(field_of, context=CONTEXT):
    """(crispy's template, ours) for the same field of two copies of a form (rendering a field
    changes its widget's classes, as crispy does)."""
    crispy = get_template("bootstrap5/field.html").render({**context, "field": field_of()})
    ours = get_template("includes/crispy_field.html").render({**context, "field": field_of()})
    return crispy, ours


@pytest.mark.django_db
def test_every_field_of_the_final_report_is_written_as_crispy_does(province):
    conference = ConferenceFactory(host_unit=province["board"])
    count = len(list(_forms(conference)))
    for index in range(count):
        for name in FinalReportForm(instance=FinalReport(conference=conference)).fields:
            crispy, ours = _both(lambda i=index, n=name: list(_forms(conference))[i][n])
            assert ours == crispy, name


class Other(forms.Form):
    agree = forms.BooleanField(label="Đồng ý")
    kind = forms.ChoiceField(label="Loại", choices=[("a", "A")], widget=forms.RadioSelect)
    file = forms.FileField(label="Tệp")
    text = forms.CharField(label="")
    note = forms.CharField(label="Ghi chú", help_text="Gợi ý <i>in nghiêng</i>")


@pytest.mark.parametrize("name", ["agree", "kind", "file", "text", "note"])
@pytest.mark.parametrize(
    "context",
    [CONTEXT, {**CONTEXT, "form_class": "form-horizontal", "label_class": "col-4", "field_class": "col-8"}],
)
def test_other_fields_and_layouts_render_as_crispy_does(name, context):
    crispy, ours = _both(lambda: Other({"text": "x"})[name], context)
    assert ours == crispy


def _whole(form_of, context=None):
    """(`{% crispy form %}`, `{% crispy_form_html form %}`) for two copies of a form."""
    context = {"csrf_token": "tok<en>", **(context or {})}
    crispy = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({**context, "form": form_of()})
    )
    ours = Template("{% load crispy_fields %}{% crispy_form_html form %}").render(
        Context({**context, "form": form_of()})
    )
    return crispy, ours


@pytest.mark.django_db
def test_the_final_report_form_is_written_as_crispy_does(province):
    conference = ConferenceFactory(host_unit=province["board"])

    def with_non_field_errors():
        form = FinalReportForm(BAD, instance=FinalReport(conference=conference))
        form.is_valid()
        form.add_error(None, "Lỗi chung <b>một</b>")
        form.add_error(None, "Lỗi chung hai")
        return form

    makers = [lambda i=i: list(_forms(conference))[i] for i in range(3)] + [with_non_field_errors]
    for make in makers:
        crispy, ours = _whole(make)
        assert "csrfmiddlewaretoken" in ours and "id_recipients" in ours
        assert ours == crispy
    # no csrf token in the context; the helper's own settings
    crispy, ours = _whole(makers[1], {"csrf_token": None})
    assert ours == crispy

    def titled():
        form = with_non_field_errors()
        form.helper.form_error_title = "Có lỗi"
        form.helper.form_show_labels = True
        return form

    crispy, ours = _whole(titled)
    assert "Có lỗi" in ours and ours == crispy


class Laid(forms.Form):
    name = forms.CharField(label="Tên", help_text="Gợi ý")
    note = forms.CharField(label="Ghi chú", widget=forms.Textarea, required=False)
    code = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, layout=(), form_tag=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = form_tag
        self.helper.field_template = "includes/crispy_field.html"
        self.helper.layout = Layout(*layout)


@pytest.mark.parametrize(
    "layout, form_tag, written",
    [
        (
            lambda: (
                Row(Column("name"), Column("note", css_class="col-4 x")),
                "code",
                Submit("go now", "Gửi"),
            ),
            False,
            True,
        ),
        (lambda: (Row("name", css_class="g-2"), Div("note"), Button("b", "B")), False, False),
        (lambda: (Row("name", css_id="r"), "note"), False, False),
        (lambda: (HTML("<p>{{ form.name.label }}</p>"), "name"), False, False),
        (lambda: ("name", "missing"), False, False),
        (lambda: (Column("name"), "note"), True, False),
        (lambda: ("name", Hidden("h", "1"), Submit("s", "{{ form.name.label }}")), False, False),
    ],
)
def test_other_layouts_render_as_crispy_does(layout, form_tag, written, monkeypatch):
    from frontwork import crispy_fields

    declined = []
    real = crispy_fields._form_html

    def spy(context, form):
        try:
            return real(context, form)
        except crispy_fields._Declined:
            declined.append(form)
            raise

    monkeypatch.setattr(crispy_fields, "_form_html", spy)
    for data in (None, {"name": ""}):
        crispy, ours = _whole(lambda d=data: Laid(d, layout=layout(), form_tag=form_tag))
        assert ours == crispy
    assert bool(declined) is not written
