"""Filtered registers as .xlsx and .csv files with Vietnamese headers."""

import csv
import datetime
import io

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from frontwork.text import exportable


def _units(units):
    return "; ".join(u.label for u in units)


RECOMMENDATION_COLUMNS = [
    (_("STT"), 6, lambda i, r: i),
    (_("Nội dung kiến nghị"), 60, lambda i, r: r.text),
    (_("Hội nghị"), 30, lambda i, r: r.conference.subject),
    (_("Ngày họp"), 12, lambda i, r: r.conference.date),
    (_("Năm"), 8, lambda i, r: r.conference.period_year),
    (_("Đơn vị kiến nghị"), 30, lambda i, r: _units(r.raised_by.all())),
    (_("Cơ quan nhận kiến nghị"), 25, lambda i, r: r.addressee.label if r.addressee else ""),
    (_("Ban theo dõi"), 22, lambda i, r: r.department.label if r.department else ""),
    (_("Trạng thái"), 14, lambda i, r: str(r.get_status_display())),
    (_("Thời hạn"), 12, lambda i, r: r.due_date),
    (_("Quá hạn"), 9, lambda i, r: str(_("Có")) if r.is_overdue else ""),
    (_("Ngày chuyển"), 12, lambda i, r: r.forwarded_on),
    (_("Số văn bản chuyển"), 18, lambda i, r: r.forwarded_number),
    (_("Nội dung trả lời"), 50, lambda i, r: r.reply_text),
    (_("Ngày trả lời"), 12, lambda i, r: r.replied_on),
    (_("Số văn bản trả lời"), 18, lambda i, r: r.reply_number),
    (_("Số lần kiến nghị"), 10, lambda i, r: r.times_raised),
]

DIRECTIVE_COLUMNS = [
    (_("STT"), 6, lambda i, d: i),
    (_("Nội dung kết luận, chỉ đạo"), 60, lambda i, d: d.text),
    (_("Hội nghị"), 30, lambda i, d: d.conference.subject),
    (_("Ngày họp"), 12, lambda i, d: d.conference.date),
    (_("Năm"), 8, lambda i, d: d.conference.period_year),
    (_("Đơn vị thực hiện"), 40, lambda i, d: _units(d.owners.all())),
    (_("Thời hạn"), 12, lambda i, d: d.due_date),
    (_("Trạng thái"), 16, lambda i, d: str(d.get_status_display())),
    (_("Quá hạn"), 9, lambda i, d: str(_("Có")) if d.is_overdue else ""),
]


# In a .csv, a typed text starting with one of these would be run as a formula by a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Dates as Vietnamese readers write them: text in the .csv, a date cell shown so in the .xlsx.
CSV_DATE_FORMAT = "%d/%m/%Y"
XLSX_DATE_FORMAT = "dd/mm/yyyy"


def _csv_cell(value):
    """A date as dd/mm/yyyy text. Typed text as text: a leading apostrophe keeps a spreadsheet
    from running it as a formula."""
    value = exportable(value)
    if isinstance(value, datetime.date):
        return value.strftime(CSV_DATE_FORMAT)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(columns, items):
    for index, item in enumerate(items, start=1):
        yield [getter(index, item) for _h, _w, getter in columns]


def _iterate(qs):
    # chunked iteration keeps prefetch_related working on large exports
    return qs.iterator(chunk_size=2000)


def _xlsx_cell(ws, value):
    """A date as a date cell (so a spreadsheet sorts and filters by it), shown as dd/mm/yyyy.
    openpyxl writes a text starting with "=" as a formula: typed text is stored as text, as typed.
    Characters a spreadsheet cannot hold (stored before the forms refused them) are replaced."""
    value = exportable(value)
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def export_xlsx(columns, qs, *, title, filename):
    wb = Workbook(write_only=True)  # streams rows: large registers stay small in memory
    ws = wb.create_sheet(title[:31])
    for index, (_h, width, _g) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for text, _w, _g in columns:
        cell = WriteOnlyCell(ws, value=str(text))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    ws.append(header)
    for row in _rows(columns, _iterate(qs)):
        ws.append([_xlsx_cell(ws, value) for value in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_csv(columns, qs, *, filename):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the BOM lets Excel read UTF-8 (Vietnamese) correctly
    writer = csv.writer(buffer)
    writer.writerow([str(header) for header, _w, _g in columns])
    writer.writerows([_csv_cell(value) for value in row] for row in _rows(columns, _iterate(qs)))
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
