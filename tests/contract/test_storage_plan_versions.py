"""The storage contract for versioned plans (migration 010) on DuckDB and on PostgreSQL: a re-plan of a
day supersedes the plan before it, carried decisions keep who, when, why and where they were made,
and the lines read back with the names a buyer and a purchase order need."""

from __future__ import annotations

import datetime as dt

import pytest
from test_storage_records import FixedClock, _plan_lines

from stockpilot.adapters.storage import engine as engine_module
from stockpilot.adapters.storage.engine import latest_version, schema_version
from stockpilot.adapters.storage.store import open_store
from stockpilot.errors import Refusal
from stockpilot.services import review as review_service
from stockpilot.services.importing import import_file
from stockpilot.services.ports.plans import Decision

pytestmark = pytest.mark.contract

DAY = dt.date(2024, 1, 5)
AT = dt.datetime(2024, 1, 5, 8, 30)


def test_a_replan_supersedes_the_plan_of_its_day_and_carries_decisions(any_store, settings, master_files):
    for path in master_files:
        import_file(any_store, path, settings)
    plans = any_store.plans
    first = plans.save(AT, DAY, 1, _plan_lines(any_store, 3), 1)
    review_service.decide(any_store, first, [2], "edit", "buyer", quantity=7, reason="shelf", clock=FixedClock(AT))
    review_service.decide(any_store, first, [3], "approve", "owner", clock=FixedClock(AT))
    assert (plans.current_plan(DAY), plans.latest_plan_id(), plans.superseded_by(first)) == (first, first, None)

    kept = Decision(2, "edit", 7.0, "shelf", "buyer", AT, carried_from=first)
    second = plans.save(AT + dt.timedelta(hours=1), DAY, 1, _plan_lines(any_store, 3), 1, [kept])
    assert plans.superseded_by(first) == second and plans.superseded_by(second) is None
    assert plans.current_plan(DAY) == second == plans.latest_plan_id()
    other_day = plans.save(AT, DAY + dt.timedelta(days=1), 1, _plan_lines(any_store, 1), 0)
    assert plans.latest_plan_id() == other_day and plans.current_plan(DAY) == second  # another day supersedes nothing
    assert plans.superseded_by(second) is None and plans.superseded_by(9999) is None

    rows = {r["line"]: r for r in plans.lines(second)}
    assert (rows[2]["decision"], rows[2]["quantity"], rows[2]["proposed_quantity"]) == ("edit", 7.0, 4.0)
    assert (rows[2]["decided_by"], rows[2]["decided_at"], rows[2]["decision_reason"]) == ("buyer", AT, "shelf")
    assert rows[2]["carried_from"] == first and rows[3]["decision"] is None
    assert (rows[1]["product_name_en"], rows[1]["product_name_zh"]) == ("Jasmine rice 5kg", "茉莉香米 5公斤")
    assert (rows[1]["location_name_en"], rows[1]["supplier_name"], rows[1]["case_pack"]) == ("x", "x", 1.0)
    # the superseded plan keeps its own decisions for the audit, and takes no new one
    assert {r["line"]: r["decision"] for r in plans.lines(first)} == {1: None, 2: "edit", 3: "approve"}
    assert all(r["carried_from"] is None for r in plans.lines(first))
    with pytest.raises(Refusal) as refused:
        review_service.decide(any_store, first, [1], "approve", "owner")
    assert refused.value.code == "refusal.plan_superseded" and refused.value.params == {
        "plan_id": first,
        "replaced_by": second,
    }


def test_plans_stored_before_migration_010_are_current(backend_target, monkeypatch):
    older = engine_module.migrations
    monkeypatch.setattr(engine_module, "migrations", lambda backend: [m for m in older(backend) if m[0] < 10])
    with open_store(backend_target) as store:
        assert schema_version(store.engine) < 10
        for plan_id, day in ((1, DAY), (2, DAY + dt.timedelta(days=1))):
            store.engine.execute("INSERT INTO plans VALUES ($1, $2, $3, $4, $5, $6)", [plan_id, AT, day, 1, 0, 0])
        store.engine.execute(
            "INSERT INTO review_decisions VALUES ($1, $2, $3, $4, $5, $6, $7)", [1, 1, "approve", 4.0, None, "a", AT]
        )
    monkeypatch.setattr(engine_module, "migrations", older)
    with open_store(backend_target) as store:
        assert schema_version(store.engine) == latest_version() >= 10
        assert store.plans.latest_plan_id() == 2 and store.plans.current_plan(DAY) == 1
        assert store.plans.superseded_by(1) is None
        assert store.engine.rows("SELECT carried_from FROM review_decisions") == [(None,)]
