"""The storage contract for purchase orders on DuckDB and on PostgreSQL: a location's delivery address
(migration 011) is stored and read back, and a plan's order terms (date, lead times, addresses) and
its purchase orders are the same on either backend."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from test_storage_records import FixedClock, _plan_lines

from stockpilot.adapters.storage import engine as engine_module
from stockpilot.adapters.storage.engine import latest_version, schema_version
from stockpilot.adapters.storage.store import open_store
from stockpilot.services import review as review_service
from stockpilot.services.importing import import_file
from stockpilot.services.ports.plans import OrderTerms
from stockpilot.services.purchase_orders import purchase_orders

pytestmark = pytest.mark.contract

DAY = dt.date(2024, 1, 5)
AT = dt.datetime(2024, 1, 5, 8, 30)
ADDRESS = "Shop 3, G/F, 688 Nathan Road, Mong Kok / 旺角彌敦道688號地下3號舖 Tel 2388 1234"


def test_order_terms_and_purchase_orders_read_the_same_on_either_backend(any_store, settings, tmp_path):
    locations = tmp_path / "locations.csv"
    locations.write_text(
        f'location_id,name_en,name_zh,kind,address\nST01,Mong Kok store,旺角店,store,"{ADDRESS}"\n'
        "WH,Central warehouse,中央倉,warehouse,\n",
        encoding="utf-8",
    )
    suppliers = tmp_path / "suppliers.csv"
    suppliers.write_text("supplier_id,name,lead_time_days\nS1,Kowloon Foods Ltd,2.5\n", encoding="utf-8")
    for path in (locations, suppliers):
        assert import_file(any_store, path, settings).quarantined == 0
    lines = _plan_lines(any_store, 2)
    for name, values in (("location_id", ["ST01", "WH"]), ("supplier_id", ["S1", "S1"]), ("quantity", [12.0, 5.0])):
        lines = lines.set_column(lines.schema.get_field_index(name), name, pa.array(values))
    plan_id = any_store.plans.save(AT, DAY, 1, lines, 0)
    assert any_store.plans.order_terms(plan_id) == OrderTerms(DAY, {"S1": 2.5}, {"ST01": ADDRESS})
    assert any_store.plans.order_terms(plan_id + 99) is None
    review_service.decide(any_store, plan_id, [1, 2], "approve", "Ada", clock=FixedClock(AT))
    store_order, warehouse_order = purchase_orders(any_store, plan_id)
    assert (store_order.order_number, store_order.delivery_date) == (f"P{plan_id}-S1-ST01", DAY + dt.timedelta(days=3))
    assert (store_order.deliver_to.name_zh, store_order.deliver_to.address) == ("旺角店", ADDRESS)
    assert (store_order.supplier.name_en, store_order.total_units, store_order.total_cost) == (
        "Kowloon Foods Ltd",
        12,
        12.0,
    )
    assert (warehouse_order.deliver_to.address, warehouse_order.total_units) == ("", 5)


def test_locations_stored_before_migration_011_keep_their_rows(backend_target, monkeypatch):
    older = engine_module.migrations
    monkeypatch.setattr(engine_module, "migrations", lambda backend: [m for m in older(backend) if m[0] < 11])
    with open_store(backend_target) as store:
        assert schema_version(store.engine) < 11
        store.engine.execute(
            "INSERT INTO locations VALUES ($1, $2, $3, $4, $5, $6)", ["ST01", "Mong Kok", "旺角店", "store", "YTM", 4]
        )
    monkeypatch.setattr(engine_module, "migrations", older)
    with open_store(backend_target) as store:
        assert schema_version(store.engine) == latest_version() >= 11
        assert store.engine.rows("SELECT * FROM locations") == [("ST01", "Mong Kok", "旺角店", "store", "YTM", None, 4)]
        if store.backend == "postgresql":  # the key's index (007) is made again on the rebuilt table
            assert store.engine.rows("SELECT indexname FROM pg_indexes WHERE tablename = 'locations'") == [
                ("locations_key",)
            ]
