"""Forecast runs (R-FC-1) on either backend: ``forecast_runs``, ``forecasts`` and
``forecast_quantiles``; run ids from the ``forecast_run_seq`` sequence. For ``forecast show``:
one SKU's forecasts and daily sales, and the names of a product and a location."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pyarrow as pa

from stockpilot.adapters.storage.engine import Engine, TableSlice
from stockpilot.services.ports.forecasts import (
    DAILY_SALES_COLUMNS,
    FORECAST_COLUMNS,
    QUANTILE_COLUMNS,
    ForecastRunRecord,
    Named,
)

_RUN_COLUMNS = ", ".join(f.name if f.name != "cutoff" else "cutoff_date" for f in dataclasses.fields(ForecastRunRecord))


def with_run_id(run_id: int, rows: pa.Table, columns: tuple[str, ...]) -> pa.Table:
    """``rows``' ``columns``, in that order, after a run_id column (a table's stored layout)."""
    return pa.table(
        {"run_id": pa.array(np.full(rows.num_rows, run_id, dtype=np.int64)), **{c: rows[c] for c in columns}}
    )


class SqlForecastRepository:
    """Forecast runs on any engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def longest_lead_time(self) -> float | None:
        """The longest nominal supplier lead time in days; None without suppliers."""
        row = self.engine.rows("SELECT max(lead_time_days) FROM suppliers")
        return None if not row or row[0][0] is None else float(row[0][0])

    def save(self, run: ForecastRunRecord, forecasts: pa.Table, quantiles: pa.Table) -> int:
        """Store a run with its forecasts and quantiles, all at once; returns the new run id."""
        values = dataclasses.astuple(run)
        with self.engine.transaction():
            run_id = self.engine.next_id("forecast_run_seq")
            self.engine.execute(
                f"INSERT INTO forecast_runs (run_id, {_RUN_COLUMNS}) "
                f"VALUES ({', '.join(f'${i}' for i in range(1, len(values) + 2))})",
                [run_id, *values],
            )
            self.engine.insert_arrow("forecasts", with_run_id(run_id, forecasts, FORECAST_COLUMNS))
            self.engine.insert_arrow("forecast_quantiles", with_run_id(run_id, quantiles, QUANTILE_COLUMNS))
        return run_id

    def run(self, run_id: int) -> ForecastRunRecord | None:
        row = self.engine.rows(f"SELECT {_RUN_COLUMNS} FROM forecast_runs WHERE run_id = $1", [run_id])
        return ForecastRunRecord(*row[0]) if row else None

    def forecasts(self, run_id: int) -> pa.Table:
        """The run's forecasts by location, SKU and date."""
        return self._read("forecasts", FORECAST_COLUMNS, run_id, "location_id, sku, date")

    def quantiles(self, run_id: int) -> pa.Table:
        """The run's quantiles by location, SKU, date and level."""
        return self._read("forecast_quantiles", QUANTILE_COLUMNS, run_id, "location_id, sku, date, level")

    def _read(self, table: str, columns: tuple[str, ...], run_id: int, order: str) -> pa.Table:
        return self.engine.read(
            f"SELECT {', '.join(columns)} FROM {table} WHERE run_id = $1 ORDER BY {order}",
            [run_id],
            tables=[TableSlice(table, "run_id = $1", (run_id,))],
        )

    def covering_run(self, day: dt.date) -> int | None:
        """The latest run whose forecast days include ``day``."""
        row = self.engine.rows(
            "SELECT max(run_id) FROM forecast_runs WHERE first_date <= $1 AND first_date + horizon_days > $2",
            [day, day],
        )
        return None if not row or row[0][0] is None else int(row[0][0])

    def latest_first_day(self) -> dt.date | None:
        """The first forecast day of the latest run."""
        row = self.engine.rows("SELECT first_date FROM forecast_runs ORDER BY run_id DESC LIMIT 1")
        return row[0][0] if row else None

    def latest_run_id(self) -> int | None:
        row = self.engine.rows("SELECT max(run_id) FROM forecast_runs")
        return None if not row or row[0][0] is None else int(row[0][0])

    def sku_forecasts(self, run_id: int, sku: str) -> pa.Table:
        """The run's forecasts of one SKU at every location, by location and date."""
        return self.engine.read(
            f"SELECT {', '.join(FORECAST_COLUMNS)} FROM forecasts WHERE run_id = $1 AND sku = $2 "
            "ORDER BY location_id, date",
            [run_id, sku],
            tables=[TableSlice("forecasts", "run_id = $1 AND sku = $2", (run_id, sku))],
        )

    def daily_sales(self, sku: str, first: dt.date, last: dt.date) -> pa.Table:
        """Units of ``sku`` sold per location and day from ``first`` to ``last``, by location and date."""
        window = (sku, first, last + dt.timedelta(days=1))
        location, day, units = DAILY_SALES_COLUMNS
        return self.engine.read(
            f"SELECT location_id AS {location}, CAST(occurred_at AS DATE) AS {day}, sum(quantity) AS {units} "
            "FROM sales WHERE sku = $1 AND occurred_at >= $2 AND occurred_at < $3 GROUP BY ALL ORDER BY 1, 2",
            list(window),
            tables=[TableSlice("sales", "sku = $1 AND occurred_at >= $2 AND occurred_at < $3", window)],
        )

    def product(self, sku: str) -> Named | None:
        row = self.engine.rows("SELECT sku, name_en, name_zh FROM products WHERE sku = $1", [sku])
        return Named(*row[0]) if row else None

    def location(self, location_id: str) -> Named | None:
        row = self.engine.rows(
            "SELECT location_id, name_en, name_zh FROM locations WHERE location_id = $1", [location_id]
        )
        return Named(*row[0]) if row else None
