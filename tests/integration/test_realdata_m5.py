"""The M5 store CA_1 (Kaggle's wide layout, 3,049 items x 1,913 days) imports end to end."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from stockpilot.adapters.storage.store import open_store
from stockpilot.services.importing import import_file

M5 = Path(__file__).resolve().parents[3] / "shared" / "data" / "m5_ca1"


@pytest.mark.realdata
def test_m5_ca1_wide_layout_imports_every_item_day(settings, tmp_path):
    assert M5.is_dir(), f"the real data is missing: {M5}"
    raw = duckdb.connect()
    items = raw.execute("SELECT count(*) FROM read_parquet(?)", [str(M5 / "sales_ca1.parquet")]).fetchone()[0]
    days = sum(
        c.startswith("d_")
        for c in raw.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(M5 / "sales_ca1.parquet")])
        .fetch_arrow_table()
        .column_names
    )
    units = raw.execute(
        "SELECT sum(COLUMNS('^d_[0-9]+$')) FROM read_parquet(?)", [str(M5 / "sales_ca1.parquet")]
    ).fetchone()
    with open_store(tmp_path / "m5.duckdb") as db:
        report = import_file(db, M5 / "sales_ca1.parquet", settings)
        assert report.profile == "m5"
        assert report.received == items * days == 3049 * 1913
        assert (report.accepted, report.quarantined) == (report.received, 0)
        assert report.derived == {
            "locations": 1,
            "products": 3049,
            "calendar_events": report.derived["calendar_events"],
        }
        con = db.engine.connection
        assert con.execute("SELECT sum(quantity) FROM sales").fetchone()[0] == sum(units)
        first, last = con.execute("SELECT min(occurred_at)::DATE, max(occurred_at)::DATE FROM sales").fetchone()
        assert (str(first), str(last)) == ("2011-01-29", "2016-04-24")
        # the day takes its week's price: 2013-07-15 lies in Walmart week 11325 (2013-07-13 .. 19)
        price = con.execute(
            "SELECT unit_price FROM sales WHERE sku = 'HOBBIES_1_001' AND occurred_at = '2013-07-15'"
        ).fetchone()[0]
        expected = raw.execute(
            "SELECT sell_price FROM read_parquet(?) WHERE item_id = 'HOBBIES_1_001' AND wm_yr_wk = 11325",
            [str(M5 / "sell_prices_ca1.parquet")],
        ).fetchone()[0]
        assert price == expected
        assert con.execute("SELECT count(*) FROM calendar_events WHERE name = 'SuperBowl'").fetchone()[0] >= 5
