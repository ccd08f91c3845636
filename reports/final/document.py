"""The final report as a print document: what the `reports/pdf/` templates show and the HTML they
make. The PDF (reports/final/printing.py, in the worker) and the .docx export (wordexport.py) are
both laid out from it; nothing here needs WeasyPrint, so web processes may import it."""

from dataclasses import replace

from django.template.loader import render_to_string

from conferences.composition import compose, conference_with_record
from frontwork.text import nfc
from reports.final.letterhead import default_lines, default_place_name, print_lines


def vietnamese_date(day):
    """ "ngày 07 tháng 02 năm 2017": days below 10 and months 1–2 take a leading zero (Decree 30)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_name(report, layout):
    """The place name printed before the date: the report's own, else its issuing unit's layout's,
    else the division of the unit (or of its committee); empty when none gives one (the PDF then
    prints "…")."""
    return (report and report.place_name) or layout.place_name or default_place_name(layout.unit)


def unit_letterhead(layout):
    """(first line, second line) of the letterhead the issuing unit prints when a report does not
    set its own: its layout's, else the tree's (reports/final/letterhead.py)."""
    parent, issuing = default_lines(layout.unit)
    return layout.parent_body_line or parent, layout.issuing_body_line or issuing


def letterhead(report, layout):
    """The letterhead's lines as printed: the report's own, else the unit's; a line typed with
    breaks prints as several, and no line breaks inside a place name."""
    parent, issuing = unit_letterhead(layout)
    return {
        "parent_lines": print_lines((report and report.parent_body_line) or parent),
        "issuing_lines": print_lines((report and report.issuing_body_line) or issuing),
    }


def print_context(report, layout, conference=None):
    """What the print template shows. `conference` should come from `conference_with_record`."""
    conference = conference or conference_with_record(report.conference_id, units=False)
    composition = compose(conference, units=False)
    composition = replace(
        composition,
        subject=report.subject or composition.subject,
        opening=report.opening or composition.opening,
        closing=report.closing or composition.closing,
    )
    return {
        "report": report,
        "layout": layout,
        "letterhead": letterhead(report, layout),
        "body": composition,
        "place_date": f"{place_name(report, layout) or '…'}, {vietnamese_date(report.date)}",
        "recipients": report.recipient_lines,
    }


def print_html(report, layout, conference=None):
    return nfc(render_to_string("reports/pdf/final_report.html", print_context(report, layout, conference)))
