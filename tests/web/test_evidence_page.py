"""The Evidence page through FastAPI's TestClient, on the demo chain whose ST01 was replayed over
its last 56 days: the stored replay's numbers (read back here from the database, and recomputed
from its per-series rows where they can be), its charts, the SKU priority with its matrix and
top lists, both languages, and what the page says with no replay, an older replay or no sales."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from stockpilot.domain.replay.shop_rules import RULES
from stockpilot.messages import CATALOGUE, render
from stockpilot.services.importing import import_file
from stockpilot.services.prioritising import PriorityReport, prioritise_skus

SVG = "{http://www.w3.org/2000/svg}"
USUAL = ("min_max", "stock_pilot", "orders_placed")  # the demo's rule, Stock Pilot and its purchase orders


def store_of(client):  # type: ignore[no-untyped-def]
    """A store of the app's own pool (the test's copy of the shop)."""
    return client.app.state.web.pool.store()


def stored_report(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """The latest replay's report as the database holds it (read here without the repository)."""
    with store_of(client) as store:
        (row,) = store.engine.rows("SELECT report FROM replay_runs ORDER BY run_id DESC LIMIT 1")
    return json.loads(row[0])


def cash_by_sku(client) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Each SKU's cash improvement in the latest replay, summed here from its per-series rows."""
    with store_of(client) as store:
        rows = store.engine.rows(
            "SELECT sku, sum(cash_improvement) FROM replay_series "
            "WHERE run_id = (SELECT max(run_id) FROM replay_runs) GROUP BY sku"
        )
    return {sku: float(cash) for sku, cash in rows}


def priority_of(client, web_shop) -> PriorityReport:  # type: ignore[no-untyped-def]
    with store_of(client) as store:
        return prioritise_skus(store, web_shop.settings)


def svg_of(html: str, chart_id: str) -> ET.Element:
    """The chart ``chart_id`` of the page, parsed (it must be well-formed XML)."""
    start = html.index(f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}"')
    return ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])


def legend_of(chart: ET.Element) -> list[str]:
    (legend,) = [g for g in chart.iter(f"{SVG}g") if g.get("class") == "legend"]
    return [node.text or "" for node in legend.iter(f"{SVG}text")]


def table_rows(html: str, start_marker: str) -> list[list[str]]:
    """The body cells' texts of the first table after ``start_marker``."""
    start = html.index(start_marker)
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows]


def evidence(client_as, role: str = "buyer", language: str = "en") -> tuple[Any, str]:  # type: ignore[no-untyped-def]
    client, _ = client_as(role, language)
    answer = client.get("/evidence")
    assert answer.status_code == 200, answer.text[:500]
    return client, answer.text


def test_the_page_shows_the_stored_replays_headline_and_the_kpis_of_each_usual_policy(client_as):
    client, html = evidence(client_as)
    report = stored_report(client)
    assert f"Replay {report['run_id']}: {report['first_day']} to {report['last_day']} (56 days)" in html
    usual = {p["policy"]: p["kpis"] for p in report["policies"] if p["usual"]}
    assert tuple(usual) == USUAL
    # the rule's and Stock Pilot's lost units are the sums of their per-series rows
    with store_of(client) as store:
        ((rule_lost, ours_lost),) = store.engine.rows(
            "SELECT sum(rule_lost_units), sum(ours_lost_units) FROM replay_series WHERE run_id = $1",
            [report["run_id"]],
        )
    assert (usual["min_max"]["lost_units"], usual["stock_pilot"]["lost_units"]) == pytest.approx((rule_lost, ours_lost))
    rows = table_rows(html, 'id="kpis"')
    assert [row[0] for row in rows] == [
        "Your min/max rule (1w/3w)",
        "Stock Pilot (ABC service levels)",
        "The orders you placed (as recorded)",
    ]
    for row, kpis in zip(rows, usual.values(), strict=True):
        assert row[1:4] == [f"{kpis['stockout_rate']:.1%}", f"{kpis['fill_rate']:.1%}", f"{kpis['lost_units']:,.0f}"]
        assert row[5] == f"{kpis['average_stock_value']:,.0f}" and row[8] == f"{kpis['order_lines']:,}"
    # at the same stock value: both curves read at the rule's stock value, our change against it
    equal = report["equal_inventory"]
    ours, theirs = equal["ours"], equal["theirs"]
    assert equal["average_stock_value"] == pytest.approx(usual["min_max"]["average_stock_value"])
    change = (ours["stockout_rate"] - theirs["stockout_rate"]) / theirs["stockout_rate"]
    cards = re.findall(r'<div class="big">(.*?)</div>', html)
    assert cards == [
        f"{change:+.0%}",
        f"{theirs['lost_units'] - ours['lost_units']:,.0f}",
        f"HK${theirs['lost_value'] - ours['lost_value']:,.0f}",
    ]
    assert f"At the same stock value (HK${equal['average_stock_value']:,.0f}): stockouts {change:+.0%}" in html


def test_the_trade_off_chart_draws_each_sweep_and_marks_the_usual_and_equal_stock_points(client_as):
    client, html = evidence(client_as)
    report = stored_report(client)
    chart = svg_of(html, "tradeoff")
    assert chart.find(f"{SVG}title").text == "Trade-off: lost units against average stock value, every setting swept"
    equal = report["equal_inventory"]
    assert f"At your rule's stock value of HK${equal['average_stock_value']:,.0f}" in chart.find(f"{SVG}desc").text
    swept = [sum(1 for p in report["policies"] if p["policy"] == kind and not p["usual"]) for kind in USUAL[:2]]
    assert swept == [7, 9]  # the settings' rule and service-level sweeps
    assert [p.get("points").count(",") for p in chart.iter(f"{SVG}polyline")] == swept
    assert legend_of(chart) == [
        "Your min/max rule, every setting",
        "Stock Pilot, every setting",
        "Your min/max rule (1w/3w): usual setting",
        "Stock Pilot (ABC service levels): usual setting",
        "The orders you placed (as recorded): usual setting",
        "Stock Pilot at your rule's stock value",
    ]
    ticks = {node.text for node in chart.iter(f"{SVG}text")}
    assert {"lost units", "average stock value (HK$ at cost)", "0", "same stock value"} <= ticks


def test_the_daily_charts_draw_the_stored_days_which_add_up_to_the_kpis(client_as):
    client, html = evidence(client_as)
    report = stored_report(client)
    usual = {p["policy"]: p["kpis"] for p in report["policies"] if p["usual"]}
    assert [d["policy"] for d in report["daily"]] == list(USUAL)
    for daily in report["daily"]:
        kpis = usual[daily["policy"]]
        assert len(daily["stock_value"]) == len(daily["stockouts"]) == len(daily["wanted"]) == 56
        assert sum(daily["stockouts"]) / sum(daily["wanted"]) == pytest.approx(kpis["stockout_rate"])
        assert sum(daily["stock_value"]) / 56 == pytest.approx(kpis["average_stock_value"], abs=0.01)
    names = ["Your min/max rule (1w/3w)", "Stock Pilot (ABC service levels)", "The orders you placed (as recorded)"]
    for chart_id in ("daily-stockouts", "daily-stock"):
        chart = svg_of(html, chart_id)
        assert legend_of(chart) == names
        assert chart.find(f"{SVG}desc").text.startswith(f"{report['first_day']} to {report['last_day']}")
        first_day = {node.text for node in chart.iter(f"{SVG}text")}
        assert report["first_day"] in first_day  # the first tick is the replay's first day
    rule = report["daily"][0]
    mean = sum(rule["stockouts"]) / sum(rule["wanted"])
    assert f"Your min/max rule (1w/3w) {mean:.1%} on average" in svg_of(html, "daily-stockouts").find(f"{SVG}desc").text


def test_the_matrix_counts_every_sku_and_the_top_lists_have_their_lengths_and_cash(client_as, web_shop):
    client, html = evidence(client_as)
    priority = priority_of(client, web_shop)
    with store_of(client) as store:
        ((sold,),) = store.engine.rows(
            "WITH last AS (SELECT CAST(max(occurred_at) AS DATE) AS day FROM sales WHERE quantity > 0) "
            "SELECT count(DISTINCT sku) FROM sales, last "
            "WHERE quantity > 0 AND occurred_at >= last.day - INTERVAL 364 DAY"
        )
    matrix = svg_of(html, "matrix")
    words = [node.text or "" for node in matrix.iter(f"{SVG}text")]
    counts = [int(text.removesuffix(" SKUs")) for text in words if re.fullmatch(r"\d+ SKUs", text)]
    assert len(counts) == 9 and sum(counts) == sold == priority.skus == 24
    assert counts == [priority.matrix[a][x] for a in "ABC" for x in "XYZ"]
    cash = cash_by_sku(client)
    left_out = {x.sku for x in priority.left_out}
    ranked = priority.skus - len(left_out)
    amounts = [text for text in words if text.startswith("HK$")]
    shown = sum(float(a.removeprefix("HK$").replace(",", "")) for a in amounts)
    assert len(amounts) == 9
    assert shown == pytest.approx(sum(v for sku, v in cash.items() if sku not in left_out), abs=9 * 0.5)
    for top in (50, 200):
        rows = table_rows(html, f'id="top-{top}"')
        assert len(rows) == min(top, ranked) == 21  # three of the 24 are left out of the lists
        assert [int(row[0]) for row in rows] == list(range(1, len(rows) + 1))
        total = sum(cash.get(row[1], 0.0) for row in rows)
        assert f"top {top}: {len(rows)} SKUs" in html and f"HK${total:,.0f} (replay run" in html
    assert "left out of the pilot lists: 3 SKUs" in html
    first = priority.lists[0].rows[0]
    assert rows[0][1:4] == [first.sku, first.name_en, first.abc + first.xyz]


def test_the_page_speaks_hong_kong_chinese(client_as):
    client, html = evidence(client_as, "owner", "zh-HK")
    report = stored_report(client)
    assert '<html lang="zh-Hant-HK">' in html and "<h1>成效證據</h1>" in html
    assert render("replay_headline", "zh-HK", **report["equal_inventory"]) in html
    assert "現行最低/最高存貨規則（1w/3w）" in html and "缺貨率" in html
    assert svg_of(html, "tradeoff").find(f"{SVG}title").text == "取捨：各設定下的流失件數與平均存貨值"
    assert "各類貨品數目" in svg_of(html, "matrix").find(f"{SVG}title").text
    english = [
        entry["en"]
        for code, entry in CATALOGUE.items()
        if code.startswith("web.evidence.") and "{" not in entry["en"] and entry["en"] != entry["zh-HK"]
    ]
    assert [words for words in english if f">{words}<" in html] == []


def test_with_no_replay_stored_the_page_says_so_and_how_to_run_one(client_as):
    client, html = evidence(client_as, "finance")
    assert "(replay run 1)" in html  # the priority held with the cash of replay 1 is ranked again at once
    with store_of(client) as store:
        store.engine.execute("DELETE FROM replay_series")
        store.engine.execute("DELETE FROM replay_runs")
    html = client.get("/evidence").text
    assert "No replay is stored yet, so there is no evidence to show." in html
    assert "Run one on the server with <code>stockpilot replay</code>" in html
    assert 'id="tradeoff"' not in html and 'id="kpis"' not in html
    matrix = svg_of(html, "matrix")  # the priority needs no replay, its cash does
    assert not any((t.text or "").startswith("HK$") for t in matrix.iter(f"{SVG}text"))
    assert "expected cash improvement not known: no replay yet, run <code>stockpilot replay</code> first" in html
    assert all(row[-1] == "-" for row in table_rows(html, 'id="top-50"'))
    zh = client.get("/evidence?lang=zh-HK").text
    assert "尚未儲存任何重演，暫時沒有證據可顯示。" in zh and "請在伺服器執行 <code>stockpilot replay</code>" in zh


def test_a_replay_stored_before_the_daily_figures_were_kept_still_shows_its_evidence(client_as):
    client, _ = client_as("verifier")
    report = stored_report(client)
    del report["daily"]
    with store_of(client) as store:
        store.engine.execute("UPDATE replay_runs SET report = CAST($1 AS JSON)", [json.dumps(report)])
    html = client.get("/evidence").text
    assert 'id="tradeoff"' in html and 'id="kpis"' in html and 'id="daily-stock"' not in html
    assert "This replay was stored before daily figures were kept: run <code>stockpilot replay</code> again" in html


def test_a_product_name_is_shown_as_text(client_as, web_shop):
    client, _ = client_as("employee_rep")
    first = priority_of(client, web_shop).lists[0].rows[0]
    with store_of(client) as store:
        store.engine.execute("UPDATE products SET name_en = '<script>alert(1)</script>' WHERE sku = $1", [first.sku])
    html = client.get("/evidence").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


def test_the_priority_is_held_until_new_data_is_imported(client_as, web_shop, tmp_path):
    client, html = evidence(client_as)
    assert 'id="matrix"' in html
    with store_of(client) as store:
        store.engine.execute("DELETE FROM sales")
    assert 'id="matrix"' in client.get("/evidence").text  # held: made from the same import and replay
    sent = tmp_path / "sales.csv"  # an import (here of one bad row) is new data: ranked again
    sent.write_text("event_id,occurred_at,location_id,sku,quantity\nx-1,not a day,ST01,SKU-X,1\n", encoding="utf-8")
    with store_of(client) as store:
        assert import_file(store, sent, web_shop.settings).quarantined == 1
    assert render("refusal.no_sales_to_rank", "en") in client.get("/evidence").text


def test_every_policy_has_a_name_in_both_languages():
    for policy in (*RULES, "stock_pilot", "orders_placed"):
        assert set(CATALOGUE[f"web.evidence.name.{policy}"]) == {"en", "zh-HK"}


def test_without_sales_the_priority_says_why_and_the_replay_is_still_shown(client_as):
    client, _ = client_as("vendor")
    with store_of(client) as store:
        store.engine.execute("DELETE FROM sales")
    html = client.get("/evidence").text
    assert render("refusal.no_sales_to_rank", "en") in html and 'id="matrix"' not in html
    assert 'id="tradeoff"' in html
