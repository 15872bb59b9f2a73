"""Purchase orders a supplier can act on, and the shop's own list of what was ordered (R-REP-3).

From the approved and edited lines of a plan that order something (``review_lines``: the
latest decision on each line), :func:`purchase_orders` makes one
:class:`~stockpilot.domain.purchase_orders.PurchaseOrder` per supplier and delivery location
(the arithmetic is the domain's: whole units, cases and loose units, HK$ to the cent, delivery
on the order date plus the supplier's nominal lead time rounded up). The order date is the
plan's date; the supplier's and location's names, the products' names and case packs come with
the lines, the addresses and lead times from ``PlanRepository.order_terms``.

:func:`export_purchase_orders` writes each order as ``<order number>.xlsx`` and ``.pdf`` in
the document language (``en``, ``zh-HK`` or ``both``), and for the shop itself
``order-lines.csv`` and ``order-lines.xlsx``: every ordered line with its proposal's reason in
the output language, the decision, who made it, when and why. The purchase orders carry
nothing internal (no reasons, flags, ABC classes or service levels); the order lines do.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stockpilot.adapters.exports import make_folder, safe_names, write_csv, write_xlsx
from stockpilot.adapters.exports.purchase_orders import write_purchase_order_pdf, write_purchase_order_xlsx
from stockpilot.domain.purchase_orders import OrderItem, Party, PurchaseOrder, line_total, order_number
from stockpilot.domain.purchase_orders import purchase_orders as make_orders
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.messages.documents import DOCUMENT_LANGUAGES, document_language
from stockpilot.services.ports import Storage
from stockpilot.services.review import ReviewFilter, ReviewLine, review_lines

ORDERED = ("approve", "edit")
ORDER_LINES = "order-lines"
ORDER_LINE_COLUMNS = (
    "order_number",
    "plan_id",
    "line",
    "supplier_id",
    "location_id",
    "sku",
    "product",
    "proposed_quantity",
    "quantity",
    "unit_cost",
    "line_total",
    "reason",
    "decision",
    "decided_by",
    "decided_at",
    "decision_reason",
)


@dataclass(frozen=True)
class ExportedOrder:
    """One purchase order written: its number, parties, size, HK$ total and files."""

    order_number: str
    supplier_id: str
    location_id: str
    lines: int
    total_units: int
    total_cost: float
    files: tuple[Path, ...]


@dataclass(frozen=True)
class PurchaseOrderExport:
    """What `review export` wrote: the orders (documents and files) and the shop's order lines."""

    plan_id: int
    directory: Path
    document_language: str
    orders: tuple[PurchaseOrder, ...]
    written: tuple[ExportedOrder, ...]
    order_lines: tuple[Path, ...]

    def to_dict(self) -> dict[str, object]:
        """`review export --json`: the files, and each order's number, parties and totals."""
        return {
            "plan_id": self.plan_id,
            "directory": str(self.directory),
            "document_language": self.document_language,
            "orders": [
                {
                    "order_number": x.order_number,
                    "supplier_id": x.supplier_id,
                    "location_id": x.location_id,
                    "lines": x.lines,
                    "total_units": x.total_units,
                    "total_cost": x.total_cost,
                    "files": [str(p) for p in x.files],
                }
                for x in self.written
            ],
            "order_lines": [str(p) for p in self.order_lines],
        }


def ordered_lines(store: Storage, plan_id: int) -> list[ReviewLine]:
    """The plan's approved and edited lines that order at least one unit, in supplier, location, SKU order."""
    lines = review_lines(store, plan_id, ReviewFilter(ordered_only=False))
    chosen = [x for x in lines if x.decision in ORDERED and round(x.quantity) > 0]
    return sorted(chosen, key=lambda x: (x.supplier_id, x.location_id, x.sku))


def purchase_orders(store: Storage, plan_id: int, lines: list[ReviewLine] | None = None) -> list[PurchaseOrder]:
    """One purchase order per supplier and delivery location of the plan (see the module docstring)."""
    terms = store.plans.order_terms(plan_id)
    if terms is None:
        raise Refusal("refusal.unknown_plan", plan_id=plan_id)
    items = [
        OrderItem(
            Party(x.supplier_id, x.supplier_name or x.supplier_id),
            Party(
                x.location_id,
                x.location_name_en or x.location_id,
                x.location_name_zh or "",
                terms.addresses.get(x.location_id, ""),
            ),
            x.sku,
            x.product_name_en or x.sku,
            x.product_name_zh or "",
            round(x.case_pack),
            x.quantity,
            x.unit_cost,
        )
        for x in (ordered_lines(store, plan_id) if lines is None else lines)
    ]
    return make_orders(plan_id, terms.plan_date, items, terms.lead_times)


def _order_line_row(line: ReviewLine, language: str) -> tuple[object, ...]:
    units = round(line.quantity)
    return (
        order_number(line.plan_id, line.supplier_id, line.location_id),
        line.plan_id,
        line.line,
        line.supplier_id,
        line.location_id,
        line.sku,
        line.product_name(language),
        round(line.proposed_quantity),
        units,
        line.unit_cost,
        line_total(units, line.unit_cost),
        render(line.reason, language),
        line.decision,
        line.decided_by,
        line.decided_at,
        line.decision_reason,
    )


def export_purchase_orders(
    store: Storage, plan_id: int, directory: Path, language: str = "en", document: str | None = None
) -> PurchaseOrderExport:
    """Write the plan's purchase orders (``.xlsx`` and ``.pdf`` each, in ``document``: en, zh-HK or
    both; default ``language``) and the shop's ``order-lines.csv`` / ``.xlsx`` (in ``language``).

    File names come from ``safe_names`` (an order number holding ``../x`` or ``CON`` gets a safe
    name with a hash); every file is written by the safe export writer (formula-safe cells,
    0600 files, atomic). A plan a re-plan of its day replaced is refused: its replacement holds
    the same decisions, and exporting both would order the same goods twice."""
    try:
        lang = document_language(document or language)
    except ValueError:
        raise Refusal(
            "refusal.choice", name="--lang-of-document", allowed=", ".join(DOCUMENT_LANGUAGES), value=document
        ) from None
    replaced_by = store.plans.superseded_by(plan_id)
    if replaced_by is not None:  # its orders may be placed again from the plan that replaced it
        raise Refusal("refusal.export_superseded", plan_id=plan_id, replaced_by=replaced_by)
    lines = ordered_lines(store, plan_id)
    orders = purchase_orders(store, plan_id, lines)
    folder = make_folder(directory)
    names = safe_names(x.order_number for x in orders)
    written = []
    for order in orders:
        stem = names[order.order_number]
        files = (
            write_purchase_order_xlsx(folder, f"{stem}.xlsx", order, lang),
            write_purchase_order_pdf(folder, f"{stem}.pdf", order, lang),
        )
        written.append(
            ExportedOrder(
                order.order_number,
                order.supplier.party_id,
                order.deliver_to.party_id,
                len(order.lines),
                order.total_units,
                order.total_cost,
                files,
            )
        )
    rows = [_order_line_row(x, language) for x in lines]
    order_lines = (
        write_csv(folder, f"{ORDER_LINES}.csv", ORDER_LINE_COLUMNS, rows),
        write_xlsx(folder, f"{ORDER_LINES}.xlsx", ORDER_LINE_COLUMNS, rows, sheet=ORDER_LINES),
    )
    return PurchaseOrderExport(plan_id, folder, lang, tuple(orders), tuple(written), order_lines)
