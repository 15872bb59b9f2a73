"""`forecast` and `backtest` on a small shop database whose demand is known."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.doors.cli import app
from stockpilot.services.backtesting import run_backtest
from stockpilot.services.forecasting import run_forecast
from stockpilot.services.importing import import_file
from stockpilot.settings import Settings

START = dt.date(2024, 1, 1)
DAYS = 240
PROMOTED = dict(discount=0.3, uplift=2.0)


class FixedClock:
    def __init__(self, now: dt.datetime) -> None:
        self.at = now

    def now(self) -> dt.datetime:
        return self.at


def fill_shop(store: Store, seed: int = 0) -> None:
    """Poisson demand (rate 4 to 8, weekends x1.5) for 3 SKUs at 2 locations; 5-day promotions
    every 40 days double demand at 30% off; a supplier with a 30-day lead time."""
    rng = np.random.default_rng(seed)
    con = store.engine.connection
    con.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days) VALUES ('S1', 'Supplier', 30)")
    promo_days = {d for start in range(20, DAYS, 40) for d in range(start, start + 5)}
    rows = []
    for location in ("ST01", "WH"):
        for number, sku in enumerate(("SKU1", "SKU2", "SKU3")):
            rate = 4.0 + 2 * number
            for d in range(DAYS):
                day = START + dt.timedelta(days=d)
                mean = rate * (1.5 if day.weekday() >= 5 else 1.0) * (PROMOTED["uplift"] if d in promo_days else 1.0)
                quantity = int(rng.poisson(mean))
                if quantity:
                    price = 10.0 * (1 - PROMOTED["discount"]) if d in promo_days else 10.0
                    rows.append((f"{location}-{sku}-{d}", day, location, sku, float(quantity), price))
    ids, days, locations, skus, quantities, prices = zip(*rows, strict=True)
    table = pa.table(
        {
            "event_id": ids,
            "occurred_at": pa.array([dt.datetime.combine(d, dt.time(12)) for d in days]),
            "location_id": locations,
            "sku": skus,
            "quantity": quantities,
            "unit_price": prices,
        }
    )
    con.register("new_sales", table)
    con.execute(
        "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity, unit_price) SELECT * FROM new_sales"
    )
    con.unregister("new_sales")
    for number, start in enumerate(range(20, DAYS, 40)):
        first = START + dt.timedelta(days=start)
        con.execute(
            "INSERT INTO promotions (event_id, promotion_id, sku, start_date, end_date, discount_pct) "
            "SELECT 'P' || ? || sku, 'P' || ?, sku, ?, ?, 30 FROM products",
            [number, number, first, first + dt.timedelta(days=4)],
        )


@pytest.fixture
def master_shop(tmp_path: Path, settings: Settings, master_files: tuple[Path, Path]) -> Iterator[Store]:
    """A DuckDB store with 2 locations and 3 products, imported through import_file (with the
    file's own connection until import_file takes a store)."""
    store = open_store(tmp_path / "shop.duckdb")
    with open_store(store.file) as db:
        for path in master_files:
            assert import_file(db, path, settings).quarantined == 0
    yield store
    store.close()


@pytest.fixture
def shop(master_shop: Store) -> Store:
    fill_shop(master_shop)
    return master_shop


def test_forecast_is_stored_with_its_horizon_model_and_quantiles(shop, settings):
    created = dt.datetime(2024, 8, 28, 6, 30)
    run = run_forecast(shop, settings, clock=FixedClock(created))
    assert run.horizon == 37  # lead time 30 + review period 7, more than the minimum 28
    assert run.series == 6 and run.cutoff == START + dt.timedelta(days=DAYS - 1)
    con = shop.engine.connection
    assert con.execute("SELECT count(*) FROM forecasts WHERE run_id = ?", [run.run_id]).fetchone()[0] == 6 * 37
    levels = con.execute("SELECT DISTINCT level FROM forecast_quantiles ORDER BY level").fetchall()
    assert [r[0] for r in levels] == [0.5, 0.8, 0.9, 0.95, 0.99]
    crossing = con.execute(
        "SELECT count(*) FROM (SELECT location_id, sku, date, list(value ORDER BY level) AS v "
        "FROM forecast_quantiles GROUP BY ALL) WHERE list_sort(v) <> v OR list_min(v) < 0"
    ).fetchone()[0]
    assert crossing == 0
    mean = con.execute("SELECT avg(mean) FROM forecasts WHERE sku = 'SKU3'").fetchone()[0]
    assert 7.0 < mean < 11.0  # the truth: 8 a day, weekends x1.5 -> 9.1 on average
    stored = con.execute("SELECT created_at, cutoff_date, horizon_days, series FROM forecast_runs").fetchone()
    assert stored == (created, run.cutoff, 37, 6)


def test_a_planned_promotion_raises_the_forecast_on_its_days(shop, settings):
    con = shop.engine.connection
    promo_start = START + dt.timedelta(days=DAYS + 10)
    plain = run_forecast(shop, settings)
    con.execute(
        "INSERT INTO promotions (event_id, promotion_id, sku, location_id, start_date, end_date, discount_pct) "
        "VALUES ('future', 'F', 'SKU1', 'ST01', ?, ?, 30)",
        [promo_start, promo_start + dt.timedelta(days=4)],
    )
    promoted = run_forecast(shop, settings)
    query = (
        "SELECT date BETWEEN ? AND ? AS on_promotion, avg(mean) FROM forecasts "
        "WHERE run_id = ? AND location_id = 'ST01' AND sku = 'SKU1' GROUP BY 1"
    )
    window = [promo_start, promo_start + dt.timedelta(days=4)]
    before = dict(con.execute(query, [*window, plain.run_id]).fetchall())
    after = dict(con.execute(query, [*window, promoted.run_id]).fetchall())
    assert after[True] > 1.5 * before[True]  # the truth is x2
    assert after[False] == pytest.approx(before[False], rel=0.15)  # other days barely move
    model = con.execute(
        "SELECT DISTINCT model FROM forecasts WHERE run_id = ? AND location_id = 'ST01' AND sku = 'SKU1'",
        [promoted.run_id],
    ).fetchall()
    assert model == [("global_boosted",)]


def test_backtest_scores_every_series_and_stores_weekly_wape(shop, settings):
    report = run_backtest(shop, settings, origins=2, horizon=28)
    e = report.evaluation
    assert len(report.origins) == 2 and report.origins[1] - report.origins[0] == dt.timedelta(days=28)
    assert 0.1 < e.overall["wape"] < 0.45  # Poisson noise alone at these rates gives about 0.3
    assert abs(e.overall["bias"]) < 0.1
    assert set(e.wrmsse) == {"store", "category", "department", "item", "total"}
    assert 0.8 < e.coverage[0.9] < 0.97 and 0.45 < e.coverage[0.5] < 0.7
    con = shop.engine.connection
    weekly = con.execute("SELECT count(*), count(*) FILTER (WHERE location_id IS NULL) FROM backtest_weekly").fetchone()
    weeks = len({w["week_start"] for w in report.as_dict()["weekly_wape"]})
    assert weekly == (9 * weeks, 3 * weeks)  # 6 series and 3 SKUs over all locations, every week
    assert con.execute("SELECT count(*) FROM backtest_series").fetchone()[0] == 6


def test_backtest_refuses_a_history_too_short(shop, settings):
    with pytest.raises(ValueError, match="not enough history"):
        run_backtest(shop, settings, origins=8, horizon=28)


def test_command_line_forecast_and_backtest_json(shop, tmp_path):
    path = shop.file
    shop.close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", path, "forecast", "--horizon", "14", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["horizon_days"] == 14 and data["series"] == 6 and sum(data["models"].values()) == 6
    result = runner.invoke(app, ["--db", path, "backtest", "--origins", "2", "--horizon", "14", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"wrmsse", "coverage", "overall", "series_metrics", "weekly_wape"} <= set(data)
    assert len(data["series_metrics"]) == 6
    result = runner.invoke(app, ["--db", path, "--lang", "zh-HK", "backtest", "--origins", "2", "--horizon", "14"])
    assert result.exit_code == 0 and "WRMSSE" in result.output


def test_command_line_refuses_an_empty_database_with_its_reason(master_shop):
    path = master_shop.file
    master_shop.close()
    result = CliRunner().invoke(app, ["--db", path, "forecast"])
    assert result.exit_code == 2 and "no sales to forecast" in result.output  # a refusal (docs/errors.md)
