"""Planned events against their own horizon, readiness as the data now stands, and a quarantine
that keeps each open problem once and closes it when fixed (issue 13, findings 1 and 9).

Every import runs at 2024-03-11 09:00 (a fixed clock): a sale may be dated up to a day later
(future_tolerance_days 1), a planned date up to 2024-03-11 + 366 days = 2025-03-12 (2024-02-29
is before the clock, so the year ahead has 365 days and the horizon one more).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from test_planning import DAY, fill_shop
from typer.testing import CliRunner

from conftest import count_rows
from stockpilot.adapters.storage.store import Store
from stockpilot.doors.cli import app
from stockpilot.messages import render
from stockpilot.services.importing import import_file
from stockpilot.services.planning import make_plan
from stockpilot.services.quarantine import export_for_fixing, quarantined_rows
from stockpilot.services.readiness import check_readiness, gather_facts

NOW = dt.datetime(2024, 3, 11, 9, 0)
assert DAY == NOW.date()


class FixedClock:
    def now(self) -> dt.datetime:
        return NOW


CLOCK = FixedClock()

PURCHASE_ORDERS = """event_id,po_id,supplier_id,location_id,sku,order_date,expected_date,quantity,status
L1,PO7,WH,ST01,SKU1,2024-03-08,2024-03-18,36,open
L2,PO7,WH,ST01,SKU2,2024-03-08,2025-03-12,12,open
L3,PO7,WH,ST01,SKU3,2024-03-08,2025-03-13,6,open
L4,PO8,WH,ST01,SKU3,2024-03-18,2024-03-25,6,open
"""
"""L1 due next week; L2 on the horizon's last day; L3 a day beyond it; L4 ordered next week (impossible)."""

PROMOTIONS_HEADER = "event_id,promotion_id,sku,location_id,start_date,end_date,mechanism,discount_pct\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(db: Store, path: Path, settings):
    report = import_file(db, path, settings, clock=CLOCK)
    assert report.accepted + report.quarantined == report.received, report.to_dict()
    return report


def test_an_order_due_next_week_is_accepted_and_counted_on_order_so_the_plan_does_not_order_twice(
    shop_db, settings, tmp_path
):
    fill_shop(shop_db)  # ST01 SKU1: on hand 10, an open order of 12, needs 24 + safety: orders 16 (test_planning)
    report = _import(shop_db, _write(tmp_path, "purchase_orders.csv", PURCHASE_ORDERS), settings)
    assert (report.received, report.accepted, report.quarantined) == (4, 2, 2)
    problems = {r.event_id: r.problems[0] for r in quarantined_rows(shop_db)}
    assert problems["L3"].code == "beyond_horizon" and problems["L3"].limit == "2025-03-12"
    assert problems["L4"].code == "in_future" and problems["L4"].field == "order_date"  # what happened
    assert render(problems["L3"].message) == (
        "expected_date 2025-03-13 is planned too far ahead (the last day allowed is 2025-03-12; "
        "setting planned_horizon_days)"
    )
    assert render(problems["L3"].message, "zh-HK").endswith("（最遲只可到 2025-03-12）")
    line = next(x for x in make_plan(shop_db, settings, DAY).lines if (x.location_id, x.sku) == ("ST01", "SKU1"))
    # on order 12 + 36 = 48; on hand 10: position 58 covers 24 + safety 12.7, so nothing more is ordered
    assert line.on_order == 48 and line.quantity == 0


def test_a_promotion_next_week_is_accepted(shop_db, settings, tmp_path):
    promotions = PROMOTIONS_HEADER + "P1,EASTER,SKU2,ST01,2024-03-14,2024-03-20,discount,20\n"
    report = _import(shop_db, _write(tmp_path, "promotions.csv", promotions), settings)
    assert (report.accepted, report.quarantined) == (1, 0)
    rows = shop_db.engine.rows("SELECT start_date, end_date FROM promotions")
    assert rows == [(dt.date(2024, 3, 14), dt.date(2024, 3, 20))]


def test_the_planned_horizon_is_a_setting(shop_db, settings, tmp_path):
    promotions = PROMOTIONS_HEADER + "P1,EASTER,SKU2,ST01,2024-03-14,2024-03-20,discount,20\n"
    near = settings.replace(planned_horizon_days=2)  # the last planned day: 2024-03-13
    report = import_file(shop_db, _write(tmp_path, "promotions.csv", promotions), near, clock=CLOCK)
    assert report.quarantined == 1
    (row,) = quarantined_rows(shop_db)
    assert [(p.code, p.field, p.limit) for p in row.problems] == [
        ("beyond_horizon", "start_date", "2024-03-13"),
        ("beyond_horizon", "end_date", "2024-03-13"),
    ]


def test_a_header_only_promotion_log_passes_the_promotion_check(shop_db, settings, tmp_path):
    before = next(c for c in check_readiness(shop_db, settings).checks if c.id == "promotions")
    assert not before.passed
    report = _import(shop_db, _write(tmp_path, "promotions.csv", PROMOTIONS_HEADER), settings)
    assert (report.received, report.tables["promotions"].received) == (0, 0)
    facts = gather_facts(shop_db, settings)
    assert facts.promotions_rows == 0 and facts.promotions_imported
    after = next(c for c in check_readiness(shop_db, settings).checks if c.id == "promotions")
    assert after.passed and after.finding.code == "readiness.promotions_none"


SALES = """event_id,occurred_at,location_id,sku,quantity
E1,2024-03-01,ST01,SKU1,abc
E2,2024-03-01,ST01,SKU1,2
,2024-03-01,ST01,SKU2,1
E3,2024-03-02,ST01,SKU2,-1
"""
"""E1: not a number; the third row has no event id; E3: below the minimum."""

SALES_FIXED = """event_id,occurred_at,location_id,sku,quantity
E1,2024-03-01,ST01,SKU1,3
E2,2024-03-01,ST01,SKU1,2
E3,2024-03-02,ST01,SKU2,xyz
"""
"""E1 fixed; E2 sent again; E3 broken another way (not fixed: a new problem of the same key)."""


def test_a_resent_bad_row_is_kept_once_and_still_counted(shop_db, settings, tmp_path):
    sales = _write(tmp_path, "sales.csv", SALES)
    first = _import(shop_db, sales, settings)
    again = _import(shop_db, sales, settings)
    assert (first.received, first.accepted, first.quarantined) == (4, 1, 3)
    assert (again.received, again.accepted, again.quarantined) == (4, 1, 3)  # the report still counts them
    assert again.tables["sales"].invalid_values == 2 and again.tables["sales"].missing_required == 1
    assert count_rows(shop_db, "quarantine") == 3  # stored once each: by key and problem, or by content
    assert {r.import_id for r in quarantined_rows(shop_db)} == {first.import_id}
    # the same key with the same problem, though the value differs: the problem is open already
    other = _import(shop_db, _write(tmp_path, "sales-2.csv", SALES.replace(",abc", ",n/a?")), settings)
    assert other.quarantined == 3 and count_rows(shop_db, "quarantine") == 3


def test_a_fixed_row_closes_its_problem_and_readiness_stops_counting_it(shop_db, settings, tmp_path):
    first = _import(shop_db, _write(tmp_path, "sales.csv", SALES), settings)
    sales = next(t for t in gather_facts(shop_db, settings).tables if t.name == "sales")
    # 1 stored + 3 open: E1 and E3 invalid, the row without an id missing a required field
    assert (sales.rows, sales.stored, sales.quarantined, sales.invalid_values, sales.missing_required) == (
        4,
        1,
        3,
        2,
        1,
    )
    fixed = _import(shop_db, _write(tmp_path, "sales-fixed.csv", SALES_FIXED), settings)
    assert (fixed.accepted, fixed.quarantined) == (2, 1)
    shown = quarantined_rows(shop_db)
    assert [(r.event_id, r.problems[0].code, r.open) for r in shown] == [
        ("E3", "not_a_number", True),  # the new problem of E3, from the fixing import
        (None, "missing_required", True),
        ("E3", "below_minimum", True),
    ]
    closed = [r for r in quarantined_rows(shop_db, include_closed=True) if not r.open]
    assert [(r.event_id, r.import_id, r.fixed_by_import, r.closed_at) for r in closed] == [
        ("E1", first.import_id, fixed.import_id, NOW)
    ]
    assert closed[0].to_dict()["open"] is False and closed[0].to_dict()["fixed_by_import"] == fixed.import_id
    sales = next(t for t in gather_facts(shop_db, settings).tables if t.name == "sales")
    # E1 and E2 stored; three problems open (E3 twice, the row without an id): E1 no longer counts
    assert (sales.rows, sales.stored, sales.quarantined, sales.invalid_values, sales.missing_required) == (
        5,
        2,
        3,
        2,
        1,
    )
    written = export_for_fixing(shop_db, tmp_path / "fix")
    assert sum(written.values()) == 3  # only the open problems are handed back


def test_a_problem_found_again_with_its_key_accepted_stays_open(shop_db, settings, tmp_path):
    _import(shop_db, _write(tmp_path, "sales.csv", SALES), settings)
    conflicting = _write(
        tmp_path,
        "sales-2.csv",
        "event_id,occurred_at,location_id,sku,quantity\nE1,2024-03-01,ST01,SKU1,3\nE1,2024-03-01,ST01,SKU1,4\n",
    )
    report = _import(shop_db, conflicting, settings)
    assert report.tables["sales"].id_conflicts == 1
    # the first E1 is accepted, so the old not_a_number is fixed; the second E1 is a conflict, open
    e1 = [(r.problems[0].code, r.import_id, r.open) for r in quarantined_rows(shop_db, include_closed=True)]
    assert [x for x in e1 if x[0] in ("id_conflict", "not_a_number")] == [
        ("id_conflict", report.import_id, True),
        ("not_a_number", report.import_id - 1, False),
    ]
    # sent again: E1 accepted (unchanged) but its conflict found again, so it stays open, stored once
    _import(shop_db, conflicting, settings)
    open_e1 = [(r.problems[0].code, r.import_id) for r in quarantined_rows(shop_db) if r.event_id == "E1"]
    assert open_e1 == [("id_conflict", report.import_id)]


runner = CliRunner()


def test_quarantine_list_shows_open_problems_and_with_closed_the_fixed_ones(tmp_path, monkeypatch, master_files):
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "test-key")
    monkeypatch.setenv("STOCKPILOT_CONFIG", str(tmp_path / "no-such.toml"))
    db = str(tmp_path / "shop.duckdb")
    for path in (*master_files, _write(tmp_path, "sales.csv", SALES), _write(tmp_path, "sales-fixed.csv", SALES_FIXED)):
        assert runner.invoke(app, ["--db", db, "import", str(path)]).exit_code == 0
    listed = json.loads(runner.invoke(app, ["--db", db, "quarantine", "list", "--json"]).output)
    assert [(r["event_id"], r["open"]) for r in listed] == [("E3", True), (None, True), ("E3", True)]
    every = json.loads(runner.invoke(app, ["--db", db, "quarantine", "list", "--closed", "--json"]).output)
    assert [(r["event_id"], r["open"], r["fixed_by_import"]) for r in every if not r["open"]] == [("E1", False, 4)]
    text = runner.invoke(app, ["--db", db, "--lang", "zh-HK", "quarantine", "list", "--closed"]).output
    assert "已由第 4 次匯入於" in text and "修正" in text


def test_readiness_exits_1_when_not_ready_with_the_same_json(tmp_path, monkeypatch, master_files):
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "test-key")
    monkeypatch.setenv("STOCKPILOT_CONFIG", str(tmp_path / "no-such.toml"))
    db = str(tmp_path / "shop.duckdb")
    for path in master_files:
        assert runner.invoke(app, ["--db", db, "import", str(path)]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "readiness", "--json"])
    assert result.exit_code == 1 and json.loads(result.output)["level"] == "not_ready"
    result = runner.invoke(app, ["--db", db, "readiness"])
    assert result.exit_code == 1 and "NOT READY" in result.output
