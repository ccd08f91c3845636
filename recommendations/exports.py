"""Filtered registers as .xlsx and .csv files with Vietnamese headers, written from the registers'
columns (recommendations/registers.py: header, width, value of each row)."""

import csv
import datetime
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from frontwork.text import exportable

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
        yield [column.value(index, item) for column in columns]


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
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=str(column.header))
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
    writer.writerow([str(column.header) for column in columns])
    writer.writerows([_csv_cell(value) for value in row] for row in _rows(columns, _iterate(qs)))
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
