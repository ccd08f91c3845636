"""frontwork.crispy_fields writes a field as crispy-bootstrap5's bootstrap5/field.html does."""

import pytest
from django import forms
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
