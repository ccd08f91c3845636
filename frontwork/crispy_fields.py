"""`{% crispy_field_html %}`: crispy-bootstrap5's field template (bootstrap5/field.html) written in
Python, for forms whose helper sets `field_template = "includes/crispy_field.html"`.

Through the template (a hundred tags and three includes a field) crispy-forms spent 0.6 ms on each
field: two thirds of the final report's page went to its 18 fields. Here a field with a label and
a text input, textarea or select, laid out the default way, is written directly, with the same
HTML once crispy has removed the spaces between tags (tests/test_crispy_fields.py compares them);
any other field (hidden ones aside: `{{ field }}`) is rendered by crispy's template as before.

`{% crispy_form_html form %}`: `{% crispy form %}` written in Python, for a helper without a form
tag whose layout holds only field names, rows, columns and buttons: crispy's layout objects, each
rendered through a template of its own, and its context copies cost as much again as the fields
(11,000 Python calls on the final report's form). Anything else goes to crispy as before."""

from crispy_forms.layout import BaseInput, Column, Layout, Row
from crispy_forms.templatetags.crispy_forms_tags import BasicNode, CrispyFormNode
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from crispy_forms.utils import get_template_pack
from django import forms, template
from django.conf import settings
from django.template.defaultfilters import unordered_list
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from frontwork.renderer import conditional_escape

register = template.Library()

_FALLBACK = "bootstrap5/field.html"
_OTHER_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.FileInput)
# Layout variables under which the template writes something else than the default layout.
_LAYOUT_VARIABLES = ("tag", "label_class", "field_class", "wrapper_class", "help_text_inline")


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
    """The field as bootstrap5/field.html writes it; None if the template would write it another
    way than the default layout does (other widgets, no label, a horizontal form…)."""
    widget = field.field.widget
    label = str(field.label)  # lazy labels and help texts are translated once here, not each time read
    if (
        not label
        or isinstance(widget, _OTHER_WIDGETS)
        or hasattr(widget, "widgets")
        or field.use_fieldset
        or not context.get("form_show_labels")
        or not context.get("error_text_inline")
        or "form-horizontal" in (context.get("form_class") or "")
        or any(context.get(name) for name in _LAYOUT_VARIABLES)
    ):
        return None
    form = field.form
    required = field.field.required
    errors = field.errors
    # BoundField.css_classes(): the form's error or required class, when it has one
    if (errors and getattr(form, "error_css_class", "")) or (
        required and getattr(form, "required_css_class", "")
    ):
        return None
    is_select = isinstance(widget, forms.Select)
    auto_id = conditional_escape(field.auto_id)
    id_for_label = field.id_for_label
    label_for = f'for="{conditional_escape(id_for_label)}"' if id_for_label else ""
    asterisk = '<span class="asteriskField">*</span>' if required else ""
    label = (
        "<label\n                "
        f'{label_for} class="form-label{" requiredField" if required else ""}">\n                '
        f"{conditional_escape(label)}{asterisk}\n"
        "            </label>"
    )
    classes = ("form-select" if is_select else "form-control") + (" is-invalid" if errors else "")
    widget = _add_classes(field, classes)
    if is_select:
        widget = f"\n                            {widget}\n                        "
    error_html = ""
    if context.get("form_show_errors") and errors:
        spans = "".join(
            f'\n        <span id="error_{i}_{auto_id}"><strong>{conditional_escape(error)}</strong></span>\n    '
            for i, error in enumerate(errors, start=1)
        )
        error_html = f'\n    <div id="{conditional_escape(getattr(errors, "field_id", ""))}_error" class="invalid-feedback">\n    {spans}\n    </div>\n'
    help_html = ""
    help_text = str(field.help_text)
    if help_text:
        help_id = f'id="{auto_id}_helptext" ' if field.auto_id else ""
        help_html = f'\n    \n        <div {help_id}class="form-text">{help_text}</div>\n    \n'
    return (
        f'\n\n\n    \n    <div id="div_{auto_id}" class="mb-3">\n        \n            \n            {label}'
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
    written = _field(field, context)
    if written is None:
        return mark_safe(get_template(_FALLBACK).render(context.flatten())[:-1])
    return mark_safe(written)


# --- the whole form ---

_FIELD_TEMPLATE = "includes/crispy_field.html"


class _Declined(Exception):
    """Something `crispy_form_html` does not write: crispy renders the form."""


def _layout_html(item, form, values):
    """What crispy renders for `item` of a layout (before its spaces are removed)."""
    if isinstance(item, str):
        if item not in form.fields:
            raise _Declined
        field = form[item]
        if field.is_hidden:
            return f"\n\n\n    {field}\n\n"
        written = _field(field, values)
        if written is None:
            raise _Declined
        return written + "\n"
    kind = type(item)
    if kind in (Layout, Row, Column):
        inner = "".join(_layout_html(child, form, values) for child in item.fields)
        if kind is Layout:
            return inner
        if item.template != kind.template or item.css_id or item.flat_attrs:
            raise _Declined
        css_class = item.css_class or ""
        if kind is Row:  # bootstrap5/layout/row.html
            return f'<div  class="row {conditional_escape(css_class)}" >\n  {inner}\n</div>\n'
        css_class = css_class if "col" in css_class else f"col-md {css_class}"  # layout/column.html
        return f'<div \n     class="{conditional_escape(css_class)}" >\n        {inner}\n</div>\n\n\n'
    if isinstance(item, BaseInput) and item.template == BaseInput.template:
        # Written unescaped, as crispy does (it renders the value as a template): a button's
        # value is a constant of the code, never user data.
        value = str(item.value)
        if "{" in value:  # crispy renders it as a template
            raise _Declined
        name = slugify(item.name) if len(item.name.split()) > 1 else item.name
        shown = (
            ""
            if item.input_type == "hidden"
            else (
                f'\n        class="{conditional_escape(item.field_classes)}"\n        id="{conditional_escape(item.id)}"\n    '
            )
        )
        return (  # bootstrap5/layout/baseinput.html
            f'<input type="{conditional_escape(item.input_type)}"\n    name="{conditional_escape(name)}"\n    value="{value}"\n    '
            f"{shown}\n    {item.flat_attrs}\n    />\n"
        )
    raise _Declined


def _form_html(context, form):
    helper = getattr(form, "helper", None)
    if (
        helper is None
        or helper.layout is None
        or helper.template
        or (getattr(helper, "template_pack", None) or get_template_pack()) != "bootstrap5"
        or helper.field_template != _FIELD_TEMPLATE
        or helper.form_tag
        or helper.inputs
        or helper.render_unmentioned_fields
        or helper.render_hidden_fields
        or helper.render_required_fields
    ):
        raise _Declined
    # What the field template reads: crispy's context for the form over the page's.
    values = {name: context.get(name) for name in _LAYOUT_VARIABLES}
    values.update(BasicNode(None, None, "bootstrap5").get_response_dict(helper, context, False))
    form_html = _layout_html(helper.layout, form, values)
    if not form_html:
        raise _Declined
    # bootstrap5/whole_uni_form.html, display_form.html and errors.html
    csrf = ""
    if values["form_method"].lower() == "post" and not values["disable_csrf"]:
        csrf = f"\n        {CsrfTokenNode().render(context)}\n    "
    errors = ""
    if values["form_show_errors"]:
        problems = form.non_field_errors()
        if problems:
            title = values["form_error_title"]
            title = f'<h4 class="alert-heading">{conditional_escape(title)}</h4>' if title else ""
            errors = (
                f'\n    <div class="alert alert-block alert-danger">\n        {title}\n        <ul class="m-0">'
                f"\n            {unordered_list(problems, autoescape=True)}\n        </ul>\n    </div>\n"
            )
        errors = f"\n        {errors}\n\n    "
    media = conditional_escape(form.media) if values["include_media"] else ""
    display = f"\n    {media}\n    {errors}\n    {form_html}\n\n"
    inner = f"\n\n    {csrf}\n\n    {display}\n\n    \n\n\n"
    return f"\n\n{remove_spaces(inner.strip())}\n"


@register.simple_tag(takes_context=True)
def crispy_form_html(context, form):
    """`{% crispy form %}`, written here when crispy's templates would write it the default way."""
    try:
        return mark_safe(_form_html(context, form))
    except _Declined:
        with context.push(crispy_form=form):
            return CrispyFormNode("crispy_form", None).render(context)
