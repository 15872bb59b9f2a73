"""The storage contract for imports, quarantine, plans and decisions, replays, purge and export:
the same counts and rows on DuckDB and on PostgreSQL (each test runs once per backend)."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
import pytest

from conftest import count_rows
from stockpilot.services import quarantine as quarantine_service
from stockpilot.services import review as review_service
from stockpilot.services.importing import import_file
from stockpilot.services.readiness import gather_facts
from stockpilot.services.retention import export_all, purge

pytestmark = pytest.mark.contract

SALES_CSV = """event_id,occurred_at,location_id,sku,quantity,unit_price
S1,2024-01-02 10:00,ST01,SKU1,2,59.9
S2,2024-01-02 11:00,ST01,SKU2,1,12.5
S3,2024-01-03 09:30,ST01,SKU3,-4,16
"""


class FixedClock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at


def _shop(store, settings, master_files, tmp_path):
    for path in master_files:
        import_file(store, path, settings)
    sales = tmp_path / "sales.csv"
    sales.write_text(SALES_CSV, encoding="utf-8")
    return import_file(store, sales, settings), sales


def test_an_import_counts_and_stores_the_same_rows(any_store, settings, master_files, tmp_path):
    report, _ = _shop(any_store, settings, master_files, tmp_path)
    assert (report.received, report.accepted, report.quarantined) == (3, 2, 1)
    assert sorted(any_store.engine.rows("SELECT event_id, quantity FROM sales")) == [("S1", 2.0), ("S2", 1.0)]
    rows = any_store.engine.rows("SELECT received, accepted, quarantined FROM import_runs ORDER BY import_id")
    assert [tuple(int(v) for v in r) for r in rows] == [(2, 2, 0), (3, 3, 0), (3, 2, 1)]


def test_a_resent_file_changes_nothing_and_a_changed_event_is_quarantined(any_store, settings, master_files, tmp_path):
    _, sales = _shop(any_store, settings, master_files, tmp_path)
    again = import_file(any_store, sales, settings)
    assert (again.accepted, again.quarantined, again.to_dict()["new"]) == (2, 1, 0)
    changed = tmp_path / "sales-changed.csv"
    changed.write_text(SALES_CSV.replace("S2,2024-01-02 11:00,ST01,SKU2,1", "S2,2024-01-02 11:00,ST01,SKU2,5"))
    third = import_file(any_store, changed, settings)
    assert third.tables["sales"].id_conflicts == 1
    assert count_rows(any_store, "sales") == 2
    assert any_store.engine.rows("SELECT quantity FROM sales WHERE event_id = 'S2'") == [(1.0,)]


def test_master_data_sent_again_with_a_change_is_updated(any_store, settings, master_files, tmp_path):
    _shop(any_store, settings, master_files, tmp_path)
    products = tmp_path / "products-new.csv"
    products.write_text("sku,name_en,unit_cost\nSKU2,Light soy sauce 500ml,8.5\n", encoding="utf-8")
    report = import_file(any_store, products, settings)
    assert report.tables["products"].updated == 1
    assert any_store.engine.rows("SELECT name_en, unit_cost, case_pack FROM products WHERE sku = 'SKU2'") == [
        ("Light soy sauce 500ml", 8.5, 12)
    ]
    assert count_rows(any_store, "products") == 3


def test_quarantined_rows_read_back_with_their_reasons(any_store, settings, master_files, tmp_path):
    report, _ = _shop(any_store, settings, master_files, tmp_path)
    (row,) = quarantine_service.quarantined_rows(any_store, report.import_id)
    assert (row.row, row.table, row.event_id, row.raw["quantity"]) == (4, "sales", "S3", "-4")
    assert [p.code for p in row.problems]


def test_purge_and_export_count_the_same(any_store, settings, master_files, tmp_path):
    _shop(any_store, settings, master_files, tmp_path)
    at = dt.datetime(2024, 1, 10, 12, 0)
    result = purge(any_store, 8, clock=FixedClock(at))  # before 2024-01-02: nothing dated earlier
    assert result.cutoff == dt.date(2024, 1, 2) and result.removed["sales"] == 0
    result = purge(any_store, 7, clock=FixedClock(at))  # before 2024-01-03
    assert result.removed["sales"] == 2
    logged = any_store.engine.rows("SELECT purged_at, table_name, rows_removed FROM purges WHERE rows_removed > 0")
    assert [(a, t, int(n)) for a, t, n in logged] == [(at, "sales", 2)]
    exported = export_all(any_store, tmp_path / "backup", 30, clock=FixedClock(at))
    assert (
        exported.rows["products"] == 3
        and exported.rows["sales"] == 0
        and exported.rows["purges"] == 2 * len(result.removed)
    )
    assert exported.next_due == dt.date(2024, 2, 9)


def test_readiness_facts_are_measured_alike(any_store, settings, master_files, tmp_path):
    _shop(any_store, settings, master_files, tmp_path)
    facts = gather_facts(any_store, settings)
    sales = next(t for t in facts.tables if t.name == "sales")
    assert (sales.rows, sales.invalid_values, sales.stored) == (3, 1, 2)  # 2 stored + 1 open problem
    (st01,) = facts.locations
    assert (st01.location_id, st01.first_day, st01.sale_days) == ("ST01", dt.date(2024, 1, 2), 1)


def _plan_lines(store, n: int) -> pa.Table:
    """``n`` proposal lines (the columns after plan_id); text columns not set here read "x"."""
    given = {
        "line": pa.array(range(1, n + 1), pa.int32()),
        "sku": [f"SKU{i}" for i in range(1, n + 1)],
        "quantity": [4.0 * i for i in range(n)],
        "flags": ["high_order"] + [""] * (n - 1),
        "reason_code": ["reason.line"] * n,
        "reason_params": ['{"days": 8, "promotion": false, "pack": 1, "moq": 0}'] * n,
        "steps": [""] * n,
    }
    layout = store.engine.rows(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'proposals' "
        "AND table_schema = current_schema() ORDER BY ordinal_position"
    )
    columns = {}
    for name, kind in layout[1:]:
        text = kind.lower() in ("varchar", "character varying", "text", "json")
        columns[name] = given.get(name, ["x"] * n if text else [1.0] * n)
    return pa.table(columns)


def test_a_plan_its_lines_and_decisions_round_trip(any_store):
    at = dt.datetime(2024, 1, 5, 8, 0)
    plan_id = any_store.plans.save(at, dt.date(2024, 1, 5), 1, _plan_lines(any_store, 3), 1)
    assert any_store.plans.save(at, dt.date(2024, 1, 6), 1, _plan_lines(any_store, 1), 0) == plan_id + 1
    assert any_store.plans.latest_plan_id() == plan_id + 1
    review_service.decide(any_store, plan_id, [2], "edit", "buyer", quantity=7, reason="shelf", clock=FixedClock(at))
    review_service.decide(any_store, plan_id, [3], "reject", "owner", clock=FixedClock(at))
    review_service.decide(any_store, plan_id, [3], "approve", "owner", clock=FixedClock(at + dt.timedelta(hours=1)))
    lines = review_service.review_lines(any_store, plan_id, review_service.ReviewFilter(ordered_only=False))
    assert [(x.line, x.flags, x.decision, x.decided_by) for x in lines] == [
        (1, ("high_order",), None, None),
        (2, (), "edit", "buyer"),
        (3, (), "approve", "owner"),  # the latest decision counts
    ]
    assert [x.quantity for x in lines] == [0.0, 7.0, 8.0]


def test_a_replay_run_is_stored_and_its_cash_read_back(any_store):
    run_id = any_store.replays.next_run_id()
    rows = pa.table(
        {
            "run_id": pa.array([run_id] * 2, pa.int64()),
            "location_id": ["ST01", "ST02"],
            "sku": ["SKU1", "SKU1"],
            **{
                k: [1.0, 2.0]
                for k in (
                    "demand_units",
                    "demand_value",
                    "rule_lost_units",
                    "rule_lost_value",
                    "rule_stock_value",
                    "ours_lost_units",
                    "ours_lost_value",
                    "ours_stock_value",
                    "recovered_margin",
                    "stock_released",
                )
            },
            "cash_improvement": [10.0, 32.5],
        }
    )
    report = {"series": 2, "notes": ["a"]}
    any_store.replays.save(run_id, dt.datetime(2024, 1, 5), dt.date(2023, 12, 1), dt.date(2024, 1, 4), report, rows)
    assert any_store.replays.latest_cash_improvement() == (run_id, {"SKU1": 42.5})
    (stored,) = any_store.engine.rows("SELECT report FROM replay_runs")
    assert json.loads(stored[0]) == report
