"""The plan of each line (a SKU at a location), as `stockpilot plan` and the replay both make it.

One rule for both, in three steps, on plain values (no database, no settings):

1. **Lead time** (`planning_lead_times`): per supplier, the mean and sample sd of its
   observed lead times (order date to receipt date, in days) when it has at least
   `policy.MINIMUM_LEAD_TIME_OBSERVATIONS` (3) of them; otherwise its nominal lead time
   with no spread. Which observations count (`counted_lead_times`): a lead time below 0
   days (received before it was ordered) is a data error and is left out; one under a
   day (a same-day receipt) counts as 1 day, the shortest a daily plan can use (an order
   placed at a day's review is on the shelf the next morning at the earliest, as in the
   replay). The planning mean is never below 1 day either, so a nominal lead time of 0
   plans with 1.
2. **Cover** (`plan_cover`): the ABC class of each SKU within its location by sales value
   over the ``abc_days`` before the plan (Silver, Pyke & Thomas 2017, "Inventory and
   Production Management in Supply Chains", 4th ed., ABC classes by annual sales value;
   `policy.abc_by_location`), the class's cycle service level, and the cover R + L: the
   review period plus the mean lead time, cut to the days the forecast covers when given.
3. **Order-up-to level** (`order_up_to_levels`): the periodic-review (R, S) system of
   SPT 2017, ch. 6: x_{R+L} and sigma_{R+L}, the mean and sd of demand over R + L with a
   random lead time (`policy.lead_time_demand_many`), sigma optionally measured on the
   errors of earlier forecasts over R + L (`policy.tracked_sd`); safety stock
   SS = k sigma_{R+L} with k = Phi^-1(P1) for the cycle service level P1; S = x_{R+L} + SS;
   and the order max(S - (on hand + on order), 0) before case packs, MOQ, shelf and budget
   (domain/replenishment/constraints.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from stockpilot.domain.arrays import FloatArray, ObjectArray
from stockpilot.domain.replenishment import policy

SHORTEST_LEAD_DAYS = 1.0
"""The shortest lead time a daily plan uses: a same-day receipt counts as one day."""


@dataclass(frozen=True)
class LinePlanParameters:
    """What the plan of a line needs from the settings (services/parameters.py builds it)."""

    review_period_days: int
    abc_a_share: float
    abc_b_share: float
    service_level_a: float
    service_level_b: float
    service_level_c: float

    def __post_init__(self) -> None:
        if self.review_period_days < 1:
            raise ValueError("the review period must be at least one day")
        if not 0 < self.abc_a_share <= self.abc_b_share <= 1:
            raise ValueError("need 0 < abc_a_share <= abc_b_share <= 1")
        for level in (self.service_level_a, self.service_level_b, self.service_level_c):
            if not 0 < level < 1:
                raise ValueError("a cycle service level must lie strictly between 0 and 1")

    def service_level(self, abc: str) -> float:
        """The target cycle service level of ABC class ``abc``."""
        return {"A": self.service_level_a, "B": self.service_level_b, "C": self.service_level_c}[abc]


@dataclass(frozen=True)
class LeadTime:
    """The lead time a supplier is planned with, in days."""

    mean: float
    sd: float


@dataclass(frozen=True)
class Cover:
    """Per series: ABC class, cycle service level, lead-time mean and sd, and the cover R + L (days)."""

    abc: ObjectArray
    service_level: FloatArray
    lead_mean: FloatArray
    lead_sd: FloatArray
    days: FloatArray


@dataclass(frozen=True)
class OrderUpTo:
    """Per series: demand over R + L (mean and sd), safety stock, the level S and the raw order."""

    demand: FloatArray
    sigma: FloatArray
    safety_stock: FloatArray
    order_up_to: FloatArray
    raw_order: FloatArray


def counted_lead_times(observed: Sequence[float]) -> list[float]:
    """The observed lead times that count, in days: below 0 left out (a data error), under a
    day raised to `SHORTEST_LEAD_DAYS` (see the module docstring)."""
    return [max(float(x), SHORTEST_LEAD_DAYS) for x in observed if x >= 0]


def planning_lead_time(observed: Sequence[float], nominal: float) -> LeadTime:
    """The (mean, sd) to plan with: the counted observations' mean and sample sd when there are
    at least three (`policy.lead_time`), else the nominal lead time with sd 0; the mean at
    least `SHORTEST_LEAD_DAYS`."""
    mean, sd = policy.lead_time(counted_lead_times(observed), max(float(nominal), 0.0))
    return LeadTime(max(mean, SHORTEST_LEAD_DAYS), sd)


def planning_lead_times(
    suppliers: ObjectArray, observed: Mapping[str, Sequence[float]], nominal: Mapping[str, float]
) -> tuple[FloatArray, FloatArray]:
    """`planning_lead_time` of each series' supplier: mean and sd arrays (a supplier missing
    from ``nominal`` has a nominal lead time of 0, so 1 day)."""
    mean, sd = np.ones(len(suppliers)), np.zeros(len(suppliers))
    for supplier in np.unique(np.asarray(suppliers, dtype=str)):
        lead = planning_lead_time(observed.get(supplier, ()), nominal.get(supplier, 0.0))
        rows = suppliers == supplier
        mean[rows], sd[rows] = lead.mean, lead.sd
    return mean, sd


def plan_cover(
    locations: ObjectArray,
    value: FloatArray,
    lead_mean: FloatArray,
    lead_sd: FloatArray,
    parameters: LinePlanParameters,
    forecast_days: int | None = None,
) -> Cover:
    """ABC class within each location by ``value`` (sales value over ``abc_days``), its cycle
    service level, and the cover R + L (at most ``forecast_days`` when given)."""
    p = parameters
    classes = policy.abc_by_location(locations, np.asarray(value, dtype=float), p.abc_a_share, p.abc_b_share)
    levels = np.array([p.service_level(str(c)) for c in classes], dtype=float)
    days = np.asarray(lead_mean, dtype=float) + p.review_period_days
    if forecast_days is not None:
        days = np.minimum(days, forecast_days)
    return Cover(classes, levels, np.asarray(lead_mean, dtype=float), np.asarray(lead_sd, dtype=float), days)


def safety_factors(service_level: FloatArray | float, series: int) -> FloatArray:
    """k = Phi^-1(P1) per series (`policy.safety_factor_for_cycle_service`; SPT 2017, ch. 6)."""
    levels = np.broadcast_to(np.asarray(service_level, dtype=float), (series,))
    if not np.all((levels > 0) & (levels < 1)):
        raise ValueError("a cycle service level must lie strictly between 0 and 1")
    factors: FloatArray = np.asarray(norm.ppf(levels), dtype=float)
    return factors


def order_up_to_levels(
    daily_mean: FloatArray,
    daily_variance: FloatArray,
    cover: FloatArray,
    lead_sd: FloatArray,
    safety_factor: FloatArray,
    *,
    errors: FloatArray | None = None,
    prior_windows: float = 4.0,
    inventory_position: FloatArray | None = None,
) -> OrderUpTo:
    """The (R, S) level of every series (SPT 2017, ch. 6, periodic review, order-up-to level):

    x_{R+L}, sigma_{R+L} = demand over the cover, random lead time (policy.lead_time_demand_many)
    sigma_{R+L}          = measured on ``errors`` (series x earlier forecasts) when given (policy.tracked_sd)
    SS = k sigma_{R+L},  S = x_{R+L} + SS,  order = max(S - IP, 0)   (IP: on hand + on order; 0 if not given)
    """
    demand, sigma = policy.lead_time_demand_many(daily_mean, daily_variance, cover, lead_sd)
    if errors is not None:
        sigma = policy.tracked_sd(errors, sigma, prior_windows)
    safety = safety_factor * sigma
    up_to = demand + safety
    position = np.zeros_like(up_to) if inventory_position is None else inventory_position
    return OrderUpTo(demand, sigma, safety, up_to, np.maximum(up_to - position, 0.0))
