"""Sales are not demand: a day that ran out of stock only shows a lower bound (R-FC-2).

Such a day is *censored*: its sales say "at least this much", so forecasting
treats it as missing, not as the demand it was (Nahmias, "Demand estimation in
lost sales inventory systems", Naval Research Logistics 41, 1994). Two ways to
know a day was censored, both on series x day arrays:

- from stock: the shelf ended the day empty. End-of-day stock is rebuilt from
  the last count before the day plus receipts minus sales since (counts taken
  before the day's deliveries and sales);
- inferred, when no stock is known: a run of zero-sale days too long for the
  item's usual rate. Under Poisson demand at rate r, k days without a sale have
  probability exp(-r k); a run below ``surprise`` (default 1%) is taken as a
  stockout, and marked as inferred. The rate is trusted only after 28 days of
  history from the item's first sale, so a new item's first gap is not taken
  as a stockout.
"""

from __future__ import annotations

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray

SURPRISE = 0.01
RATE_WINDOW = 56  # days of sales that set an item's usual rate
MIN_RATE_DAYS = 28  # days since the first sale before a rate is trusted


def end_of_day_stock(counts: FloatArray, receipts: FloatArray, sales: FloatArray) -> FloatArray:
    """Stock at the end of each day; NaN before a series' first count.

    ``counts`` holds a count where one was taken (before that day's deliveries and
    sales) and NaN elsewhere; ``receipts`` and ``sales`` are units per day.
    """
    flow = np.nan_to_num(receipts) - np.nan_to_num(sales)
    since = np.cumsum(flow, axis=1)
    days = np.arange(counts.shape[1])
    counted = ~np.isnan(counts)
    last = np.maximum.accumulate(np.where(counted, days, -1), axis=1)  # latest count day <= d
    rows = np.arange(counts.shape[0])[:, None]
    base = np.where(last >= 0, counts[rows, np.maximum(last, 0)], np.nan)
    before_count = np.where(last > 0, since[rows, np.maximum(last - 1, 0)], 0.0)
    return base + since - before_count


def censored_by_stock(counts: FloatArray, receipts: FloatArray, sales: FloatArray) -> BoolArray:
    """Days that ended with an empty shelf (unknown stock counts as not censored)."""
    stock = end_of_day_stock(counts, receipts, sales)
    return np.nan_to_num(stock, nan=1.0) <= 0


def inferred_stockouts(sales: FloatArray, surprise: float = SURPRISE) -> BoolArray:
    """Zero-sale days inside runs too long for the item's rate over the previous 56 days."""
    y = np.nan_to_num(np.asarray(sales, dtype=float))
    series, days = y.shape
    first_sale = np.where((y > 0).any(axis=1), (y > 0).argmax(axis=1), days)
    flagged = np.zeros((series, days), dtype=bool)
    sums = np.hstack([np.zeros((series, 1)), np.cumsum(y, axis=1)])
    for s in range(series):
        day = 0
        while day < days:
            if y[s, day] > 0:
                day += 1
                continue
            end = day
            while end < days and y[s, end] == 0:
                end += 1
            start = max(0, day - RATE_WINDOW)
            rate = (sums[s, day] - sums[s, start]) / max(day - start, 1)
            rate = rate if day - first_sale[s] >= MIN_RATE_DAYS else 0.0
            if rate > 0 and np.exp(-rate * (end - day)) < surprise:
                flagged[s, day:end] = True
            day = end
    return flagged


def demand_from_sales(sales: FloatArray, censored: BoolArray) -> FloatArray:
    """Sales as demand, with censored days missing (NaN) rather than zero or short."""
    return np.where(censored, np.nan, np.asarray(sales, dtype=float))


def fill_censored(demand: FloatArray, window: int = 28) -> FloatArray:
    """Demand with each censored (NaN) day replaced by the mean of the uncensored days among
    the ``window`` before it (0 when there are none), for models that need a full series."""
    y = np.asarray(demand, dtype=float)
    missing = np.isnan(y)
    if not missing.any():
        return y
    known = np.where(missing, 0.0, y)
    zero = np.zeros((y.shape[0], 1))
    sums = np.hstack([zero, np.cumsum(known, axis=1)])
    counts = np.hstack([zero, np.cumsum(~missing, axis=1)])
    day = np.arange(y.shape[1])
    start = np.maximum(day - window, 0)
    seen = counts[:, day] - counts[:, start]
    with np.errstate(invalid="ignore", divide="ignore"):
        recent = np.where(seen > 0, (sums[:, day] - sums[:, start]) / seen, 0.0)
    return np.where(missing, recent, y)
