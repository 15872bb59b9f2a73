"""Migration 009 on both backends: quarantined rows stored before it get the problem key an import
computes today (the PostgreSQL migration spells the same SHA-256 in its dialect), so a row
quarantined before the upgrade and sent again afterwards is still kept once."""

from __future__ import annotations

import pytest

from conftest import write_master_data
from stockpilot.adapters.storage import engine as engine_module
from stockpilot.adapters.storage.engine import schema_version
from stockpilot.adapters.storage.store import open_store
from stockpilot.services.importing import import_file

pytestmark = pytest.mark.contract

SALES = """event_id,occurred_at,location_id,sku,quantity
S1,2024-01-02 10:00,ST01,SKU1,2
S3,2024-01-03 09:30,ST01,SKU3,-4
,2024-01-03 09:30,ST01,SKU3,1
S5,2024-01-05 09:30,ST01,SKU9,1
"""
"""S3: below the minimum (a key, one problem); a row without an event id (by its content); S5:
an unknown product."""

OLD_COLUMNS = "import_id, source, row_number, table_name, event_id, raw, problems, first_code"


def _import_shop(store, settings, folder, sales) -> int:
    for path in write_master_data(folder):
        import_file(store, path, settings)
    return import_file(store, sales, settings).quarantined


def test_problems_stored_before_migration_009_get_the_key_an_import_computes(
    backend_target, settings, tmp_path, monkeypatch
):
    sales = tmp_path / "sales.csv"
    sales.write_text(SALES, encoding="utf-8")
    with open_store(tmp_path / "today.duckdb") as today:  # what an import stores today
        assert _import_shop(today, settings, tmp_path / "master", sales) == 3
        rows = today.engine.rows(f"SELECT {OLD_COLUMNS} FROM quarantine ORDER BY row_number")
        keys = today.engine.rows("SELECT row_number, problem_key FROM quarantine ORDER BY row_number")
    older = engine_module.migrations
    monkeypatch.setattr(engine_module, "migrations", lambda backend: [m for m in older(backend) if m[0] < 9])
    with open_store(backend_target) as store:  # the same rows, stored at schema 008
        assert schema_version(store.engine) == 8
        for row in rows:  # by an import whose id this store's sequence will not give again
            store.engine.execute(
                f"INSERT INTO quarantine ({OLD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", [-1, *row[1:]]
            )
    monkeypatch.setattr(engine_module, "migrations", older)
    with open_store(backend_target) as store:
        migrated = store.engine.rows("SELECT row_number, problem_key FROM quarantine ORDER BY row_number")
        assert [(int(n), k) for n, k in migrated] == [(int(n), k) for n, k in keys]
        assert store.engine.rows("SELECT count(*) FROM quarantine WHERE closed_at IS NULL") == [(3,)]
        # sent again after the upgrade: counted, but every problem is open already
        assert _import_shop(store, settings, tmp_path / "master-2", sales) == 3
        assert store.engine.rows("SELECT count(*) FROM quarantine") == [(3,)]
