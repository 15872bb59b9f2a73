"""Planning speed: `make_plan` for every SKU of M5 store CA_1 (3,049), once forecasts exist.

Builds a database from ``../shared/data/m5_ca1`` (import, then `run_forecast`; not timed),
adds a supplier with a 5-day lead time and a stock count of 10 per SKU, then times
the planning run (best of 3) side by side with a bare numpy (R, S) computation of the same
order-up-to quantities from the same forecast (no constraints, reasons or review flags)
and prints the ratio. Target: the planning run in <= 30 s on 2 cores.

    .venv/bin/python benchmarks/plan_speed.py [--db PATH]   # reuses PATH if it already has a forecast
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
from scipy import stats

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.services.forecasting import run_forecast
from stockpilot.services.importing import import_file
from stockpilot.services.planning import make_plan
from stockpilot.settings import load_settings

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "m5_ca1"


def prepare(db: Store) -> dt.date:
    """Import CA_1 and forecast it (once); the plan day is the forecast's first day."""
    settings = load_settings({"pseudonym_key_file": "/tmp/plan_speed.key"}, environ={})
    if not db.engine.rows("SELECT count(*) FROM forecast_runs")[0][0]:
        import_file(db, DATA / "sales_ca1.parquet", settings)
        con = db.engine.connection
        con.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days, moq) VALUES ('S1', 'Supplier', 5, 0)")
        con.execute("UPDATE products SET supplier_id = 'S1', case_pack = 1")
        con.execute(
            "INSERT INTO stock_counts (event_id, counted_at, location_id, sku, on_hand) "
            "SELECT 'c-' || sku, (SELECT max(occurred_at) FROM sales), 'CA_1', sku, 10 FROM products"
        )
        run_forecast(db, settings)
    row = db.engine.connection.execute("SELECT max(first_date) FROM forecast_runs").fetchone()
    return row[0]


def bare_orders(db: Store, day: dt.date, service: float = 0.95, cover: int = 12) -> np.ndarray:
    """The same (R, S) quantities in plain numpy: one query, no constraints, reasons or flags."""
    rows = db.engine.connection.execute(
        "SELECT sku, sum(mean), sum(mean + dispersion * mean * mean) FROM forecasts "
        "WHERE run_id = (SELECT max(run_id) FROM forecast_runs) AND date >= ? AND date < ? + ? GROUP BY sku",
        [day, day, cover],
    ).fetchnumpy()
    up_to = rows["sum(mean)"] + stats.norm.ppf(service) * np.sqrt(rows["sum((mean + ((dispersion * mean) * mean)))"])
    return np.maximum(up_to - 10.0, 0.0)


def best_of(times: int, run) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/plan_speed.duckdb"))
    args = parser.parse_args()
    with open_store(args.db) as db:
        started = time.perf_counter()
        day = prepare(db)
        print(f"database ready in {time.perf_counter() - started:.0f} s; planning {day}")
        settings = load_settings(environ={})
        lines = len(make_plan(db, settings, day).lines)
        ours = best_of(3, lambda: make_plan(db, settings, day))
        bare = best_of(3, lambda: bare_orders(db, day))
    print(f"stockpilot plan (constraints, reasons, flags)  {ours:6.2f} s  {lines:,} lines")
    print(f"bare numpy (R, S) from the same forecast       {bare:6.2f} s")
    print(f"ratio stockpilot / bare: {ours / bare:.1f}x  (target: stockpilot <= 30 s)")


if __name__ == "__main__":
    main()
