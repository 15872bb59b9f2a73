"""R-FC-2: the demand panel built from what is stored (services/demand_panel.py).

Small shops on the ``shop`` fixture (locations ST01, WH; SKU1 rice HK$59.9,
SKU2 soy sauce HK$12.5, SKU3 noodles HK$16), filled through the importer where
the rows are few and by INSERT where a long daily series is needed. Expected
values are worked out by hand in the comments. 2024-03-01 is a Friday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pytest

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.services.demand_panel import load_demand
from stockpilot.services.importing import import_file
from stockpilot.settings import Settings

D = dt.date


def import_into(store: Store, path: Path, settings: Settings):
    """Import ``path`` into the DuckDB ``store`` (through the file's own connection until
    import_file takes a store)."""
    with open_store(store.file) as db:
        return import_file(db, path, settings)


def imported(store: Store, settings: Settings, folder: Path, name: str, text: str) -> None:
    """Write ``text`` as ``name`` and import it; every row must be accepted."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    report = import_into(store, path, settings)
    assert report.quarantined == 0 and report.accepted == report.received, report.to_dict()


@pytest.fixture
def shop(tmp_path: Path, settings: Settings, master_files: tuple[Path, Path]) -> Iterator[Store]:
    """A DuckDB store with 2 locations and 3 products, imported through import_file."""
    store = open_store(tmp_path / "shop.duckdb")
    for path, expected in zip(master_files, (2, 3), strict=True):
        report = import_into(store, path, settings)
        assert (report.received, report.accepted, report.quarantined) == (expected, expected, 0), report.to_dict()
    yield store
    store.close()


def daily_sales(con: duckdb.DuckDBPyConnection, location: str, sku: str, first: str, last: str, quantity: float):
    """``quantity`` units a day at HK$10 on every day of [first, last]."""
    con.execute(
        f"""
        INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity, unit_price)
        SELECT '{location}-{sku}-' || strftime(d, '%Y%m%d'), d + INTERVAL 11 HOUR, '{location}', '{sku}',
               {quantity}, 10
        FROM generate_series(TIMESTAMP '{first}', TIMESTAMP '{last}', INTERVAL 1 DAY) t(d)
        """
    )


def row(history, location: str, sku: str) -> int:
    found = np.flatnonzero((history.locations == location) & (history.skus == sku))
    assert len(found) == 1, (location, sku)
    return int(found[0])


def day(history, date: str) -> int:
    return int(np.flatnonzero(history.dates == np.datetime64(date))[0])


def test_units_per_day_with_zero_days_prices_and_groups(shop, settings, tmp_path):
    imported(
        shop,
        settings,
        tmp_path,
        "sales.csv",
        "event_id,occurred_at,location_id,sku,quantity,unit_price\n"
        "S1,2024-03-01 09:00,ST01,SKU1,2,59.9\n"
        "S2,2024-03-01 18:45,ST01,SKU1,1,50\n"  # day 0: 3 units at (2 x 59.9 + 50) / 3 = 56.6
        "S3,2024-03-03,ST01,SKU1,4,\n"  # day 2: 4 units, no price recorded
        "S4,2024-03-02,WH,SKU2,1,12\n"
        "S5,2024-03-02,ST01,SKU3,0,\n"  # a day without sale: ST01/SKU3 is no series
        "S6,2024-03-04,ST01,SKU2,5,10\n",
    )
    history = load_demand(shop, 2)

    assert list(zip(history.locations, history.skus, strict=True)) == [
        ("ST01", "SKU1"),
        ("ST01", "SKU2"),
        ("WH", "SKU2"),
    ]
    assert list(history.categories) == ["Rice", "Sauce", "Sauce"]
    assert list(history.departments) == ["", "", ""]
    # history 2024-03-01 .. 03-04 (the last sale), then the 2-day horizon
    assert history.dates.dtype == np.dtype("datetime64[D]")
    assert [str(d) for d in history.dates] == [f"2024-03-0{i}" for i in range(1, 7)]
    panel = history.panel
    np.testing.assert_array_equal(panel.units, [[3, 0, 4, 0], [0, 0, 0, 5], [0, 1, 0, 0]])
    np.testing.assert_array_equal(history.sales, panel.units)  # nothing censored: sales are demand
    assert not history.censored.any() and not history.inferred.any()  # no run long enough to surprise

    # paid price carried forward; NaN before the first sale (not yet on sale); the horizon at the
    # shelf price at the cut-off: the last price paid without a promotion
    np.testing.assert_allclose(panel.price[0], [56.6, 56.6, 56.6, 56.6, 56.6, 56.6])
    np.testing.assert_allclose(panel.price[1], [np.nan, np.nan, np.nan, 10, 10, 10])
    np.testing.assert_allclose(panel.price[2], [np.nan, 12, 12, 12, 12, 12])
    # revenue over the last 28 days: 2 x 59.9 + 50 + 4 x 56.6 (the day's price); 5 x 10; 1 x 12
    np.testing.assert_allclose(history.revenue, [396.2, 50, 12])

    assert list(panel.groups["item"]) == [0, 1, 1]
    assert list(panel.groups["location"]) == [0, 0, 1]
    assert list(panel.groups["category"]) == [0, 1, 1]
    assert list(panel.calendar["weekday"]) == [4, 5, 6, 0, 1, 2]  # Friday .. Wednesday
    assert list(panel.calendar["month"]) == [3] * 6
    assert list(panel.calendar["day_of_month"]) == [1, 2, 3, 4, 5, 6]
    assert not panel.covariates["promotion_discount"].any() and not panel.calendar["event"].any()


def test_count_of_zero_without_receipt_censors_the_following_days(shop):
    con = shop.engine.connection
    daily_sales(con, "ST01", "SKU1", "2024-03-01", "2024-03-10", 2)  # then nothing
    daily_sales(con, "ST01", "SKU2", "2024-03-01", "2024-03-20", 1)  # sets the cutoff: 03-20
    con.execute(
        "INSERT INTO stock_counts (event_id, counted_at, location_id, sku, on_hand) VALUES "
        "('C1', TIMESTAMP '2024-03-11 08:00', 'ST01', 'SKU1', 0)"
    )
    con.execute(
        "INSERT INTO receipts (event_id, received_at, location_id, sku, quantity) VALUES "
        "('R1', TIMESTAMP '2024-03-15 10:30', 'ST01', 'SKU1', 6)"
    )
    history = load_demand(shop, 0)
    rice = row(history, "ST01", "SKU1")
    # empty from the count (03-11) until the receipt (03-15): days 10..13; before the count
    # the stock is unknown, after the receipt 6 units sit on the shelf
    assert list(np.flatnonzero(history.censored[rice])) == [10, 11, 12, 13]
    assert not history.inferred[rice].any()  # known from stock, not inferred
    assert np.isnan(history.panel.units[rice, 10:14]).all()
    np.testing.assert_array_equal(history.panel.units[rice, :10], 2)
    np.testing.assert_array_equal(history.panel.units[rice, 14:], 0)


def test_fast_seller_without_counts_gets_inferred_stockout(shop):
    con = shop.engine.connection
    daily_sales(con, "ST01", "SKU1", "2024-03-01", "2024-03-28", 5)
    daily_sales(con, "ST01", "SKU1", "2024-04-09", "2024-04-15", 5)  # 11 days without a sale between
    con.execute(  # a slow seller: one unit a week, its 6-day gaps are ordinary
        """INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity)
        SELECT 'W' || d, d, 'WH', 'SKU2', 1
        FROM generate_series(TIMESTAMP '2024-03-01', TIMESTAMP '2024-04-15', INTERVAL 7 DAY) t(d)"""
    )
    history = load_demand(shop, 7)
    rice, sauce = row(history, "ST01", "SKU1"), row(history, "WH", "SKU2")
    gap = list(range(day(history, "2024-03-29"), day(history, "2024-04-08") + 1))
    assert list(np.flatnonzero(history.inferred[rice])) == gap  # exp(-5 x 11) is no chance
    assert list(np.flatnonzero(history.censored[rice])) == gap
    assert np.isnan(history.panel.units[rice, gap]).all()
    # the weekly seller's gaps are its normal rhythm (and its first one comes before any rate is trusted)
    assert not history.censored[sauce].any() and not history.inferred[sauce].any()
    np.testing.assert_array_equal(np.nansum(history.panel.units, axis=1)[[rice, sauce]], [35 * 5, 7])


def test_returns_ignored_or_netted(shop, settings, tmp_path):
    imported(
        shop,
        settings,
        tmp_path,
        "sales.csv",
        "event_id,occurred_at,location_id,sku,quantity,unit_price\n"
        "S1,2024-03-01,ST01,SKU1,3,59.9\nS2,2024-03-02,ST01,SKU1,1,59.9\nS3,2024-03-03,ST01,SKU1,2,59.9\n",
    )
    imported(
        shop,
        settings,
        tmp_path,
        "returns.csv",
        "event_id,occurred_at,location_id,sku,quantity,unit_price,reason\n"
        "R1,2024-03-02 17:00,ST01,SKU1,2,59.9,damaged\n"  # more than sold that day: net 0, not -1
        "R2,2024-03-03 12:00,ST01,SKU1,1,59.9,changed mind\n",
    )
    assert shop.engine.rows("SELECT count(*) FROM returns") == [(2,)]
    np.testing.assert_array_equal(load_demand(shop, 1).panel.units, [[3, 1, 2]])
    np.testing.assert_array_equal(load_demand(shop, 1, returns="net").panel.units, [[3, 0, 1]])
    with pytest.raises(ValueError, match="ignore, net"):
        load_demand(shop, 1, returns="gross")


def test_planned_promotion_sets_discount_and_lowers_horizon_price(shop, settings, tmp_path):
    con = shop.engine.connection
    daily_sales(con, "ST01", "SKU1", "2024-03-01", "2024-03-10", 1)  # paid HK$10, listed at 59.9
    daily_sales(con, "ST01", "SKU2", "2024-03-01", "2024-03-10", 1)
    imported(
        shop,
        settings,
        tmp_path,
        "promotions.csv",
        "event_id,promotion_id,sku,location_id,start_date,end_date,mechanism,discount_pct\n"
        "L0,SPRING,SKU1,ST01,2024-03-05,2024-03-05,discount,10\n"  # in the history
        "L1,EASTER,SKU1,,2024-03-12,2024-03-13,discount,20\n"  # every location
        "L2,MEGA,SKU1,ST01,2024-03-13,2024-03-20,discount,30\n"  # overlaps L1: the larger wins
        "L3,BUNDLE,SKU2,ST01,2024-03-11,2024-03-11,2-for-1,\n"  # no discount given: 10%
        "L4,OTHER,SKU2,WH,2024-03-12,2024-03-14,discount,50\n",  # another location
    )
    history = load_demand(shop, 7)  # horizon 2024-03-11 .. 03-17
    rice, sauce = row(history, "ST01", "SKU1"), row(history, "ST01", "SKU2")
    discount = history.panel.covariates["promotion_discount"]
    on_promotion = history.panel.covariates["on_promotion"]
    assert discount.shape == history.panel.price.shape == (2, 17)

    rice_discount = [0] * 4 + [0.1] + [0] * 5 + [0, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3]
    np.testing.assert_allclose(discount[rice], rice_discount)
    np.testing.assert_array_equal(on_promotion[rice], np.array(rice_discount) > 0)
    np.testing.assert_allclose(discount[sauce], [0] * 10 + [0.1] + [0] * 6)
    # the history keeps the price paid; the horizon starts from the shelf price paid without a
    # promotion (HK$10, not the HK$59.9 list price the till never charged)
    np.testing.assert_allclose(history.panel.price[rice, :10], 10)
    np.testing.assert_allclose(history.panel.price[rice, 10:], 10 * (1 - np.array(rice_discount[10:])))
    np.testing.assert_allclose(history.panel.price[sauce, 10:], [10 * 0.9] + [10] * 6)


def test_hong_kong_holidays_and_chain_wide_events(shop):
    con = shop.engine.connection
    daily_sales(con, "ST01", "SKU1", "2024-03-25", "2024-12-24", 3)
    con.execute(
        "INSERT INTO calendar_events (event_id, date, name, kind, location_id) VALUES "
        "('E1', DATE '2024-10-01', 'Fireworks', 'Cultural', NULL), "
        "('E2', DATE '2024-11-10', 'Marathon', 'Sporting', ''), "
        "('E3', DATE '2024-11-11', 'Store anniversary', 'Anniversary', 'ST01')"  # one store only
    )
    history = load_demand(shop, 7)  # to 2024-12-31
    calendar = history.panel.calendar
    assert "event" in history.panel.categorical and "holiday" not in history.panel.categorical

    def on(name: str, date: str) -> int:
        return int(calendar[name][day(history, date)])

    assert on("holiday", "2024-10-01") == 1  # National Day, a statutory (public) holiday
    assert on("holiday", "2024-03-29") == 1  # Good Friday: a general holiday only
    assert on("holiday", "2024-12-26") == 1  # first weekday after Christmas, in the horizon
    assert on("holiday", "2024-12-25") == 1 and on("holiday", "2024-12-27") == 0
    assert on("holiday", "2024-10-03") == 0
    assert on("holiday_tomorrow", "2024-09-30") == 1 and on("holiday_tomorrow", "2024-10-01") == 0
    assert on("holiday_yesterday", "2024-10-02") == 1 and on("holiday_yesterday", "2024-10-01") == 0
    assert on("weekday", "2024-10-01") == 1  # a Tuesday
    # codes by sorted kind of the chain-wide events: Cultural 1, Sporting 2; the store's own is left out
    assert {str(history.dates[i]): int(calendar["event"][i]) for i in np.flatnonzero(calendar["event"])} == {
        "2024-10-01": 1,
        "2024-11-10": 2,
    }


def test_past_cutoff_and_history_window(shop):
    con = shop.engine.connection
    daily_sales(con, "ST01", "SKU1", "2024-03-01", "2024-03-20", 2)
    con.execute(
        "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity) VALUES "
        "('late', TIMESTAMP '2024-03-15 10:00', 'WH', 'SKU2', 4)"
    )
    history = load_demand(shop, 5, cutoff=D(2024, 3, 10))
    assert list(history.skus) == ["SKU1"]  # WH/SKU2 first sold after the cutoff
    assert history.panel.units.shape == (1, 10)
    assert str(history.dates[9]) == "2024-03-10" and str(history.dates[-1]) == "2024-03-15"
    np.testing.assert_array_equal(history.panel.units, 2)

    window = load_demand(shop, 0, cutoff=D(2024, 3, 10), history_days=4)
    assert [str(d) for d in window.dates] == ["2024-03-07", "2024-03-08", "2024-03-09", "2024-03-10"]
    np.testing.assert_allclose(window.revenue, [4 * 2 * 10])


def test_price_is_nan_only_when_nothing_is_known(shop):
    con = shop.engine.connection
    con.execute("INSERT INTO products (sku, name_en, department) VALUES ('P9', 'Unpriced', 'Grocery')")
    con.execute(
        "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity) VALUES "
        "('a', TIMESTAMP '2024-03-01', 'ST01', 'P9', 1), ('b', TIMESTAMP '2024-03-02', 'ST01', 'SKU3', 1)"
    )
    history = load_demand(shop, 1)
    unpriced, noodles = row(history, "ST01", "P9"), row(history, "ST01", "SKU3")
    assert np.isnan(history.panel.price[unpriced]).all()
    np.testing.assert_allclose(history.panel.price[noodles], [np.nan, 16, 16])  # listed price from its first sale
    assert history.departments[unpriced] == "Grocery" and history.categories[unpriced] == ""


def test_no_sales_is_a_clear_error(shop):
    con = shop.engine.connection
    with pytest.raises(ValueError, match="no sales to forecast"):
        load_demand(shop, 28)
    con.execute(
        "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity) VALUES "
        "('zero', TIMESTAMP '2024-03-01', 'ST01', 'SKU1', 0), ('one', TIMESTAMP '2024-03-05', 'ST01', 'SKU1', 1)"
    )
    with pytest.raises(ValueError, match="no sales to forecast on or before 2024-03-04"):
        load_demand(shop, 28, cutoff=D(2024, 3, 4))
    assert load_demand(shop, 28).panel.units.shape == (1, 1)
