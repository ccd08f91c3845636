"""The rows of the conference list, written in Python (as the registers' cells,
recommendations/cells.py): the template's twenty-odd tags a row — dates, labels of choices, the
host's label, two links, the permission to edit — cost more than the page's queries. Every stored
or translated text goes through `escape`; each function returns safe HTML."""

from html import escape

from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from frontwork.accounts.permissions import can
from frontwork.links import link


def list_row(conference, user, *, editing):
    """One row of the list; `editing`: the page has the column of the "Nhập liệu" buttons (the
    user may add conferences), which shows the button where the user may change this one."""
    kind = escape(str(conference.get_kind_display()))
    if conference.period:
        kind += f" · {escape(str(conference.period_short))}"
    record = link("conferences:record", conference.pk)
    cells = [
        f'<td class="text-nowrap">{conference.date.strftime("%d/%m/%Y")}</td>',
        f'<td class="fw-subject"><a href="{record}">{escape(capfirst(conference.subject))}</a></td>',
        f'<td class="d-none d-sm-table-cell">{kind}</td>',
        f'<td class="d-none d-lg-table-cell">{escape(str(conference.get_format_display()))}</td>',
        f'<td class="d-none d-md-table-cell">{escape(conference.host_unit.label_in_committee)}</td>',
        f'<td><span class="badge fw-status fw-status-{escape(conference.status)}">'
        f"{escape(str(conference.get_status_display()))}</span></td>",
    ]
    if editing:
        button = ""
        if can(user, "conference.change", conference):
            edit = link("conferences:edit", conference.pk)
            button = f'<a class="btn btn-sm btn-outline-secondary" href="{edit}">{escape(_("Nhập liệu"))}</a>'
        cells.append(f'<td class="text-end text-nowrap">{button}</td>')
    return mark_safe("<tr>" + "".join(cells) + "</tr>")
