"""A purchase order as Excel and as PDF, drawn from its worded document (presenters/purchase_order.py ``layout``).

- **Excel** (XlsxWriter, through the safe writer's options and :func:`~.tables.write_cell`, so
  no cell is ever a formula and a formula-like text gets the quote prefix): the title, the
  header block (label, value), the table with its column labels, and the totals row in bold;
  counts in the number format ``#,##0`` and money in ``"HK$"#,##0.00``, kept as numbers so the
  supplier's own spreadsheet can add them up.
- **PDF** (reportlab 4.2, https://docs.reportlab.com/reportlab/userguide/ch7_tables/): A4
  landscape, the same blocks. Chinese is drawn with reportlab's built-in CID font
  ``MSung-Light`` (Traditional Chinese, Adobe-CNS1; chapter 3.6 "Asian Font Support" of the
  user guide), which every PDF reader has, so no font file is shipped or embedded. Text goes
  into cells as escaped ``Paragraph`` markup (``<``, ``>`` and ``&`` escaped), so a product
  name cannot inject markup; the file is written with ``invariant`` on (no creation time or
  random id), so the same order gives the same bytes.

Both files are created 0600 and renamed into place (:func:`~.files.atomic_file`).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from stockpilot.adapters.exports.cells import sheet_name
from stockpilot.adapters.exports.files import atomic_file, target_path
from stockpilot.adapters.exports.tables import WORKBOOK_OPTIONS, write_cell
from stockpilot.domain.purchase_orders import PurchaseOrder
from stockpilot.presenters.purchase_order import Kind, layout, shown

NUMBER_FORMATS = {Kind.COUNT: "#,##0", Kind.MONEY: '"HK$"#,##0.00'}
CJK_FONT = "MSung-Light"
LATIN_FONT = "Helvetica"
COLUMN_MM = (28, 58, 48, 18, 16, 18, 20, 24, 30)  # the widths of the table's columns on A4 landscape (273 mm)


def write_purchase_order_xlsx(folder: Path, name: str, order: PurchaseOrder, lang: str) -> Path:
    """``folder/name``: the order's document in ``lang`` on one sheet named by its order number
    (see the module docstring); returns the path."""
    path, document = target_path(folder, name), layout(order, lang)
    with atomic_file(path) as handle:
        book = xlsxwriter.Workbook(handle, WORKBOOK_OPTIONS)
        quoted = book.add_format({"quote_prefix": True})
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14})
        formats = {kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
        totals = {kind: book.add_format({"num_format": f, "bold": True}) for kind, f in NUMBER_FORMATS.items()}
        worksheet = book.add_worksheet(sheet_name(order.order_number))
        write_cell(worksheet, 0, 0, document.title, quoted, title)
        for y, (label, text) in enumerate(document.fields, start=2):
            write_cell(worksheet, y, 0, label, quoted, bold)
            write_cell(worksheet, y, 1, text, quoted)
        top = len(document.fields) + 3
        for x, label in enumerate(document.columns):
            write_cell(worksheet, top, x, label, quoted, bold)
        for y, row in enumerate(document.rows, start=top + 1):
            for x, (value, kind) in enumerate(zip(row, document.kinds, strict=True)):
                write_cell(worksheet, y, x, value, quoted, formats.get(kind))
        last = top + 1 + len(document.rows)
        for x, (value, kind) in enumerate(zip(document.totals, document.kinds, strict=True)):
            write_cell(worksheet, last, x, value, quoted, totals.get(kind, bold))
        worksheet.set_column(0, 0, 22)
        worksheet.set_column(1, 2, 30)
        worksheet.set_column(3, len(document.columns) - 1, 13)
        book.close()
    return path


def _font(cjk: bool) -> str:
    if not cjk:
        return LATIN_FONT
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


def write_purchase_order_pdf(folder: Path, name: str, order: PurchaseOrder, lang: str) -> Path:
    """``folder/name``: the order's document in ``lang`` as an A4 landscape PDF (see the module
    docstring); returns the path."""
    path, document = target_path(folder, name), layout(order, lang)
    font = _font(document.cjk)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=12)
    heading = ParagraphStyle("heading", parent=body, fontSize=15, leading=20)

    def text(value: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(value), style)

    fields = Table([[text(label), text(value)] for label, value in document.fields], colWidths=(55 * mm, 200 * mm))
    fields.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    cells = [[text(c) for c in document.columns]]
    cells += [
        [text(shown(v, k)) if k is Kind.TEXT else shown(v, k) for v, k in zip(row, document.kinds, strict=True)]
        for row in (*document.rows, document.totals)
    ]
    numbers = [x for x, kind in enumerate(document.kinds) if kind is not Kind.TEXT]
    lines = Table(cells, repeatRows=1, colWidths=[w * mm for w in COLUMN_MM])
    lines.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("BACKGROUND", (0, -1), (-1, -1), colors.whitesmoke),
                *(("ALIGN", (x, 1), (x, -1), "RIGHT") for x in numbers),
            ]
        )
    )
    with atomic_file(path) as handle:
        pdf = SimpleDocTemplate(
            handle,
            pagesize=landscape(A4),
            invariant=True,
            title=document.title,
            leftMargin=12 * mm,
            rightMargin=12 * mm,
            topMargin=12 * mm,
            bottomMargin=12 * mm,
        )
        pdf.build([text(document.title, heading), Spacer(1, 4 * mm), fields, Spacer(1, 6 * mm), lines])
    return path
