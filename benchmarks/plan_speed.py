"""Planning speed: `make_plan` for every SKU of M5 store CA_1 (3,049), once forecasts exist.

Builds a DuckDB file from ``../shared/data/m5_ca1`` (import, then `run_forecast`; not timed),
adds a supplier with a 5-day lead time and a stock count of 10 per SKU. The same data is then
copied, table by table through Arrow, into a PostgreSQL database on a throwaway local server
(``scratch_postgres``, loopback). The planning run is timed (best of 3) on each backend, side by
side with a bare numpy (R, S) computation of the same order-up-to quantities from the same
forecast (no constraints, reasons or review flags), and the ratios are printed: stockpilot /
bare and PostgreSQL / DuckDB. Target: the planning run in <= 30 s on 2 cores.

    .venv/bin/python benchmarks/plan_speed.py [--db PATH] [--backend duckdb,postgresql]
    # reuses PATH if it already has a forecast
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

import numpy as np
from scipy import stats

from stockpilot.adapters.storage import scratch_postgres
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


OUTPUTS = ("schema_version", "plans", "proposals", "review_decisions")  # not copied: made by the timed run


def copy_to(source: Store, url: str) -> None:
    """Every table of ``source`` but the plans, copied into the (migrated) database at ``url``."""
    names = [
        r[0] for r in source.engine.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")
    ]
    with open_store(url) as target, target.engine.transaction():
        for name in sorted(set(names) - set(OUTPUTS)):
            rows = source.engine.read(f'SELECT * FROM "{name}"', tables=(name,))
            if rows.num_rows:
                target.engine.insert_arrow(name, rows)


def time_plans(target: str | Path, day: dt.date) -> tuple[float, int]:
    """Best of 3 seconds of planning ``day`` on the store at ``target``, and the lines planned."""
    settings = load_settings(environ={})
    with open_store(target) as db:
        lines = len(make_plan(db, settings, day).lines)
        return best_of(3, lambda: make_plan(db, settings, day)), lines


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
    parser.add_argument("--backend", default="duckdb,postgresql", help="duckdb, postgresql or both (default)")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    if not backends or set(backends) - {"duckdb", "postgresql"}:
        parser.error("--backend takes duckdb and/or postgresql, comma-separated")
    with open_store(args.db) as db:
        started = time.perf_counter()
        day = prepare(db)
        bare = best_of(3, lambda: bare_orders(db, day))
    print(f"database ready in {time.perf_counter() - started:.0f} s; planning {day}")
    seconds: dict[str, float] = {}
    if "duckdb" in backends:
        seconds["duckdb"], lines = time_plans(args.db, day)
    if "postgresql" in backends:
        with scratch_postgres.running() as server, open_store(args.db, read_only=True) as db:
            url = server.create_database("plan_speed")
            copy_to(db, url)
            seconds["postgresql"], lines = time_plans(url, day)
    for backend, elapsed in seconds.items():
        label = f"stockpilot plan on {backend} (constraints, reasons, flags)"
        print(f"{label:<56}{elapsed:7.2f} s  {lines:,} lines   {elapsed / bare:5.1f}x bare")
    print(f"{'bare numpy (R, S) from the same forecast':<56}{bare:7.2f} s")
    if len(seconds) == 2:
        print(f"ratio PostgreSQL / DuckDB: {seconds['postgresql'] / seconds['duckdb']:.2f}x  (target: each <= 30 s)")


if __name__ == "__main__":
    main()
