"""The buyer's day end to end on a small two-store shop written by hand (tests/fixtures/two_store_shop):
its own exports imported as a new user would, with open orders due next week, a promotion next week,
a header-only promotion log and a finished seasonal item (issue: the buyer's day, done right).

Hand figures (fixture README): the plan day is Monday 2026-11-30; Mong Kok has 14 jasmine tea on hand
and 36 on order (PO-1127, due 4 December); Sha Tin has 20 egg rolls on hand, 48 on order and a 10%
promotion from 5 December, inside the supplier's 7-day lead time; 70 boxes of mooncakes are left
after Mid-Autumn (25 September) at HK$180 each.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from stockpilot.adapters.storage.store import open_store
from stockpilot.services.forecasting import run_forecast
from stockpilot.services.importing import files_in_order, import_file
from stockpilot.services.planning import make_plan
from stockpilot.services.prioritising import prioritise_skus
from stockpilot.services.purchase_orders import export_purchase_orders
from stockpilot.services.readiness import check_readiness
from stockpilot.services.review import ReviewFilter, approve_shown, decide, latest_plan, review_list

pytestmark = pytest.mark.xdist_group("buyer_day")  # one worker builds the shop once (make test: --dist loadgroup)

SHOP = Path(__file__).resolve().parents[1] / "fixtures" / "two_store_shop"
PLAN_DAY = dt.date(2026, 11, 30)
LATER_FILE = "promotions-december.csv"


class MondayMorning:
    """The shop's clock: 8 a.m. on the plan day, so "next week" is next week whenever the test runs."""

    def __init__(self, hour: int = 8) -> None:
        self.at = dt.datetime.combine(PLAN_DAY, dt.time(hour))

    def now(self) -> dt.datetime:
        return self.at


@pytest.fixture(scope="module")
def shop(tmp_path_factory, settings_module):
    folder = tmp_path_factory.mktemp("buyer_day")
    with open_store(str(folder / "shop.duckdb")) as db:
        reports = [
            import_file(db, path, settings_module, clock=MondayMorning())
            for path in files_in_order(SHOP)
            if path.name != LATER_FILE
        ]
        readiness = check_readiness(db, settings_module)
        later = import_file(db, SHOP / LATER_FILE, settings_module, clock=MondayMorning())
        run_forecast(db, settings_module, clock=MondayMorning())
        plan = make_plan(db, settings_module, PLAN_DAY, clock=MondayMorning())
        yield db, folder, reports, readiness, later, plan


@pytest.fixture(scope="module")
def settings_module(tmp_path_factory):
    from stockpilot.settings import load_settings

    key = tmp_path_factory.mktemp("key") / "pseudonym.key"
    return load_settings(overrides={"pseudonym_key_file": str(key)})


def _line(plan, location, sku):
    return next(x for x in plan.lines if (x.location_id, x.sku) == (location, sku))


def test_every_row_of_the_shops_own_files_is_accepted(shop):
    _, _, reports, _, later, _ = shop
    assert [(r.source.split("/")[-1], r.quarantined) for r in reports if r.quarantined] == []
    orders = next(r for r in reports if "purchase_orders" in r.source)
    assert (orders.received, orders.accepted) == (5, 5)  # the two open lines due next week are kept
    promotions = next(r for r in reports if r.source.endswith("/promotions.csv"))
    assert promotions.received == 0
    assert (later.received, later.accepted, later.quarantined) == (1, 1, 0)


def test_a_header_only_promotion_log_and_planned_dates_leave_the_shop_ready(shop):
    readiness = shop[3]
    assert readiness.ready and readiness.level == "pilot", [m.code for m in readiness.reasons]


def test_what_is_already_coming_is_counted_and_not_ordered_twice(shop):
    plan = shop[5]
    tea = _line(plan, "MK", "TEA-01")
    assert (tea.on_hand, tea.on_order) == (14, 36)
    need = tea.order_up_to - tea.on_hand - tea.on_order
    assert tea.raw_quantity == pytest.approx(max(need, 0))
    assert tea.quantity == 12 * math.ceil(need / 12)  # whole cases of 12, nothing more
    rolls = _line(plan, "ST", "SNK-01")
    assert rolls.on_order == 48
    assert rolls.quantity == 24 * math.ceil((rolls.order_up_to - 20 - 48) / 24)


def test_the_promotion_next_week_and_the_finished_season_are_flagged(shop):
    plan = shop[5]
    assert "promotion_soon" in _line(plan, "ST", "SNK-01").flags.split(",")
    assert "promotion_soon" not in _line(plan, "MK", "SNK-01").flags.split(",")
    for location in ("MK", "ST"):
        mooncakes = _line(plan, location, "MOON-01")
        assert {"season_ended", "dead_stock"} <= set(mooncakes.flags.split(",")), mooncakes.flags
        assert mooncakes.quantity == 0


def test_the_finished_season_is_left_out_of_the_pilot_lists(shop, settings_module):
    report = prioritise_skus(shop[0], settings_module)
    assert "MOON-01" in {x.sku for x in report.left_out}
    assert all(row.sku != "MOON-01" for top in report.lists for row in top.rows)


def test_a_replan_of_the_day_keeps_the_buyers_decisions(shop, settings_module):
    db, *_ = shop
    first = latest_plan(db)
    approved = approve_shown(db, first, ReviewFilter(suppliers=("KTT",)), "Mandy", clock=MondayMorning(9))
    assert approved == 2  # the two jasmine tea lines
    rolls = next(x for x in review_list(db, first).lines if (x.location_id, x.sku) == ("MK", "SNK-01"))
    edited = rolls.quantity + 24
    decide(
        db,
        first,
        [rolls.line],
        "edit",
        "Mandy",
        quantity=edited,
        reason="school fair on Saturday",
        settings=settings_module,
        clock=MondayMorning(9),
    )
    again = make_plan(db, settings_module, PLAN_DAY, clock=MondayMorning(10))
    assert latest_plan(db) == again.plan_id != first
    kept = {(x.location_id, x.sku): x for x in review_list(db, again.plan_id).lines if x.decision}
    assert {k: v.decision for k, v in kept.items()} == {
        ("MK", "TEA-01"): "approve",
        ("ST", "TEA-01"): "approve",
        ("MK", "SNK-01"): "edit",
    }
    assert kept[("MK", "SNK-01")].quantity == edited
    assert kept[("MK", "SNK-01")].decision_reason == "school fair on Saturday"
    assert kept[("MK", "SNK-01")].decided_at == dt.datetime(2026, 11, 30, 9)


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_the_purchase_order_carries_what_a_supplier_needs(shop, language, tmp_path):
    db, *_ = shop
    plan_id = latest_plan(db)
    if not any(x.decision for x in review_list(db, plan_id).lines):
        approve_shown(db, plan_id, ReviewFilter(suppliers=("KTT",)), "Mandy", clock=MondayMorning(9))
    export = export_purchase_orders(db, plan_id, tmp_path, language)
    tea = next(o for o in export.orders if (o.supplier.party_id, o.deliver_to.party_id) == ("KTT", "MK"))
    assert (tea.order_date, tea.delivery_date) == (PLAN_DAY, PLAN_DAY + dt.timedelta(days=5))
    line = tea.lines[0]
    assert (line.sku, line.case_pack, line.units % 12, line.unit_cost) == ("TEA-01", 12, 0, 28.0)
    assert tea.total_cost == pytest.approx(line.units * 28.0)
    files = next(x.files for x in export.written if x.order_number == tea.order_number)
    pdf = next(p for p in files if p.suffix == ".pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    expected = [
        tea.order_number,
        "2026-11-30",
        "2026-12-05",
        "Kowloon Tea Trading Co.",
        "旺角店" if language == "zh-HK" else "Mong Kok Shop",
        "45 Fa Yuen Street",
        "TEA-01",
        "Jasmine Tea 250g",
        "茉莉花茶 250克",
        f"{line.units:,}",
        "28.00",
        f"{tea.total_cost:,.2f}",
    ]
    assert [x for x in expected if x not in text] == []
    sheet = openpyxl.load_workbook(next(p for p in files if p.suffix == ".xlsx")).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    cells = " ".join(map(str, values))
    assert [x for x in expected[:9] if x not in cells] == []  # texts; the numbers are numbers
    assert {line.units, 28.0, tea.total_cost} <= set(values)
    for internal in ("safety", "forecast", "安全存貨", "預測", "promotion_soon", "Mandy"):
        assert internal not in text and internal not in cells
