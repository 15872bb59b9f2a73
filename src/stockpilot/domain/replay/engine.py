"""Replay history: what a replenishment rule would have sold, lost and held, day by day.

Many SKU x location series are replayed at once (numpy arrays, series x days); the loop
is over days only. The inventory model is the periodic-review lost-sales system: demand
that finds the shelf empty is lost, not backordered (Bijvank & Vis 2011, "Lost-sales
inventory theory: a review", European Journal of Operational Research 215(1); Nahmias,
"Demand estimation in lost sales inventory systems", Naval Research Logistics 41, 1994).
Evaluating a rule by running it against recorded demand is the usual trace-driven
simulation of an inventory policy (Silver, Pyke & Thomas 2017, "Inventory and Production
Management in Supply Chains", 4th ed., CRC Press, SPT).

Each day d, for every series at once:

1. Deliveries due on day d arrive (``received``); on hand rises, on order falls.
2. On a review day the policy is asked for a raw order. It sees only a `PolicyView`:
   sales and stockouts of days 0..d-1, on hand after today's deliveries and on order.
   The raw quantity is rounded up to whole case packs and then up to the smallest
   case-pack multiple that is at least the MOQ; 0 stays 0 (`pack_and_moq`, the same
   rule as `stockpilot.domain.replenishment.constraints.apply_pack_and_moq`, whose
   one-line-at-a-time API is too slow for thousands of series x 365 days). An order
   placed on day d arrives at the START of day d + lead_days[s, d] (lead >= 1, so never
   the same day); one due after the last day stays on order (``outstanding``).
3. Sales: sold = min(demand, on hand); lost = demand - sold; closing = on hand - sold.

Censored history. Recorded sales on days the old rule ran out only bound demand from
below; they are marked NaN in ``demand`` (see `stockpilot.domain.forecasting.censoring`).
Before the replay each NaN day is replaced by the mean of the known demand in the 28 days
before it (0 when none is known) with `fill_censored`, so the replay does not copy the
old rule's stockouts as zero demand. ``ReplayResult.demand`` is the filled demand that
was replayed; the KPIs use it.

The engine is deterministic: it draws nothing. Random lead times are drawn by the caller
into ``lead_days``.

KPIs (`kpis`), over the replayed days, with "units" the filled demand:

- stockout_rate: among series-days with demand > 0, the share whose closing stock is 0
  (the customer wanted the item that day and the shelf ended the day empty). Days with
  no demand are left out, so a slow item's idle days do not dilute the rate.
- fill_rate: units sold / units demanded (SPT's P2, measured rather than predicted).
- lost_units, lost_value: units lost, and units lost x unit price (HK$ of sales missed).
- average_stock_value: the mean over days of sum over series of closing x unit cost.
- turnover: cost of goods sold (sold x unit cost) over the period / average stock value,
  annualised by days_per_year / days (the turnover ratio at cost, SPT 2017).
- days_of_cover: average stock value / average daily cost of goods sold.
- order_lines: series-days with an order > 0; flagged_lines: those a person had to
  review (a forecast policy's review flags, see flags.py; every line for a rule, which
  a person works out by hand).
- ordering_hours (`OrderingMinutes`): a rule's lines are all written by hand, minutes
  per manual line each; a forecast policy's lines are proposed, so a flagged line costs
  the minutes of a reviewed flag and any other line the minutes of a routine approval.
  Automation counts only where a person no longer spends the time. The minutes are
  settings (``replay_minutes_*``): there is no one right figure, so the benchmark also
  prints the break-even minutes.

A ratio whose denominator is 0 is NaN when its numerator is 0 too, else infinite (e.g.
stock held and nothing sold gives infinite days of cover).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Protocol, TypeVar

import numpy as np
import numpy.typing as npt

from stockpilot.domain.arrays import BoolArray, FloatArray, IntArray
from stockpilot.domain.forecasting.censoring import fill_censored

CENSORED_WINDOW = 28
"""Days before a censored day whose known demand is averaged to fill it."""

_EPS = 1e-9  # float slack when counting whole packs, as in replenishment.constraints
_Scalar = TypeVar("_Scalar", bound=np.generic)


# --- inputs and results --------------------------------------------------------------------------


def _per_series(name: str, values: FloatArray, series: int) -> FloatArray:
    array = np.asarray(values, dtype=float)
    if array.shape != (series,):
        raise ValueError(f"{name} must have one value per series ({series}), got shape {array.shape}")
    if not np.all(np.isfinite(array)) or np.any(array < 0):
        raise ValueError(f"{name} must be finite and not negative")
    return array


@dataclass(frozen=True)
class ReplayInput:
    """History and item data for `replay`; arrays are series x days or one value per series."""

    demand: FloatArray  # series x days: units wanted each day; NaN = censored (unknown) day
    opening_stock: FloatArray  # per series: units on hand at the start of day 0
    lead_days: IntArray  # series x days, whole days >= 1: an order on day d arrives on d + lead
    review: BoolArray  # bool per day: the days the policy is asked for an order
    unit_cost: FloatArray  # per series, HK$ per unit (stock value)
    unit_price: FloatArray  # per series, HK$ per unit (lost-sales value)
    case_pack: FloatArray  # per series, whole units >= 1
    moq: FloatArray  # per series, units >= 0
    prior_sales: FloatArray | None = None  # series x days before day 0, for rules that average past sales

    def __post_init__(self) -> None:
        demand = np.asarray(self.demand, dtype=float)
        if demand.ndim != 2 or demand.shape[1] < 1:
            raise ValueError("demand must be a series x days array with at least one day")
        if np.any(demand[~np.isnan(demand)] < 0) or np.any(np.isinf(demand)):
            raise ValueError("demand must be finite and not negative (NaN for a censored day)")
        series, days = demand.shape
        lead = np.asarray(self.lead_days)
        if lead.shape != demand.shape:
            raise ValueError(f"lead_days must have the shape of demand {demand.shape}, got {lead.shape}")
        if not np.all(np.isfinite(lead)) or np.any(lead != np.round(lead)) or np.any(lead < 1):
            raise ValueError("lead_days must be whole days >= 1")
        review = np.asarray(self.review)
        if review.shape != (days,) or review.dtype != bool:
            raise ValueError(f"review must be a bool array with one value per day ({days})")
        pack = _per_series("case_pack", self.case_pack, series)
        if np.any(pack < 1) or np.any(pack != np.round(pack)):
            raise ValueError("case_pack must be whole units >= 1")
        prior = np.zeros((series, 0)) if self.prior_sales is None else np.asarray(self.prior_sales, dtype=float)
        if prior.ndim != 2 or prior.shape[0] != series or not np.all(np.isfinite(prior)) or np.any(prior < 0):
            raise ValueError("prior_sales must be a series x days array of sales, finite and not negative")
        object.__setattr__(self, "prior_sales", prior)
        object.__setattr__(self, "demand", demand)
        object.__setattr__(self, "lead_days", lead.astype(np.int64))
        object.__setattr__(self, "review", review)
        object.__setattr__(self, "case_pack", pack)
        for name in ("opening_stock", "unit_cost", "unit_price", "moq"):
            object.__setattr__(self, name, _per_series(name, getattr(self, name), series))

    @property
    def series(self) -> int:
        return int(self.demand.shape[0])

    @property
    def days(self) -> int:
        return int(self.demand.shape[1])


@dataclass(frozen=True)
class PolicyView:
    """Only what is known at the start of ``day``, after its deliveries and before its sales.

    The history arrays are read-only views of days 0..day-1; on_hand and on_order are copies.
    """

    day: int
    sales_history: FloatArray  # series x day: units sold on days 0..day-1
    stockout_history: BoolArray  # bool series x day: days 0..day-1 that closed with 0 stock
    on_hand: FloatArray  # per series, after today's deliveries
    on_order: FloatArray  # per series, ordered and not yet arrived
    prior_sales: FloatArray  # series x days before the replay (read-only; may have no days)


class Policy(Protocol):
    def order(self, day: int, view: PolicyView) -> FloatArray:
        """Raw units to order per series (>= 0), before case pack and MOQ."""
        ...


def _per_series_total(days: FloatArray) -> FloatArray:
    total: FloatArray = days.sum(axis=1)
    return total


@dataclass(frozen=True)
class ReplayResult:
    """What happened each day, series x days; totals are per series."""

    demand: FloatArray  # the demand replayed: the input with censored days filled
    sold: FloatArray
    lost: FloatArray
    closing: FloatArray  # on hand at the end of the day
    received: FloatArray  # arrived at the start of the day
    ordered: FloatArray  # placed that day, after case pack and MOQ

    @property
    def total_demand(self) -> FloatArray:
        return _per_series_total(self.demand)

    @property
    def total_sold(self) -> FloatArray:
        return _per_series_total(self.sold)

    @property
    def total_lost(self) -> FloatArray:
        return _per_series_total(self.lost)

    @property
    def total_received(self) -> FloatArray:
        return _per_series_total(self.received)

    @property
    def total_ordered(self) -> FloatArray:
        return _per_series_total(self.ordered)

    @property
    def outstanding(self) -> FloatArray:
        """Ordered but still on the way after the last day."""
        return self.total_ordered - self.total_received

    @property
    def final_stock(self) -> FloatArray:
        return self.closing[:, -1]


# --- the engine ------------------------------------------------------------------------------------


def pack_and_moq(raw: FloatArray, case_pack: FloatArray, moq: FloatArray) -> FloatArray:
    """Round up to whole case packs, then up to the smallest pack multiple >= MOQ; 0 stays 0.

    Vectorised `constraints.apply_pack_and_moq`: raw 13, pack 12, MOQ 30 -> 2 packs = 24
    < 30 -> 3 packs = 36.
    """
    raw = np.asarray(raw, dtype=float)
    packs = np.maximum(np.ceil(raw / case_pack - _EPS), 0.0)
    minimum = np.where(moq > 0, np.ceil(moq / case_pack - _EPS) * case_pack, 0.0)
    return np.where(raw > 0, np.maximum(packs * case_pack, minimum), 0.0)


def _read_only(array: npt.NDArray[_Scalar]) -> npt.NDArray[_Scalar]:
    view = array.view()
    view.flags.writeable = False
    return view


def _checked_order(raw: FloatArray, series: int, day: int) -> FloatArray:
    order = np.asarray(raw, dtype=float)
    if order.shape != (series,):
        raise ValueError(f"day {day}: the policy must order one quantity per series, got shape {order.shape}")
    if not np.all(np.isfinite(order)) or np.any(order < 0):
        raise ValueError(f"day {day}: the policy's orders must be finite and not negative")
    return order


def replay(inputs: ReplayInput, policy: Policy) -> ReplayResult:
    """Run ``policy`` over the history in ``inputs`` (lost sales; see the module docstring)."""
    demand = fill_censored(inputs.demand, CENSORED_WINDOW)
    series, days = demand.shape
    sold, lost, closing, received, ordered = (np.zeros((series, days)) for _ in range(5))
    stockout = np.zeros((series, days), dtype=bool)
    due = np.zeros((series, days))  # units arriving at the start of each day
    sold_seen, stockout_seen = _read_only(sold), _read_only(stockout)
    rows = np.arange(series)
    assert inputs.prior_sales is not None  # ReplayInput.__post_init__ fills it in
    prior = _read_only(inputs.prior_sales)
    on_hand = inputs.opening_stock.copy()
    on_order = np.zeros(series)
    for day in range(days):
        arriving = due[:, day]
        received[:, day] = arriving
        on_hand += arriving
        on_order -= arriving
        if inputs.review[day]:
            view = PolicyView(day, sold_seen[:, :day], stockout_seen[:, :day], on_hand.copy(), on_order.copy(), prior)
            quantity = pack_and_moq(_checked_order(policy.order(day, view), series, day), inputs.case_pack, inputs.moq)
            ordered[:, day] = quantity
            on_order += quantity
            arrival = day + inputs.lead_days[:, day]
            inside = (quantity > 0) & (arrival < days)  # one arrival day per series: no repeated index
            due[rows[inside], arrival[inside]] += quantity[inside]
        sales = np.minimum(demand[:, day], on_hand)
        sold[:, day] = sales
        lost[:, day] = demand[:, day] - sales
        on_hand -= sales
        closing[:, day] = on_hand
        stockout[:, day] = on_hand <= 0
    return ReplayResult(demand, sold, lost, closing, received, ordered)


# --- policies ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MinMaxPolicy:
    """The shops' min/max rule in weeks of moving-average sales.

    avg = mean daily sales over the last ``window`` days, the days before the replay
    (``prior_sales``) included (over the days there are when fewer are known; 0 with
    none). When on hand + on order <= min_weeks x 7 x avg, order up to max_weeks x 7 x
    avg; else nothing ((s, S), SPT 2017, ch. 6). It averages SALES, stockout days
    included, as the shops do: it is the rule to compare against.
    """

    min_weeks: float = 1.0
    max_weeks: float = 3.0
    window: int = 28

    def __post_init__(self) -> None:
        if not 0 <= self.min_weeks <= self.max_weeks:
            raise ValueError("need 0 <= min_weeks <= max_weeks")
        if self.window < 1:
            raise ValueError("the window must be at least one day")

    def order(self, day: int, view: PolicyView) -> FloatArray:
        average = _average_sales(view, self.window)
        position = view.on_hand + view.on_order
        low, high = self.min_weeks * 7 * average, self.max_weeks * 7 * average
        return np.where(position <= low, np.maximum(high - position, 0.0), 0.0)


def _average_sales(view: PolicyView, window: int) -> FloatArray:
    """Mean daily sales over the last ``window`` days, the days before the replay included."""
    recent = np.hstack([view.prior_sales, view.sales_history])[:, -window:]
    return recent.mean(axis=1) if recent.shape[1] else np.zeros(recent.shape[0])


@dataclass(frozen=True)
class WeeksOfCoverPolicy:
    """Order up to ``weeks`` of average daily sales at every review (the "keep N weeks" rule)."""

    weeks: float = 2.0
    window: int = 28

    def order(self, day: int, view: PolicyView) -> FloatArray:
        target = self.weeks * 7 * _average_sales(view, self.window)
        return np.maximum(target - view.on_hand - view.on_order, 0.0)


@dataclass(frozen=True)
class FixedQuantityPolicy:
    """Order a fixed quantity per series when on hand + on order falls to ``min_weeks`` of
    average sales ((s, Q) with the shop's usual order size as Q)."""

    quantity: FloatArray  # per series
    min_weeks: float = 1.0
    window: int = 28

    def order(self, day: int, view: PolicyView) -> FloatArray:
        low = self.min_weeks * 7 * _average_sales(view, self.window)
        return np.where(view.on_hand + view.on_order <= low, np.asarray(self.quantity, dtype=float), 0.0)


@dataclass(frozen=True)
class RecordedOrders:
    """The orders the shop actually placed (its purchase-order lines, by order day), replayed
    against the same demand. Replay it with a review on every day, so no order is skipped."""

    quantity: FloatArray  # series x days

    def order(self, day: int, view: PolicyView) -> FloatArray:
        return np.asarray(self.quantity, dtype=float)[:, day]


@dataclass(frozen=True)
class OrderUpTo:
    """Order max(target - on hand - on order, 0), the target per series from the view ((R, S))."""

    target: Callable[[PolicyView], FloatArray]

    def order(self, day: int, view: PolicyView) -> FloatArray:
        return np.maximum(np.asarray(self.target(view), dtype=float) - view.on_hand - view.on_order, 0.0)


# --- KPIs ----------------------------------------------------------------------------------------


def _ratio(numerator: float, denominator: float) -> float:
    if denominator == 0:
        return math.nan if numerator == 0 else math.inf
    return numerator / denominator


@dataclass(frozen=True)
class OrderingMinutes:
    """A buyer's minutes per order line, by how the line came about (settings ``replay_minutes_*``)."""

    manual_line: float
    reviewed_flag: float
    routine_approval: float

    def hours(self, ordered: FloatArray, flagged: BoolArray | None) -> float:
        """Hours for the lines of ``ordered``; ``flagged`` None: every line written by hand."""
        lines = ordered > 0
        if flagged is None:
            return float(np.count_nonzero(lines)) * self.manual_line / 60
        reviewed = np.count_nonzero(lines & flagged)
        routine = np.count_nonzero(lines & ~flagged)
        return (reviewed * self.reviewed_flag + routine * self.routine_approval) / 60


@dataclass(frozen=True)
class ReplayKpis:
    """Service, stock and workload figures of a replay (`kpis`), over the replayed days, with
    "units" the filled demand. A ratio whose denominator is 0 is NaN when its numerator is 0
    too, else infinite.

    - stockout_rate: among series-days with demand > 0, the share whose closing stock is 0.
    - fill_rate: units sold / units demanded (SPT's P2, measured rather than predicted).
    - lost_units, lost_value: units lost, and units lost x unit price (HK$ of sales missed).
    - average_stock_value: the mean over days of sum over series of closing x unit cost.
    - turnover: cost of goods sold over the period / average stock value, annualised by
      days_per_year / days (the turnover ratio at cost).
    - days_of_cover: average stock value / average daily cost of goods sold.
    - order_lines: series-days with an order > 0; flagged_lines: those a person had to review
      (every line for a rule).
    - ordering_hours: the buyers' hours for those lines (`OrderingMinutes`).
    """

    stockout_rate: float
    fill_rate: float
    lost_units: float
    lost_value: float
    average_stock_value: float
    turnover: float
    days_of_cover: float
    order_lines: int
    flagged_lines: int
    ordering_hours: float

    def to_dict(self) -> dict[str, float | int]:
        """The figures by name, in field order."""
        return asdict(self)  # every field is a plain value


def kpis(
    result: ReplayResult,
    inputs: ReplayInput,
    *,
    minutes: OrderingMinutes,
    flagged: BoolArray | None = None,
    days_per_year: float = 365.0,
) -> ReplayKpis:
    """Service, stock and workload figures of a replay (definitions in the module docstring).

    ``flagged`` (series x days) marks the lines a person reviewed; None for a rule whose
    every line is written by hand."""
    days = result.demand.shape[1]
    wanted = result.demand > 0
    stock_value = inputs.unit_cost @ result.closing  # per day, HK$
    average_stock = float(stock_value.mean())
    cogs = float(inputs.unit_cost @ result.total_sold)
    lines = result.ordered > 0
    return ReplayKpis(
        stockout_rate=_ratio(float(np.count_nonzero(wanted & (result.closing <= 0))), float(wanted.sum())),
        fill_rate=_ratio(float(result.sold.sum()), float(result.demand.sum())),
        lost_units=float(result.lost.sum()),
        lost_value=float(inputs.unit_price @ result.total_lost),
        average_stock_value=average_stock,
        turnover=_ratio(cogs, average_stock) * days_per_year / days,
        days_of_cover=_ratio(average_stock, cogs / days),
        order_lines=int(np.count_nonzero(lines)),
        flagged_lines=int(np.count_nonzero(lines if flagged is None else lines & flagged)),
        ordering_hours=minutes.hours(result.ordered, flagged),
    )
