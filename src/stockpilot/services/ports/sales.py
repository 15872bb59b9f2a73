"""Sales history: what the stored sales, stock, promotions and calendar say per series and day.

A *series* is a (location_id, sku) with at least one sale (quantity > 0) on or before the
cut-off; series come sorted by location, then SKU (byte order). A *day* is the calendar
day of a stored time (times are local already). Day numbers count from ``start``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class SaleDays:
    """The first and the last day with a sale (quantity > 0)."""

    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class DemandFacts:
    """The counts the demand panel is made from, for days ``start`` .. ``cutoff`` (the grids)
    and ``start`` .. ``last`` (promotions and events)."""

    start: dt.date
    cutoff: dt.date
    last: dt.date
    # per series
    locations: np.ndarray  # object: location_id
    skus: np.ndarray  # object: sku
    categories: np.ndarray  # object: products.category, "" if none
    departments: np.ndarray  # object: products.department, "" if none
    regular_price: np.ndarray  # float: products.unit_price, NaN if none
    # series x history days, float; 0 on a day without rows
    sold: np.ndarray  # sum of sales.quantity
    value: np.ndarray  # sum of quantity x unit_price over sales lines with a price
    priced: np.ndarray  # sum of quantity over sales lines with a price
    receipts: np.ndarray  # sum of receipts.quantity (by the day received)
    counts: np.ndarray  # on_hand of the day's last stock count; NaN on a day without one
    returned: np.ndarray | None  # sum of returns.quantity; None when not asked for
    # promotion cells over history + horizon: the largest discount covering series s on day d
    promotion_series: np.ndarray  # int64
    promotion_days: np.ndarray  # int64
    promotion_discount: np.ndarray  # float: discount_pct / 100, or the unknown discount asked for
    # chain-wide calendar events (no location)
    event_kinds: tuple[str, ...]  # every kind in the whole table ("" for none), unordered
    event_days: np.ndarray  # int64: days start .. last with an event
    event_kind: np.ndarray  # str: the smallest kind of that day's events

    @property
    def series(self) -> int:
        return len(self.skus)


class SalesHistory(Protocol):
    def sale_days(self, cutoff: dt.date | None = None) -> SaleDays | None:
        """The first and last day with a sale, on or before ``cutoff`` if given; None without sales."""
        ...

    def weekly_sales(self, first: dt.date, cutoff: dt.date) -> dict[str, np.ndarray]:
        """Columns sku, week (0 = the 7 days up to ``cutoff``), units and value, by SKU."""
        ...

    def product_names(self) -> dict[str, tuple[str | None, str | None]]:
        """Per SKU its English and Chinese names."""
        ...

    def selling_facts(self, cutoff: dt.date, *, season_days: int, dead_days: int) -> dict[str, np.ndarray]:
        """Per SKU sold in the 365 days up to ``cutoff`` over the chain: year_units, peak_units
        (the best ``season_days`` days), peak_end_age, last_sale_age (days before the day after
        ``cutoff``) and dead_units (sold in the last ``dead_days``); domain/replenishment/lifecycle.py."""
        ...

    def demand_facts(
        self, start: dt.date, cutoff: dt.date, last: dt.date, *, unknown_discount: float, returns: bool = False
    ) -> DemandFacts:
        """Every series sold on or before ``cutoff`` and its daily counts from ``start``; a promotion
        line without a discount counts as ``unknown_discount``; returns are read if ``returns``."""
        ...
