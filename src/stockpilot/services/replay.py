"""Replay the shop's own history: its rule against Stock Pilot, day by day (R-SIM-1..3).

From the database: the demand of every location x SKU that sold (services/demand_panel.py,
stock-out days censored), the products' cost, price, case pack and the suppliers' MOQ,
the lead times the receipts show, and the purchase orders the shop placed. The replay
runs over the last ``replay_days`` days up to the cut-off; the days before are history.

- Lead times: a supplier with at least 3 receipts (order date to receipt) up to the
  cut-off gives each order a lead time drawn from them (seeded by ``replay_seed``);
  otherwise its nominal lead time, rounded up, at least 1 day. Stock Pilot plans with
  the mean and sd of the receipts before the replay, as `stockpilot plan` would have; the
  same rule for which receipts count (under a day counts as 1, below 0 is left out), ABC
  class, service level and cover R + L (domain/replenishment/line_plan.py).
- Opening stock: the same for every policy, the middle of the rule's min and max
  (2 weeks of the average sales over the rule's window at 1w / 3w).
- Review: every ``review_period_days`` from the first day. "The orders actually
  placed" replay the purchase-order lines by order day, with a review every day.
- Stock is valued at unit cost (the unit price where no cost is known, noted in the
  report); lost sales at the unit price (the average price paid where none is set).
- Stock Pilot: forecasts refitted every ``replay_refit_days`` from the recorded history
  before (domain/replay/forecast_policy.py), (R, S) at the ABC service levels of the
  settings, ranked per location on the ``abc_days`` before the replay; the sd of demand
  over R + L measured on its earlier forecasts' errors, as `stockpilot plan` does.
- Sweeps: the rule over ``replay_rule_sweep`` min weeks (same max - min), Stock Pilot
  over ``replay_service_sweep``; the headline is read off both curves at the rule's
  usual stock value (domain/replay/equal_inventory.py).
- Per SKU and location, against the rule at its usual setting: recovered margin = lost
  sales value saved x (1 - cost / price), scaled to a year; stock released = the fall in
  average stock value (once); cash improvement = both, the cash a first year brings.
- Break-even accuracy (R-SIM-2) from the last forecast: per series the error of demand
  over review + lead time, the ratio it must fall to for 30% fewer shortages at equal
  safety stock, and the sales value a year that would bring back; the top N.
- Day by day, each policy at its usual setting, all series summed (``daily``): the series
  with demand, those whose shelf ended the day empty (engine.kpis' stockouts) and the
  closing stock at cost; stored with the report, for the web app's charts.

The stored report reads back as it was written (:func:`latest_replay`, ``ReplayReport.from_dict``).
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from stockpilot.adapters.exports.charts import tradeoff_chart
from stockpilot.domain.messages import Message
from stockpilot.domain.progress import Progress, silent
from stockpilot.domain.replay import engine
from stockpilot.domain.replay.break_even import accuracy_payoff, break_even_ratios
from stockpilot.domain.replay.equal_inventory import CurvePoint, headline, pilot_setting
from stockpilot.domain.replay.flags import any_flag, replay_flags
from stockpilot.domain.replay.forecast_policy import (
    ForecastSchedule,
    ScheduledOrderUpTo,
    schedule_forecasts,
    stock_pilot_forecaster,
)
from stockpilot.domain.replenishment import line_plan, policy
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.demand_panel import DemandHistory, load_demand
from stockpilot.services.parameters import (
    forecast_config,
    line_plan_parameters,
    pilot_targets,
    review_limits,
    shop_rule,
)
from stockpilot.services.ports import Clock, Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK
from stockpilot.services.ports.replays import Supplier
from stockpilot.settings import Settings

MIN_HISTORY_DAYS = 28
"""Days of history the replay needs before its first day (the rule's moving average)."""


@dataclass(frozen=True)
class PolicyResult:
    """One policy at one setting in the replay, with its KPIs (engine.kpis; NaN and infinity as None in ``to_dict``)."""

    policy: str  # the shop's rule (min_max, weeks_of_cover, fixed_quantity), stock_pilot or orders_placed
    setting: str  # e.g. 1w/3w, abc, 0.95, recorded
    usual: bool  # the policy at its usual setting (not a sweep point)
    kpis: engine.ReplayKpis

    def to_dict(self) -> dict[str, object]:
        kpis = _json_safe(self.kpis.to_dict())
        return {"policy": self.policy, "setting": self.setting, "usual": self.usual, "kpis": kpis}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyResult:
        """The policy ``to_dict`` wrote (a KPI stored as None is NaN again)."""
        kpis: dict[str, Any] = {k: float("nan") if v is None else v for k, v in data["kpis"].items()}
        return cls(data["policy"], data["setting"], data["usual"], engine.ReplayKpis(**kpis))


@dataclass(frozen=True)
class PilotKpis:
    """The pilot targets checked: Stock Pilot at its usual setting against the rule, and the lowest swept
    service level meeting every target (None: none does) with the check there."""

    usual: dict[str, Any]
    service_level_meeting_targets: float | None
    at_that_level: dict[str, Any] | None

    def to_dict(self) -> dict[str, object]:
        return {
            "usual": self.usual,
            "service_level_meeting_targets": self.service_level_meeting_targets,
            "at_that_level": self.at_that_level,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PilotKpis:
        """The check ``to_dict`` wrote."""
        return cls(data["usual"], data["service_level_meeting_targets"], data["at_that_level"])


@dataclass(frozen=True)
class BreakEvenLine:
    """A series where a better forecast pays most: its sigma over R + L, the ratio it must fall to, the value."""

    location_id: str
    sku: str
    sigma: float
    required_sigma_ratio: float | None
    value_a_year: float

    def to_dict(self) -> dict[str, object]:
        return asdict(self)  # every field is a plain value


@dataclass(frozen=True)
class DailyTotals:
    """One policy at its usual setting, day by day from the first day, all series summed: the
    series with demand, those of them whose shelf ended the day empty (the stockouts of
    engine.kpis) and the closing stock at unit cost (HK$; its mean is ``average_stock_value``)."""

    policy: str
    setting: str
    wanted: list[int]
    stockouts: list[int]
    stock_value: list[float]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)  # every field is a plain value

    @property
    def stockout_rate(self) -> list[float | None]:
        """Each day's stockouts / series with demand (None: no demand that day)."""
        return [out / wanted if wanted else None for out, wanted in zip(self.stockouts, self.wanted, strict=True)]


@dataclass(frozen=True)
class ReplayReport:
    """What `stockpilot replay` found; ``to_dict`` is its JSON."""

    run_id: int
    first_day: dt.date
    last_day: dt.date
    series: int
    policies: list[PolicyResult]
    equal_inventory: dict[str, object]
    pilot_kpis: PilotKpis
    break_even: list[BreakEvenLine]
    charts: list[str]
    notes: list[Message]  # rendered with stockpilot.messages.render
    daily: list[DailyTotals]  # the usual policies day by day; empty in a run stored before they were kept

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def to_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
            "days": self.days,
            "series": self.series,
            "policies": [p.to_dict() for p in self.policies],
            "equal_inventory": self.equal_inventory,
            "pilot_kpis": self.pilot_kpis.to_dict(),
            "break_even": [line.to_dict() for line in self.break_even],
            "charts": self.charts,
            "notes": [render(note, "en") for note in self.notes],  # the English text, as before
            "note_codes": [note.to_dict() for note in self.notes],  # the same notes as codes and values
            "daily": [totals.to_dict() for totals in self.daily],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReplayReport:
        """The report ``to_dict`` wrote, as stored (``daily``: none in a run stored before it was kept)."""
        return cls(
            run_id=data["run_id"],
            first_day=dt.date.fromisoformat(data["first_day"]),
            last_day=dt.date.fromisoformat(data["last_day"]),
            series=data["series"],
            policies=[PolicyResult.from_dict(p) for p in data["policies"]],
            equal_inventory=data["equal_inventory"],
            pilot_kpis=PilotKpis.from_dict(data["pilot_kpis"]),
            break_even=[BreakEvenLine(**line) for line in data["break_even"]],
            charts=data["charts"],
            notes=[Message.from_dict(note) for note in data["note_codes"]],
            daily=[DailyTotals(**totals) for totals in data.get("daily", [])],
        )


@dataclass(frozen=True)
class StoredReplay:
    """The latest replay stored: when it was run, and its report."""

    created_at: dt.datetime
    report: ReplayReport


def latest_replay(store: Storage) -> StoredReplay | None:
    """The latest run of `stockpilot replay` read back from the database; None before any."""
    stored = store.replays.latest_report()
    return None if stored is None else StoredReplay(stored[0], ReplayReport.from_dict(stored[1]))


@dataclass(frozen=True)
class _Setup:
    history: DemandHistory
    start: int
    horizon: int  # days each forecast runs: the refit period + the longest review + lead time
    inputs: engine.ReplayInput
    planned: line_plan.Cover  # per series: ABC class, service level, lead time and cover R + L, as the plan
    recorded: np.ndarray | None  # purchase-order quantities, series x days, by order day
    notes: list[Message]


def _lead_times(
    known: dict[str, Supplier], before: dict[str, Supplier], suppliers: np.ndarray, days: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per series: the lead days drawn for every day (from every receipt up to the cut-off),
    and the planning mean and sd (from the receipts before the replay) and the MOQ."""
    rng = np.random.default_rng(seed)
    lead = np.ones((len(suppliers), days), dtype=np.int64)
    moq = np.zeros(len(suppliers))
    for supplier in np.unique(suppliers):
        rows_of = suppliers == supplier
        minimum, nominal, seen = known.get(supplier, (0.0, 1.0, []))
        observed = line_plan.counted_lead_times(seen)
        moq[rows_of] = minimum
        if len(observed) >= policy.MINIMUM_LEAD_TIME_OBSERVATIONS:
            lead[rows_of] = rng.choice(observed, size=(int(rows_of.sum()), days))
        else:
            lead[rows_of] = max(int(np.ceil(nominal)), 1)
    nominal_before = {supplier: facts[1] for supplier, facts in before.items()}
    observed_before = {supplier: facts[2] for supplier, facts in before.items()}
    mean, sd = line_plan.planning_lead_times(suppliers, observed_before, nominal_before)
    return lead, mean, sd, moq


def _setup(store: Storage, settings: Settings, days: int, cutoff: dt.date | None, locations: tuple[str, ...]) -> _Setup:
    known = store.replays.suppliers(cutoff)
    planned_leads = (line_plan.planning_lead_time(seen, nominal).mean for _, nominal, seen in known.values())
    longest = max(planned_leads, default=1.0)
    horizon = settings.replay.replay_refit_days + settings.replenishment.review_period_days + int(np.ceil(longest))
    history = load_demand(
        store,
        horizon,
        cutoff=cutoff,
        returns=settings.forecasting.forecast_returns,
        history_days=settings.forecasting.forecast_history_days + days,
    )
    if locations:
        history = _only(history, np.isin(history.locations, locations))
    start = history.panel.history_days - days
    if start < MIN_HISTORY_DAYS:
        raise Refusal("refusal.replay_history", days=days, needed=MIN_HISTORY_DAYS, known=history.panel.history_days)
    first, last = history.dates[start].item(), history.dates[start + days - 1].item()
    keys = list(zip(history.locations.astype(str), history.skus.astype(str), strict=True))
    order = {key: i for i, key in enumerate(keys)}
    items = sorted(store.replays.items(keys), key=lambda item: order[(item["location_id"], item["sku"])])
    column = {name: np.asarray([item[name] for item in items], dtype=object) for name in items[0]}
    notes: list[Message] = []
    with warnings.catch_warnings():  # a series with no price paid in the replay: NaN, then 0
        warnings.simplefilter("ignore", RuntimeWarning)
        average_paid = np.nan_to_num(np.nanmean(history.panel.price[:, start : start + days], axis=1))
    price = np.array([np.nan if p is None else float(p) for p in column["unit_price"]])
    price = np.where(np.isfinite(price), price, average_paid)
    cost = np.array([np.nan if c is None else float(c) for c in column["unit_cost"]])
    if np.isnan(cost).any():
        notes.append(Message("replay.note.no_unit_cost", {"series": int(np.isnan(cost).sum())}))
    cost = np.where(np.isfinite(cost), cost, price)
    before = store.replays.suppliers(first - dt.timedelta(days=1))
    suppliers = column["supplier_id"].astype(str)
    lead, lead_mean, lead_sd, moq = _lead_times(known, before, suppliers, days, settings.replay.replay_seed)
    window = settings.replay.replay_rule_window_days
    prior = history.sales[:, max(start - window, 0) : start]
    middle = (settings.replay.replay_rule_min_weeks + settings.replay.replay_rule_max_weeks) / 2 * 7
    inputs = engine.ReplayInput(
        demand=history.panel.units[:, start:],
        opening_stock=np.round(middle * prior.mean(axis=1)),
        lead_days=lead,
        review=np.arange(days) % settings.replenishment.review_period_days == 0,
        unit_cost=cost,
        unit_price=price,
        case_pack=np.maximum(column["case_pack"].astype(float), 1),
        moq=moq,
        prior_sales=prior,
    )
    recorded = _recorded_orders(store, history, first, last, days)
    ranked = slice(max(start - settings.replenishment.abc_days, 0), start)  # ranked as `stockpilot plan` ranks
    value = history.sales[:, ranked].sum(axis=1) * inputs.unit_price
    planned = line_plan.plan_cover(history.locations, value, lead_mean, lead_sd, line_plan_parameters(settings))
    return _Setup(history, start, horizon, inputs, planned, recorded, notes)


def _only(history: DemandHistory, keep: np.ndarray) -> DemandHistory:
    """The history of the series in ``keep`` only."""
    if not keep.any():
        raise Refusal("refusal.no_sales_at_locations")
    panel = history.panel
    panel = replace(
        panel,
        units=panel.units[keep],
        price=panel.price[keep],
        groups={k: v[keep] for k, v in panel.groups.items()},
        covariates={k: v[keep] for k, v in panel.covariates.items()},
    )
    per_series = ("locations", "skus", "categories", "departments", "censored", "inferred", "revenue", "sales")
    return replace(history, panel=panel, **{k: getattr(history, k)[keep] for k in per_series})


def _recorded_orders(
    store: Storage, history: DemandHistory, first: dt.date, last: dt.date, days: int
) -> np.ndarray | None:
    rows = store.replays.orders_placed(first, last)
    index = {(loc, sku): i for i, (loc, sku) in enumerate(zip(history.locations, history.skus, strict=True))}
    placed = np.zeros((len(index), days))
    for location, sku, day, quantity in rows:
        if (location, sku) in index:
            placed[index[(location, sku)], day] += quantity
    return placed if placed.any() else None


def run_replay(
    store: Storage,
    settings: Settings,
    *,
    days: int | None = None,
    cutoff: dt.date | None = None,
    locations: tuple[str, ...] = (),
    chart_dir: Path | None = None,
    language: str = "en",
    progress: Progress = silent,
    clock: Clock = SYSTEM_CLOCK,
) -> ReplayReport:
    """Replay the last ``days`` (default ``replay_days``) up to ``cutoff`` and store the run; the chart
    (in ``chart_dir``, if given) is worded in ``language``."""
    days = days or settings.replay.replay_days
    progress("forecast_load")
    setup = _setup(store, settings, days, cutoff, locations)
    inputs, history = setup.inputs, setup.history
    prior_sales = inputs.prior_sales
    assert prior_sales is not None  # ReplayInput fills it in
    minutes = engine.OrderingMinutes(
        settings.replay.replay_minutes_per_manual_line,
        settings.replay.replay_minutes_per_reviewed_flag,
        settings.replay.replay_minutes_per_routine_approval,
    )
    schedule = schedule_forecasts(
        stock_pilot_forecaster(forecast_config(settings)),
        history.panel,
        setup.start,
        days,
        settings.replay.replay_refit_days,
        setup.horizon,
        lambda done, total: progress("replay_forecast", done=done, total=total),
    )
    progress("replay_policies")
    limits = review_limits(settings)

    def ours(level: np.ndarray | float) -> tuple[engine.ReplayResult, engine.ReplayKpis]:
        chosen = ScheduledOrderUpTo(
            schedule,
            level,
            setup.planned.days,
            setup.planned.lead_sd,
            inputs.demand,
            settings.replenishment.lead_time_error_prior_windows,
            settings.replenishment.lead_time_error_days,
        )
        result = engine.replay(inputs, chosen)
        flagged = any_flag(replay_flags(result, inputs.review, schedule, prior_sales, limits))
        return result, engine.kpis(result, inputs, minutes=minutes, flagged=flagged)

    usual = shop_rule(settings)

    def rule(min_weeks: float) -> tuple[engine.ReplayResult, engine.ReplayKpis]:
        result = engine.replay(inputs, usual.at(min_weeks).policy(prior_sales))
        return result, engine.kpis(result, inputs, minutes=minutes)

    kind = usual.kind
    usual_rule, rule_kpis = rule(usual.min_weeks)
    usual_levels = setup.planned.service_level
    usual_ours, our_kpis = ours(usual_levels)
    policies = [
        PolicyResult(kind, usual.label, True, rule_kpis),
        PolicyResult("stock_pilot", "abc", True, our_kpis),
    ]
    daily = [_daily(policies[0], usual_rule, inputs), _daily(policies[1], usual_ours, inputs)]
    if setup.recorded is not None:
        every_day = replace(inputs, review=np.ones(days, dtype=bool))
        placed = engine.replay(every_day, engine.RecordedOrders(setup.recorded))
        policies.append(
            PolicyResult("orders_placed", "recorded", True, engine.kpis(placed, every_day, minutes=minutes))
        )
        daily.append(_daily(policies[-1], placed, every_day))
    curves: dict[str, list[CurvePoint]] = {kind: [], "stock_pilot": []}
    for weeks in settings.replay.replay_rule_sweep:
        figures = rule(weeks)[1]
        curves[kind].append(CurvePoint(weeks, figures.average_stock_value, figures))
        policies.append(PolicyResult(kind, usual.at(weeks).label, False, figures))
    for level in settings.replay.replay_service_sweep:
        figures = ours(level)[1]
        curves["stock_pilot"].append(CurvePoint(level, figures.average_stock_value, figures))
        policies.append(PolicyResult("stock_pilot", f"{level:g}", False, figures))

    equal = headline(curves["stock_pilot"], curves[kind], rule_kpis.average_stock_value)
    targets = pilot_targets(settings)
    best = pilot_setting(curves["stock_pilot"], rule_kpis, targets)
    pilot = PilotKpis(
        _json_safe(targets.check(our_kpis, rule_kpis)),
        None if best is None else best.parameter,
        None if best is None else _json_safe(targets.check(best.kpis, rule_kpis)),
    )
    break_even = _break_even(settings, setup, schedule, usual_levels)
    first, last = history.dates[setup.start].item(), history.dates[setup.start + days - 1].item()
    progress("replay_store")
    run_id = store.replays.next_run_id()
    charts = _charts(chart_dir, run_id, curves, rule_kpis, our_kpis, f"{kind} {usual.label}", language)
    report = ReplayReport(
        run_id,
        first,
        last,
        history.panel.series,
        policies,
        _json_safe(equal),
        pilot,
        break_even,
        charts,
        setup.notes,
        daily,
    )
    store.replays.save(
        run_id, clock.now(), first, last, report.to_dict(), _series_rows(run_id, setup, usual_rule, usual_ours)
    )
    return report


def _json_safe(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe: NaN and infinity become None, nested dicts alike."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            out[key] = _json_safe(value)
        elif isinstance(value, float) and not np.isfinite(value):
            out[key] = None
        else:
            out[key] = value
    return out


def _daily(chosen: PolicyResult, result: engine.ReplayResult, inputs: engine.ReplayInput) -> DailyTotals:
    """``chosen``'s replay day by day, counted and valued as engine.kpis counts and values it."""
    wanted = result.demand > 0
    stockouts = wanted & (result.closing <= 0)
    value = inputs.unit_cost @ result.closing
    return DailyTotals(
        chosen.policy,
        chosen.setting,
        [int(n) for n in wanted.sum(axis=0)],
        [int(n) for n in stockouts.sum(axis=0)],
        [round(float(v), 2) for v in value],
    )


def _series_rows(run_id: int, setup: _Setup, rule: engine.ReplayResult, ours: engine.ReplayResult) -> pa.Table:
    inputs = setup.inputs
    cost, price = inputs.unit_cost, inputs.unit_price
    margin = np.divide(price - cost, price, out=np.zeros_like(price), where=price > 0)
    rule_value, our_value = rule.total_lost * price, ours.total_lost * price
    rule_stock, our_stock = (rule.closing * cost[:, None]).mean(axis=1), (ours.closing * cost[:, None]).mean(axis=1)
    recovered = (rule_value - our_value) * np.clip(margin, 0, 1) * 365 / inputs.days  # a year
    released = rule_stock - our_stock
    n = len(cost)
    return pa.table(
        {
            "run_id": np.full(n, run_id, dtype=np.int64),
            "location_id": setup.history.locations.astype(str),
            "sku": setup.history.skus.astype(str),
            "demand_units": rule.total_demand,
            "demand_value": rule.total_demand * price,
            "rule_lost_units": rule.total_lost,
            "rule_lost_value": rule_value,
            "rule_stock_value": rule_stock,
            "ours_lost_units": ours.total_lost,
            "ours_lost_value": our_value,
            "ours_stock_value": our_stock,
            "recovered_margin": recovered,
            "stock_released": released,
            "cash_improvement": recovered + released,
        }
    )


def _break_even(
    settings: Settings, setup: _Setup, schedule: ForecastSchedule, levels: np.ndarray
) -> list[BreakEvenLine]:
    """The top ``break_even_top`` series where the break-even accuracy brings back most sales
    value, at each series' usual service level ``levels``."""
    mean, variance = schedule.at(int(schedule.origins[-1]))
    planned = setup.planned
    factors = line_plan.safety_factors(levels, len(levels))
    at_last = line_plan.order_up_to_levels(mean, variance, planned.days, planned.lead_sd, factors)
    sigma, safety = at_last.sigma, at_last.safety_stock
    reduction = settings.replay.break_even_reduction
    ratio = break_even_ratios(sigma, safety, reduction)
    payoff = accuracy_payoff(
        sigma, safety, setup.inputs.unit_price, 365 / settings.replenishment.review_period_days, reduction
    )
    top = np.argsort(-payoff, kind="stable")[: settings.replay.break_even_top]
    return [
        BreakEvenLine(
            location_id=str(setup.history.locations[i]),
            sku=str(setup.history.skus[i]),
            sigma=round(float(sigma[i]), 3),
            required_sigma_ratio=None if np.isnan(ratio[i]) else round(float(ratio[i]), 4),
            value_a_year=round(float(payoff[i]), 2),
        )
        for i in top
        if payoff[i] > 0
    ]


def _charts(
    folder: Path | None,
    run_id: int,
    curves: dict[str, list[CurvePoint]],
    rule: engine.ReplayKpis,
    ours: engine.ReplayKpis,
    rule_label: str,
    language: str,
) -> list[str]:
    if folder is None:
        return []
    paths = tradeoff_chart(
        {name: [(p.average_stock_value, p.kpis.lost_units) for p in points] for name, points in curves.items()},
        {
            rule_label: (rule.average_stock_value, rule.lost_units),
            "stock_pilot abc": (ours.average_stock_value, ours.lost_units),
        },
        folder / f"replay-{run_id}-tradeoff",
        title=render("chart.tradeoff.title", language),
        x_label=render("chart.tradeoff.x", language),
        y_label=render("chart.tradeoff.y", language),
        language=language,
    )
    return [str(p) for p in paths]
