"""The purchase order's arithmetic (domain/purchase_orders.py): cases and loose units add up to the
units, printed line totals add up to the order's total, delivery is the lead time rounded up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.purchase_orders import (
    OrderItem,
    Party,
    cases_and_loose,
    delivery_date,
    money,
    order_line,
    purchase_orders,
)

DAY = dt.date(2026, 3, 2)


def item(sku: str, quantity: float, pack: int = 12, cost: float | None = 9.95, location: str = "ST01") -> OrderItem:
    return OrderItem(Party("S1", "Supplier"), Party(location, location), sku, sku, "", pack, quantity, cost)


@given(st.integers(0, 10**7), st.integers(-3, 500))
def test_cases_and_loose_units_add_up_to_the_units(units, pack):
    cases, loose = cases_and_loose(units, pack)
    assert cases * max(pack, 1) + loose == units and 0 <= loose < max(pack, 1)


@given(
    st.lists(st.tuples(st.integers(1, 5000), st.integers(1, 48), st.decimals("0.01", "999.99", places=2)), min_size=1)
)
def test_the_order_total_is_the_sum_of_its_printed_line_totals(lines):
    items = [item(f"K{n:03}", units, pack, float(cost)) for n, (units, pack, cost) in enumerate(lines)]
    (order,) = purchase_orders(1, DAY, items, {"S1": 3})
    assert Decimal(str(order.total_cost)) == sum(Decimal(str(x.line_total)) for x in order.lines)
    assert order.total_units == sum(units for units, _, _ in lines)
    assert all(Decimal(str(x.line_total)) == Decimal(x.units) * Decimal(str(x.unit_cost)) for x in order.lines)


@given(st.floats(0, 60, allow_nan=False))
def test_delivery_is_the_lead_time_rounded_up(lead):
    days = (delivery_date(DAY, lead) - DAY).days
    assert days - 1 < lead <= days


def test_known_answers():
    assert delivery_date(DAY, 2.5) == dt.date(2026, 3, 5) and delivery_date(DAY, 2) == dt.date(2026, 3, 4)
    assert delivery_date(DAY, 0) == DAY
    assert money(1.005) == 1.01  # half up to the cent (Python's round(1.005, 2) gives 1.0)
    line = order_line(item("A", 3.0, pack=2, cost=0.335))
    assert (line.cases, line.loose_units, line.units, line.line_total) == (1, 1, 3, 1.01)
    assert order_line(item("B", 12.0, cost=None)).line_total == 0.0  # no cost: nothing priced
    assert purchase_orders(1, DAY, [item("C", 0.4)], {}) == []  # nothing to order: no order
    orders = purchase_orders(4, DAY, [item("D", 5, location="ST02"), item("E", 7), item("F", 1)], {})
    assert [(o.order_number, [x.sku for x in o.lines]) for o in orders] == [
        ("P4-S1-ST01", ["E", "F"]),
        ("P4-S1-ST02", ["D"]),
    ]
