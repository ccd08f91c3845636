"""The project's form renderer (settings.FORM_RENDERER).

Django renders every widget through a template of its own (and its attributes through another);
on the final report's form (13 fields, laid out by crispy-forms) that was a third of the form's
time. The text-like inputs, the textarea and the select with its options (half a millisecond a
select through templates) are written here directly, with the same HTML as Django's templates
(tests/test_renderer.py compares them); every other widget template is rendered by Django as
before."""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.safestring import SafeData

_INPUTS = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
}
_TEXTAREA = "django/forms/widgets/textarea.html"
_SELECT = "django/forms/widgets/select.html"
_OPTION = "django/forms/widgets/select_option.html"


def conditional_escape(value):
    """django.utils.html.conditional_escape, the same text without its lazy wrapper (a tenth of
    a form's rendering: every name, value, attribute and label goes through it)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _formatted(value):
    """`{{ value|stringformat:'s' }}`."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else html.escape(text)


def _attrs(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {conditional_escape(name)}" + ("" if value is True else f'="{_formatted(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget):
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget):
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _select(widget):
    """django/forms/widgets/select.html with select_option.html; None for options of another
    template."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None
            parts.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in _INPUTS:
            return _input(context["widget"])
        if template_name == _TEXTAREA:
            return _textarea(context["widget"])
        if template_name == _SELECT:
            written = _select(context["widget"])
            if written is not None:
                return written
        return super().render(template_name, context, request)
