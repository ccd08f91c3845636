"""`{% crispy_field_html %}`: crispy-bootstrap5's field template (bootstrap5/field.html) written in
Python, for forms whose helper sets `field_template = "includes/crispy_field.html"`.

Through the template (a hundred tags and three includes a field) crispy-forms spent 0.6 ms on each
field: two thirds of the final report's page went to its 18 fields. Here a field with a label and
a text input, textarea or select, laid out the default way, is written directly, with the same
HTML once crispy has removed the spaces between tags (tests/test_crispy_fields.py compares them);
any other field (hidden ones aside: `{{ field }}`) is rendered by crispy's template as before."""

from django import forms, template
from django.conf import settings
from django.template.loader import get_template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe

register = template.Library()

_FALLBACK = "bootstrap5/field.html"
_OTHER_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput)
# Layout variables under which the template writes something else than the default layout.
_LAYOUT_VARIABLES = ("tag", "label_class", "field_class", "wrapper_class", "help_text_inline")


def _written_here(field, context):
    widget = field.field.widget
    return (
        not isinstance(widget, _OTHER_WIDGETS)
        and not hasattr(widget, "widgets")
        and field.label
        and not field.use_fieldset
        and not field.css_classes()
        and context.get("form_show_labels")
        and context.get("error_text_inline")
        and "form-horizontal" not in (context.get("form_class") or "")
        and not any(context.get(name) for name in _LAYOUT_VARIABLES)
    )


def _add_classes(field, classes):
    """What `{% crispy_field field 'class' classes %}` does to the widget before rendering it."""
    widget = field.field.widget
    widget = getattr(widget, "widget", widget)
    class_name = widget.__class__.__name__.lower()
    class_name = getattr(settings, "CRISPY_CLASS_CONVERTERS", {}).get(class_name, class_name)
    css_class = widget.attrs.get("class", "")
    if css_class:
        if css_class.find(class_name) == -1:
            css_class += f" {class_name}"
    else:
        css_class = class_name
    widget.attrs["class"] = css_class
    for name in classes.split():
        if name not in widget.attrs["class"].split():
            widget.attrs["class"] += " " + name
    return str(field)


def _field(field, context):
    required = field.field.required
    is_select = isinstance(field.field.widget, forms.Select)
    errors = field.errors
    label_for = f'for="{esc(field.id_for_label)}"' if field.id_for_label else ""
    asterisk = '<span class="asteriskField">*</span>' if required else ""
    label = (
        "<label\n                "
        f'{label_for} class="form-label{" requiredField" if required else ""}">\n                '
        f"{esc(field.label)}{asterisk}\n"
        "            </label>"
    )
    classes = ("form-select" if is_select else "form-control") + (" is-invalid" if errors else "")
    widget = _add_classes(field, classes)
    if is_select:
        widget = f"\n                            {widget}\n                        "
    error_html = ""
    if context.get("form_show_errors") and errors:
        spans = "".join(
            f'\n        <span id="error_{i}_{esc(field.auto_id)}"><strong>{esc(error)}</strong></span>\n    '
            for i, error in enumerate(errors, start=1)
        )
        error_html = f'\n    <div id="{esc(getattr(errors, "field_id", ""))}_error" class="invalid-feedback">\n    {spans}\n    </div>\n'
    help_html = ""
    if field.help_text:
        help_id = f'id="{esc(field.auto_id)}_helptext" ' if field.auto_id else ""
        help_html = f'\n    \n        <div {help_id}class="form-text">{field.help_text}</div>\n    \n'
    return (
        f'\n\n\n    \n    <div id="div_{esc(field.auto_id)}" class="mb-3">\n        \n            \n            {label}'
        "\n        \n\n        \n\n        \n            \n                \n                    \n"
        f"                        {widget}\n                    \n                    \n                        "
        f"\n\n\n    {error_html}\n\n\n\n\n    {help_html}\n\n\n\n"
        "                    \n                \n            \n        \n        \n    </div>\n    \n"
    )


@register.simple_tag(takes_context=True)
def crispy_field_html(context):
    field = context["field"]
    if field.is_hidden:
        return mark_safe(f"\n\n\n    {field}\n")
    if not _written_here(field, context):
        return mark_safe(get_template(_FALLBACK).render(context.flatten())[:-1])
    return mark_safe(_field(field, context))
