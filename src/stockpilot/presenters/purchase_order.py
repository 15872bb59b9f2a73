"""A purchase order as a supplier reads it, in English, Chinese or both, and `review export`'s summary.

:func:`layout` is the one wording of the document: its title, header fields, table columns,
rows and totals row, labels from the catalogue (``doc.*``). The Excel and PDF writers
(adapters/exports/purchase_orders.py) draw it, and :func:`purchase_order_text` prints it as
plain lines (the golden files). In ``both`` every label is bilingual ("Order date 訂單日期") and
a location is named in both languages. Numbers stay numbers (the writers format them); in text
units are whole numbers with thousands separators and money is ``HK$1,234.50``. A quantity that
is not a whole number of cases shows as whole cases plus loose units (two columns), never as a
fraction of a case.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from stockpilot.domain.purchase_orders import Party, PurchaseOrder
from stockpilot.messages import render
from stockpilot.messages.documents import BOTH, document_language
from stockpilot.presenters import Line, display_width

Cell = str | int | float | None


class Kind(str, Enum):
    """How a column's values are shown."""

    TEXT = "text"
    COUNT = "count"  # whole units: 1,234
    MONEY = "money"  # HK$1,234.50


COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("doc.sku", Kind.TEXT),
    ("doc.name_en", Kind.TEXT),
    ("doc.name_zh", Kind.TEXT),
    ("doc.case_pack", Kind.COUNT),
    ("doc.cases", Kind.COUNT),
    ("doc.loose_units", Kind.COUNT),
    ("doc.units", Kind.COUNT),
    ("doc.unit_cost", Kind.MONEY),
    ("doc.line_total", Kind.MONEY),
)


@dataclass(frozen=True)
class DocumentLayout:
    """What a purchase order shows, worded; the writers decide only how it looks."""

    title: str
    fields: tuple[tuple[str, str], ...]  # (label, value) of the header block
    columns: tuple[str, ...]
    kinds: tuple[Kind, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...]  # the totals row, under the columns
    cjk: bool  # whether text beyond ASCII (Chinese) is shown: a writer needs a font for it


def label(code: str, lang: str) -> str:
    """The catalogue's word for ``code`` in ``lang``; in ``both`` English, then Chinese."""
    if lang == BOTH:
        return f"{render(code, 'en')} {render(code, 'zh-HK')}"
    return render(code, lang)


def party_name(party: Party, lang: str) -> str:
    """A party's name in ``lang`` (the English name where no Chinese one is known); in ``both`` both, once each."""
    chinese = party.name_zh or party.name_en
    if lang == "en":
        return party.name_en
    if lang == BOTH and chinese != party.name_en:
        return f"{party.name_en} {chinese}"
    return chinese


def count(value: int) -> str:
    return f"{value:,}"


def money(value: float) -> str:
    return f"HK${value:,.2f}"


def shown(value: Cell, kind: Kind) -> str:
    """A cell as text: counts with separators, money as HK$, nothing as an empty cell."""
    if value is None:
        return ""
    if kind is Kind.MONEY and isinstance(value, int | float):
        return money(value)
    if kind is Kind.COUNT and isinstance(value, int):
        return count(value)
    return str(value)


def layout(order: PurchaseOrder, lang: str) -> DocumentLayout:
    """The document of ``order`` in ``lang`` (en, zh-HK or both)."""
    lang = document_language(lang)
    supplier = order.supplier
    fields = [
        (label("doc.order_number", lang), order.order_number),
        (label("doc.order_date", lang), order.order_date.isoformat()),
        (label("doc.delivery_date", lang), order.delivery_date.isoformat()),
        (label("doc.supplier", lang), f"{party_name(supplier, lang)} ({supplier.party_id})"),
        (label("doc.deliver_to", lang), f"{party_name(order.deliver_to, lang)} ({order.deliver_to.party_id})"),
    ]
    if order.deliver_to.address:
        fields.append((label("doc.address", lang), order.deliver_to.address))
    rows = tuple(
        (x.sku, x.name_en, x.name_zh, x.case_pack, x.cases, x.loose_units, x.units, x.unit_cost, x.line_total)
        for x in order.lines
    )
    totals: tuple[Cell, ...] = (label("doc.total", lang), None, None, None, None, None, order.total_units, None)
    return DocumentLayout(
        f"{label('doc.purchase_order', lang)} {order.order_number}",
        tuple(fields),
        tuple(label(code, lang) for code, _ in COLUMNS),
        tuple(kind for _, kind in COLUMNS),
        rows,
        (*totals, order.total_cost),
        cjk=lang != "en" or not all(str(cell).isascii() for row in (*fields, *rows) for cell in row),
    )


def _padded(text: str, size: int, right: bool) -> str:
    gap = " " * (size - display_width(text))
    return gap + text if right else text + gap


def table_text(columns: Sequence[str], kinds: Sequence[Kind], rows: Sequence[Sequence[Cell]]) -> list[str]:
    """Rows as aligned plain-text lines under ``columns``: text to the left, numbers to the right."""
    cells = [list(columns), *([shown(v, k) for v, k in zip(row, kinds, strict=True)] for row in rows)]
    sizes = [max(display_width(row[i]) for row in cells) for i in range(len(columns))]
    return [
        "  ".join(
            _padded(cell, size, kind is not Kind.TEXT and n > 0)
            for cell, size, kind in zip(row, sizes, kinds, strict=True)
        ).rstrip()
        for n, row in enumerate(cells)
    ]


def purchase_order_text(order: PurchaseOrder, lang: str) -> list[Line]:
    """The document as plain lines: the title, the header block, the table and its totals row."""
    document = layout(order, lang)
    size = max(display_width(name) for name, _ in document.fields)
    shown_lines = [Line(document.title, "bold")]
    shown_lines += [Line(f"{_padded(name, size, False)}  {value}") for name, value in document.fields]
    shown_lines.append(Line(""))
    shown_lines += [
        Line(text) for text in table_text(document.columns, document.kinds, [*document.rows, document.totals])
    ]
    return shown_lines


def export_summary(
    plan_id: int, directory: str, order_lines: str, orders: Sequence[PurchaseOrder], lang: str
) -> list[Line]:
    """`review export`: how many orders went where, then each order's lines, units and HK$ total."""
    if not orders:
        return [Line(render("exported.nothing", lang, plan_id=plan_id), "yellow")]
    shown_lines = [
        Line(
            render(
                "exported.orders",
                lang,
                plan_id=plan_id,
                orders=len(orders),
                directory=directory,
                order_lines=order_lines,
            )
        )
    ]
    shown_lines += [
        Line(
            render(
                "exported.order",
                lang,
                order_number=x.order_number,
                supplier=party_name(x.supplier, lang),
                deliver_to=party_name(x.deliver_to, lang),
                lines=len(x.lines),
                units=x.total_units,
                total=x.total_cost,
            )
        )
        for x in orders
    ]
    return shown_lines
