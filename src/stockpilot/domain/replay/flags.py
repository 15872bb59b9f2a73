"""Which replayed order lines a person would have reviewed (R-SIM-1, ordering hours).

The product flags a proposal for a person's eyes by the rules of
`stockpilot.domain.replenishment.review` (R-REP-3). The replay applies the ones its
history can tell, on each review day, to the lines the policy ordered:

- order_jump: the order is more than ``order_multiple`` times the usual order, the
  median of the series' orders over the 90 days before (as services/planning.py);
- forecast_off_band: the last 7 days' sales fell outside the central ``band`` interval
  of the forecast made for those days (normal approximation, mean +- z sd,
  z = Phi^-1(0.5 + band / 2));
- new_sku: fewer than ``new_sku_days`` days since the series' first sale.

Promotions, stale data, budget cuts and missing stock counts have no counterpart in a
replay of sales history, so they flag nothing here.
"""

from __future__ import annotations

import warnings

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray
from stockpilot.domain.replay.engine import ReplayResult
from stockpilot.domain.replay.forecast_policy import ForecastSchedule
from stockpilot.domain.replenishment import policy
from stockpilot.domain.replenishment.review import ReviewLimits

USUAL_ORDER_DAYS = 90
RECENT_DAYS = 7


def replay_flags(
    result: ReplayResult,
    review: BoolArray,
    schedule: ForecastSchedule,
    prior_sales: FloatArray,
    limits: ReviewLimits,
) -> dict[str, BoolArray]:
    """Per review rule, series x days: True where an order line was placed and the rule flags it."""
    series, days = result.ordered.shape
    flagged = {code: np.zeros((series, days), dtype=bool) for code in ("order_jump", "forecast_off_band", "new_sku")}
    sold = np.hstack([prior_sales, result.sold])
    before = prior_sales.shape[1]
    ever = sold > 0
    first_sale = np.where(ever.any(axis=1), ever.argmax(axis=1), sold.shape[1])
    z = policy.safety_factor_for_cycle_service(0.5 + limits.band / 2)
    for day in np.flatnonzero(review):
        lines = result.ordered[:, day] > 0
        if not lines.any():
            continue
        past = result.ordered[:, max(day - USUAL_ORDER_DAYS, 0) : day]
        with warnings.catch_warnings():  # an all-NaN row (no usual order yet) gives NaN, as wanted
            warnings.simplefilter("ignore", RuntimeWarning)
            usual = np.nanmedian(np.where(past > 0, past, np.nan), axis=1) if past.shape[1] else np.full(series, np.nan)
            jump = (result.ordered[:, day] > limits.order_multiple * usual) & (usual > 0)
        off_band = np.zeros(series, dtype=bool)
        if day >= RECENT_DAYS:
            mean, variance = schedule.at(int(day) - RECENT_DAYS)
            expected, spread = mean[:, :RECENT_DAYS].sum(axis=1), np.sqrt(variance[:, :RECENT_DAYS].sum(axis=1))
            recent = result.sold[:, day - RECENT_DAYS : day].sum(axis=1)
            off_band = (recent < np.maximum(expected - z * spread, 0.0)) | (recent > expected + z * spread)
        new = (before + day - first_sale) < limits.new_sku_days
        for code, hit in (("order_jump", jump), ("forecast_off_band", off_band), ("new_sku", new)):
            flagged[code][:, day] = lines & hit
    return flagged


def any_flag(flags: dict[str, BoolArray]) -> BoolArray:
    """The lines flagged by at least one rule."""
    flagged: BoolArray = np.logical_or.reduce(list(flags.values()))
    return flagged
