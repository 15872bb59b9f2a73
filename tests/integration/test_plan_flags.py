"""The buyer's flags on a plan (issue 13, finding 5), on a small shop whose every number is set by hand.

ST01 is supplied by S1 (lead time 5 days, minimum order 12; review 7: 12 days of cover). Plan day
2024-03-11; the stock count the night before: SKU1 0, SKU2 40, SKU3 0.

- SKU1 (case of 4): forecast 0.005 a day, so the need over 12 days is about 0.06 + 2.05 x 0.245 =
  0.56 units; a case of 4, raised to the minimum order 12: **rounding_dominated** (0.56 < 25% of 12).
- SKU2 (case of 12, HK$8): 100 units sold in ten sales 63 to 90 days before the plan, none since:
  the whole year's units in one 28-day window that ended 63 days ago, **season_ended**; 40 on hand
  with no sale in the last 56 days, **dead_stock** worth 40 x HK$8 = HK$320 at cost.
- SKU3 (case of 6): forecast 1 a day, a need of about 18, 3 cases of 6; the shelf holds 10, room
  for one case (6), which is under the minimum order 12: **shortfall_suppressed**, ordered 0.
- The same plan with the last four days of sales gone: the latest sale row is 4 days before the
  plan, 3 days without data: **no_recent_data** on every line, and SKU1's week of sales, far above
  its tiny forecast, no longer calls it **forecast_off_band**.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stockpilot.adapters.storage.store import Store
from stockpilot.presenters.review import review_line
from stockpilot.services import review
from stockpilot.services.parameters import review_limits
from stockpilot.services.planning import make_plan

DAY = dt.date(2024, 3, 11)
FORECAST = {"SKU1": 0.005, "SKU2": 0.1, "SKU3": 1.0}


def _sale(con, n: str, days_before: int, sku: str, quantity: float) -> None:
    at = dt.datetime.combine(DAY - dt.timedelta(days=days_before), dt.time(12))
    con.execute(
        "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity, unit_price) "
        "VALUES (?, ?, 'ST01', ?, ?, 10)",
        [n, at, sku, quantity],
    )


@pytest.fixture
def shop(shop_db: Store) -> Store:
    con = shop_db.engine.connection
    con.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days, moq) VALUES ('S1', 'Supplier', 5, 12)")
    con.execute("UPDATE products SET supplier_id = 'S1'")
    con.execute("UPDATE products SET shelf_capacity = 10 WHERE sku = 'SKU3'")
    con.execute(
        "INSERT INTO forecast_runs VALUES (1, now(), ?, ?, 28, '0.5', 'given', 1, 'ignore', 3, 0, 0, NULL)",
        [DAY - dt.timedelta(days=1), DAY],
    )
    for sku, mean in FORECAST.items():
        con.execute(
            "INSERT INTO forecasts SELECT 1, 'ST01', ?, CAST(? AS DATE) + CAST(d AS INTEGER), ?, 'given', 0 "
            "FROM range(28) t(d)",
            [sku, DAY, mean],
        )
    for ago in range(1, 61):
        _sale(con, f"a{ago}", ago, "SKU1", 1)
        _sale(con, f"c{ago}", ago, "SKU3", 1)
    for ago in range(63, 91, 3):
        _sale(con, f"b{ago}", ago, "SKU2", 10)
    for sku, on_hand in (("SKU1", 0), ("SKU2", 40), ("SKU3", 0)):
        con.execute(
            "INSERT INTO stock_counts (event_id, counted_at, location_id, sku, on_hand) VALUES (?, ?, 'ST01', ?, ?)",
            [f"c-{sku}", dt.datetime.combine(DAY, dt.time(0)) - dt.timedelta(hours=1), sku, on_hand],
        )
    return shop_db


def _lines(plan):
    return {x.sku: x for x in plan.lines}


def _flag_values(line) -> dict:
    return json.loads(line.reason_params)["flag_values"]


def test_each_new_flag_on_its_line_with_its_values(shop, settings):
    lines = _lines(make_plan(shop, settings, DAY))
    sku1, sku2, sku3 = lines["SKU1"], lines["SKU2"], lines["SKU3"]

    assert "rounding_dominated" in sku1.flags.split(",")
    assert sku1.quantity == 12 and 0.5 < sku1.raw_quantity < 0.6
    assert _flag_values(sku1)["rounding_dominated"] == {"need": round(sku1.raw_quantity, 2), "order": 12.0}

    assert sku2.flags.split(",") == ["dead_stock", "season_ended"]
    assert _flag_values(sku2) == {
        "dead_stock": {"units": 40.0, "value": 320.0, "sold": 0.0},
        "season_ended": {"share": 1.0, "ago": 63},
    }

    assert "shortfall_suppressed" in sku3.flags.split(",") and sku3.quantity == 0
    assert sku3.steps == "case_pack_up,shelf_cap,shelf_below_moq"
    suppressed = _flag_values(sku3)["shortfall_suppressed"]
    assert suppressed["constraint"] == "shelf_below_moq" and 15 < suppressed["need"] < 20

    assert not any("no_recent_data" in x.flags for x in lines.values())
    assert "forecast_off_band" in sku1.flags  # a week of 7 sold against a forecast of 0.035


def test_the_review_list_says_the_values_in_both_languages(shop, settings):
    plan = make_plan(shop, settings, DAY)
    limits = review_limits(settings)
    shown = {
        x.sku: [line.text for line in review_line(x, "en", limits)] + [t.text for t in review_line(x, "zh-HK", limits)]
        for x in review.review_lines(shop, plan.plan_id)
    }
    assert "         ! dead or slow stock: 40 on hand (HK$320 at cost), 0 sold in the last 56 days" in shown["SKU2"]
    assert "         ! 滯銷存貨：現有存貨 40 件（成本 HK$320），過去 56 日售出 0 件" in shown["SKU2"]
    assert any(
        t.endswith("season over: 100% of the last year's units sold within 90 days, the last 63 days ago")
        for t in shown["SKU2"]
    )
    assert any("was cut to 0: no room for the minimum order" in t for t in shown["SKU3"])
    assert any("became an order of 12" in t for t in shown["SKU1"])


def test_a_plan_dated_after_the_data_says_no_data_instead_of_off_band(shop, settings):
    shop.engine.connection.execute(
        "DELETE FROM sales WHERE occurred_at >= ?", [dt.datetime.combine(DAY, dt.time()) - dt.timedelta(days=3)]
    )
    lines = _lines(make_plan(shop, settings, DAY))
    assert all("no_recent_data" in x.flags.split(",") for x in lines.values())
    assert not any("forecast_off_band" in x.flags for x in lines.values())
    assert _flag_values(lines["SKU1"])["no_recent_data"] == {"days": 3}
