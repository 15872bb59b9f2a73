"""The Orders page in a real browser (Debian Chromium through Playwright), in both languages: a
buyer approves a flagged proposal, edits another with a reason and downloads the purchase orders;
the vendor sees no decision control and a decision it forces is refused.

The tests of this module share one served copy of the shop (the ``live`` fixture): each run
decides on the first flagged lines no one has decided yet."""

from __future__ import annotations

import csv
import re

import pytest

from stockpilot.domain.messages import Message
from stockpilot.messages import render
from web_fixtures import screenshot

pytestmark = pytest.mark.browser

MINUTE = r"\d{4}-\d\d-\d\d \d\d:\d\d"
REASONS = {"en": "Promotion next week", "zh-HK": "下星期有推廣"}


def decided(code: str, language: str, **values: object) -> re.Pattern[str]:
    """The words of a decision by the buyer at any minute."""
    words = render(code, language, who="buyer", at="AT", **values)
    return re.compile(re.escape(words).replace("AT", MINUTE))


def undecided_flagged(page, language: str):  # type: ignore[no-untyped-def]
    """The first flagged line no one has decided yet, and its line number."""
    row = page.locator('tr[data-flagged="1"]', has_text=render("web.orders.not_decided", language)).first
    return row, int(str(row.get_attribute("id")).removeprefix("line-"))


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_a_buyer_approves_edits_and_downloads_the_purchase_orders(page_as, live, web_shop, language):
    from playwright.sync_api import expect

    page = page_as("buyer", language)
    page.goto(f"{live.url}/orders?flagged=1")
    expect(page.locator("h1")).to_have_text(render("web.orders.heading", language, plan_id=web_shop.plan_id))

    row, approved = undecided_flagged(page, language)
    row.locator('input[name="lines"]').check()
    page.click("#approve")
    page.wait_for_load_state()
    assert "flagged=1" in page.url  # back to the same lines
    notice = render("decided", language, decision=Message("review.decision.approve"), count=1, plan_id=web_shop.plan_id)
    expect(page.locator("#decided")).to_have_text(notice)
    expect(page.locator(f"#line-{approved} .decision")).to_contain_text(decided("review.decided.approve", language))

    row, edited = undecided_flagged(page, language)
    row.locator("summary").click()
    quantity = int(str(row.locator('input[name="quantity"]').input_value())) + 1
    row.locator('input[name="quantity"]').fill(str(quantity))
    row.locator('input[name="reason"]').fill(REASONS[language])
    row.locator("button").click()
    page.wait_for_load_state()
    edit = Message("review.decided.edit", {"who": "buyer", "at": "AT"})
    because = render("review.decided_because", language, decided=edit, reason=REASONS[language])
    expect(page.locator(f"#line-{edited} .decision")).to_contain_text(
        re.compile(re.escape(because).replace("AT", MINUTE))
    )
    expect(page.locator(f"#line-{edited} .quantity")).to_have_text(f"{quantity:,}")
    screenshot(page, f"orders-{language}")

    with page.expect_download() as downloading:
        page.click("#download-csv")
    download = downloading.value
    assert download.suggested_filename == f"plan-{web_shop.plan_id}-order-lines.csv"
    with open(download.path(), encoding="utf-8", newline="") as handle:
        found = {int(r["line"]): r for r in csv.DictReader(handle)}
    line = found[edited]
    assert (line["quantity"], line["decision"], line["decided_by"]) == (str(quantity), "edit", "buyer")
    assert line["decision_reason"] == REASONS[language]
    shown = page.locator(f"#line-{edited}").inner_text()
    assert line["sku"] in shown and line["product"] in shown  # the product named in the page's language


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_the_vendor_sees_no_decision_control_and_a_forced_decision_is_refused(page_as, live, web_shop, language):
    from playwright.sync_api import expect

    page = page_as("vendor", language)
    page.goto(f"{live.url}/orders")
    expect(page.locator("#lines")).to_be_visible()
    for control in ("#approve", "#reject", 'input[name="lines"]', "details", "#run-plan"):
        expect(page.locator(control)).to_have_count(0)
    _, line = undecided_flagged(page, language)
    csrf = page.locator('input[name="csrf"]').first.get_attribute("value")
    form = {"csrf": str(csrf), "plan": str(web_shop.plan_id), "lines": str(line), "decision": "approve"}
    answer = page.request.post(f"{live.url}/orders/decide", form=form)
    assert answer.status == 403
    assert render("refusal.forbidden", language, action="decide_orders") in answer.text()
    page.reload()
    expect(page.locator(f"#line-{line} .decision")).to_contain_text(render("web.orders.not_decided", language))
    screenshot(page, f"orders-vendor-{language}")
