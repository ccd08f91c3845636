"""frontwork.renderer writes the text-like inputs and the textarea as Django's templates do."""

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
    forms.Select(choices=[("a", "A")]),  # not written here: Django's template
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
    "widget", [forms.TextInput(), forms.DateInput(), forms.Textarea()], ids=lambda w: type(w).__name__
)
def test_inputs_and_textarea_are_written_without_a_template(widget, monkeypatch):
    def no_template(self, name):
        raise AssertionError(f"template {name} loaded")

    monkeypatch.setattr(FormRenderer, "get_template", no_template)
    assert widget.render("field", "x", renderer=FormRenderer()).startswith(("<input", "<textarea"))
