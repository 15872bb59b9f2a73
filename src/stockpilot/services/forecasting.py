"""Forecast every SKU at every location from the database, and store the result (R-FC-1).

Reads the demand history (services/demand_panel.py), runs the per-series model
choice (domain/forecasting/forecaster.py) and writes one run: ``forecast_runs``,
``forecasts`` (mean, model, dispersion per SKU, location, day) and
``forecast_quantiles``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa

from stockpilot.adapters.storage.database import Database
from stockpilot.domain.forecasting.forecaster import Forecast, ForecastConfig, forecast_panel
from stockpilot.progress import Progress, silent
from stockpilot.services.demand_panel import DemandHistory, load_demand
from stockpilot.settings import Settings, listed


def forecast_config(settings: Settings) -> ForecastConfig:
    """The forecaster's configuration from the product settings (quantile levels sorted, each once)."""
    return ForecastConfig(
        models=listed(settings.forecast_models, "forecast_models"),
        combination=listed(settings.forecast_combination, "forecast_combination"),
        levels=tuple(sorted(set(listed(settings.forecast_quantiles, "forecast_quantiles", float, required=True)))),
        windows=settings.forecast_backtest_windows,
        switch_margin=settings.forecast_switch_margin,
    )


def horizon_days(connection: duckdb.DuckDBPyConnection, settings: Settings) -> int:
    """Longest supplier lead time + review period, and at least the minimum horizon (R-FC-1)."""
    row = connection.execute("SELECT max(lead_time_days) FROM suppliers").fetchone()
    longest = int(np.ceil(row[0])) if row and row[0] is not None else 0
    return max(settings.forecast_min_horizon_days, longest + settings.review_period_days)


@dataclass(frozen=True)
class ForecastRun:
    """What one `stockpilot forecast` produced and stored."""

    run_id: int
    cutoff: dt.date
    first_date: dt.date
    horizon: int
    series: int
    models: dict[str, int]  # model -> number of series it forecasts
    censored_days: int
    inferred_censored_days: int
    failures: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id,
            "cutoff": self.cutoff.isoformat(),
            "first_date": self.first_date.isoformat(),
            "horizon_days": self.horizon,
            "series": self.series,
            "models": self.models,
            "censored_days": self.censored_days,
            "inferred_censored_days": self.inferred_censored_days,
            "failures": self.failures,
        }


def load_history(
    connection: duckdb.DuckDBPyConnection, settings: Settings, horizon: int, cutoff: dt.date | None
) -> DemandHistory:
    return load_demand(
        connection,
        horizon,
        cutoff=cutoff,
        returns=settings.forecast_returns,
        history_days=settings.forecast_history_days,
    )


def run_forecast(
    db: Database,
    settings: Settings,
    *,
    cutoff: dt.date | None = None,
    horizon: int | None = None,
    progress: Progress = silent,
) -> ForecastRun:
    """Forecast every series with data up to ``cutoff`` (default: the last day with sales) and store it."""
    config = forecast_config(settings)
    horizon = horizon or horizon_days(db.connection, settings)
    progress("forecast_load")
    history = load_history(db.connection, settings, horizon, cutoff)
    result = forecast_panel(history.panel, horizon, config, progress)
    progress("forecast_store")
    return _store(db, settings, history, result, horizon, config)


def _store(
    db: Database, settings: Settings, history: DemandHistory, result: Forecast, horizon: int, config: ForecastConfig
) -> ForecastRun:
    days = history.panel.history_days
    cutoff, first = history.dates[days - 1].item(), history.dates[days].item()
    series = history.panel.series
    counts = dict(zip(*np.unique(result.model.astype(str), return_counts=True), strict=True))
    cells = series * horizon
    keys = {
        "location_id": np.repeat(history.locations.astype(str), horizon),
        "sku": np.repeat(history.skus.astype(str), horizon),
        "date": np.tile(history.dates[days : days + horizon], series),
    }
    with db.transaction() as connection:
        run_id = db.next_id("forecast_runs")
        run = ForecastRun(
            run_id=run_id,
            cutoff=cutoff,
            first_date=first,
            horizon=horizon,
            series=series,
            models={str(k): int(v) for k, v in counts.items()},
            censored_days=int(history.censored.sum()),
            inferred_censored_days=int(history.inferred.sum()),
            failures=result.failures,
        )
        connection.execute(
            "INSERT INTO forecast_runs VALUES (?, now(), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                cutoff,
                first,
                horizon,
                ",".join(f"{p:g}" for p in config.levels),
                ",".join(config.models),
                config.windows,
                settings.forecast_returns,
                series,
                run.censored_days,
                run.inferred_censored_days,
                "; ".join(f"{k}: {v}" for k, v in result.failures.items()) or None,
            ],
        )
        rows = pa.table(
            {
                "run_id": np.full(cells, run_id, dtype=np.int64),
                **keys,
                "mean": result.mean.ravel(),
                "model": np.repeat(result.model.astype(str), horizon),
                "dispersion": np.repeat(result.dispersion, horizon),
            }
        )
        db.insert_arrow("forecasts", rows)
        levels = sorted(result.quantiles)
        rows = pa.table(
            {
                "run_id": np.full(cells * len(levels), run_id, dtype=np.int64),
                **{k: np.concatenate([v] * len(levels)) for k, v in keys.items()},
                "level": np.repeat(np.array(levels, dtype=float), cells),
                "value": np.concatenate([result.quantiles[p].ravel() for p in levels]),
            }
        )
        db.insert_arrow("forecast_quantiles", rows)
    return run
