"""Backtest runs: rolling-origin accuracy stored for the guardrails."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa

# The columns of a run's series metrics and weekly WAPE as handed to save() and read back (run_id aside).
SERIES_COLUMNS = ("location_id", "sku", "models", "wape", "rmsse", "bias", "scaled_pinball", "actual", "forecast")
WEEKLY_COLUMNS = ("location_id", "sku", "week_start", "actual", "forecast", "wape")


@dataclass(frozen=True)
class BacktestRunRecord:
    """One stored backtest run (a ``backtest_runs`` row without its id)."""

    created_at: dt.datetime
    cutoff: dt.date
    origins: str  # comma-separated ISO days: the first forecast day of each window
    horizon_days: int
    summary: str  # JSON


class BacktestRepository(Protocol):
    def new_run_id(self) -> int:
        """A run id never handed out before (the summary stored with the run names it)."""
        ...

    def save(self, run_id: int, run: BacktestRunRecord, series: pa.Table, weekly: pa.Table) -> None:
        """Store run ``run_id`` with its series metrics (SERIES_COLUMNS) and weekly WAPE
        (WEEKLY_COLUMNS; location_id None: every location together), all at once."""
        ...

    def run(self, run_id: int) -> BacktestRunRecord | None: ...

    def series(self, run_id: int) -> pa.Table:
        """The run's series metrics (SERIES_COLUMNS) by location and SKU."""
        ...

    def weekly(self, run_id: int) -> pa.Table:
        """The run's weekly WAPE (WEEKLY_COLUMNS) by location (all locations first), SKU and week."""
        ...
