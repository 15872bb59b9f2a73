"""`stockpilot plan`: order proposals per supplier and location for one day (R-REP-1, R-REP-2).

For every SKU at every location with a forecast:
- **Supplier:** a store is supplied by the warehouse when the chain has one (the
  supplier whose id is the warehouse's location id). The warehouse, or a store of a
  chain without one, is supplied by the product's supplier. The warehouse's demand is
  the sum of its stores' forecasts.
- **Lead time, ABC class, service level, cover R + L and the (R, S) level:** one rule
  for the plan and the replay, domain/replenishment/line_plan.py: mean and standard
  deviation of the supplier's observed lead times (receipts: order date to receipt date;
  under a day counts as 1, below 0 is left out), or its nominal lead time when it has
  fewer than three.
- **Demand over the review period plus the lead time:** from the latest forecast that
  covers the plan date. Daily variance is ``mean + phi * mean**2`` (negative binomial).
- **Measured sigma:** the sd of demand over R + L is measured on the earlier forecast
  runs of the last ``lead_time_error_days`` whose R + L days have passed (actual sales
  minus forecast), shrunk toward the forecast's own sd (``policy.tracked_sd``).
- **Policy:** periodic review (R, S). The service level comes from the SKU's ABC class
  at the location, by sales value over ``abc_days``.
  - S = expected demand over R + L, plus k x sigma.
  - Order = S minus the inventory position: on hand (the last stock count, plus
    receipts, minus sales since) plus on order (open purchase-order lines not yet
    received).
- **Constraints:** rounded to case packs and the supplier's MOQ, capped by a store's
  shelf capacity (products.shelf_capacity), then cut to the supplier budget, C before B
  before A (domain/replenishment/constraints.py).
- **Reasons and review flags:** domain/replenishment/reasons.py and review.py.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

import numpy as np
import pyarrow as pa

from stockpilot.domain.replenishment import constraints, line_plan, policy
from stockpilot.domain.replenishment.reasons import REASON, LineFacts, kept_apart, reason, stored_reason
from stockpilot.domain.replenishment.review import review_flags
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.parameters import line_plan_parameters, review_limits
from stockpilot.services.ports import Clock, Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK
from stockpilot.settings import Settings

RECENT_DAYS = 7  # last week's sales (storage: repositories/plans.py), checked against the forecast's band
# The usual order (storage): the median purchase-order line of the last 90 days.


@dataclass(frozen=True)
class PlanLine:
    """One proposal: a SKU at a location from a supplier; its fields are the columns of
    ``proposals`` after plan_id, in order (``to_dict``)."""

    line: int
    supplier_id: str
    location_id: str
    sku: str
    abc: str
    service_level: float
    demand: float
    safety_stock: float
    on_hand: float
    on_order: float
    order_up_to: float
    raw_quantity: float
    quantity: float
    unit_cost: float
    steps: str  # constraint steps, comma-separated
    flags: str  # review flag codes, comma-separated
    reason_code: str
    reason_params: str  # JSON

    def to_dict(self) -> dict[str, object]:
        return asdict(self)  # every field is a plain value


@dataclass(frozen=True)
class Plan:
    plan_id: int
    plan_date: dt.date
    forecast_run_id: int
    lines: list[PlanLine]

    @property
    def flagged(self) -> int:
        return sum(1 for line in self.lines if line.flags)

    def to_dict(self) -> dict[str, object]:
        """The plan as `stockpilot plan --json` prints it."""
        return {
            "plan_id": self.plan_id,
            "plan_date": self.plan_date.isoformat(),
            "forecast_run_id": self.forecast_run_id,
            "flagged": self.flagged,
            "lines": [_readable(line.to_dict()) for line in self.lines],
        }


def _readable(line: dict[str, object]) -> dict[str, object]:
    """A stored line for JSON: its reason's values as an object, and the reason worded in both languages."""
    apart = json.loads(str(line["reason_params"]))
    reason_of = stored_reason(str(line["reason_code"]), apart, line)
    worded = {"reason_en": render(reason_of, "en"), "reason_zh": render(reason_of, "zh-HK")}
    return {**line, "reason_params": apart, **worded}


def _forecast_run(store: Storage, day: dt.date) -> int:
    run_id = store.plans.forecast_run_covering(day)
    if run_id is None:
        raise Refusal("refusal.no_forecast_for_day", day=day.isoformat())
    return run_id


def latest_forecast_day(store: Storage) -> dt.date:
    """The first forecast day of the latest forecast run: the natural day to plan for."""
    day = store.plans.latest_forecast_first_day()
    if day is None:
        raise Refusal("refusal.no_forecast")
    return day


def make_plan(store: Storage, settings: Settings, day: dt.date, *, clock: Clock = SYSTEM_CLOCK) -> Plan:
    """Proposals for ``day`` from the stored forecast and stock; stored as a new plan."""
    run_id = _forecast_run(store, day)
    base = _series(store, run_id, day, settings)
    if not len(base["sku"]):
        raise Refusal("refusal.nothing_to_plan", day=day.isoformat())
    lines = _propose(store, settings, day, run_id, base)
    rows = [line.to_dict() for line in lines]
    columns = pa.table({k: [row[k] for row in rows] for k in rows[0]})
    plan_id = store.plans.save(clock.now(), day, run_id, columns, sum(1 for line in lines if line.flags))
    return Plan(plan_id, day, run_id, lines)


def _earlier_errors(
    store: Storage, run_id: int, day: dt.date, settings: Settings, s: dict[str, np.ndarray], cover: np.ndarray
) -> np.ndarray:
    """Series x earlier runs: actual minus forecast demand over each series' R + L (NaN where
    a run's R + L days have not all passed, or it did not forecast the series)."""
    keys = list(zip(s["location_id"].astype(str), s["sku"].astype(str), strict=True))
    found = store.plans.earlier_errors(run_id, day, settings.replenishment.lead_time_error_days, keys, cover)
    runs, column = np.unique(found["run_id"], return_inverse=True)
    errors = np.full((len(cover), len(runs)), np.nan)
    errors[found["i"], column] = found["error"]
    return errors


def _series(store: Storage, run_id: int, day: dt.date, settings: Settings) -> dict[str, np.ndarray]:
    """Everything known per location and SKU, and its daily forecast mean and variance."""
    base, daily = store.plans.series(run_id, day, settings.replenishment.abc_days)
    index = {(loc, sku): i for i, (loc, sku) in enumerate(zip(base["location_id"], base["sku"], strict=True))}
    rows = np.array([index[(loc, sku)] for loc, sku in zip(daily["location_id"], daily["sku"], strict=True)])
    days = int(daily["d"].max()) + 1 if len(rows) else 0
    mean, variance = np.zeros((len(index), days)), np.zeros((len(index), days))
    mean[rows, daily["d"]], variance[rows, daily["d"]] = daily["mean"], daily["variance"]
    return {**base, "daily_mean": mean, "daily_variance": variance}


def _propose(store: Storage, settings: Settings, day: dt.date, run_id: int, s: dict[str, np.ndarray]) -> list[PlanLine]:
    nominal = {str(k): float(v) for k, v in zip(s["supplier_id"], s["nominal_lead"], strict=True)}
    lead_mean, lead_sd = line_plan.planning_lead_times(s["supplier_id"], store.plans.lead_times(day), nominal)
    available = s["daily_mean"].shape[1]
    planned = line_plan.plan_cover(
        s["location_id"], s["value"].astype(float), lead_mean, lead_sd, line_plan_parameters(settings), available
    )
    classes, service, cover = planned.abc, planned.service_level, planned.days
    position = s["on_hand"] + s["on_order"]
    levels = line_plan.order_up_to_levels(
        s["daily_mean"],
        s["daily_variance"],
        cover,
        lead_sd,
        line_plan.safety_factors(service, len(cover)),
        errors=_earlier_errors(store, run_id, day, settings, s, cover),
        prior_windows=settings.replenishment.lead_time_error_prior_windows,
        inventory_position=position,
    )
    demand, safety, up_to, raw = levels.demand, levels.safety_stock, levels.order_up_to, levels.raw_order
    keys = [f"{loc}/{sku}" for loc, sku in zip(s["location_id"], s["sku"], strict=True)]
    cost = np.nan_to_num(s["unit_cost"])
    promotion_in = np.nan_to_num(s["promotion_in"], nan=np.inf)  # days until the next promotion starts
    originals = {
        key: constraints.OrderLine(
            key=key,
            raw=float(raw[i]),
            case_pack=int(s["case_pack"][i]),
            moq=float(s["moq"][i]),
            shelf_capacity=None if np.isnan(s["shelf_capacity"][i]) else float(s["shelf_capacity"][i]),
            inventory_position=float(position[i]),
            unit_cost=float(cost[i]),
            abc=str(classes[i]),
            priority=float(s["value"][i]),
        )
        for i, key in enumerate(keys)
    }
    adjusted = {a.key: a for a in (constraints.adjust(line) for line in originals.values())}
    budget = settings.replenishment.supplier_budget or None
    for supplier in np.unique(s["supplier_id"]):
        group = [adjusted[k] for k, sup in zip(keys, s["supplier_id"], strict=True) if sup == supplier]
        adjusted.update({a.key: a for a in constraints.apply_budget(group, originals, budget)})
    quantity = np.array([adjusted[k].quantity for k in keys])

    week = slice(0, min(RECENT_DAYS, available))
    week_mean, week_sd = s["daily_mean"][:, week].sum(axis=1), np.sqrt(s["daily_variance"][:, week].sum(axis=1))
    z = policy.safety_factor_for_cycle_service(0.5 + settings.replenishment.review_band / 2)
    limits = review_limits(settings)
    flags = review_flags(
        recent_sales=s["recent"].astype(float),
        band_low=np.maximum(week_mean - z * week_sd, 0.0),
        band_high=week_mean + z * week_sd,
        quantity=quantity,
        usual_order=s["usual"],
        history_days=s["history_days"].astype(float),
        promotion_soon=promotion_in <= lead_mean,
        counted=s["counted"].astype(bool),
        budget_cut=np.array(["budget_cut" in adjusted[k].steps for k in keys]),
        data_age_hours=_data_age_hours(store, day),
        limits=limits,
    )
    lines = []
    for i, key in enumerate(keys):
        days = int(np.ceil(cover[i]))
        facts = LineFacts(
            days=days,
            demand=float(demand[i]),
            promotion=bool(promotion_in[i] < days),
            safety_stock=float(safety[i]),
            service_level=float(service[i]),
            on_hand=float(s["on_hand"][i]),
            on_order=float(s["on_order"][i]),
            order_up_to=float(up_to[i]),
            raw=float(raw[i]),
            quantity=float(quantity[i]),
            pack=float(s["case_pack"][i]),
            moq=float(s["moq"][i]),
            steps=adjusted[key].steps,
        )
        lines.append(
            PlanLine(
                line=i + 1,
                supplier_id=str(s["supplier_id"][i]),
                location_id=str(s["location_id"][i]),
                sku=str(s["sku"][i]),
                abc=str(classes[i]),
                service_level=facts.service_level,
                demand=facts.demand,
                safety_stock=facts.safety_stock,
                on_hand=facts.on_hand,
                on_order=facts.on_order,
                order_up_to=facts.order_up_to,
                raw_quantity=facts.raw,
                quantity=facts.quantity,
                unit_cost=float(cost[i]),
                steps=",".join(facts.steps),
                flags=",".join(flags[i]),
                reason_code=REASON,
                reason_params=json.dumps(kept_apart(reason(facts))),
            )
        )
    return lines


def _data_age_hours(store: Storage, day: dt.date) -> float:
    """Hours from the latest sale to the start of the plan day."""
    latest = store.plans.latest_sale_before(day)
    if latest is None:
        return float("inf")
    return (dt.datetime.combine(day, dt.time()) - latest).total_seconds() / 3600
