"""The HTML cells the registers show for every row (text, conference, units, status, dates).

Written in Python rather than as template includes: a page of fifty rows rendered them a hundred
times, and an include costs far more than the few strings it writes. Django's format_html checks
every argument for lazy text and escapes it again; on 350 cells a page that was most of the
rows' cost, so the cells are plain f-strings with every stored or translated text passed through
`escape` (html.escape, which Django's escape is built on). Each function returns safe HTML;
templates reach them through the `register_cells` filters."""

import functools
from html import escape

from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from conferences.models import Conference

DASH = "—"
SHOWN_UNITS = 2
SHOWN_CHARACTERS = 220


def shortened(text, limit=SHOWN_CHARACTERS):
    """At most `limit` characters, the last an ellipsis when cut (as the truncatechars filter, whose
    per-character walk was a third of the register's rows; stored text is NFC, so no combining
    mark is split from its letter)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def day(value):
    """A date as dd/mm/yyyy, or a dash."""
    return value.strftime("%d/%m/%Y") if value else DASH


# Units' labels, escaped: kept, as the same few units fill every row.
_escaped_label = functools.lru_cache(maxsize=4096)(escape)


def unit_label(label):
    """A unit's label, escaped, or a dash when there is none."""
    return _escaped_label(label) if label else DASH


@functools.lru_cache(maxsize=512)
def _choice_label(choices, value, language):
    """The label of `value` among `choices` (a TextChoices class) as `language` writes it,
    escaped: one translation per value and language, not one per cell. A value that is not a
    choice is shown as it is (as get_FOO_display does)."""
    try:
        return escape(str(choices(value).label))
    except ValueError:
        return escape(str(value))


@functools.lru_cache(maxsize=16)
def _overdue_badge(language):
    return f' <span class="badge text-bg-danger">{escape(_("Quá hạn"))}</span>'


@functools.lru_cache(maxsize=512)
def _status_span(choices, value, language):
    return (
        f'<span class="badge status status-{escape(value)}">{_choice_label(choices, value, language)}</span>'
    )


def status_badge(item):
    language = get_language()
    badge = _status_span(type(item).Status, item.status, language)
    if item.is_overdue:
        badge += _overdue_badge(language)
    return mark_safe(badge)


def unit_list(units):
    return label_list([unit.label for unit in units])


def label_list(labels):
    """The first units' labels, then “and n other units” with all of them in a tooltip."""
    labels = [_escaped_label(label) for label in labels]
    if not labels:
        return mark_safe(f'<span class="text-muted">{DASH}</span>')
    shown = "; ".join(labels[:SHOWN_UNITS])
    rest = len(labels) - SHOWN_UNITS
    if rest > 0:
        more = escape(ngettext("và %(n)s đơn vị khác", "và %(n)s đơn vị khác", rest) % {"n": rest})
        shown += f' <span class="text-muted" title="{"; ".join(labels)}">{more}</span>'
    return mark_safe(shown)


def item_link(item):
    """The item's text, shortened, as a link to its page; a recommendation raised again says which
    time it is."""
    url = item.url if "url" in item.__dict__ else item.get_absolute_url()  # registers.Register.prepare
    link = f'<a href="{escape(url)}">{escape(shortened(item.text))}</a>'
    if getattr(item, "repeat_count", 0):
        title, times = escape(_("Kiến nghị lặp lại")), escape(_("Lần thứ %(n)s") % {"n": item.times_raised})
        link += f' <span class="badge text-bg-warning" title="{title}">{times}</span>'
    return mark_safe(link)


def conference_cell(item):
    """The day and kind of the item's conference, as a register's page loads them (joined on the
    item: `conference_date`, `conference_kind`)."""
    kind = _choice_label(Conference.Kind, item.conference_kind, get_language())
    return mark_safe(f'{day(item.conference_date)}<br><span class="text-muted">{kind}</span>')


def row(columns, item):
    """One table row of a register: each page column's cell (registers.Column)."""
    cells = "".join(
        [  # a list, not a generator: resuming one cost a call a cell
            f'<td class="{column.css}">{column.cell(item)}</td>'
            if column.css
            else f"<td>{column.cell(item)}</td>"
            for column in columns
        ]
    )
    return mark_safe(f"<tr>{cells}</tr>")


def rows(columns, items):
    """The table's rows, one HTML text (a template loop cost a dozen calls a row)."""
    return mark_safe("\n".join([row(columns, item) for item in items]))
