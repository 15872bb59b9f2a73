"""The storage contract, engine level: both backends migrate, count, roll back and number alike."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from stockpilot.adapters.importers.checks import SQL_TYPES
from stockpilot.adapters.storage.engine import TableSlice, latest_version, schema_version
from stockpilot.adapters.storage.store import open_store
from stockpilot.domain.model import TABLES

pytestmark = pytest.mark.contract


def _locations(*ids: str) -> pa.Table:
    n = len(ids)
    return pa.table(
        {
            "location_id": list(ids),
            "name_en": [f"Store {i}" for i in ids],
            "name_zh": [None] * n,
            "kind": ["store"] * n,
            "district": [None] * n,
            "address": [None] * n,
            "import_id": pa.array([1] * n, pa.int64()),
        }
    )


def test_a_new_store_is_at_the_latest_schema_version(any_store):
    assert schema_version(any_store.engine) == latest_version()


def test_opening_again_applies_nothing_twice(any_store, backend_target):
    with open_store(backend_target) as again:
        versions = again.engine.rows("SELECT version FROM schema_version ORDER BY version")
    assert [v for (v,) in versions] == sorted({v for (v,) in versions})


def test_sequences_give_increasing_ids(any_store):
    ids = [any_store.engine.next_id("plan_seq") for _ in range(3)]
    assert ids == [1, 2, 3]


def test_rows_in_and_out_through_arrow(any_store):
    engine = any_store.engine
    engine.insert_arrow("locations", _locations("ST01", "ST02", "WH"))
    out = engine.read("SELECT location_id FROM locations ORDER BY 1", tables=["locations"])
    assert out["location_id"].to_pylist() == ["ST01", "ST02", "WH"]
    sliced = engine.read(
        "SELECT count(*) AS n FROM locations", tables=[TableSlice("locations", "location_id <> $1", ("WH",))]
    )
    if any_store.backend == "postgresql":  # the slice is what was copied
        assert sliced["n"].to_pylist() == [2]


def test_a_failed_transaction_leaves_nothing(any_store):
    engine = any_store.engine
    with pytest.raises(RuntimeError, match="boom"), any_store.transaction():
        engine.insert_arrow("locations", _locations("ST01"))
        raise RuntimeError("boom")
    assert engine.rows("SELECT count(*) FROM locations") == [(0,)]


def test_changed_counts_the_rows_a_statement_changed(any_store):
    engine = any_store.engine
    engine.insert_arrow("locations", _locations("ST01", "ST02", "WH"))
    assert engine.changed("DELETE FROM locations WHERE location_id <> $1", ["WH"]) == 2
    assert engine.changed("UPDATE locations SET district = $1 WHERE location_id = $2", ["Kwai Tsing", "WH"]) == 1


def test_dates_and_times_keep_their_values(any_store):
    engine = any_store.engine
    at = dt.datetime(2024, 2, 10, 9, 30, 15)
    engine.execute("INSERT INTO purges VALUES ($1, $2, $3, $4)", [at, dt.date(2017, 2, 10), "sales", 5])
    assert engine.rows("SELECT purged_at, cutoff, table_name, rows_removed FROM purges") == [
        (at, dt.date(2017, 2, 10), "sales", 5)
    ]


# What each backend's information_schema calls the DuckDB types the migrations name.
POSTGRES_TYPES = {
    "VARCHAR": "character varying",
    "BIGINT": "bigint",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp without time zone",
}


def test_migrated_schema_matches_the_domain_model(any_store):
    for table in TABLES.values():
        rows = any_store.engine.rows(
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
            "WHERE table_name = $1 AND table_schema = current_schema() ORDER BY ordinal_position",
            [table.name],
        )
        names = POSTGRES_TYPES if any_store.backend == "postgresql" else {t: t for t in POSTGRES_TYPES}
        expected = [(c.name, names[SQL_TYPES[c.type]], "NO" if c.required else "YES") for c in table.columns]
        assert [tuple(r) for r in rows] == [*expected, ("import_id", names["BIGINT"], "YES")], table.name


def test_bulk_rows_are_taken_in_the_column_types_and_refused_when_they_do_not_fit(any_store):
    """Rows built in Python come as int64 and double; an INTEGER column takes them when they fit
    (plan lines number their `line` so), and a value too large for it is refused, not wrapped."""
    engine = any_store.engine
    plans = pa.table(
        {
            "plan_id": pa.array([7], pa.int64()),
            "created_at": [dt.datetime(2025, 3, 1, 9, 30)],
            "plan_date": [dt.date(2025, 3, 2)],
            "forecast_run_id": pa.array([3], pa.int64()),
            "lines": pa.array([2], pa.int64()),  # INTEGER
            "flagged": pa.array([1], pa.int64()),  # INTEGER
            "superseded_by": pa.array([None], pa.int64()),
        }
    )
    engine.insert_arrow("plans", plans)
    assert engine.rows("SELECT plan_id, lines, flagged FROM plans") == [(7, 2, 1)]
    too_large = plans.set_column(4, "lines", pa.array([2**40], pa.int64()))
    with pytest.raises(Exception, match=r"(?i)out of range|overflow|not fit|conversion"):
        engine.insert_arrow("plans", too_large)
