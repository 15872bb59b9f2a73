"""Where an item is in its selling life: its season over, its stock dead or slow, its data missing.

One set of rules for the review flags (domain/replenishment/review.py) and the pilot lists
(domain/replay/priority.py, services/prioritising.py), from facts the storage measures per
series (a SKU at a location, or a SKU over the chain):

- **Season ended.** Over the ``YEAR`` days before the day, the 90-day window (``window_days``)
  holding the most units sold holds at least ``share`` (80%) of the year's units, and the last
  sale of that window is at least ``gap_days`` before the day. A window of at most 90 days holds
  80% of the units exactly when the best 90-day window does, so the storage measures the
  trailing 90-day sum at every sale day and keeps its maximum (``peak_units``) and the latest
  sale day where it is reached (``peak_end``). An evergreen item spreads its units over the year
  (a 90-day window holds about 25%) and is never seasonal; a mooncake sold in the five weeks to
  the Mid-Autumn Festival is, once two weeks have passed without a sale in its window. This is
  the concentration view of seasonality in retail assortment practice (seasonal lines sell most
  of their year in one short selling season; Fisher & Raman 1996, "Reducing the cost of demand
  uncertainty through accurate response to early sales", Operations Research 44(1)).
- **Unsold:** no sale (quantity > 0) in the last ``days`` days before the day (never sold counts).
- **Dead or slow stock:** stock on hand that is unsold for ``dead_days``, or so slow that it covers
  more than ``slow_days`` days at the rate of the last ``dead_days``: on hand x dead_days >
  slow_days x units sold in them (days of cover = on hand / daily rate, the usual inventory
  days-of-supply measure).
- **No recent data:** the days before the day since the location's latest sale row
  (``days_without``: 0 when the latest row is from the day before); the rule fires above
  ``no_data_days`` (a location with no row at all is not "recent": its lines are new). A plan
  dated after the data says so, instead of calling every line a band breach.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray

YEAR = 365
"""Days of sales history the season rule looks at."""


@dataclass(frozen=True)
class SellingRules:
    """The thresholds of the rules (from settings, ``review_*``)."""

    season_share: float = 0.8
    season_window_days: int = 90
    season_gap_days: int = 14
    dead_days: int = 56
    slow_days: int = 180
    no_data_days: int = 2


def season_ended(
    year_units: FloatArray, peak_units: FloatArray, peak_end_age: FloatArray, rules: SellingRules
) -> BoolArray:
    """Seasonal and past its season: ``peak_units`` (the best ``season_window_days`` window of the
    last ``YEAR`` days) at least ``season_share`` of ``year_units``, and that window's last sale
    ``peak_end_age`` days before the day (NaN: no sale in the year) at least ``season_gap_days``."""
    year, peak, age = (np.asarray(x, dtype=float) for x in (year_units, peak_units, peak_end_age))
    with np.errstate(invalid="ignore"):
        ended: BoolArray = (year > 0) & (peak >= rules.season_share * year) & (age >= rules.season_gap_days)
    return ended


def season_values(year_units: float, peak_units: float, peak_end_age: float) -> dict[str, float | int]:
    """What a person is told of an ended season: the share of the year's units in it, and the days
    since its last sale."""
    return {"share": round(float(peak_units) / float(year_units), 3), "ago": int(peak_end_age)}


def unsold(days_since_sale: FloatArray, days: int) -> BoolArray:
    """No sale in the last ``days`` days: the last sale ``days_since_sale`` days before the day
    (1: the day before; NaN or inf: never sold) is more than ``days`` days ago."""
    since = np.nan_to_num(np.asarray(days_since_sale, dtype=float), nan=np.inf)
    result: BoolArray = since > days
    return result


def dead_or_slow(on_hand: FloatArray, recent_units: FloatArray, rules: SellingRules) -> BoolArray:
    """Stock on hand that covers more than ``slow_days`` days at the rate of the last ``dead_days``
    (``recent_units`` sold in them; none sold: any stock on hand)."""
    stock, sold = np.asarray(on_hand, dtype=float), np.maximum(np.asarray(recent_units, dtype=float), 0.0)
    result: BoolArray = (stock > 0) & (stock * rules.dead_days > rules.slow_days * sold)
    return result


def no_recent_data(days_without: FloatArray, rules: SellingRules) -> BoolArray:
    """More than ``no_data_days`` days without any sale row at the location (NaN, no row ever: not
    this rule; a line without history is ``new_sku``)."""
    with np.errstate(invalid="ignore"):
        result: BoolArray = np.asarray(days_without, dtype=float) > rules.no_data_days
    return result
