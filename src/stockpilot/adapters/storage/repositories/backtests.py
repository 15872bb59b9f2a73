"""Backtest runs (R-FC-3) on either backend: ``backtest_runs``, ``backtest_series`` and
``backtest_weekly``; run ids from the ``backtest_run_seq`` sequence."""

from __future__ import annotations

import dataclasses

import pyarrow as pa

from stockpilot.adapters.storage.engine import Engine, TableSlice
from stockpilot.adapters.storage.repositories.forecasts import with_run_id
from stockpilot.services.ports.backtests import SERIES_COLUMNS, WEEKLY_COLUMNS, BacktestRunRecord

_RUN_COLUMNS = ", ".join(f.name if f.name != "cutoff" else "cutoff_date" for f in dataclasses.fields(BacktestRunRecord))


class SqlBacktestRepository:
    """Backtest runs on any engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def new_run_id(self) -> int:
        return self.engine.next_id("backtest_run_seq")

    def save(self, run_id: int, run: BacktestRunRecord, series: pa.Table, weekly: pa.Table) -> None:
        """Store run ``run_id`` with its series metrics and weekly WAPE, all at once."""
        values = dataclasses.astuple(run)
        with self.engine.transaction():
            self.engine.execute(
                f"INSERT INTO backtest_runs (run_id, {_RUN_COLUMNS}) "
                f"VALUES ({', '.join(f'${i}' for i in range(1, len(values) + 2))})",
                [run_id, *values],
            )
            self.engine.insert_arrow("backtest_series", with_run_id(run_id, series, SERIES_COLUMNS))
            self.engine.insert_arrow("backtest_weekly", with_run_id(run_id, weekly, WEEKLY_COLUMNS))

    def run(self, run_id: int) -> BacktestRunRecord | None:
        row = self.engine.rows(f"SELECT {_RUN_COLUMNS} FROM backtest_runs WHERE run_id = $1", [run_id])
        return BacktestRunRecord(*row[0]) if row else None

    def series(self, run_id: int) -> pa.Table:
        """The run's series metrics by location and SKU."""
        return self._read("backtest_series", SERIES_COLUMNS, run_id, "location_id, sku")

    def weekly(self, run_id: int) -> pa.Table:
        """The run's weekly WAPE by location (every location together first), SKU and week."""
        return self._read("backtest_weekly", WEEKLY_COLUMNS, run_id, "location_id NULLS FIRST, sku, week_start")

    def _read(self, table: str, columns: tuple[str, ...], run_id: int, order: str) -> pa.Table:
        return self.engine.read(
            f"SELECT {', '.join(columns)} FROM {table} WHERE run_id = $1 ORDER BY {order}",
            [run_id],
            tables=[TableSlice(table, "run_id = $1", (run_id,))],
        )
