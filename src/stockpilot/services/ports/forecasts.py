"""Forecast runs: the horizon's inputs, the runs stored with their forecasts, and which run covers a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa

# The columns of a run's forecasts and quantiles as handed to save() and read back (run_id aside).
FORECAST_COLUMNS = ("location_id", "sku", "date", "mean", "model", "dispersion")
QUANTILE_COLUMNS = ("location_id", "sku", "date", "level", "value")


@dataclass(frozen=True)
class ForecastRunRecord:
    """One stored forecast run (a ``forecast_runs`` row without its id)."""

    created_at: dt.datetime
    cutoff: dt.date  # the last day of data
    first_date: dt.date  # the first forecast day
    horizon_days: int
    quantile_levels: str  # comma-separated
    models: str  # comma-separated candidate models
    backtest_windows: int
    returns: str
    series: int
    censored_days: int
    inferred_censored_days: int
    failures: str | None  # "model: error; ..." or None


class ForecastRepository(Protocol):
    def longest_lead_time(self) -> float | None:
        """The longest nominal supplier lead time in days; None without suppliers."""
        ...

    def save(self, run: ForecastRunRecord, forecasts: pa.Table, quantiles: pa.Table) -> int:
        """Store a run with its forecasts (FORECAST_COLUMNS) and quantiles (QUANTILE_COLUMNS), all at
        once; returns the new run id."""
        ...

    def run(self, run_id: int) -> ForecastRunRecord | None: ...

    def forecasts(self, run_id: int) -> pa.Table:
        """The run's forecasts (FORECAST_COLUMNS) by location, SKU and date."""
        ...

    def quantiles(self, run_id: int) -> pa.Table:
        """The run's quantiles (QUANTILE_COLUMNS) by location, SKU, date and level."""
        ...

    def covering_run(self, day: dt.date) -> int | None:
        """The latest run whose forecast days include ``day``."""
        ...

    def latest_first_day(self) -> dt.date | None:
        """The first forecast day of the latest run."""
        ...
