"""`stockpilot replay` on a small shop whose history is known day by day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stockpilot.adapters.storage.store import Store
from stockpilot.doors.cli import app
from stockpilot.messages import render
from stockpilot.services.replay import run_replay
from stockpilot.settings import Settings

FIRST = dt.date(2024, 1, 1)
DAYS = 150  # of sales history
REPLAY = 56
# daily sales pattern per SKU at ST01: steady, weekly peak, slow
PATTERN = {"SKU1": lambda d: 3, "SKU2": lambda d: 6 if d % 7 == 5 else 1, "SKU3": lambda d: 1 if d % 4 == 0 else 0}
PLACED = {("ST01", "SKU1"): [(100, 20), (114, 20), (128, 24)], ("ST01", "SKU2"): [(110, 12)]}


def fill_shop(db: Store) -> None:
    """ST01 is supplied by the warehouse WH (nominal 1 day; receipts show 2, 2 and 3 days)."""
    con = db.engine.connection
    con.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days, moq) VALUES ('S1', 'Supplier', 5, 24)")
    con.execute("INSERT INTO suppliers (supplier_id, name, lead_time_days, moq) VALUES ('WH', 'Warehouse', 1, 0)")
    con.execute("UPDATE products SET supplier_id = 'S1'")
    rows = [
        (f"{sku}-{d}", dt.datetime.combine(FIRST + dt.timedelta(days=d), dt.time(12)), sku, units)
        for sku, rule in PATTERN.items()
        for d in range(DAYS)
        if (units := rule(d))
    ]
    con.executemany(
        "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity) VALUES (?, ?, 'ST01', ?, ?)", rows
    )
    for i, lead in enumerate((2, 2, 3)):
        ordered = FIRST + dt.timedelta(days=10 * i)
        con.execute(
            "INSERT INTO receipts (event_id, received_at, location_id, sku, quantity, order_date, supplier_id) "
            "VALUES (?, ?, 'ST01', 'SKU1', 10, ?, 'WH')",
            [f"R{i}", dt.datetime.combine(ordered + dt.timedelta(days=lead), dt.time(9)), ordered],
        )
    for (location, sku), lines in PLACED.items():
        for d, quantity in lines:
            con.execute(
                "INSERT INTO purchase_orders (event_id, po_id, location_id, sku, order_date, quantity) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [f"P{sku}{d}", f"PO{d}", location, sku, FIRST + dt.timedelta(days=d), quantity],
            )


def quick(settings: Settings) -> Settings:
    return settings.replace(replay_days=REPLAY, forecast_models="moving_average", replay_service_sweep="0.02,0.6,0.99")


@pytest.fixture
def report(shop_db: Store, settings: Settings, tmp_path: Path):
    fill_shop(shop_db)
    return run_replay(shop_db, quick(settings), chart_dir=tmp_path / "charts")


def test_it_replays_the_last_days_with_every_policy(report):
    data = report.to_dict()
    assert (data["first_day"], data["last_day"], data["days"]) == ("2024-04-04", "2024-05-29", REPLAY)
    assert data["series"] == 3
    usual = {(p["policy"], p["setting"]) for p in data["policies"] if p["usual"]}
    assert usual == {("min_max", "1w/3w"), ("stock_pilot", "abc"), ("orders_placed", "recorded")}
    swept = [p["setting"] for p in data["policies"] if p["policy"] == "stock_pilot" and not p["usual"]]
    assert swept == ["0.02", "0.6", "0.99"]
    assert len([p for p in data["policies"] if p["policy"] == "min_max" and not p["usual"]]) == 7
    json.dumps(data, allow_nan=False)  # machine-readable: no NaN or infinity


def test_the_orders_placed_are_replayed_as_placed(report):
    placed = next(p for p in report.policies if p.policy == "orders_placed")
    # PO lines in the replayed days (day 94 on): SKU1 on days 100, 114, 128 and SKU2 on day 110
    assert placed.kpis.order_lines == 4
    assert placed.kpis.ordering_hours == pytest.approx(4 * 2.0 / 60)  # written by hand


def test_more_service_costs_more_stock_and_loses_less(report):
    swept = [p.kpis for p in report.policies if p.policy == "stock_pilot" and not p.usual]
    stock = [k.average_stock_value for k in swept]
    lost = [k.lost_units for k in swept]
    assert stock == sorted(stock) and lost == sorted(lost, reverse=True)
    assert lost[0] > lost[-1]


def test_the_per_series_cash_adds_up(report, shop_db):
    rows = shop_db.engine.connection.execute(
        "SELECT sku, demand_units, rule_lost_units, ours_lost_units, recovered_margin, stock_released, "
        "cash_improvement, rule_lost_value, ours_lost_value FROM replay_series WHERE run_id = ? ORDER BY sku",
        [report.run_id],
    ).fetchall()
    assert [r[0] for r in rows] == ["SKU1", "SKU2", "SKU3"]
    # demand replayed = sales recorded in the last 56 days (no stock-outs are recorded)
    expected = {sku: sum(rule(d) for d in range(DAYS - REPLAY, DAYS)) for sku, rule in PATTERN.items()}
    assert {r[0]: r[1] for r in rows} == pytest.approx(expected)
    margin = {"SKU1": 1 - 40 / 59.9, "SKU2": 1 - 8 / 12.5, "SKU3": 1 - 10 / 16}
    for sku, _, _, _, recovered, released, cash, rule_value, our_value in rows:
        assert recovered == pytest.approx((rule_value - our_value) * margin[sku] * 365 / REPLAY)  # a year
        assert cash == pytest.approx(recovered + released)
    totals = {p.policy: p.kpis.lost_units for p in report.policies if p.usual}
    assert sum(r[2] for r in rows) == pytest.approx(totals["min_max"])
    assert sum(r[3] for r in rows) == pytest.approx(totals["stock_pilot"])


def test_the_headline_reads_both_curves_at_the_rules_stock(report):
    equal = report.equal_inventory
    rule = next(p.kpis for p in report.policies if p.policy == "min_max" and p.usual)
    assert equal["average_stock_value"] == pytest.approx(rule.average_stock_value)
    assert equal["theirs"]["lost_units"] == pytest.approx(rule.lost_units)  # the rule's own point


def test_the_chart_is_written_as_png_and_svg(report):
    paths = [Path(p) for p in report.charts]
    assert sorted(p.suffix for p in paths) == [".png", ".svg"]
    assert paths[0].read_bytes()[:4] == b"\x89PNG"
    assert "lost units" in next(p for p in paths if p.suffix == ".svg").read_text(encoding="utf-8")


def test_too_little_history_is_refused(shop_db, settings):
    fill_shop(shop_db)
    with pytest.raises(ValueError, match="needs 28 days of history"):
        run_replay(shop_db, quick(settings), days=DAYS - 10)


def test_the_command_line(shop_db, settings, tmp_path, monkeypatch):
    fill_shop(shop_db)
    path = shop_db.location
    shop_db.close()
    monkeypatch.chdir(tmp_path)
    for name, value in (("replay_days", REPLAY), ("forecast_models", "moving_average")):
        monkeypatch.setenv(f"STOCKPILOT_{name.upper()}", str(value))
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "test-key")
    runner = CliRunner()
    result = runner.invoke(app, ["--db", path, "replay", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"policies", "equal_inventory", "pilot_kpis", "break_even"} <= set(data)
    assert all(Path(p).is_file() for p in data["charts"])
    result = runner.invoke(app, ["--db", path, "--lang", "zh-HK", "replay"])
    assert result.exit_code == 0, result.output
    assert "重演" in result.output and "缺貨率" in result.output and "圖表" in result.output
    assert data["note_codes"] == [] or {"code", "params"} == set(data["note_codes"][0])
    assert len(data["notes"]) == len(data["note_codes"])  # the notes in English, and as codes
    svg = Path(data["charts"][0]).parent / f"replay-{data['run_id'] + 1}-tradeoff.svg"
    text = svg.read_text(encoding="utf-8")  # the chart of the zh-HK run speaks Chinese; its SVG keeps the text
    assert "流失件數與平均存貨值" in text and "平均存貨值（按成本，以港元計）" in text
    equal = data["equal_inventory"]
    read_off = all(equal[k] is not None for k in ("lost_units_change", "stockouts_change", "lost_value_saved"))
    headline = "同等存貨值" if read_off else "兩條取捨曲線"
    assert headline in result.output
    for step, values in (("replay_forecast", {"done": 1, "total": 2}), ("replay_policies", {}), ("replay_store", {})):
        assert all(render(f"step_{step}", language, **values) for language in ("en", "zh-HK"))


def test_the_pilot_kpis_compare_stock_pilot_with_the_rule(report):
    usual = {p.policy: p.kpis for p in report.policies if p.usual}
    checked = report.pilot_kpis.usual
    ours, rule = usual["stock_pilot"], usual["min_max"]
    for kpi, expected in (
        ("stockouts", ours.stockout_rate / rule.stockout_rate - 1),
        ("turnover", ours.turnover / rule.turnover - 1),
        ("ordering_hours", ours.ordering_hours / rule.ordering_hours - 1),
    ):
        assert checked[kpi]["change"] == pytest.approx(expected)
    assert checked["ordering_hours"]["target"] == -0.40 and checked["turnover"]["target"] == 0.10
    level = report.pilot_kpis.service_level_meeting_targets
    if level is not None:  # the setting found meets every target
        assert all(entry["met"] for entry in report.pilot_kpis.at_that_level.values())


@pytest.mark.parametrize(("rule", "label"), [("weeks_of_cover", "3w"), ("fixed_quantity", "1w/3w")])
def test_the_shops_rule_is_configurable(shop_db, settings, rule, label):
    fill_shop(shop_db)
    report = run_replay(shop_db, quick(settings).replace(replay_rule=rule))
    assert (rule, label) in {(p.policy, p.setting) for p in report.policies if p.usual}
    assert len([p for p in report.policies if p.policy == rule and not p.usual]) == 7


def test_an_unknown_rule_is_refused(shop_db, settings):
    fill_shop(shop_db)
    with pytest.raises(ValueError, match="replay_rule must be one of min_max, weeks_of_cover, fixed_quantity"):
        run_replay(shop_db, quick(settings).replace(replay_rule="gut_feeling"))
