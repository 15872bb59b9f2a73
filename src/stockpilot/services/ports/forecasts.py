"""Forecast runs: the horizon's inputs, the runs stored with their forecasts, and which run covers a day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa

# The columns of a run's forecasts and quantiles as handed to save() and read back (run_id aside).
FORECAST_COLUMNS = ("location_id", "sku", "date", "mean", "model", "dispersion")
QUANTILE_COLUMNS = ("location_id", "sku", "date", "level", "value")
# One SKU's daily units sold per location (``forecast show``), days without a sale left out.
DAILY_SALES_COLUMNS = ("location_id", "date", "units")


@dataclass(frozen=True)
class Named:
    """A product or a location as a person knows it: its id and its names (no Chinese name: None)."""

    id: str
    name_en: str
    name_zh: str | None


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

    def latest_run_id(self) -> int | None:
        """The id of the latest run; None before the first."""
        ...

    def sku_forecasts(self, run_id: int, sku: str) -> pa.Table:
        """The run's forecasts (FORECAST_COLUMNS) of one SKU at every location, by location and date."""
        ...

    def daily_sales(self, sku: str, first: dt.date, last: dt.date) -> pa.Table:
        """Units of ``sku`` sold per location and day from ``first`` to ``last`` (DAILY_SALES_COLUMNS:
        the sum of sales.quantity by the day of occurred_at), by location and date."""
        ...

    def product(self, sku: str) -> Named | None:
        """The product with this SKU; None if there is none."""
        ...

    def location(self, location_id: str) -> Named | None:
        """The location with this id; None if there is none."""
        ...
