"""`plan` and `review` on a small fixed shop whose forecast is given, so every number can be checked by hand.

Regenerate the golden reports after a reviewed change with: STOCKPILOT_UPDATE_GOLDEN=1 make test
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from scipy import stats
from typer.testing import CliRunner

from stockpilot.adapters.storage.store import Store
from stockpilot.doors.cli import app
from stockpilot.services import review
from stockpilot.services.planning import make_plan
from stockpilot.services.purchase_orders import ORDER_LINE_COLUMNS, export_purchase_orders

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
DAY = dt.date(2024, 3, 11)
# daily forecast mean and negative binomial dispersion per SKU at the store ST01
FORECAST = {"SKU1": (3.0, 0.2), "SKU2": (1.5, 0.0), "SKU3": (0.2, 0.5)}


def fill_shop(db: Store) -> None:
    """ST01 is supplied by the warehouse WH (1 day), WH by supplier S1 (5 days, MOQ 24)."""
    con = db.engine.connection
    con.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days, moq) VALUES ('S1', 'Supplier', 5, 24)")
    con.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days, moq) VALUES ('WH', 'Warehouse', 1, 0)")
    con.execute("UPDATE products SET supplier_id = 'S1'")
    con.execute("UPDATE products SET shelf_capacity = 12 WHERE sku = 'SKU3'")  # a small shelf for noodles
    con.execute(
        "INSERT INTO forecast_runs VALUES (1, now(), ?, ?, 28, '0.5', 'given', 1, 'ignore', 3, 0, 0, NULL)",
        [DAY - dt.timedelta(days=1), DAY],
    )
    for sku, (mean, phi) in FORECAST.items():
        con.execute(
            "INSERT INTO forecasts SELECT 1, 'ST01', ?, CAST(? AS DATE) + CAST(d AS INTEGER), ?, 'given', ? "
            "FROM range(28) t(d)",
            [sku, DAY, mean, phi],
        )
    for d in range(60):  # two months of sales: 3, 1 and a few units a day
        day = DAY - dt.timedelta(days=60 - d)
        for sku, quantity, price in (("SKU1", 3, 59.9), ("SKU2", 1, 12.5), ("SKU3", 1 if d % 5 == 0 else 0, 16)):
            if quantity:
                con.execute(
                    "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity, unit_price) "
                    "VALUES (?, ?, 'ST01', ?, ?, ?)",
                    [f"{sku}-{d}", dt.datetime.combine(day, dt.time(12)), sku, quantity, price],
                )
    counts = (("ST01", "SKU1", 10), ("ST01", "SKU2", 30), ("WH", "SKU1", 20), ("WH", "SKU2", 200), ("WH", "SKU3", 0))
    for location, sku, on_hand in counts:
        con.execute(
            "INSERT INTO stock_counts (event_id, counted_at, location_id, sku, on_hand) VALUES (?, ?, ?, ?, ?)",
            [
                f"c-{location}-{sku}",
                dt.datetime.combine(DAY, dt.time(0)) - dt.timedelta(hours=1),
                location,
                sku,
                on_hand,
            ],
        )
    con.execute(
        "INSERT INTO purchase_orders (event_id, po_id, supplier_id, location_id, sku, order_date, quantity, status) "
        "VALUES ('po1', 'T1', 'WH', 'ST01', 'SKU1', ?, 12, 'open')",
        [DAY - dt.timedelta(days=1)],
    )
    con.execute(
        "INSERT INTO promotions (event_id, promotion_id, sku, start_date, end_date, discount_pct) "
        "VALUES ('p1', 'SPRING', 'SKU2', ?, ?, 20)",
        [DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=5)],
    )


@pytest.fixture
def shop(shop_db: Store) -> Store:
    fill_shop(shop_db)
    return shop_db


def test_a_line_by_hand(shop, settings):
    plan = make_plan(shop, settings, DAY)
    line = next(x for x in plan.lines if x.location_id == "ST01" and x.sku == "SKU1")
    # ST01 from WH, nominal lead 1 day (no receipts), review 7 days: 8 days of demand 3 -> 24
    # variance per day 3 + 0.2 x 9 = 4.8 -> sigma 8 x 4.8 = 38.4 ** 0.5; SKU1 is class A (98%)
    sigma = 38.4**0.5
    safety = stats.norm.ppf(0.98) * sigma
    assert line.supplier_id == "WH" and line.abc == "A"
    assert line.demand == pytest.approx(24) and line.safety_stock == pytest.approx(safety)
    # position: on hand 10 + on order 12 = 22; raw = 24 + 12.73 - 22 = 14.73 -> cases of 4 -> 16
    assert line.raw_quantity == pytest.approx(24 + safety - 22)
    assert line.quantity == 16 and line.steps == "case_pack_up"
    warehouse = next(x for x in plan.lines if x.location_id == "WH" and x.sku == "SKU3")
    assert warehouse.supplier_id == "S1" and warehouse.quantity % 6 == 0 and warehouse.quantity >= 24
    sku3 = next(x for x in plan.lines if x.location_id == "ST01" and x.sku == "SKU3")
    assert "no_stock_count" in sku3.flags
    assert sku3.quantity <= 12  # the shelf holds 12 (the warehouse has no shelf limit)
    sku2 = next(x for x in plan.lines if x.location_id == "ST01" and x.sku == "SKU2")
    assert "promotion_soon" in sku2.flags and sku2.reason_code == "reason.line"
    assert json.loads(sku2.reason_params)["promotion"] is True  # stored as a code and its values
    assert "含推廣" in plan.to_dict()["lines"][sku2.line - 1]["reason_zh"]


def test_the_errors_of_earlier_forecasts_set_the_sigma(shop, settings):
    # an earlier run (id 0: the plan still uses run 1), made 20 days before, forecast SKU1 at
    # ST01 at 1 a day; 3 a day sold.
    # Its 8 days of R + L have passed: error 8 x (3 - 1) = 16. With the model's variance 38.4
    # (test above) weighing 4 forecasts: sigma^2 = (16^2 + 4 x 38.4) / (1 + 4) = 81.92
    first = DAY - dt.timedelta(days=20)
    shop.engine.connection.execute(
        "INSERT INTO forecast_runs VALUES (0, now(), ?, ?, 28, '0.5', 'given', 1, 'ignore', 1, 0, 0, NULL)",
        [first - dt.timedelta(days=1), first],
    )
    shop.engine.connection.execute(
        "INSERT INTO forecasts SELECT 0, 'ST01', 'SKU1', CAST(? AS DATE) + CAST(d AS INTEGER), 1.0, 'given', 0 "
        "FROM range(28) t(d)",
        [first],
    )
    plan = make_plan(shop, settings, DAY).lines
    line = next(x for x in plan if x.location_id == "ST01" and x.sku == "SKU1")
    assert line.safety_stock == pytest.approx(stats.norm.ppf(0.98) * 81.92**0.5)
    # SKU2 had no forecast in that run: no error, not an error of 0. Its sigma stays the model's:
    # Poisson 1.5 a day over 8 days -> variance 12
    sku2 = next(x for x in plan if x.location_id == "ST01" and x.sku == "SKU2")
    assert sku2.safety_stock == pytest.approx(stats.norm.ppf(sku2.service_level) * 12**0.5)
    # a run whose 8 days have not all passed yet does not count
    later = DAY - dt.timedelta(days=5)
    shop.engine.connection.execute("UPDATE forecast_runs SET first_date = ? WHERE run_id = 0", [later])
    shop.engine.connection.execute("UPDATE forecasts SET date = date + INTERVAL 15 DAY WHERE run_id = 0")
    line = next(x for x in make_plan(shop, settings, DAY).lines if x.location_id == "ST01" and x.sku == "SKU1")
    assert line.safety_stock == pytest.approx(stats.norm.ppf(0.98) * 38.4**0.5)


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_plan_report_golden(shop, language):
    path = shop.location
    shop.close()
    result = CliRunner().invoke(app, ["--db", path, "--lang", language, "plan", "--date", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"plan_report.{language}.txt"
    if os.environ.get("STOCKPILOT_UPDATE_GOLDEN"):
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")


def test_review_decisions_are_logged_and_exported_as_purchase_orders(shop, settings, tmp_path):
    plan = make_plan(shop, settings, DAY)
    ordered = [x.line for x in plan.lines if x.quantity > 0]
    assert len(ordered) >= 2
    review.decide(shop, plan.plan_id, ordered[:1], "approve", "Ada")
    review.decide(shop, plan.plan_id, ordered[1:2], "edit", "Ben", quantity=12, reason="shelf is full")
    with pytest.raises(ValueError, match="reason"):
        review.decide(shop, plan.plan_id, ordered[1:2], "edit", "Ben", quantity=12)
    with pytest.raises(ValueError, match="no line"):
        review.decide(shop, plan.plan_id, [999], "approve", "Ada")
    log = shop.engine.connection.execute(
        "SELECT line, decision, decided_by, reason FROM review_decisions ORDER BY line"
    ).fetchall()
    assert log == [(ordered[0], "approve", "Ada", None), (ordered[1], "edit", "Ben", "shelf is full")]
    exported = export_purchase_orders(shop, plan.plan_id, tmp_path / "po")
    rows = list(csv.DictReader(exported.order_lines[0].open(encoding="utf-8")))
    assert sorted(int(r["quantity"]) for r in rows) == sorted([round(plan.lines[ordered[0] - 1].quantity), 12])
    sheet = load_workbook(exported.order_lines[1]).active
    assert [c.value for c in sheet[1]] == list(ORDER_LINE_COLUMNS)
    assert sum(x.total_units for x in exported.written) == sum(int(r["quantity"]) for r in rows)


def test_command_line_plan_json_and_review(shop):
    path = shop.location
    shop.close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", path, "plan", "--date", DAY.isoformat(), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["plan_id"] == 1 and len(data["lines"]) == 6  # 3 SKUs at ST01 and at WH
    result = runner.invoke(app, ["--db", path, "review", "reject", "1", "--by", "Ada", "--reason", "discontinued"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["--db", path, "review", "list", "--json"])
    assert any(x["decision"] == "reject" for x in json.loads(result.output)["lines"])
    result = runner.invoke(app, ["--db", path, "plan", "--date", "2030-01-01"])
    assert result.exit_code == 2 and "no forecast covers" in result.output  # a refusal (docs/errors.md)
