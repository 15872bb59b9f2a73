"""The retention repository on both backends (issue 13, finding 9): a purge's dry run counts exactly
what the purge then removes and removes nothing; the full export lists every table the database has."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import count_rows
from stockpilot.services.importing import import_file
from stockpilot.services.retention import purge

pytestmark = pytest.mark.contract

AT = dt.datetime(2024, 1, 10, 12, 0)

SALES = """event_id,occurred_at,location_id,sku,quantity,unit_price
S1,2024-01-02 10:00,ST01,SKU1,2,59.9
S2,2024-01-04 11:00,ST01,SKU2,1,12.5
S3,2024-01-05 09:30,ST01,SKU9,1,16
"""
"""S3: an unknown product, quarantined."""


class FixedClock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at


def test_a_dry_run_counts_what_the_purge_removes_and_removes_nothing(any_store, settings, master_files, tmp_path):
    for path in master_files:
        import_file(any_store, path, settings, clock=FixedClock(AT))
    sales = tmp_path / "sales.csv"
    sales.write_text(SALES, encoding="utf-8")
    import_file(any_store, sales, settings, clock=FixedClock(AT))
    later = FixedClock(dt.datetime(2024, 1, 13, 8, 0))
    dry = purge(any_store, 10, dry_run=True, clock=later)  # before 2024-01-03: S1 only; imports of the 10th stay
    assert dry.dry_run and dry.cutoff == dt.date(2024, 1, 3)
    assert (dry.removed["sales"], dry.removed["quarantine"], dry.total) == (1, 0, 1)
    assert count_rows(any_store, "sales") == 2 and count_rows(any_store, "purges") == 0
    dry = purge(any_store, 2, dry_run=True, clock=later)  # before 2024-01-11: both sales and S3's quarantine row
    assert (dry.removed["sales"], dry.removed["quarantine"]) == (2, 1)
    assert count_rows(any_store, "sales") == 2 and count_rows(any_store, "quarantine") == 1
    done = purge(any_store, 2, clock=later)
    assert not done.dry_run and done.removed == dry.removed
    assert count_rows(any_store, "sales") == 0 and count_rows(any_store, "quarantine") == 0


def test_the_export_lists_every_table_of_the_database(any_store):
    tables = any_store.retention.tables()
    assert list(tables) == sorted(tables) and len(set(tables)) == len(tables)
    expected = {
        "schema_version",
        "locations",
        "products",
        "sales",
        "purchase_orders",
        "import_runs",
        "quarantine",
        "purges",
        "exports",
        "forecast_runs",
        "forecasts",
        "plans",
        "proposals",
        "review_decisions",
        "replay_runs",
    }
    assert expected <= set(tables)
    any_store.engine.execute("CREATE TABLE added_later (x INTEGER)")  # a table a future migration adds
    assert "added_later" in any_store.retention.tables()
