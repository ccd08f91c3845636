"""frontwork.renderer writes the text-like inputs, the textarea and the select as Django's
templates do."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from frontwork.renderer import FormRenderer

WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"class": "form-control", "maxlength": 200, "required": True, "disabled": False}),
    forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    forms.EmailInput(attrs={"placeholder": 'a "quoted" <b>&amp;</b>'}),
    forms.URLInput(),
    forms.PasswordInput(render_value=True),
    forms.HiddenInput(),
    forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    forms.DateTimeInput(),
    forms.TimeInput(),
    forms.Textarea(attrs={"rows": 5, "aria-describedby": "id_x_helptext"}),
    forms.Select(choices=[("a", "A")]),
    forms.Select(choices=[("", "Không"), ("42", '<b>"bốn hai"</b>'), ("Số 12/BC-MTTQ", "Đúng giá trị")]),
    forms.Select(
        attrs={"class": "select form-select", "disabled": True},
        choices=[("Nhóm <1>", [("a", "A"), ("b", "B")]), ("c", "C"), ("Nhóm 2", [(42, "bốn hai")])],
    ),
    forms.SelectMultiple(choices=[("a", "A"), ("b", "B"), ("42", "C")]),
    forms.NullBooleanSelect(),
    forms.RadioSelect(choices=[("a", "A")]),  # not written here: Django's template
    forms.CheckboxInput(),
]
VALUES = [
    None,
    "",
    "Số 12/BC-MTTQ",
    '<script>alert("x")</script> & “ngoặc”',
    mark_safe("<b>đã an toàn</b>"),
    "\nbắt đầu bằng dòng trống",
    42,
    datetime.date(2025, 12, 25),
    datetime.datetime(2025, 12, 25, 8, 30),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_same_html_as_django(widget, value):
    attrs = {"id": "id_field", "aria-invalid": "true", "autofocus": True}
    ours = widget.render("field", value, attrs=attrs, renderer=FormRenderer())
    django = widget.render("field", value, attrs=attrs, renderer=DjangoTemplates())
    assert ours == django


def test_is_the_site_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.parametrize(
    "widget",
    [forms.TextInput(), forms.DateInput(), forms.Textarea(), forms.Select(choices=[("x", "X")])],
    ids=lambda w: type(w).__name__,
)
def test_widgets_written_here_load_no_template(widget, monkeypatch):
    def no_template(self, name):
        raise AssertionError(f"template {name} loaded")

    monkeypatch.setattr(FormRenderer, "get_template", no_template)
    assert widget.render("field", "x", renderer=FormRenderer()).startswith(("<input", "<textarea", "<select"))
