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
- **Reasons and review flags:** domain/replenishment/reasons.py and review.py (season over, dead
  or slow stock and no recent data by lifecycle.py, from the season facts of the storage's
  series); a flag's values for the line are kept in its reason's JSON (``flag_values``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, replace

import numpy as np
import pyarrow as pa

from stockpilot.domain.replenishment import constraints, line_plan, policy
from stockpilot.domain.replenishment.decisions import CHANGED, VersionedLine, carry_over
from stockpilot.domain.replenishment.reasons import REASON, LineFacts, kept_apart, reason, stored_reason
from stockpilot.domain.replenishment.review import FLAGS, FlagFacts, review_flags, stored_flag_values
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.parameters import line_plan_parameters, review_limits
from stockpilot.services.ports import Clock, Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK
from stockpilot.services.ports.plans import Decision
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
    """A stored plan; a re-plan of its day names the plan it ``supersedes``, how many decisions it
    ``carried`` over and how many decided lines ``changed`` (flagged ``changed_since_decision``)."""

    plan_id: int
    plan_date: dt.date
    forecast_run_id: int
    lines: list[PlanLine]
    supersedes: int | None = None
    carried: int = 0
    changed: int = 0

    @property
    def flagged(self) -> int:
        return sum(1 for line in self.lines if line.flags)

    def to_dict(self) -> dict[str, object]:
        """The plan as `stockpilot plan --json` prints it."""
        return {
            "plan_id": self.plan_id,
            "plan_date": self.plan_date.isoformat(),
            "forecast_run_id": self.forecast_run_id,
            "supersedes": self.supersedes,
            "carried": self.carried,
            "changed": self.changed,
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
    """Proposals for ``day`` from the stored forecast and stock; stored as the day's new plan,
    superseding the day's plan before it and keeping its decisions on unchanged lines
    (domain/replenishment/decisions.py)."""
    run_id = _forecast_run(store, day)
    base = _series(store, run_id, day, settings)
    if not len(base["sku"]):
        raise Refusal("refusal.nothing_to_plan", day=day.isoformat())
    earlier = store.plans.current_plan(day)
    lines, carried, changed = _carry_over(store, earlier, _propose(store, settings, day, run_id, base))
    rows = [line.to_dict() for line in lines]
    columns = pa.table({k: [row[k] for row in rows] for k in rows[0]})
    flagged = sum(1 for line in lines if line.flags)
    plan_id = store.plans.save(clock.now(), day, run_id, columns, flagged, carried)
    return Plan(plan_id, day, run_id, lines, earlier, len(carried), changed)


def _carry_over(
    store: Storage, earlier: int | None, lines: list[PlanLine]
) -> tuple[list[PlanLine], list[Decision], int]:
    """The new lines (those changed since a decision on the ``earlier`` plan of the day flagged),
    the decisions carried over to the unchanged ones, and how many changed."""
    if earlier is None:
        return lines, [], 0
    before = {int(r["line"]): r for r in store.plans.lines(earlier)}
    over = carry_over(
        [
            VersionedLine(
                n,
                r["supplier_id"],
                r["location_id"],
                r["sku"],
                r["proposed_quantity"],
                decided=bool(r["decision"]),
                changed=CHANGED in r["flags"].split(","),
            )
            for n, r in before.items()
        ],
        [VersionedLine(x.line, x.supplier_id, x.location_id, x.sku, x.quantity) for x in lines],
    )
    carried = [
        Decision(
            new,
            before[old]["decision"],
            before[old]["quantity"],
            before[old]["decision_reason"],
            before[old]["decided_by"],
            before[old]["decided_at"],
            carried_from=before[old]["carried_from"] or earlier,  # where it was first made
        )
        for new, old in over.carried.items()
    ]
    flagged = [replace(x, flags=_with_flag(x.flags, CHANGED)) if x.line in over.changed else x for x in lines]
    return flagged, carried, len(over.changed)


def _with_flag(flags: str, code: str) -> str:
    """Comma-separated flag codes with ``code`` added, in the order of ``FLAGS``."""
    codes = {c for c in flags.split(",") if c} | {code}
    return ",".join(sorted(codes, key=FLAGS.index))


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
    r = settings.replenishment
    base, daily = store.plans.series(
        run_id, day, r.abc_days, season_days=r.review_season_days, dead_days=r.review_dead_days
    )
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
        FlagFacts(
            recent_sales=s["recent"].astype(float),
            band_low=np.maximum(week_mean - z * week_sd, 0.0),
            band_high=week_mean + z * week_sd,
            raw=raw,
            quantity=quantity,
            steps=[adjusted[k].steps for k in keys],
            usual_order=s["usual"],
            history_days=s["history_days"].astype(float),
            promotion_soon=promotion_in <= lead_mean,
            counted=s["counted"].astype(bool),
            budget_cut=np.array(["budget_cut" in adjusted[k].steps for k in keys]),
            on_hand=s["on_hand"].astype(float),
            unit_cost=cost,
            dead_window_units=s["dead_units"].astype(float),
            year_units=s["year_units"].astype(float),
            peak_units=s["peak_units"].astype(float),
            peak_end_age=s["peak_end_age"].astype(float),
            days_without_data=s["days_without"].astype(float),
            data_age_hours=_data_age_hours(store, day),
        ),
        limits,
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
                flags=",".join(flags[i].codes),
                reason_code=REASON,
                reason_params=json.dumps({**kept_apart(reason(facts)), **stored_flag_values(flags[i])}),
            )
        )
    return lines


def _data_age_hours(store: Storage, day: dt.date) -> float:
    """Hours from the latest sale to the start of the plan day."""
    latest = store.plans.latest_sale_before(day)
    if latest is None:
        return float("inf")
    return (dt.datetime.combine(day, dt.time()) - latest).total_seconds() / 3600
