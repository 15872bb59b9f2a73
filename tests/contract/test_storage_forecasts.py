"""The storage contract for the demand panel, forecasts and backtests: the same facts, runs and
ids on DuckDB and on PostgreSQL.

Each test runs once per backend (``any_store``); where a result must match across backends it
is compared with the same rows in an in-memory DuckDB store, and checked by hand where small.
2024-03-01 is a Friday.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.services.demand_panel import load_demand
from stockpilot.services.forecasting import horizon_days, run_forecast
from stockpilot.services.ports.backtests import BacktestRunRecord
from stockpilot.services.ports.forecasts import ForecastRunRecord, Named
from stockpilot.services.ports.sales import DemandFacts, SaleDays

pytestmark = pytest.mark.contract

D, T = dt.date, dt.datetime
_TYPES = {
    "varchar": pa.string(),
    "character varying": pa.string(),
    "text": pa.string(),
    "double": pa.float64(),
    "double precision": pa.float64(),
    "bigint": pa.int64(),
    "integer": pa.int32(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
    "timestamp without time zone": pa.timestamp("us"),
}


def put(store: Store, table: str, **columns: list[Any]) -> None:
    """Append rows to ``table``: the columns given, NULL in the others (typed as the table's)."""
    layout = store.engine.rows(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position",
        [table],
    )
    n = len(next(iter(columns.values())))
    store.engine.insert_arrow(
        table,
        pa.table({name: pa.array(columns.get(name, [None] * n), type=_TYPES[kind.lower()]) for name, kind in layout}),
    )


def fill(store: Store) -> None:
    """Two stores, SKUs whose byte order differs from a locale's ("SKU-é" < "SKU1" < "sku2"),
    prices missing here and there, returns, receipts, stock counts, promotions and events."""
    put(store, "locations", location_id=["ST01", "ST02"], name_en=["One", "Two"], kind=["store", "store"])
    put(store, "suppliers", supplier_id=["S1", "S2"], name=["Near", "Far"], lead_time_days=[3.0, 12.5])
    put(
        store,
        "products",
        sku=["SKU1", "sku2", "SKU-é"],
        name_en=["Rice", "Soy", "Chips"],
        category=["Rice", None, "Snacks"],
        department=[None, None, "Food"],
        unit_price=[12.0, None, 6.5],
    )
    sales = [(f"r{d}", T(2024, 3, d, 11), "ST01", "SKU1", 2.0, 10.0) for d in range(1, 11) if d != 3]
    sales += [
        ("r3", T(2024, 3, 3, 9), "ST01", "SKU1", 3.0, None),  # no price recorded
        ("r5b", T(2024, 3, 5, 18, 30), "ST01", "SKU1", 1.0, 8.0),
        ("c2", T(2024, 3, 2, 23, 59), "ST01", "SKU-é", 1.0, 5.0),
        ("s0", T(2024, 3, 1), "ST02", "sku2", 0.0, None),  # not a sale
        ("s4", T(2024, 3, 4, 12), "ST02", "sku2", 4.0, 3.0),
        ("z1", T(2024, 3, 6), "ST02", "SKU1", 0.0, 10.0),  # ST02/SKU1 never sold: no series
    ]
    event_id, occurred_at, location_id, sku, quantity, unit_price = (list(c) for c in zip(*sales, strict=True))
    put(
        store,
        "sales",
        event_id=event_id,
        occurred_at=occurred_at,
        location_id=location_id,
        sku=sku,
        quantity=quantity,
        unit_price=unit_price,
    )
    put(
        store,
        "returns",
        event_id=["b1"],
        occurred_at=[T(2024, 3, 6, 17)],
        location_id=["ST01"],
        sku=["SKU1"],
        quantity=[1.0],
    )
    put(
        store,
        "receipts",
        event_id=["g1", "g2"],
        received_at=[T(2024, 3, 7, 10), T(2024, 3, 2, 8)],
        location_id=["ST01", "ST02"],
        sku=["SKU1", "sku2"],
        quantity=[6.0, 3.0],
    )
    put(
        store,
        "stock_counts",
        event_id=["k1", "k2"],
        counted_at=[T(2024, 3, 4, 20), T(2024, 3, 4, 8)],
        location_id=["ST01", "ST01"],
        sku=["SKU1", "SKU1"],
        on_hand=[3.0, 5.0],  # the day's last count (20:00) is the day's
    )
    put(
        store,
        "promotions",
        event_id=["p1", "p2", "p3"],
        promotion_id=["SPRING", "FLASH", "SOY"],
        sku=["SKU1", "SKU1", "sku2"],
        location_id=[None, "ST01", "ST02"],
        start_date=[D(2024, 3, 9), D(2024, 3, 11), D(2024, 3, 12)],
        end_date=[D(2024, 3, 12), D(2024, 3, 11), D(2024, 3, 20)],
        discount_pct=[20.0, None, 50.0],  # FLASH without a discount counts as 10%: SPRING's 20% wins
    )
    put(
        store,
        "calendar_events",
        event_id=["e1", "e2", "e3", "e4"],
        date=[D(2024, 3, 3), D(2024, 3, 3), D(2024, 3, 8), D(2024, 3, 12)],
        name=["Festival", "Unnamed", "Store party", "Race"],
        kind=["Cultural", None, "Anniversary", "Sporting"],
        location_id=[None, "", "ST01", None],  # the store's own event is left out
    )


@pytest.fixture
def reference() -> Iterator[Store]:
    """The same rows in an in-memory DuckDB store."""
    store = open_store(":memory:")
    fill(store)
    yield store
    store.close()


def same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    return a == b


def promotions(facts: DemandFacts) -> list[tuple[int, int, float]]:
    return sorted(zip(facts.promotion_series, facts.promotion_days, facts.promotion_discount, strict=True))


def events(facts: DemandFacts) -> list[tuple[int, str]]:
    return sorted(zip(facts.event_days, facts.event_kind, strict=True))


def test_the_demand_facts_are_the_same_on_every_backend(any_store, reference):
    fill(any_store)
    assert any_store.sales.sale_days() == SaleDays(D(2024, 3, 1), D(2024, 3, 10))
    assert any_store.sales.sale_days(D(2024, 3, 3)) == SaleDays(D(2024, 3, 1), D(2024, 3, 3))
    assert any_store.sales.sale_days(D(2024, 2, 29)) is None
    window = (D(2024, 3, 1), D(2024, 3, 10), D(2024, 3, 13))
    facts = any_store.sales.demand_facts(*window, unknown_discount=0.1, returns=True)

    assert list(zip(facts.locations, facts.skus, strict=True)) == [  # byte order, whatever the server's locale
        ("ST01", "SKU-é"),
        ("ST01", "SKU1"),
        ("ST02", "sku2"),
    ]
    assert list(facts.categories) == ["Snacks", "Rice", ""] and list(facts.departments) == ["Food", "", ""]
    np.testing.assert_array_equal(facts.regular_price, [6.5, 12.0, np.nan])
    np.testing.assert_array_equal(facts.sold[1], [2, 2, 3, 2, 3, 2, 2, 2, 2, 2])
    np.testing.assert_array_equal(facts.value[1], [20, 20, 0, 20, 28, 20, 20, 20, 20, 20])
    np.testing.assert_array_equal(facts.priced[1], [2, 2, 0, 2, 3, 2, 2, 2, 2, 2])
    np.testing.assert_array_equal(facts.sold[[0, 2]].nonzero(), [[0, 1], [1, 3]])
    np.testing.assert_array_equal(facts.receipts.nonzero(), [[1, 2], [6, 1]])
    np.testing.assert_array_equal(facts.counts[1], [np.nan] * 3 + [3.0] + [np.nan] * 6)
    assert np.isnan(facts.counts[[0, 2]]).all()
    np.testing.assert_array_equal(facts.returned.nonzero(), [[1], [5]])
    assert promotions(facts) == [(1, 8, 0.2), (1, 9, 0.2), (1, 10, 0.2), (1, 11, 0.2), (2, 11, 0.5), (2, 12, 0.5)]
    assert sorted(facts.event_kinds) == ["", "Cultural", "Sporting"]
    assert events(facts) == [(2, ""), (11, "Sporting")]

    expected = reference.sales.demand_facts(*window, unknown_discount=0.1, returns=True)
    for field in dataclasses.fields(facts):
        mine, theirs = getattr(facts, field.name), getattr(expected, field.name)
        if field.name.startswith(("promotion", "event")):  # rows in no particular order: below
            continue
        assert same(mine, theirs), field.name
    assert promotions(facts) == promotions(expected) and events(facts) == events(expected)
    assert sorted(facts.event_kinds) == sorted(expected.event_kinds)
    assert facts.returned is not None
    assert any_store.sales.demand_facts(*window, unknown_discount=0.1).returned is None


@pytest.mark.parametrize("returns", ["ignore", "net"])
def test_the_demand_panel_is_the_same_on_every_backend(any_store, reference, returns):
    fill(any_store)
    for cutoff in (None, D(2024, 3, 5)):
        mine, theirs = (load_demand(s, 4, cutoff=cutoff, returns=returns) for s in (any_store, reference))
        for name in ("locations", "skus", "categories", "departments", "dates", "censored", "inferred", "revenue"):
            assert same(getattr(mine, name), getattr(theirs, name)), name
        assert same(mine.sales, theirs.sales)
        p, q = mine.panel, theirs.panel
        assert same(p.units, q.units) and same(p.price, q.price)
        for part in ("calendar", "groups", "covariates"):
            assert getattr(p, part).keys() == getattr(q, part).keys()
            for key, value in getattr(p, part).items():
                assert same(value, getattr(q, part)[key]), (part, key)
    assert list(mine.panel.calendar["event"]) == [0, 0, 1, 0, 0, 0, 0, 0, 0]  # "" < Cultural < Sporting


def _forecast_rows(n: int = 3, offset: float = 0.0) -> tuple[pa.Table, pa.Table]:
    days = [D(2024, 3, 11) + dt.timedelta(days=i) for i in range(n)]
    forecasts = pa.table(
        {
            "location_id": ["ST01"] * n + ["ST02"] * n,
            "sku": ["SKU1"] * n + ["sku2"] * n,
            "date": days * 2,
            "mean": [1.5 + offset + i / 3 for i in range(2 * n)],
            "model": ["theta"] * n + ["croston_sba"] * n,
            "dispersion": [0.0] * n + [0.25] * n,
        }
    )
    quantiles = pa.table(
        {
            "location_id": (["ST01"] * n + ["ST02"] * n) * 2,
            "sku": (["SKU1"] * n + ["sku2"] * n) * 2,
            "date": days * 4,
            "level": [0.5] * (2 * n) + [0.9] * (2 * n),
            "value": [float(i) + offset for i in range(4 * n)],
        }
    )
    return forecasts, quantiles


def _record(first: dt.date, horizon: int = 3, failures: str | None = None) -> ForecastRunRecord:
    return ForecastRunRecord(
        created_at=T(2024, 3, 10, 21, 15, 7, 123456),
        cutoff=first - dt.timedelta(days=1),
        first_date=first,
        horizon_days=horizon,
        quantile_levels="0.5,0.9",
        models="theta,croston_sba",
        backtest_windows=1,
        returns="ignore",
        series=2,
        censored_days=4,
        inferred_censored_days=1,
        failures=failures,
    )


def _sorted(table: pa.Table, keys: list[str]) -> list[dict[str, Any]]:
    return table.sort_by([(k, "ascending") for k in keys]).to_pylist()


def test_a_forecast_run_is_stored_and_read_back_as_it_was(any_store):
    forecasts, quantiles = _forecast_rows()
    record = _record(D(2024, 3, 11), failures="theta: did not converge")
    run_id = any_store.forecasts.save(record, forecasts, quantiles)
    assert any_store.forecasts.run(run_id) == record
    assert any_store.forecasts.forecasts(run_id).to_pylist() == _sorted(forecasts, ["location_id", "sku", "date"])
    assert any_store.forecasts.quantiles(run_id).to_pylist() == _sorted(
        quantiles, ["location_id", "sku", "date", "level"]
    )
    assert any_store.forecasts.run(run_id + 1) is None
    assert any_store.forecasts.forecasts(run_id + 1).num_rows == 0


def test_forecast_run_ids_increase_and_the_latest_run_covers_a_day(any_store):
    assert any_store.forecasts.covering_run(D(2024, 3, 11)) is None
    assert any_store.forecasts.latest_first_day() is None
    ids = [any_store.forecasts.save(_record(D(2024, 3, 11 + i)), *_forecast_rows(offset=i)) for i in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert any_store.forecasts.latest_first_day() == D(2024, 3, 13)
    assert any_store.forecasts.covering_run(D(2024, 3, 11)) == ids[0]  # runs of 3 days from 11, 12, 13
    assert any_store.forecasts.covering_run(D(2024, 3, 13)) == ids[2]
    assert any_store.forecasts.covering_run(D(2024, 3, 15)) == ids[2]
    assert any_store.forecasts.covering_run(D(2024, 3, 16)) is None
    assert any_store.forecasts.forecasts(ids[1])["mean"].to_pylist()[0] == 2.5


def test_one_sku_its_sales_and_names_are_read_for_forecast_show(any_store):
    fill(any_store)
    assert any_store.forecasts.latest_run_id() is None
    ids = [any_store.forecasts.save(_record(D(2024, 3, 11 + i)), *_forecast_rows(offset=i)) for i in range(2)]
    assert any_store.forecasts.latest_run_id() == ids[1]
    forecasts, _ = _forecast_rows()
    mine = any_store.forecasts.sku_forecasts(ids[0], "sku2")
    assert mine.to_pylist() == [row for row in forecasts.to_pylist() if row["sku"] == "sku2"]
    assert any_store.forecasts.sku_forecasts(ids[0], "SKU-é").num_rows == 0
    # ST01 sold SKU1 2 a day and 1 more on 03-05 (r5b); ST02's row of 0 on 03-06 is a day with a row
    assert any_store.forecasts.daily_sales("SKU1", D(2024, 3, 4), D(2024, 3, 6)).to_pylist() == [
        {"location_id": "ST01", "date": D(2024, 3, 4), "units": 2.0},
        {"location_id": "ST01", "date": D(2024, 3, 5), "units": 3.0},
        {"location_id": "ST01", "date": D(2024, 3, 6), "units": 2.0},
        {"location_id": "ST02", "date": D(2024, 3, 6), "units": 0.0},
    ]
    assert any_store.forecasts.daily_sales("SKU-é", D(2024, 3, 3), D(2024, 3, 9)).num_rows == 0  # sold on 03-02
    assert any_store.forecasts.product("SKU-é") == Named("SKU-é", "Chips", None)
    assert any_store.forecasts.product("SKU9") is None
    assert any_store.forecasts.location("ST02") == Named("ST02", "Two", None)
    assert any_store.forecasts.location("WH") is None


def test_a_forecast_run_that_fails_to_store_leaves_nothing(any_store):
    forecasts, quantiles = _forecast_rows()
    with pytest.raises(KeyError):
        any_store.forecasts.save(_record(D(2024, 3, 11)), forecasts, quantiles.drop_columns(["level"]))
    assert any_store.forecasts.latest_first_day() is None
    assert any_store.engine.rows("SELECT count(*) FROM forecasts") == [(0,)]


def test_the_longest_lead_time_sets_the_horizon(any_store, settings):
    assert any_store.forecasts.longest_lead_time() is None
    assert horizon_days(any_store, settings) == 28  # no supplier: the minimum
    fill(any_store)
    assert any_store.forecasts.longest_lead_time() == 12.5
    assert horizon_days(any_store, settings.replace(forecast_min_horizon_days=7)) == 13 + 7


def test_a_backtest_is_stored_with_its_series_and_weeks(any_store):
    first, second = any_store.backtests.new_run_id(), any_store.backtests.new_run_id()
    assert second > first
    record = BacktestRunRecord(T(2024, 3, 10, 22), D(2024, 3, 10), "2024-02-12,2024-02-26", 14, '{"run_id": 2}')
    series = pa.table(
        {
            "location_id": ["ST01", "ST02"],
            "sku": ["SKU1", "sku2"],
            "models": ["theta", "tsb,adida"],
            "wape": [0.25, None],
            "rmsse": [0.9, None],
            "bias": [-0.1, 0.0],
            "scaled_pinball": [0.3, 0.4],
            "actual": [40.0, 0.0],
            "forecast": [36.0, 1.5],
        }
    )
    weekly = pa.table(
        {
            "location_id": ["ST01", None, "ST02"],
            "sku": ["SKU1", "SKU1", "sku2"],
            "week_start": [D(2024, 2, 26), D(2024, 2, 26), D(2024, 2, 26)],
            "actual": [20.0, 20.0, 0.0],
            "forecast": [18.0, 18.0, 1.0],
            "wape": [0.1, 0.1, None],
        }
    )
    any_store.backtests.save(second, record, series, weekly)
    assert any_store.backtests.run(second) == record
    assert any_store.backtests.run(first) is None
    assert any_store.backtests.series(second).to_pylist() == series.to_pylist()
    assert any_store.backtests.weekly(second).to_pylist() == weekly.take([1, 0, 2]).to_pylist()


def test_run_forecast_stores_the_same_forecasts_on_every_backend(any_store, reference, settings):
    quick = settings.replace(forecast_models="moving_average", forecast_combination="", forecast_backtest_windows=0)
    fill(any_store)
    mine, theirs = (run_forecast(s, quick, horizon=5) for s in (any_store, reference))
    assert dataclasses.replace(mine, run_id=0) == dataclasses.replace(theirs, run_id=0)
    assert mine.series == 3 and mine.first_date == D(2024, 3, 11)
    assert any_store.forecasts.forecasts(mine.run_id) == reference.forecasts.forecasts(theirs.run_id)
    assert any_store.forecasts.quantiles(mine.run_id) == reference.forecasts.quantiles(theirs.run_id)
    stored = any_store.forecasts.run(mine.run_id)
    assert (stored.horizon_days, stored.series, stored.models, stored.failures) == (5, 3, "moving_average", None)
