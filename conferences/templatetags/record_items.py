"""The items of the editing page, written here rather than by templates.

The editing page shows every item of the record with the same markup (its text, its details and
four buttons), nested lists under some. Through templates (an include per list, item and body,
seven translations and three links an item) that was half of the page's time. The functions below
write the same HTML (the templates in conferences/editing/ call them, so the markup lives here
only), translating the constant texts, and each section's labels, once a language. The sections'
cards too: an include a section, and the labels translated again in each, cost as much as the
items."""

import functools

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frontwork.links import link

register = template.Library()


def _texts():
    """The buttons' texts (escaped as `{% translate %}` writes them) in the active language."""
    return _texts_in(get_language())


@functools.cache
def _texts_in(language):
    # translated once a language and process, as Django reads its catalogues
    return {
        "actions": esc(_("Thao tác")),
        "edit": esc(_("Sửa")),
        "up": esc(_("Chuyển lên")),
        "down": esc(_("Chuyển xuống")),
        "confirm": esc(_("Xóa mục này?")),
        "delete": esc(_("Xóa")),
        "empty": esc(_("Chưa có mục nào.")),
    }


_labels = {}


def _section_texts(section):
    """The section's label, its button's label and its help, escaped, in the active language
    (sections are registered once a process: kept by key and language)."""
    key = (section.key, get_language())
    if key not in _labels:
        _labels[key] = (esc(section.label), esc(section.add_label), esc(section.help_text))
    return _labels[key]


def _refused(refused):
    who = refused.history_user or _("Một người dùng")
    when = date_filter(template_localtime(refused.history_date), "H:i d/m/Y")
    text = _(
        "Chưa xóa: %(who)s vừa sửa mục này lúc %(when)s. Đây là nội dung mới; hãy xem lại rồi xóa nếu vẫn cần."
    ) % {"who": esc(who), "when": esc(when)}
    return f'<div class="alert alert-warning py-1 px-2 small mb-2" role="alert">{text}</div>'


def item_body(section, conference, item, refused=None, texts=None):
    """conferences/editing/item_body.html: the item's text, details and buttons."""
    t = texts or _texts()
    # Section keys are slugs (they are URL arguments) and ids and versions integers: nothing to escape.
    key, pk = section.key, item.pk
    args = (conference.pk, key, pk)
    details = ""
    if item.fw_details:
        rows = "".join(
            f"<div><dt>{esc(capfirst(label))}:</dt> <dd>{esc(value)}</dd></div>"
            for label, value in item.fw_details
        )
        details = f'      <dl class="fw-item-details">{rows}</dl>\n'
    warning = f"  {_refused(refused)}\n" if refused else ""
    move = esc(link("conferences:item_move", *args))
    return mark_safe(
        f'<div class="fw-item-body" id="body-{key}-{pk}">\n'
        f"{warning}"
        '  <div class="fw-item-row">\n'
        '    <div class="fw-item-main">\n'
        f'      <div class="fw-item-text">{esc(item.fw_title)}</div>\n'
        f"{details}"
        "    </div>\n"
        f'    <div class="fw-item-actions" role="group" aria-label="{t["actions"]}">\n'
        '      <button type="button" class="btn btn-sm btn-outline-primary"'
        f' hx-get="{esc(link("conferences:item_edit", *args))}" hx-target="#body-{key}-{pk}"'
        f' hx-swap="outerHTML">{t["edit"]}</button>\n'
        f'      <button type="button" class="btn btn-sm btn-outline-secondary" hx-post="{move}"'
        """ hx-vals='{"direction": "up"}' hx-swap="none" data-move="up\""""
        f' title="{t["up"]}" aria-label="{t["up"]}">↑</button>\n'
        f'      <button type="button" class="btn btn-sm btn-outline-secondary" hx-post="{move}"'
        """ hx-vals='{"direction": "down"}' hx-swap="none" data-move="down\""""
        f' title="{t["down"]}" aria-label="{t["down"]}">↓</button>\n'
        '      <button type="button" class="btn btn-sm btn-outline-danger"'
        f' hx-post="{esc(link("conferences:item_delete", *args))}"'
        f""" hx-vals='{{"version": "{item.version}"}}' hx-confirm="{t["confirm"]}\""""
        f' hx-target="#item-{key}-{pk}" hx-swap="outerHTML">{t["delete"]}</button>\n'
        "    </div>\n"
        "  </div>\n"
        "</div>"
    )


def item(section, conference, item, texts=None):
    """conferences/editing/item.html: the item, with the lists nested under it."""
    t = texts or _texts()
    children = "".join(
        '\n  <div class="fw-children">\n'
        f'    <h3 class="h6 fw-children-title">{_section_texts(child.section)[0]}</h3>\n'
        f"    {item_list(child.section, conference, child.parent, child.items, t)}\n\n"
        "  </div>\n  "
        for child in item.fw_children
    )
    return mark_safe(
        f'<li class="fw-item" id="item-{section.key}-{item.pk}">\n'
        f"  {item_body(section, conference, item, texts=t)}\n\n"
        f"  {children}\n"
        "</li>"
    )


def add_button(section, conference, parent):
    """conferences/editing/add_button.html."""
    key, parent_pk = section.key, parent.pk
    url = esc(link("conferences:item_add", conference.pk, key, parent_pk))
    return mark_safe(
        '<button type="button" class="btn btn-sm btn-outline-primary fw-add-button"'
        f' hx-get="{url}" hx-target="#add-{key}-{parent_pk}" hx-swap="innerHTML">'
        f"+ {_section_texts(section)[1]}</button>"
    )


def item_list(section, conference, parent, items, texts=None):
    """The items under `parent`, and the button that adds one."""
    t = texts or _texts()
    key, parent_pk = section.key, parent.pk
    rows = "".join(item(section, conference, i, t) + "\n" for i in items)
    return mark_safe(
        f'<ol class="fw-items list-unstyled mb-2" id="list-{key}-{parent_pk}" aria-label="{_section_texts(section)[0]}"'
        f' data-empty="{t["empty"]}">\n'
        f"  {rows}\n"
        "</ol>\n"
        f'<div id="add-{key}-{parent_pk}" class="fw-add">{add_button(section, conference, parent)}\n</div>'
    )


def section_card(block, conference, texts=None):
    """One section of the editing page: its heading, its help and its items."""
    section = block.section
    key = section.key
    label, _add, help_text = _section_texts(section)
    help_text = f'<p class="form-text mt-0">{help_text}</p>' if help_text else ""
    return mark_safe(
        f'<section class="card mb-3 fw-section" id="sec-{key}" aria-labelledby="h-{key}">\n'
        '  <div class="card-header d-flex align-items-center justify-content-between">\n'
        f'    <h2 class="h6 mb-0" id="h-{key}">{label}</h2>\n'
        "  </div>\n"
        '  <div class="card-body">\n'
        f"    {help_text}\n"
        f"    {item_list(section, conference, block.parent, block.items, texts)}\n\n"
        "  </div>\n"
        "</section>\n"
    )


@register.simple_tag(name="item_body", takes_context=True)
def item_body_tag(context, section, conference, item):
    return item_body(section, conference, item, refused=context.get("refused"))


@register.simple_tag(name="item")
def item_tag(section, conference, item_):
    return item(section, conference, item_)


@register.simple_tag(name="add_button")
def add_button_tag(section, conference, parent):
    return add_button(section, conference, parent)


@register.simple_tag(name="sections")
def sections_tag(blocks, conference):
    """Every section's card (conference_edit.html)."""
    t = _texts()
    return mark_safe("".join(section_card(block, conference, t) for block in blocks))


@register.simple_tag(name="section_links")
def section_links_tag(blocks):
    """The editing page's table of contents: a link to each section."""
    return mark_safe(
        "".join(
            '<a class="list-group-item list-group-item-action d-flex justify-content-between"'
            f' href="#sec-{block.section.key}">{_section_texts(block.section)[0]}</a>'
            for block in blocks
        )
    )
