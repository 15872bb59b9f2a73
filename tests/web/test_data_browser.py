"""The Data page in a real browser (Debian Chromium through Playwright), in both languages: a buyer
imports a file with bad rows, sees them quarantined with their reasons, downloads them, fixes
them, imports the fixed file and sees their problems closed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from stockpilot.messages import render
from web_fixtures import Shop, screenshot

pytestmark = pytest.mark.browser

HEADER = ["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price", "recorded_at"]


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def cards(page) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    return tuple(int(page.locator(f"#{name} .big").inner_text()) for name in ("received", "accepted", "quarantined"))  # type: ignore[return-value]


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_a_buyer_imports_bad_rows_downloads_them_fixes_them_and_sees_them_closed(
    page_as, web_shop: Shop, tmp_path: Path, language: str
):
    with (web_shop.db.parent / "files" / "sales.csv").open(encoding="utf-8", newline="") as handle:
        sale = next(csv.DictReader(handle))
    day, at = sale["occurred_at"], f"{sale['occurred_at']} 20:00:00"
    good = {"occurred_at": day, "location_id": sale["location_id"], "sku": sale["sku"], "quantity": "1"}
    tag = language.upper()  # each language's own rows: the live server's database is shared by both
    rows = [
        {"event_id": f"WEB-{tag}-OK", **good},
        {"event_id": f"WEB-{tag}-BAD-1", **good, "quantity": "-4"},
        {"event_id": f"WEB-{tag}-BAD-2", **good, "sku": "NO-SUCH-SKU"},
    ]
    rows = [{**row, "unit_price": sale["unit_price"], "recorded_at": at} for row in rows]
    name = f"sales-browser-{language}.csv"
    bad = [f"WEB-{tag}-BAD-1", f"WEB-{tag}-BAD-2"]

    page = page_as("buyer", language)
    assert page.url.endswith("/data"), page.url
    page.set_input_files("#file", str(write_csv(tmp_path / name, rows)))
    page.click("#import")
    page.wait_for_load_state()
    assert page.locator("#result h2").inner_text() == render("web.data.result.title", language, name=name)
    assert cards(page) == (3, 1, 2)  # received = accepted + quarantined
    assert page.locator("#result-rows tbody tr").count() == 2
    listed = page.locator("#quarantine tbody tr", has_text=name)
    assert listed.count() == 2
    for event_id in bad:
        row = page.locator("#quarantine tbody tr", has_text=f"event_id={event_id},")
        assert row.locator("td").nth(1).inner_text() == name
        assert row.locator("td").nth(4).inner_text()  # its reason
    quantity = page.locator("#quarantine tbody tr", has_text=f"event_id={bad[0]},").locator("td").nth(4).inner_text()
    assert "-4" in quantity

    link = page.locator("#downloads a", has_text=name)
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == f"sales-browser-{language}.quarantine.csv"
    handed_back = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert [r["event_id"] for r in handed_back] == bad
    assert [r["source_row"] for r in handed_back] == ["3", "4"]
    handed_back[0]["quantity"] = "4"
    handed_back[1]["sku"] = sale["sku"]
    fixed = write_csv(tmp_path / download.suggested_filename, handed_back)

    page.set_input_files("#file", str(fixed))
    page.select_option("#encoding", "utf-8")
    page.click("#import")
    page.wait_for_load_state()
    assert cards(page) == (2, 2, 0)
    assert page.locator("#result .ok").inner_text() == render("web.data.result.all_accepted", language)
    for event_id in bad:
        assert page.locator("#quarantine tbody tr", has_text=f"event_id={event_id},").count() == 0
    assert page.locator("#downloads a", has_text=name).count() == 0
    assert page.locator("#imports tbody tr").first.locator("td").nth(1).inner_text() == download.suggested_filename
    assert page.locator("#verdict").inner_text() in {
        render(level, language) for level in ("pilot", "estimates_only", "not_ready")
    }
    screenshot(page, f"data-{language}")
