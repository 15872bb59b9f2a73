"""`stockpilot backtest`: rolling-origin accuracy on the shop's own history (R-FC-3).

The history is cut at ``origins`` points one horizon apart, ending one horizon
before the last day; at each, the forecast is made exactly as `stockpilot
forecast` would have made it then (models chosen on the windows before that
origin only) and compared with what was sold. The result is stored through
``store.backtests`` (the run, its series metrics and weekly WAPE) for the guardrails.
Weekly WAPE is ``|forecast - actual| / actual`` of a week's totals, per SKU and
location and per SKU over all locations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from stockpilot.domain.forecasting.evaluation import Evaluation, Window, evaluate
from stockpilot.domain.forecasting.forecaster import MIN_SEASONS, forecast_panel
from stockpilot.domain.progress import Progress, silent
from stockpilot.errors import Refusal
from stockpilot.services.demand_panel import DemandHistory
from stockpilot.services.forecasting import horizon_days, load_history
from stockpilot.services.parameters import forecast_config
from stockpilot.services.ports import Storage
from stockpilot.services.ports.backtests import BacktestRunRecord
from stockpilot.services.ports.clock import SYSTEM_CLOCK, Clock
from stockpilot.settings import Settings

REVENUE_DAYS = 28  # M5: weights from the sales value of the last 28 days before the origin


@dataclass(frozen=True)
class BacktestReport:
    run_id: int
    cutoff: dt.date
    origins: list[dt.date]  # first forecast day of each window
    horizon: int
    evaluation: Evaluation
    history: DemandHistory

    def summary(self) -> dict[str, object]:
        e = self.evaluation
        return {
            "run_id": self.run_id,
            "cutoff": self.cutoff.isoformat(),
            "origins": [o.isoformat() for o in self.origins],
            "horizon_days": self.horizon,
            "series": self.history.panel.series,
            "overall": e.overall,
            "wrmsse": e.wrmsse,
            "coverage": {f"{p:g}": v for p, v in e.coverage.items()},
            "pit_coverage": {f"{p:g}": v for p, v in e.pit_coverage.items()},
            "scaled_pinball": {f"{p:g}": v for p, v in e.scaled_pinball.items()},
        }

    def as_dict(self) -> dict[str, object]:
        """Everything, for --json: the summary, every series and weekly WAPE per SKU."""
        h, s = self.history, self.evaluation.series
        series = [
            {
                "location_id": str(h.locations[i]),
                "sku": str(h.skus[i]),
                "models": self.evaluation.models[i],
                **{k: _number(v[i]) for k, v in s.items()},
            }
            for i in range(h.panel.series)
        ]
        weekly = [
            {"location_id": loc, "sku": sku, "week_start": week.isoformat(), "actual": a, "forecast": f, "wape": w}
            for loc, sku, week, a, f, w in _weekly_rows(self)
        ]
        return {**self.summary(), "series_metrics": series, "weekly_wape": weekly}


def _number(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def run_backtest(
    store: Storage,
    settings: Settings,
    *,
    origins: int | None = None,
    horizon: int | None = None,
    cutoff: dt.date | None = None,
    progress: Progress = silent,
    clock: Clock = SYSTEM_CLOCK,
) -> BacktestReport:
    """Evaluate ``origins`` rolling forecasts ending at ``cutoff`` (default: the last day with sales)."""
    config = forecast_config(settings)
    horizon = horizon or horizon_days(store, settings)
    origins = origins or settings.forecasting.backtest_origins
    progress("forecast_load")
    history = load_history(store, settings, 0, cutoff)
    panel = history.panel
    days = panel.history_days
    starts = [days - k * horizon for k in range(origins, 0, -1)]
    needed = (MIN_SEASONS * panel.season) + config.windows * horizon
    if starts[0] < needed:
        known, needed = days, needed + origins * horizon
        raise Refusal("refusal.backtest_history", origins=origins, horizon=horizon, known=known, needed=needed)
    windows = []
    for number, start in enumerate(starts, 1):
        progress("backtest_origin", origin=str(history.dates[start]), number=number, origins=origins)
        result = forecast_panel(panel.cut(start), horizon, config, progress)
        span = slice(start, start + horizon)
        recent = slice(start - REVENUE_DAYS, start)
        windows.append(
            Window(
                history=history.sales[:, :start],
                sales=history.sales[:, span],
                censored=history.censored[:, span],
                forecast=result,
                revenue=np.nansum(history.sales[:, recent] * np.nan_to_num(panel.price[:, recent]), axis=1),
                weeks=_week_starts(history.dates[span]),
            )
        )
    levels = {
        "store": list(history.locations.astype(str)),
        "category": list(history.categories.astype(str)),
        "department": list(history.departments.astype(str)),
        "item": [f"{loc}/{sku}" for loc, sku in zip(history.locations, history.skus, strict=True)],
    }
    evaluation = evaluate(windows, levels)
    report = BacktestReport(
        run_id=0,
        cutoff=history.dates[days - 1].item(),
        origins=[history.dates[s].item() for s in starts],
        horizon=horizon,
        evaluation=evaluation,
        history=history,
    )
    return _store(store, report, clock)


def _week_starts(dates: np.ndarray) -> np.ndarray:
    """The Monday of each day's week, as days since 1970-01-01 (a Thursday)."""
    days = dates.astype("datetime64[D]").astype(np.int64)
    return days - (days + 3) % 7


def _weekly_rows(report: BacktestReport) -> list[tuple[str | None, str, dt.date, float, float, float | None]]:
    """(location or None for all locations, sku, week start, actual, forecast, wape) per SKU and week."""
    h = report.history
    by_sku: dict[tuple[str, int], list[float]] = {}
    rows: list[tuple[str | None, str, dt.date, float, float, float | None]] = []
    for s, week, actual, forecast in report.evaluation.weekly:
        sku = str(h.skus[s])
        rows.append((str(h.locations[s]), sku, _date(week), actual, forecast, _wape(actual, forecast)))
        total = by_sku.setdefault((sku, week), [0.0, 0.0])
        total[0] += actual
        total[1] += forecast
    for (sku, week), (actual, forecast) in sorted(by_sku.items()):
        rows.append((None, sku, _date(week), actual, forecast, _wape(actual, forecast)))
    return rows


def _date(days_since_epoch: int) -> dt.date:
    return dt.date(1970, 1, 1) + dt.timedelta(days=int(days_since_epoch))


def _wape(actual: float, forecast: float) -> float | None:
    return abs(forecast - actual) / actual if actual > 0 else None


def _store(store: Storage, report: BacktestReport, clock: Clock) -> BacktestReport:
    h, s = report.history, report.evaluation.series
    weekly = _weekly_rows(report)
    report = dataclasses.replace(report, run_id=store.backtests.new_run_id())
    record = BacktestRunRecord(
        created_at=clock.now(),
        cutoff=report.cutoff,
        origins=",".join(o.isoformat() for o in report.origins),
        horizon_days=report.horizon,
        summary=json.dumps(report.summary()),
    )
    series = pa.table(
        {
            "location_id": h.locations.astype(str),
            "sku": h.skus.astype(str),
            "models": report.evaluation.models,
            **{k: s[k] for k in ("wape", "rmsse", "bias", "scaled_pinball", "actual", "forecast")},
        }
    )
    weeks = pa.table(
        {
            "location_id": [r[0] for r in weekly],
            "sku": [r[1] for r in weekly],
            "week_start": [r[2] for r in weekly],
            "actual": [r[3] for r in weekly],
            "forecast": [r[4] for r in weekly],
            "wape": [r[5] for r in weekly],
        }
    )
    store.backtests.save(report.run_id, record, series, weeks)
    return report
