"""Make docs/img/forecast_show_example.png, the example chart of docs/forecasting.md.

One real M5 series (FOODS_2_181 at stores CA_1, CA_2 and TX_1 of ../shared/data/m5_tiny, days
with a sale from 2015-03-01 to 2016-04-24) goes into a scratch DuckDB file, is forecast with the
default settings from data up to 2016-03-27, and is shown as `stockpilot forecast show` shows
it: the location that sold the most in the last 56 days, with the four weeks that followed.

    .venv/bin/python scripts/forecast_show_example.py [--out docs/img/forecast_show_example.png]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from stockpilot.adapters.storage.store import open_store
from stockpilot.services.forecast_view import forecast_view, write_forecast_chart
from stockpilot.services.forecasting import run_forecast
from stockpilot.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
SERIES = ROOT.parent / "shared" / "data" / "m5_tiny" / "tiny_m5.parquet"
SKU, STORES, CUTOFF = "FOODS_2_181", ("CA_1", "CA_2", "TX_1"), dt.date(2016, 3, 27)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "forecast_show_example.png")
    out = parser.parse_args().out
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(environ={}, config_file=Path(folder) / "none.toml")
        with open_store(Path(folder) / "m5.duckdb") as store:
            con = store.engine.connection
            for store_id in STORES:
                con.execute(
                    "INSERT INTO locations (location_id, name_en, name_zh, kind) VALUES (?, ?, ?, 'store')",
                    [store_id, f"Store {store_id}", f"{store_id} 分店"],
                )
            con.execute(
                "INSERT INTO products (sku, name_en, name_zh, category) VALUES (?, ?, ?, 'FOODS')",
                [SKU, f"M5 item {SKU}", f"M5 貨品 {SKU}"],
            )
            con.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days) VALUES ('S1', 'Supplier', 21)")
            con.execute(
                "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity, unit_price) "
                "SELECT store_id || '-' || CAST(CAST(date AS DATE) AS VARCHAR), date + INTERVAL 12 HOUR, store_id, "
                "item_id, value, sell_price FROM read_parquet(?) WHERE item_id = ? AND store_id IN (?, ?, ?) "
                "AND value > 0 AND date BETWEEN '2015-03-01' AND '2016-04-24'",
                [str(SERIES), SKU, *STORES],
            )
            run = run_forecast(store, settings, cutoff=CUTOFF)
            view = forecast_view(store, settings, SKU, run_id=run.run_id)
        png, _svg = write_forecast_chart(view, Path(folder) / "chart.png", "en")
        out.write_bytes(png.read_bytes())
    print(f"{out}: {SKU} at {view.location.id} ({view.location_chosen}), model {view.model}")


if __name__ == "__main__":
    main()
