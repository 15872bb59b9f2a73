"""A purchase order a supplier can act on (R-REP-3): its number, dates, parties, lines and totals.

Pure: the approved lines of a plan, with the names and terms they need, become one
:class:`PurchaseOrder` per supplier and delivery location. The arithmetic, in one place:

- **units** are whole: a decided quantity is stored as a number (``12.0``) and ordered as
  ``round(quantity)`` units (edits are validated to whole units, so this only drops the ``.0``);
- **cases and loose units**: ``cases = units // case_pack`` and ``loose = units - cases * case_pack``,
  so ``cases * case_pack + loose == units`` always holds; a quantity that is not a whole number
  of cases is shown as whole cases and loose units, "3 cases + 4 units" in two columns (never as
  a decimal number of cases, which a warehouse cannot pick);
- **money** in HK$, to the cent, rounded half up (``decimal.ROUND_HALF_UP``): a line total is
  ``units * unit_cost``; the order's total is the sum of its rounded line totals, so the
  printed lines add up to the printed total;
- **expected delivery** is the order date plus the supplier's nominal lead time in days,
  rounded up (``order_date + ceil(lead_time_days)``): a supplier quoting 2.5 days delivers on
  the third day;
- **order number** ``P{plan}-{supplier}-{location}``: one per plan, supplier and location.

Nothing internal is carried: no reason, flag, ABC class or service level; the document holds
only what a supplier reads.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Party:
    """A supplier or a delivery location as the document names it."""

    party_id: str
    name_en: str
    name_zh: str = ""  # empty: only the English name is known
    address: str = ""


@dataclass(frozen=True)
class OrderItem:
    """One approved or edited plan line, with the product's names and pack (the input of :func:`purchase_orders`)."""

    supplier: Party
    deliver_to: Party
    sku: str
    name_en: str
    name_zh: str
    case_pack: int
    quantity: float  # units, as decided
    unit_cost: float | None  # HK$; None when the product has no cost


@dataclass(frozen=True)
class PurchaseOrderLine:
    sku: str
    name_en: str
    name_zh: str
    case_pack: int
    cases: int  # whole cases
    loose_units: int  # units beyond the whole cases (0 when the quantity is whole cases)
    units: int  # cases * case_pack + loose_units
    unit_cost: float | None  # HK$
    line_total: float  # HK$, to the cent; 0 without a unit cost


@dataclass(frozen=True)
class PurchaseOrder:
    order_number: str
    plan_id: int
    order_date: dt.date
    delivery_date: dt.date
    supplier: Party
    deliver_to: Party
    lines: tuple[PurchaseOrderLine, ...]
    total_units: int
    total_cost: float  # HK$, the sum of the line totals


def order_number(plan_id: int, supplier_id: str, location_id: str) -> str:
    """``P{plan_id}-{supplier_id}-{location_id}``: unique per plan, supplier and delivery location."""
    return f"P{plan_id}-{supplier_id}-{location_id}"


def delivery_date(order_date: dt.date, lead_time_days: float) -> dt.date:
    """The order date plus the nominal lead time, rounded up to whole days (negative counts as 0)."""
    return order_date + dt.timedelta(days=max(math.ceil(lead_time_days), 0))


def cases_and_loose(units: int, case_pack: int) -> tuple[int, int]:
    """(whole cases, loose units) of ``units`` in packs of ``case_pack`` (a pack below 1 counts as 1)."""
    return divmod(units, max(case_pack, 1))


def money(amount: Decimal | float) -> float:
    """``amount`` in HK$ rounded to the cent, half up."""
    return float(Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP))


def line_total(units: int, unit_cost: float | None) -> float:
    """``units * unit_cost`` in HK$ to the cent, half up (in decimal, so 3 x 0.335 is 1.01); 0 without a cost."""
    return money(Decimal(units) * Decimal(str(unit_cost))) if unit_cost is not None else 0.0


def order_line(item: OrderItem) -> PurchaseOrderLine:
    """One document line: whole units, cases and loose units, and the line total (module docstring)."""
    units = round(item.quantity)
    cases, loose = cases_and_loose(units, item.case_pack)
    return PurchaseOrderLine(
        item.sku,
        item.name_en,
        item.name_zh,
        max(item.case_pack, 1),
        cases,
        loose,
        units,
        item.unit_cost,
        line_total(units, item.unit_cost),
    )


def purchase_orders(
    plan_id: int, order_date: dt.date, items: Iterable[OrderItem], lead_times: dict[str, float]
) -> list[PurchaseOrder]:
    """One order per supplier and delivery location that orders at least one unit, ordered by
    supplier, then location; lines by SKU. ``lead_times``: each supplier's nominal lead time in
    days (a supplier missing there delivers on the order date)."""
    grouped: dict[tuple[str, str], list[OrderItem]] = {}
    for item in items:
        if round(item.quantity) > 0:
            grouped.setdefault((item.supplier.party_id, item.deliver_to.party_id), []).append(item)
    orders = []
    for (supplier_id, location_id), group in sorted(grouped.items()):
        lines = tuple(order_line(x) for x in sorted(group, key=lambda x: x.sku))
        orders.append(
            PurchaseOrder(
                order_number(plan_id, supplier_id, location_id),
                plan_id,
                order_date,
                delivery_date(order_date, lead_times.get(supplier_id, 0.0)),
                group[0].supplier,
                group[0].deliver_to,
                lines,
                sum(x.units for x in lines),
                money(sum(Decimal(str(x.line_total)) for x in lines)),
            )
        )
    return orders
