"""The Evidence page in a real browser (Debian Chromium through Playwright), in both languages: the
replay's charts are drawn with a size, named for a screen reader and with their legends, and
the page breaks no rule of its Content-Security-Policy."""

from __future__ import annotations

import pytest

from stockpilot.messages import render
from web_fixtures import screenshot

pytestmark = pytest.mark.browser

CHARTS = ("tradeoff", "daily-stockouts", "daily-stock", "matrix")


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_the_replay_charts_are_drawn_with_their_legends(page_as, live, language):
    from playwright.sync_api import expect

    page = page_as("finance", language)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security" in message.text else None)
    page.goto(f"{live.url}/evidence")
    expect(page.locator("h1")).to_have_text(render("web.evidence.title", language))
    for chart_id in CHARTS:
        chart = page.locator(f"svg#{chart_id}")
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200, (chart_id, box)
        expect(chart.locator("title")).to_have_count(1)
    legend = page.locator("svg#tradeoff g.legend text")
    expect(legend).to_have_count(6)  # two sweeps, three usual settings, Stock Pilot at the rule's stock value
    expect(legend.first).to_have_text(
        render("web.evidence.curve", language, name=render("web.evidence.name.min_max", language))
    )
    expect(legend.last).to_have_text(render("web.evidence.mark.equal", language))
    legend_box = page.locator("svg#tradeoff g.legend").bounding_box()
    chart_box = page.locator("svg#tradeoff").bounding_box()
    assert legend_box is not None and chart_box is not None
    assert legend_box["height"] > 0 and legend_box["y"] + legend_box["height"] <= chart_box["y"] + chart_box["height"]
    assert page.locator("svg#tradeoff polyline").count() == 2
    expect(page.locator("svg#matrix g.legend text")).to_be_visible()
    expect(page.locator("#top-50 tbody tr")).to_have_count(21)
    assert refused == []
    screenshot(page, f"evidence-{language}")
