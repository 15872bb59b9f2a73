"""Forecast every SKU at every location from the database, and store the result (R-FC-1).

Reads the demand history (services/demand_panel.py), runs the per-series model
choice (domain/forecasting/forecaster.py) and stores one run through
``store.forecasts`` (services/ports/forecasts.py): the run, the mean, model and
dispersion per SKU, location and day, and the quantiles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from stockpilot.domain.forecasting.forecaster import Forecast, ForecastConfig, forecast_panel
from stockpilot.domain.progress import Progress, silent
from stockpilot.services.demand_panel import DemandHistory, load_demand
from stockpilot.services.parameters import forecast_config
from stockpilot.services.ports import Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK, Clock
from stockpilot.services.ports.forecasts import ForecastRunRecord
from stockpilot.settings import Settings


def horizon_days(store: Storage, settings: Settings) -> int:
    """Longest supplier lead time + review period, and at least the minimum horizon (R-FC-1)."""
    lead_time = store.forecasts.longest_lead_time()
    longest = int(np.ceil(lead_time)) if lead_time is not None else 0
    return max(settings.forecasting.forecast_min_horizon_days, longest + settings.replenishment.review_period_days)


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


def load_history(store: Storage, settings: Settings, horizon: int, cutoff: dt.date | None) -> DemandHistory:
    return load_demand(
        store,
        horizon,
        cutoff=cutoff,
        returns=settings.forecasting.forecast_returns,
        history_days=settings.forecasting.forecast_history_days,
    )


def run_forecast(
    store: Storage,
    settings: Settings,
    *,
    cutoff: dt.date | None = None,
    horizon: int | None = None,
    progress: Progress = silent,
    clock: Clock = SYSTEM_CLOCK,
) -> ForecastRun:
    """Forecast every series with data up to ``cutoff`` (default: the last day with sales) and store it."""
    config = forecast_config(settings)
    horizon = horizon or horizon_days(store, settings)
    progress("forecast_load")
    history = load_history(store, settings, horizon, cutoff)
    result = forecast_panel(history.panel, horizon, config, progress)
    progress("forecast_store")
    return _store(store, settings, history, result, horizon, config, clock)


def _store(
    store: Storage,
    settings: Settings,
    history: DemandHistory,
    result: Forecast,
    horizon: int,
    config: ForecastConfig,
    clock: Clock,
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
    censored_days, inferred_censored_days = int(history.censored.sum()), int(history.inferred.sum())
    record = ForecastRunRecord(
        created_at=clock.now(),
        cutoff=cutoff,
        first_date=first,
        horizon_days=horizon,
        quantile_levels=",".join(f"{p:g}" for p in config.levels),
        models=",".join(config.models),
        backtest_windows=config.windows,
        returns=settings.forecasting.forecast_returns,
        series=series,
        censored_days=censored_days,
        inferred_censored_days=inferred_censored_days,
        failures="; ".join(f"{k}: {v}" for k, v in result.failures.items()) or None,
    )
    forecasts = pa.table(
        {
            **keys,
            "mean": result.mean.ravel(),
            "model": np.repeat(result.model.astype(str), horizon),
            "dispersion": np.repeat(result.dispersion, horizon),
        }
    )
    levels = sorted(result.quantiles)
    quantiles = pa.table(
        {
            **{k: np.concatenate([v] * len(levels)) for k, v in keys.items()},
            "level": np.repeat(np.array(levels, dtype=float), cells),
            "value": np.concatenate([result.quantiles[p].ravel() for p in levels]),
        }
    )
    run_id = store.forecasts.save(record, forecasts, quantiles)
    return ForecastRun(
        run_id=run_id,
        cutoff=cutoff,
        first_date=first,
        horizon=horizon,
        series=series,
        models={str(k): int(v) for k, v in counts.items()},
        censored_days=censored_days,
        inferred_censored_days=inferred_censored_days,
        failures=result.failures,
    )
