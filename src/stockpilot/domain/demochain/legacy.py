"""The chain's current ordering rule, run day by day over the demo history (pure, seeded).

This is the "before" of the pilot: the rule a small chain runs by hand.
- Stores: min/max on the average daily sales of the last 28 days (min = 1 week,
  max = the store's cover, 2 to 4 weeks by profile, at least one unit on the
  shelf), reviewed every evening; the
  central warehouse ships what it has (rationed pro rata when short) and the
  goods arrive after the store's transfer days.
- Warehouse: min/max on the chain's average daily sales (the larger of the last
  4 weeks' and the last week's average; min = lead time + 2
  weeks, and at least enough to restock every store's shelf minimum; max = min +
  4 weeks), reviewed once a week per supplier; orders are
  rounded up to the case pack and at least the MOQ; lead times vary around the
  supplier's nominal one, and some orders come late.
Demand that finds an empty shelf is lost: those are the censored days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stockpilot.domain.arrays import IntArray
from stockpilot.domain.demochain.profiles import Chain

WINDOW = 28  # days of sales the rule averages
RECENT = 7  # the warehouse buyer also looks at the last week
STORE_MIN_DAYS = 7
STORE_FLOOR = 2  # units kept on every store shelf, however slow the item
WAREHOUSE_SAFETY_DAYS, WAREHOUSE_CYCLE_DAYS = 14, 28


@dataclass(frozen=True)
class Order:
    """One order line: a supplier order to the warehouse (store = -1) or a transfer to a store."""

    order_id: int
    supplier: int  # index into chain.suppliers; -1 for a transfer from the warehouse
    store: int  # index into chain.stores; -1 for the warehouse
    sku: int
    order_day: int
    arrive_day: int
    quantity: int


@dataclass(frozen=True)
class History:
    """What the rule did. Arrays are indexed [location, sku, day]; location S is the warehouse.

    ``opening`` is the stock on hand at the start of each day, before that day's
    deliveries; deliveries arrive in the morning, sales happen during the day.
    """

    sales: IntArray
    lost: IntArray
    opening: IntArray
    closing: IntArray
    orders: tuple[Order, ...]


def ration(request: IntArray, available: IntArray) -> IntArray:
    """Ship ``request`` (store x SKU) from ``available`` (SKU): in full when there is enough,
    else pro rata, the units left after rounding down going to the largest remainders
    (Hamilton's method), so a short warehouse still ships every unit it has."""
    wanted = request.sum(axis=0)
    ratio = np.divide(available, wanted, out=np.ones(len(available)), where=wanted > 0).clip(max=1.0)
    exact = request * ratio
    shipped = np.floor(exact).astype(np.int64)
    left = np.minimum(available, wanted) - shipped.sum(axis=0)
    rank = np.argsort(np.argsort(-(exact - shipped), axis=0, kind="stable"), axis=0, kind="stable")
    rationed: IntArray = shipped + (rank < left).astype(np.int64)
    return rationed


def _lead_time(supplier_index: int, chain: Chain, rng: np.random.Generator) -> int:
    supplier = chain.suppliers[supplier_index]
    days = max(1, round(rng.normal(supplier.lead_time_days, supplier.lead_time_sd)))
    if rng.random() < supplier.late_share:
        days += supplier.late_extra_days
    return days


def run_legacy_rule(
    demand: IntArray,
    chain: Chain,
    sku_supplier: IntArray,
    weekdays: IntArray,
    rng: np.random.Generator,
) -> History:
    """Simulate the rule over ``demand`` (store x SKU x day); see the module docstring."""
    n_stores, n_skus, n_days = demand.shape
    horizon = n_days + max(s.lead_time_days + 4 * s.lead_time_sd + s.late_extra_days for s in chain.suppliers) + 8
    transfer_days = np.array([s.transfer_days for s in chain.stores])
    max_days = np.array([s.max_cover_days for s in chain.stores])
    case = np.array([chain.suppliers[i].case_pack for i in sku_supplier])
    moq = np.array([chain.suppliers[i].moq for i in sku_supplier])
    nominal = np.array([chain.suppliers[i].lead_time_days for i in sku_supplier])

    sales = np.zeros_like(demand)
    opening = np.zeros((n_stores + 1, n_skus, n_days), dtype=np.int64)
    closing = np.zeros_like(opening)
    to_store = np.zeros((n_stores, n_skus, int(horizon)), dtype=np.int64)
    to_warehouse = np.zeros((n_skus, int(horizon)), dtype=np.int64)
    warm_up = demand[:, :, :WINDOW].mean(axis=2)  # what the shop knew before the data starts

    store_on = np.ceil(max_days[:, None] * warm_up).astype(np.int64) + 1
    store_transit = np.zeros_like(store_on)
    chain_warm = warm_up.sum(axis=0)
    warehouse_on = np.ceil(chain_warm * (nominal + WAREHOUSE_SAFETY_DAYS + WAREHOUSE_CYCLE_DAYS)).astype(np.int64)
    warehouse_open = np.zeros(n_skus, dtype=np.int64)
    orders: list[Order] = []

    for day in range(n_days):
        opening[:n_stores, :, day], opening[n_stores, :, day] = store_on, warehouse_on
        store_on += to_store[:, :, day]
        store_transit -= to_store[:, :, day]
        warehouse_on += to_warehouse[:, day]
        warehouse_open -= to_warehouse[:, day]

        sold = np.minimum(demand[:, :, day], store_on)
        sales[:, :, day] = sold
        store_on -= sold

        start = max(0, day + 1 - WINDOW)
        average = sales[:, :, start : day + 1].sum(axis=2) / WINDOW if day >= WINDOW else warm_up
        low = np.maximum(np.ceil(STORE_MIN_DAYS * average), STORE_FLOOR).astype(np.int64)
        high = np.maximum(np.ceil(max_days[:, None] * average), low + 1).astype(np.int64)
        position = store_on + store_transit
        request = np.where(position <= low, high - position, 0)
        shipped = ration(request, warehouse_on)
        warehouse_on -= shipped.sum(axis=0)
        store_transit += shipped
        for store, sku in zip(*np.nonzero(shipped), strict=True):
            arrive = day + int(transfer_days[store])
            to_store[store, sku, arrive] += shipped[store, sku]
            orders.append(Order(len(orders), -1, int(store), int(sku), day, arrive, int(shipped[store, sku])))

        chain_average = chain_warm
        if day >= WINDOW:  # the buyer follows a pick-up: the larger of the 4-week and 1-week averages
            recent = sales[:, :, day + 1 - RECENT : day + 1].sum(axis=(0, 2)) / RECENT
            chain_average = np.maximum(sales[:, :, start : day + 1].sum(axis=(0, 2)) / WINDOW, recent)
        for supplier_index, supplier in enumerate(chain.suppliers):
            if supplier.review_weekday != weekdays[day]:
                continue
            skus = np.flatnonzero(sku_supplier == supplier_index)
            floor = n_stores * STORE_FLOOR  # enough to put the shelf minimum back in every store
            low_w = np.maximum(chain_average[skus] * (nominal[skus] + WAREHOUSE_SAFETY_DAYS), floor)
            high_w = low_w + chain_average[skus] * WAREHOUSE_CYCLE_DAYS
            position_w = warehouse_on[skus] + warehouse_open[skus]
            need = np.where(position_w <= low_w, high_w - position_w, 0)
            quantity = np.where(need > 0, np.maximum(np.ceil(need / case[skus]) * case[skus], moq[skus]), 0)
            if not quantity.any():
                continue
            arrive = day + _lead_time(supplier_index, chain, rng)
            for sku, units in zip(skus[quantity > 0], quantity[quantity > 0].astype(np.int64), strict=True):
                to_warehouse[sku, arrive] += units
                warehouse_open[sku] += units
                orders.append(Order(len(orders), supplier_index, -1, int(sku), day, arrive, int(units)))
        closing[:n_stores, :, day], closing[n_stores, :, day] = store_on, warehouse_on

    return History(sales, demand - sales, opening, closing, tuple(orders))
