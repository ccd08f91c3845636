"""The final report as a .docx file, for offices that must edit it in Word: the same content and
the same Decree 30 layout as the PDF, in a plain python-docx document (made on request)."""

from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from frontwork.text import exportable, nfc
from reports.final.document import print_context

FONT = "Times New Roman"
STYLES = {
    "bold": (True, False),
    "bold_italic": (True, True),
    "italic": (False, True),
    "regular": (False, False),
}


def _paragraph(container, text, *, bold=False, italic=False, size=None, align=None, indent=None, after=0):
    paragraph = container.add_paragraph()
    run = paragraph.add_run(exportable(nfc(text)))
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    paragraph.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = indent
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    return paragraph


def _first_cell_paragraph(cell):
    """Table cells start with an empty paragraph; drop it so the cell begins with our text."""
    cell._element.remove(cell.paragraphs[0]._element)


def final_report_docx(report, layout, conference=None):
    context = print_context(report, layout, conference)
    body = context["body"]
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(layout.margin_top_mm), Mm(layout.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(layout.margin_left_mm), Mm(layout.margin_right_mm)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(float(layout.font_size_pt))
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    center = WD_ALIGN_PARAGRAPH.CENTER

    issuer, nation = document.add_table(rows=1, cols=2).rows[0].cells
    for cell in (issuer, nation):
        _first_cell_paragraph(cell)
    for line in context["letterhead"]["parent_lines"]:
        _paragraph(issuer, line.upper(), bold=layout.parent_body_bold, size=13, align=center)
    for line in context["letterhead"]["issuing_lines"]:
        _paragraph(issuer, line.upper(), bold=True, size=13, align=center)
    _paragraph(issuer, f"Số: {report.reference}", size=13, align=center)
    _paragraph(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12, align=center)
    _paragraph(nation, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13, align=center)
    _paragraph(nation, context["place_date"], italic=True, align=center)

    _paragraph(document, report.title.upper(), bold=True, size=14, align=center)
    _paragraph(document, body.subject, bold=True, size=14, align=center, after=12)

    indent = Cm(float(layout.first_line_indent_cm))
    spacing = layout.paragraph_spacing_pt

    def text(value, style=None):
        bold, italic = STYLES[style] if style else (False, False)
        _paragraph(document, value, bold=bold, italic=italic, indent=indent, after=spacing)

    heading_styles = {"section": layout.section_heading_style, "subsection": layout.subsection_heading_style}
    for value, kind in body.reading_order():
        text(value, heading_styles.get(kind))

    recipients, signature = document.add_table(rows=1, cols=2).rows[0].cells
    for cell in (recipients, signature):
        _first_cell_paragraph(cell)
    _paragraph(recipients, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in context["recipients"]:
        _paragraph(recipients, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = report.signature_lines
    for number, line in enumerate(lines, start=1):
        _paragraph(signature, line, bold=True, align=center, after=72 if number == len(lines) else 0)
    _paragraph(signature, report.signer_name, bold=True, align=center)

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
