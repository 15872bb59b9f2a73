"""Replenishment policies: lead time, lead-time demand, safety stock and order quantities.

Plain functions on floats and numpy arrays. Units are whatever the forecast uses
(days, pieces); an inventory position is on hand + on order - backorders.

Sources and notation:

- Silver, Pyke & Thomas (2017), "Inventory and Production Management in Supply
  Chains", 4th ed., CRC Press (SPT). Chapter 6 (individual items with probabilistic
  demand): safety factor k, safety stock k sigma_L, the unit normal loss function
  G_u(k), the cycle service level P1 and the fill rate P2, the (s, Q), (s, S) and
  (R, S) systems, and the lead-time-demand variance when the lead time is random.
  Their ABC classification ranks items by annual sales value (a Pareto curve).
- Snyder & Shen (2019), "Fundamentals of Supply Chain Theory", 2nd ed., Wiley
  (S&S): the standard normal loss function, eq. (C.22); the base-stock level
  S* = mu + z_alpha sigma, eq. (4.30); the (r, Q) approximations of chapter 5.
- Axsäter (2015), "Inventory Control", 3rd ed., Springer: the same random-lead-time
  variance, in its treatment of stochastic lead times.

Conventions this module takes (the business rules are stated where they are used):

- Lead-time demand is normal, with mean and sd from `lead_time_demand`.
- With fewer than three observed lead times the nominal lead time is used, with no
  lead-time variability (`lead_time`).
- A fill-rate safety factor is never below 0 unless the caller asks for it
  (`safety_factor_for_fill_rate`): a shop never plans to hold less than the mean
  lead-time demand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.optimize import brentq
from scipy.stats import norm

from stockpilot.domain.arrays import FloatArray, ObjectArray, StrArray

MINIMUM_LEAD_TIME_OBSERVATIONS = 3
"""Below this many observed lead times `lead_time` falls back to the nominal one."""


# --- lead time ---------------------------------------------------------------------------------


def lead_time_stats(lead_times: Sequence[float]) -> tuple[float, float]:
    """Mean and sample standard deviation (n - 1 divisor) of observed lead times in days.

    Each observation is the days from order date to receipt date. These are the
    E(L) and sigma_L of the random-lead-time formula (SPT 2017, ch. 6). At least two
    observations are needed for a sample sd; callers with fewer than
    `MINIMUM_LEAD_TIME_OBSERVATIONS` should use `lead_time`, which falls back to the
    nominal lead time.
    """
    observed = np.asarray(lead_times, dtype=float)
    if observed.ndim != 1 or observed.size < 2:
        raise ValueError("the lead-time sd needs at least two observed lead times")
    if not np.all(np.isfinite(observed)) or np.any(observed < 0):
        raise ValueError("observed lead times must be finite and not negative")
    return float(observed.mean()), float(observed.std(ddof=1))


def lead_time(observed: Sequence[float], nominal: float) -> tuple[float, float]:
    """The (mean, sd) lead time to plan with: observed if there are enough, else nominal.

    With at least `MINIMUM_LEAD_TIME_OBSERVATIONS` (3) receipts the observed mean and
    sample sd are used (`lead_time_stats`). With fewer, the supplier's nominal lead
    time is taken as certain: (nominal, 0.0). Two receipts give an sd, but one that is
    too unreliable to size safety stock on.
    """
    if not math.isfinite(nominal) or nominal < 0:
        raise ValueError("the nominal lead time must be finite and not negative")
    if len(observed) < MINIMUM_LEAD_TIME_OBSERVATIONS:
        return float(nominal), 0.0
    return lead_time_stats(observed)


def lead_time_demand(
    daily_mean: FloatArray, daily_variance: FloatArray, lead_mean: float, lead_sd: float
) -> tuple[float, float]:
    """Mean and standard deviation of demand over a random lead time.

    The forecast may change from day to day (day 0 is the first day of the lead
    time). Over the first `lead_mean` days, the last one counted pro rata when
    `lead_mean` is fractional:

        mu_L      = sum of the daily means
        sigma_L^2 = sum of the daily variances + D^2 sigma_LT^2,   D = mu_L / lead_mean

    i.e. E(L) var(D) + E(D)^2 var(L) with var(D) summed day by day: the variance of
    demand over a random lead time (SPT 2017, ch. 6, "variable lead time"; Axsäter
    2015). D is the average daily mean over the lead time. Days are
    assumed independent. A lead time longer than the forecast raises ValueError.
    """
    means = np.asarray(daily_mean, dtype=float)
    if means.ndim != 1 or means.shape != np.shape(daily_variance):
        raise ValueError("daily means and variances must be 1-d arrays of the same length")
    mean, sd = lead_time_demand_many(
        means[None, :], np.asarray(daily_variance, dtype=float)[None, :], lead_mean, lead_sd
    )
    return float(mean[0]), float(sd[0])


def lead_time_demand_many(
    daily_mean: FloatArray, daily_variance: FloatArray, lead_mean: FloatArray | float, lead_sd: FloatArray | float
) -> tuple[FloatArray, FloatArray]:
    """`lead_time_demand` for many series at once (rows of series x days arrays; lead
    times one per series or one for all). Day t counts with weight clip(lead_mean - t, 0, 1):
    whole days 1, the fractional last day pro rata, later days 0."""
    means = np.asarray(daily_mean, dtype=float)
    variances = np.asarray(daily_variance, dtype=float)
    if means.ndim != 2 or means.shape != variances.shape:
        raise ValueError("daily means and variances must be series x days arrays of the same shape")
    lead = np.broadcast_to(np.asarray(lead_mean, dtype=float), (means.shape[0],))
    spread = np.broadcast_to(np.asarray(lead_sd, dtype=float), (means.shape[0],))
    if not (np.all(np.isfinite(lead)) and np.all(lead > 0)):
        raise ValueError("the mean lead time must be positive")
    if not (np.all(np.isfinite(spread)) and np.all(spread >= 0)):
        raise ValueError("the lead-time sd must not be negative")
    if np.any(variances < 0):
        raise ValueError("daily variances must not be negative")
    longest = math.ceil(float(lead.max())) if lead.size else 0
    if longest > means.shape[1]:
        raise ValueError(f"a lead time of {float(lead.max())} days is longer than the {means.shape[1]}-day forecast")
    weights = day_weights(lead, means.shape[1])
    mean = np.einsum("st,st->s", weights, means)
    variance = np.einsum("st,st->s", weights, variances) + (mean / lead) ** 2 * spread**2
    return mean, np.sqrt(variance)


def day_weights(period: FloatArray, days: int) -> FloatArray:
    """Series x days: how much each day counts in a period of ``period`` days (one per
    series): clip(period - t, 0, 1), whole days 1, a fractional last day pro rata."""
    return np.clip(np.asarray(period, dtype=float)[:, None] - np.arange(days)[None, :], 0.0, 1.0)


def tracked_sd(errors: FloatArray, model_sd: FloatArray, prior_windows: float) -> FloatArray:
    """The sd of demand over R + L, measured on the errors of earlier forecasts of it.

    ``errors`` is series x windows: actual demand minus forecast over the review period
    plus the lead time, one column per earlier forecast (NaN: not known). The variance
    is the mean squared error, shrunk toward the model's variance with a weight of
    ``prior_windows`` windows:

        sigma^2 = (sum of e^2 + w sigma_model^2) / (n + w)

    SPT 2017, ch. 6, estimate sigma_L from the forecast errors over the lead time
    itself, since sigma_1 sqrt(L) is wrong when the errors are correlated (Brown 1959
    smooths the errors for the same reason). On the M5 replay this cut lost units at
    equal stock by 5-20% (docs/replay.md).
    """
    known = ~np.isnan(errors)
    squared = np.where(known, errors, 0.0) ** 2
    model = np.asarray(model_sd, dtype=float) ** 2
    sd: FloatArray = np.sqrt((squared.sum(axis=1) + prior_windows * model) / (known.sum(axis=1) + prior_windows))
    return sd


# --- service level and safety stock ------------------------------------------------------------


def safety_factor_for_cycle_service(p: float) -> float:
    """k = Phi^-1(P1): the safety factor that meets a cycle service level P1.

    P1 is the probability of no stockout in a replenishment cycle, Pr(x <= mu + k sigma)
    for normal lead-time demand (SPT 2017, ch. 6, the "P1" criterion; S&S 2019
    eq. (4.30) with alpha = P1).
    """
    if not 0 < p < 1:
        raise ValueError("a cycle service level must lie strictly between 0 and 1")
    return float(norm.ppf(p))


def normal_loss(k: float) -> float:
    """G(k) = phi(k) - k (1 - Phi(k)): the unit normal loss function E[(Z - k)^+].

    SPT 2017, ch. 6 (G_u(k)); S&S 2019, eq. (C.22). sigma G(k) is the expected
    shortage per replenishment cycle when the reorder point is mu + k sigma.
    """
    return float(norm.pdf(k) - k * norm.sf(k))


def expected_fill_rate(k: float, sigma: float, order_quantity: float) -> float:
    """P2 = 1 - sigma G(k) / Q: the fill rate of an (s, Q) system with safety factor k.

    Expected shortage per cycle over the quantity that arrives per cycle (SPT 2017,
    ch. 6, the "P2" / fill-rate criterion, backorder approximation).
    """
    if order_quantity <= 0:
        raise ValueError("the order quantity must be positive")
    return 1.0 - sigma * normal_loss(k) / order_quantity


def safety_factor_for_fill_rate(
    fill_rate: float, sigma: float, order_quantity: float, allow_negative: bool = False
) -> float:
    """The k solving G(k) = Q (1 - P2) / sigma: the fill-rate (P2) safety factor.

    SPT 2017, ch. 6, the P2 criterion; solved with Brent's method on a bracket. G is
    strictly decreasing, with G(k) > -k, so G(-t - 1) > t + 1 > t for the target t (the
    extra 1 keeps the bracket's sign clear of rounding: at -t, G - t is ~1e-16) and G
    falls to 0 by k = 40. Business convention: by default k is clipped at 0 (no negative
    safety stock, even where a large Q alone would give the fill rate);
    `allow_negative=True` returns the unclipped root. A sigma of 0 needs no safety
    stock: k = 0.
    """
    if not 0 < fill_rate < 1:
        raise ValueError("a fill rate must lie strictly between 0 and 1")
    if order_quantity <= 0:
        raise ValueError("the order quantity must be positive")
    if sigma < 0:
        raise ValueError("sigma must not be negative")
    if sigma == 0:
        return 0.0
    target = order_quantity * (1.0 - fill_rate) / sigma
    k = float(brentq(lambda x: normal_loss(x) - target, -target - 1.0, 40.0, xtol=1e-12))
    return k if allow_negative else max(k, 0.0)


def safety_stock(k: float, sigma: float) -> float:
    """SS = k sigma_L (SPT 2017, ch. 6)."""
    return k * sigma


# --- policies ------------------------------------------------------------------------------------


def reorder_point(mean_lt: float, safety_stock: float) -> float:
    """s = x_L + SS: mean lead-time demand plus safety stock (SPT 2017, ch. 6, (s, Q))."""
    return mean_lt + safety_stock


def order_up_to_level(mean_over_review_plus_lead: float, safety_stock: float) -> float:
    """S = x_{R+L} + SS: mean demand over review period plus lead time, plus safety stock.

    SPT 2017, ch. 6, the (R, S) system; S&S 2019 eq. (4.30) for the base-stock level.
    """
    return mean_over_review_plus_lead + safety_stock


def periodic_review_order(order_up_to: float, inventory_position: float) -> float:
    """(R, S): every R days order max(S - IP, 0) (SPT 2017, ch. 6)."""
    return max(order_up_to - inventory_position, 0.0)


def continuous_review_order(reorder_point: float, order_quantity: float, inventory_position: float) -> float:
    """(s, Q): when IP <= s order n Q, the smallest multiple that lifts IP above s; else 0.

    n = floor((s - IP) / Q) + 1 (SPT 2017, ch. 6, the (s, Q) system with
    undershoot handled by ordering several lots).
    """
    if order_quantity <= 0:
        raise ValueError("the order quantity must be positive")
    if inventory_position > reorder_point:
        return 0.0
    lots = math.floor((reorder_point - inventory_position) / order_quantity) + 1
    while inventory_position + lots * order_quantity <= reorder_point:  # float rounding in the division
        lots += 1
    while lots > 1 and inventory_position + (lots - 1) * order_quantity > reorder_point:
        lots -= 1
    return lots * order_quantity


def min_max_order(s: float, S: float, inventory_position: float) -> float:
    """(s, S), "min-max": when IP <= s order up to S, i.e. S - IP; else 0 (SPT 2017, ch. 6)."""
    if S < s:
        raise ValueError("the maximum S must not be below the minimum s")
    return S - inventory_position if inventory_position <= s else 0.0


# --- ABC -----------------------------------------------------------------------------------------


VALUE_DECIMALS = 2
"""Sales values are ranked to the cent (abc_classes)."""


def abc_classes(values: FloatArray, a_share: float = 0.8, b_share: float = 0.95) -> StrArray:
    """ "A" / "B" / "C" by cumulative share of sales value (Pareto; SPT 2017's ABC classes).

    Items are ranked by value compared to the cent (to ``VALUE_DECIMALS`` places), highest
    first; equal values keep their input order (a stable sort). Comparing to the cent keeps
    the ranking the same when the values are sums of the same sales added in another order
    (a parallel database sum, another backend), which can differ in their last binary digits.
    An item is A while the share of the items ranked above it is below `a_share` (so the
    item that crosses the line is still A and the top item is always A), B while that share
    is below `b_share`, else C. Items with no value
    (0, or negative after returns) are always C; so is everything when nothing sold.
    """
    if not 0 < a_share <= b_share <= 1:
        raise ValueError("need 0 < a_share <= b_share <= 1")
    value = np.round(np.clip(np.asarray(values, dtype=float), 0.0, None), VALUE_DECIMALS)
    if value.ndim != 1:
        raise ValueError("values must be a 1-d array")
    classes = np.full(value.shape, "C", dtype="<U1")
    total = value.sum()
    if total <= 0:
        return classes
    order = np.argsort(-value, kind="stable")
    before = (np.cumsum(value[order]) - value[order]) / total
    ranked = np.where(before < a_share, "A", np.where(before < b_share, "B", "C"))
    ranked[value[order] == 0] = "C"
    classes[order] = ranked
    return classes


def abc_by_location(locations: ObjectArray, value: FloatArray, a_share: float, b_share: float) -> ObjectArray:
    """ABC class of every SKU within its own location, by its sales value there (`abc_classes`)."""
    classes: ObjectArray = np.full(len(value), "C", dtype=object)
    for location in np.unique(locations):
        here = locations == location
        classes[here] = abc_classes(value[here], a_share, b_share)
    return classes
