"""Replay one M5 store's last 365 days: the shop's min/max rule, an AutoETS peer and Stock Pilot.

    .venv/bin/python benchmarks/replay_m5.py [--data PATH] [--days 365] [--refit-days 28] [--series N]

Data: ``../shared/data/m5_ca1`` (3,049 items of one store, d_1..d_1913; read-only,
benchmarking only), or ``--data PATH``, a folder with another store's files in the same
layout (``sales.parquet``, ``sell_prices.parquet``, ``calendar.parquet``). The replay covers
the last ``--days`` days; everything before is history. Weekly review (day 0, 7, ...), a
7-day lead time (M5 has no purchase orders or receipts, so nothing says otherwise), case
pack 1, no MOQ. Demand is the recorded sales (M5 has no stock records, so no day is marked
censored). Each series starts with two weeks of its average sales over the 28 days before
(the middle of min/max 1w/3w), the same for every policy. Stock is valued at cost = 70% of
the sell price (M5 has no costs; only ratios of stock value are compared, so the margin
cancels); lost sales at the sell price.

Policies, all through the same engine (stockpilot.domain.replay):

* ``min/max``: the shops' rule, min = ``w`` weeks and max = ``w`` + 2 weeks of the 28-day
  moving average of sales; its usual setting is w = 1 (1w / 3w); swept over w. Every line
  is written by hand.
* ``AutoETS``: statsforecast AutoETS(season_length=7) forecasts with normal-theory safety
  stock: sigma_L = sigma_1 sqrt(review + lead), sigma_1 the standard deviation of its
  in-sample one-step errors (SPT 2017 ch. 6), through the same (R, S) policy; swept over
  one cycle service level for all series. ``AutoETS tracked``: the same forecasts with
  sigma_L measured on their earlier errors, as Stock Pilot does (below), for fairness.
* ``Stock Pilot``: the product's forecaster (forecast_panel, default models and backtest),
  negative binomial daily variance, the same (R, S) policy with sigma_L measured on the
  errors of its earlier forecasts over R + L (policy.tracked_sd; ``Stock Pilot model
  sigma``: without that, for comparison); at its usual setting the
  ABC service levels from settings (A 0.98, B 0.95, C 0.90, ranked on the 90 days before
  the replay); also swept over one service level for all series. Its lines are proposals:
  ordering hours count its review flags (stockpilot.domain.replay.flags) and routine
  approvals at the ``replay_minutes_*`` settings.

Forecast refits (both forecasters): every ``--refit-days`` (28) days, from the recorded
history before the origin. AutoETS fits the last 365 days at each refit: on all 1,885 days
one fit takes ~440 s on this machine (benchmarks/forecast_m5.py), 13 refits would take
~95 minutes, and ETS weighs recent data anyway. Forecasts are cached in
``benchmarks/.cache`` (``--fresh`` ignores the cache); the replay is timed without them.

Printed: every policy's KPIs; the seed's pilot KPIs of Stock Pilot against min/max 1w/3w
(targets: stockouts -30%, turnover +10%, ordering hours -40%, all at once); lost units at
equal average stock value against the AutoETS curve (target -15%) and the min/max curve;
the replay's wall time; the trade-off chart (``--chart``, PNG and SVG).
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from forecast_m5 import SHARED, load_m5, stockpilot_panel, train_arrays
from stockpilot.adapters.exports.charts import tradeoff_chart
from stockpilot.domain.forecasting.forecaster import ForecastConfig
from stockpilot.domain.forecasting.panel import Panel
from stockpilot.domain.replay import engine
from stockpilot.domain.replay.equal_inventory import CurvePoint, headline, pilot_setting, read_at
from stockpilot.domain.replay.flags import any_flag, replay_flags
from stockpilot.domain.replay.forecast_policy import (
    ForecastSchedule,
    ScheduledOrderUpTo,
    schedule_forecasts,
    stock_pilot_forecaster,
)
from stockpilot.domain.replenishment.policy import abc_classes
from stockpilot.services.parameters import line_plan_parameters, pilot_targets, review_limits
from stockpilot.settings import load_settings

CACHE = Path(__file__).parent / ".cache"
COST_SHARE = 0.7  # cost = 70% of the sell price
# From 0.3: order-up-to levels below the mean forecast, so the forecast curves reach down to the
# rule's own stock value and lost units can be read there at equal stock.
LEVELS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
MIN_WEEKS = (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
PEER_WINDOW = 365


def auto_ets_forecaster(n_jobs: int = 2):
    """statsforecast AutoETS on the last PEER_WINDOW days; variance = in-sample one-step error variance."""
    import pandas as pd
    from statsforecast import StatsForecast
    from statsforecast.models import AutoETS

    def run(panel: Panel, horizon: int) -> tuple[np.ndarray, np.ndarray]:
        y = np.nan_to_num(panel.units[:, -PEER_WINDOW:])
        n, t = y.shape
        ids = np.arange(n)
        dates = np.arange(t).astype("datetime64[D]").astype("datetime64[ns]")
        frame = pd.DataFrame({"unique_id": np.repeat(ids, t), "ds": np.tile(dates, n), "y": y.ravel()})
        sf = StatsForecast(models=[AutoETS(season_length=7)], freq="D", n_jobs=n_jobs)
        forecast = sf.forecast(df=frame, h=horizon, fitted=True)
        fitted = sf.forecast_fitted_values()
        mean = np.zeros((n, horizon))
        mean[forecast["unique_id"].to_numpy(int), np.tile(np.arange(horizon), n)] = forecast["AutoETS"].to_numpy()
        errors = (fitted["y"] - fitted["AutoETS"]).to_numpy().reshape(n, t)
        sigma2 = np.nanvar(errors, axis=1, ddof=1)
        return np.maximum(mean, 0.0), np.repeat(sigma2[:, None], horizon, axis=1)

    return run


def cached_schedule(name: str, make, fresh: bool) -> tuple[ForecastSchedule, float]:
    path = CACHE / f"{name}.npz"
    if path.exists() and not fresh:
        stored = np.load(path)
        return ForecastSchedule(stored["origins"], stored["mean"], stored["variance"]), float(stored["seconds"])
    began = time.perf_counter()
    schedule = make()
    seconds = time.perf_counter() - began
    CACHE.mkdir(exist_ok=True)
    np.savez_compressed(path, origins=schedule.origins, mean=schedule.mean, variance=schedule.variance, seconds=seconds)
    return schedule, seconds


def progress(name: str):
    began = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(f"    {name}: forecast {done}/{total} ({time.perf_counter() - began:.0f} s)", flush=True)

    return report


def row(name: str, parameter: str, figures: engine.ReplayKpis) -> dict:
    return {"policy": name, "setting": parameter, **figures.to_dict()}


COLUMNS = [
    ("policy", "policy", "{}"),
    ("setting", "setting", "{}"),
    ("stockout_rate", "stockout%", "{:.2%}"),
    ("fill_rate", "fill", "{:.3f}"),
    ("lost_units", "lost units", "{:,.0f}"),
    ("lost_value", "lost $", "{:,.0f}"),
    ("average_stock_value", "avg stock $", "{:,.0f}"),
    ("turnover", "turns", "{:.1f}"),
    ("days_of_cover", "cover d", "{:.1f}"),
    ("order_lines", "lines", "{:,}"),
    ("flagged_lines", "flagged", "{:,}"),
    ("ordering_hours", "hours", "{:,.0f}"),
]


def table(rows: list[dict]) -> str:
    body = [[fmt.format(r[key]) for key, _, fmt in COLUMNS] for r in rows]
    header = [h for _, h, _ in COLUMNS]
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=True)]
    return "\n".join(
        "  ".join(x.ljust(w) if i < 2 else x.rjust(w) for i, (x, w) in enumerate(zip(r, widths, strict=True)))
        for r in [header, *body]
    )


def change(ours: float, theirs: float) -> float:
    return ours / theirs - 1 if theirs else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=SHARED / "m5_ca1",
        help="one M5 store's folder: sales.parquet, sell_prices.parquet and calendar.parquet (or m5_ca1's names)",
    )
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--refit-days", type=int, default=28)
    parser.add_argument("--lead", type=int, default=7)
    parser.add_argument("--review", type=int, default=7)
    parser.add_argument("--series", type=int, default=0, help="only the first N series (a quick look)")
    parser.add_argument("--fresh", action="store_true", help="forecast again, ignoring the cache")
    parser.add_argument("--chart", type=Path, default=Path("out/replay_m5_tradeoff"))
    args = parser.parse_args()
    began = time.perf_counter()
    settings = load_settings()
    minutes = engine.OrderingMinutes(
        settings.replay.replay_minutes_per_manual_line,
        settings.replay.replay_minutes_per_reviewed_flag,
        settings.replay.replay_minutes_per_routine_approval,
    )

    cover = args.review + args.lead
    horizon = args.refit_days + cover
    data = load_m5(args.data, extra_days=horizon)
    if args.series:
        data = replace(
            data,
            **{k: getattr(data, k)[: args.series] for k in ("ids", "item_ids", "dept_ids", "cat_ids", "store_ids")},
            y=data.y[: args.series],
            price=data.price[: args.series],
        )
    total = data.y.shape[1]
    start = total - args.days
    history = stockpilot_panel(train_arrays(data, total, horizon))
    series = history.series
    store = data.store_id
    print(f"M5 {store}: {series} series; replay d_{start + 1}..d_{total} ({args.days} days) after {start} days")

    key = f"{store}_{series}x{args.days}_refit{args.refit_days}_h{horizon}"
    config = ForecastConfig(levels=(0.5,))
    ours_schedule, ours_seconds = cached_schedule(
        f"stockpilot_{key}",
        lambda: schedule_forecasts(
            stock_pilot_forecaster(config), history, start, args.days, args.refit_days, horizon, progress("StockPilot")
        ),
        args.fresh,
    )
    peer_schedule, peer_seconds = cached_schedule(
        f"autoets_{key}",
        lambda: schedule_forecasts(
            auto_ets_forecaster(), history, start, args.days, args.refit_days, horizon, progress("AutoETS")
        ),
        args.fresh,
    )
    print(f"forecasting (not timed in the replay): Stock Pilot {ours_seconds:.0f} s, AutoETS {peer_seconds:.0f} s")

    price = data.price[:, start:total]
    unit_price = np.nan_to_num(np.nanmean(np.where(np.isnan(price), np.nan, price), axis=1))
    prior = data.y[:, start - 28 : start]
    inputs = engine.ReplayInput(
        demand=data.y[:, start:total],
        opening_stock=np.round(14 * prior.mean(axis=1)),
        lead_days=np.full((series, args.days), args.lead),
        review=np.arange(args.days) % args.review == 0,
        unit_cost=COST_SHARE * unit_price,
        unit_price=unit_price,
        case_pack=np.ones(series),
        moq=np.zeros(series),
        prior_sales=prior,
    )
    limits = review_limits(settings)
    value = (
        data.y[:, start - settings.replenishment.abc_days : start]
        * np.nan_to_num(data.price[:, start - settings.replenishment.abc_days : start])
    ).sum(axis=1)
    parameters = line_plan_parameters(settings)
    classes = abc_classes(value, parameters.abc_a_share, parameters.abc_b_share)
    usual_levels = np.array([parameters.service_level(str(c)) for c in classes])

    flag_counts: dict[str, dict[str, int]] = {}

    def forecast_run(
        schedule: ForecastSchedule, level, label: str = "", tracked: bool = True
    ) -> tuple[engine.ReplayKpis, float]:
        began = time.perf_counter()
        chosen = ScheduledOrderUpTo(
            schedule,
            level,
            np.full(series, float(cover)),
            np.zeros(series),
            inputs.demand if tracked else None,
            settings.replenishment.lead_time_error_prior_windows,
            settings.replenishment.lead_time_error_days,
        )
        result = engine.replay(inputs, chosen)
        seconds = time.perf_counter() - began
        flags = replay_flags(result, inputs.review, schedule, prior, limits)
        flag_counts[label] = {code: int(hits.sum()) for code, hits in flags.items()}
        return engine.kpis(result, inputs, minutes=minutes, flagged=any_flag(flags)), seconds

    def rule_run(weeks: float) -> engine.ReplayKpis:
        return engine.kpis(engine.replay(inputs, engine.MinMaxPolicy(weeks, weeks + 2)), inputs, minutes=minutes)

    rows = []
    rule = rule_run(1.0)
    rows.append(row("min/max", "1w/3w (usual)", rule))
    ours, replay_seconds = forecast_run(ours_schedule, usual_levels, "Stock Pilot ABC")
    rows.append(row("Stock Pilot", "ABC .98/.95/.90", ours))
    curves: dict[str, list[CurvePoint]] = {
        "min/max": [],
        "AutoETS": [],
        "AutoETS tracked": [],
        "Stock Pilot model sigma": [],
        "Stock Pilot": [],
    }
    for weeks in MIN_WEEKS:
        figures = rule if weeks == 1.0 else rule_run(weeks)
        curves["min/max"].append(CurvePoint(weeks, figures.average_stock_value, figures))
        rows.append(row("min/max", f"{weeks:g}w/{weeks + 2:g}w", figures))
    systems = (
        ("AutoETS", peer_schedule, False),
        ("AutoETS tracked", peer_schedule, True),
        ("Stock Pilot model sigma", ours_schedule, False),
        ("Stock Pilot", ours_schedule, True),
    )
    for name, schedule, tracked in systems:
        for level in LEVELS:
            figures, _ = forecast_run(schedule, level, f"{name} CSL {level:g}", tracked)
            curves[name].append(CurvePoint(level, figures.average_stock_value, figures))
            rows.append(row(name, f"CSL {level:g}", figures))
    print()
    print(table(rows))

    targets = pilot_targets(settings)
    best = pilot_setting(curves["Stock Pilot"], rule, targets)
    candidates = [("usual ABC levels", ours, "Stock Pilot ABC")]
    if best is not None:
        candidates.append((f"CSL {best.parameter:g}, the best setting meeting all three", best.kpis, ""))
    print("\nThe seed's pilot KPIs: Stock Pilot against min/max 1w/3w (usual)")
    for label, figures, _ in candidates:
        checked = targets.check(figures, rule)
        print(f"  Stock Pilot at {label}:")
        for kpi, entry in checked.items():
            verdict = "met" if entry["met"] else "NOT met"
            print(
                f"    {kpi:15s} {entry['rule']:12,.4g} -> {entry['ours']:12,.4g}  {entry['change']:+.1%}  "
                f"(target {entry['target']:+.0%}: {verdict})"
            )
        print(f"    all three at once: {'yes' if all(e['met'] for e in checked.values()) else 'no'}")
    if best is None:
        print("  no swept service level meets all three")
    print(f"  flags on Stock Pilot's lines at its usual levels: {flag_counts['Stock Pilot ABC']}")
    reviewed = ours.flagged_lines * minutes.reviewed_flag
    routine = ours.order_lines - ours.flagged_lines
    allowed = (
        ((1 + targets.ordering_hours) * rule.ordering_hours * 60 - reviewed) / routine if routine else float("nan")
    )
    print(
        f"  ordering minutes: {minutes.manual_line:g} per manual line, {minutes.reviewed_flag:g} per reviewed flag, "
        f"{minutes.routine_approval:g} per routine approval; at the usual levels the hours target holds up to "
        f"{allowed:.2f} min per routine approval"
    )

    print("\nAt equal average stock value (lost units read off each swept curve)")
    for label, stock in (
        ("Stock Pilot usual", ours.average_stock_value),
        ("min/max 1w/3w", rule.average_stock_value),
    ):
        for theirs in ("AutoETS", "AutoETS tracked", "min/max"):
            h = headline(curves["Stock Pilot"], curves[theirs], stock)
            print(
                f"  at {label:18s} stock ${stock:,.0f}: vs {theirs:15s} lost units {h['theirs']['lost_units']:,.0f} -> "
                f"{h['ours']['lost_units']:,.0f} ({h['lost_units_change']:+.1%}), "
                f"stockouts {h['stockouts_change']:+.1%}, "
                f"lost $ {h['lost_value_saved']:,.0f} saved, order lines {h['order_lines_change']:+.1%}"
            )
    print("\nAlong Stock Pilot's curve: lost units against each curve read at the same stock value")
    for point in curves["Stock Pilot"]:
        stock = point.average_stock_value
        cells = []
        for theirs in ("AutoETS", "AutoETS tracked", "Stock Pilot model sigma", "min/max"):
            other = read_at(curves[theirs], stock).lost_units
            cells.append(f"{theirs} {point.kpis.lost_units / other - 1:+.1%}" if np.isfinite(other) else f"{theirs} -")
        print(
            f"  CSL {point.parameter:<6g} stock ${stock:>9,.0f}  lost {point.kpis.lost_units:>9,.0f}  "
            + "  ".join(cells)
        )
    print(f"\nreplay of {series} series x {args.days} days (Stock Pilot, usual setting): {replay_seconds:.1f} s")
    print(
        f"the whole run: {time.perf_counter() - began:.0f} s, of which forecasts with refits: Stock Pilot "
        f"{ours_seconds:.0f} s, AutoETS {peer_seconds:.0f} s (cached forecasts count their first run's time)"
    )
    paths = tradeoff_chart(
        {name: [(p.average_stock_value, p.kpis.lost_units) for p in points] for name, points in curves.items()},
        {
            "min/max 1w/3w": (rule.average_stock_value, rule.lost_units),
            "Stock Pilot ABC": (ours.average_stock_value, ours.lost_units),
        },
        args.chart,
        title=f"M5 {store}, last {args.days} days: lost units against average stock value",
        x_label="average stock value at cost (US$, M5 prices)",
        y_label="lost units (log scale)",
        log_y=True,
    )
    print("chart: " + ", ".join(str(p) for p in paths))


if __name__ == "__main__":
    main()
