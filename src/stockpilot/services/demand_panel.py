"""Turn the stored sales, stock and plans into the forecasting input (R-FC-2).

The counting is the sales history repository's (``store.sales``, see
``services/ports/sales.py``: one grid per table, keyed by series and day); the
rest is numpy on series x day arrays. The rules:

- **Series**: every (location_id, sku) with at least one sale (quantity > 0) on
  or before the cutoff, sorted by location then SKU. The cutoff defaults to the
  last day with a sale. A day is ``CAST(occurred_at AS DATE)``: times are stored
  in local time already.
- **History**: from the first sale day in the data (or ``cutoff - history_days +
  1`` if later) to the cutoff inclusive; ``dates`` adds the ``horizon`` days after.
- **Units**: the daily sum of ``sales.quantity``, 0 on days without a sale row.
  With ``returns="ignore"`` (the default) demand is what customers took, so a
  return does not unsell; with ``returns="net"`` the day's returned quantity is
  subtracted, never below 0.
- **Censoring** (R-FC-2, see ``domain/forecasting/censoring.py``): a series with a
  stock count in the history window gets the days that ended with an empty shelf,
  rebuilt from its counts (taken on their day, before that day's flows), receipts
  (by ``CAST(received_at AS DATE)``) and sales; a series without one gets the
  zero-sale runs too long for its usual rate, also flagged in ``inferred``.
  Censored days are NaN in ``units``. Both work on gross sales: the shelf empties
  by what customers took, whatever they bring back later.
- **Price**: on a day with sales, the average price paid (sum(quantity x
  unit_price) / sum(quantity) over lines with a price); other history days carry
  the last known price forward (and the first one backward), then fall back to
  ``products.unit_price``; NaN before the series' first sale (it was not yet on
  sale) and when nothing is known. Over the horizon: the
  shelf price at the cut-off (the last price paid on a day without a promotion,
  else ``products.unit_price``) times (1 - discount) on the days of a planned
  promotion.
- **Covariates** (series x history + horizon): ``promotion_discount``, the
  largest ``discount_pct / 100`` of the promotion lines covering the SKU that day
  (a line with an empty location covers every location; **a line without
  discount_pct counts as a 10% discount**); ``on_promotion``, 1 on such days.
- **Calendar** (per day, history + horizon): ``weekday`` (Monday = 0), ``month``,
  ``day_of_month``; ``holiday``, ``holiday_tomorrow``, ``holiday_yesterday`` (0/1:
  Hong Kong public and general holidays, from the ``holidays`` package); ``event``,
  the code of the ``kind`` of a chain-wide calendar event that day (0 = none,
  1.. by sorted kind name over the whole table, so codes do not move with the
  cutoff; the smallest code when several). Only ``event`` is categorical.
- **Groups**: integer codes per series for ``item``, ``location``, ``category``
  and ``department`` (by sorted name; a missing category or department is "").
- **Revenue**: sales value per series over the last 28 history days (price paid,
  or the day's price where none was recorded), for revenue-weighted accuracy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays
import numpy as np

from stockpilot.domain.forecasting.censoring import censored_by_stock, demand_from_sales, inferred_stockouts
from stockpilot.domain.forecasting.panel import Panel
from stockpilot.errors import Refusal
from stockpilot.services.ports import Storage
from stockpilot.services.ports.sales import DemandFacts

RETURNS = ("ignore", "net")
UNKNOWN_DISCOUNT = 0.10  # a promotion line without discount_pct
REVENUE_DAYS = 28


@dataclass(frozen=True)
class DemandHistory:
    """The forecasting panel and what each of its series and days is."""

    panel: Panel  # units: series x history days (NaN = censored); the rest over history + horizon
    locations: np.ndarray  # location_id per series
    skus: np.ndarray  # sku per series
    categories: np.ndarray  # product category per series ("" if none)
    departments: np.ndarray  # product department per series ("" if none)
    dates: np.ndarray  # datetime64[D], every day of history + horizon
    censored: np.ndarray  # bool series x history days: demand unknown (stock-out)
    inferred: np.ndarray  # bool series x history days: censored days inferred from zero runs
    revenue: np.ndarray  # sales value per series over the last 28 history days
    sales: np.ndarray  # series x history days: units sold (net of returns with returns="net"), censored or not


def _fill_price(paid: np.ndarray, regular: np.ndarray) -> np.ndarray:
    """Carry the last price paid forward and the first one backward; else the regular price."""
    known = ~np.isnan(paid)
    rows = np.arange(paid.shape[0])[:, None]
    last = np.maximum.accumulate(np.where(known, np.arange(paid.shape[1]), -1), axis=1)
    first = paid[rows[:, 0], known.argmax(axis=1)]
    price = np.where(last >= 0, paid[rows, np.maximum(last, 0)], first[:, None])
    return np.where(np.isnan(price), regular[:, None], price)


def _codes(values: np.ndarray) -> np.ndarray:
    return np.unique(values.astype(str), return_inverse=True)[1].astype(np.int64)


def _calendar(facts: DemandFacts, dates: np.ndarray) -> dict[str, np.ndarray]:
    weekday = (dates.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    month = dates.astype("datetime64[M]")
    around = np.arange(dates[0] - 1, dates[-1] + 2, dtype="datetime64[D]")
    years = range(int(str(around[0])[:4]), int(str(around[-1])[:4]) + 1)
    closed = holidays.HongKong(years=years, categories=("public", "optional"))
    holiday = np.isin(around, np.array(sorted(closed), dtype="datetime64[D]")).astype(np.int64)
    kinds = sorted(facts.event_kinds)
    event = np.zeros(len(dates), dtype=np.int64)
    event[facts.event_days] = np.searchsorted(kinds, facts.event_kind.astype(str)) + 1
    return {
        "weekday": weekday,
        "month": month.astype(np.int64) % 12 + 1,
        "day_of_month": (dates - month).astype(np.int64) + 1,
        "holiday": holiday[1:-1],
        "holiday_tomorrow": holiday[2:],
        "holiday_yesterday": holiday[:-2],
        "event": event,
    }


def load_demand(
    store: Storage,
    horizon: int,
    *,
    cutoff: dt.date | None = None,
    returns: str = "ignore",
    history_days: int = 1095,
) -> DemandHistory:
    """The demand panel of every series sold on or before ``cutoff`` (see the module rules)."""
    if returns not in RETURNS:
        raise Refusal("refusal.choice", name="returns", allowed=", ".join(RETURNS), value=returns)
    if horizon < 0 or history_days < 1:
        raise Refusal("refusal.horizon")
    sale_days = store.sales.sale_days(cutoff)
    if sale_days is None:
        if cutoff is None:
            raise Refusal("refusal.no_sales_to_forecast")
        raise Refusal("refusal.no_sales_to_forecast_by", cutoff=cutoff.isoformat())
    cutoff = cutoff or sale_days.last
    start = max(sale_days.first, cutoff - dt.timedelta(days=history_days - 1))
    days = (cutoff - start).days + 1
    facts = store.sales.demand_facts(
        start,
        cutoff,
        cutoff + dt.timedelta(days=horizon),
        unknown_discount=UNKNOWN_DISCOUNT,
        returns=returns == "net",
    )
    locations, skus, categories, departments = facts.locations, facts.skus, facts.categories, facts.departments
    regular = facts.regular_price
    sold, value, priced, receipts, counts = facts.sold, facts.value, facts.priced, facts.receipts, facts.counts
    shape = (len(skus), days)
    total = days + horizon

    counted = ~np.isnan(counts).all(axis=1)
    censored = np.zeros(shape, dtype=bool)
    inferred = np.zeros(shape, dtype=bool)
    censored[counted] = censored_by_stock(counts[counted], receipts[counted], sold[counted])
    inferred[~counted] = inferred_stockouts(sold[~counted])
    censored |= inferred
    taken = sold
    if facts.returned is not None:
        taken = np.maximum(sold - facts.returned, 0.0)
    units = demand_from_sales(taken, censored)

    discount = np.zeros((len(skus), total))
    on_promotion = np.zeros((len(skus), total))
    s, d = facts.promotion_series, facts.promotion_days
    discount[s, d], on_promotion[s, d] = facts.promotion_discount, 1.0

    with np.errstate(invalid="ignore", divide="ignore"):
        history_price = _fill_price(np.where(priced > 0, value / priced, np.nan), regular)
        # the shelf price at the cut-off: the last price paid on a day without a promotion
        full_price = (priced > 0) & (on_promotion[:, :days] == 0)
        regular_paid = _fill_price(np.where(full_price, value / priced, np.nan), regular)
    launched = np.arange(days)[None, :] >= (sold > 0).argmax(axis=1)[:, None]
    known_regular = np.where(np.isnan(regular_paid[:, -1]), history_price[:, -1], regular_paid[:, -1])
    # NaN before a series' first sale: the global model does not learn zeros from before the launch
    price = np.hstack([np.where(launched, history_price, np.nan), known_regular[:, None] * (1 - discount[:, days:])])

    recent = slice(max(days - REVENUE_DAYS, 0), days)
    revenue = (value + (sold - priced) * np.nan_to_num(history_price))[:, recent].sum(axis=1)

    dates = np.datetime64(start, "D") + np.arange(total)
    panel = Panel(
        units=units,
        price=price,
        calendar=_calendar(facts, dates),
        groups={
            "item": _codes(skus),
            "location": _codes(locations),
            "category": _codes(categories),
            "department": _codes(departments),
        },
        categorical=("event",),
        covariates={"promotion_discount": discount, "on_promotion": on_promotion},
        planned=("on_promotion",),
    )
    return DemandHistory(panel, locations, skus, categories, departments, dates, censored, inferred, revenue, taken)
