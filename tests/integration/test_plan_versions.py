"""A plan per day is versioned, edits are validated, and the review list is one a buyer can work
from (issue 13, findings 2, 3 and 7): on the small shop of test_planning.py, every count and HK$
total checked by hand.

The shop's plan for DAY (lines in supplier, location, SKU order; unit costs SKU1 40, SKU2 8, SKU3 10):

    line  supplier  location  SKU   class  quantity  HK$     flags (among others)
       1  S1        WH        SKU1  A           32   1,280
       2  S1        WH        SKU2  B            0       0   promotion_soon
       3  S1        WH        SKU3  C           24     240
       4  WH        ST01      SKU1  A           16     640   (on hand 10 + on order 12)
       5  WH        ST01      SKU2  B            0       0   promotion_soon
       6  WH        ST01      SKU3  C            6      60   no_stock_count
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from test_planning import DAY, fill_shop
from typer.testing import CliRunner

from conftest import count_rows
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.doors.cli import app
from stockpilot.errors import Refusal
from stockpilot.services import review
from stockpilot.services.planning import make_plan
from stockpilot.settings import SettingsError, load_settings

AT = dt.datetime(2024, 3, 11, 9, 30)


class FixedClock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at


@pytest.fixture
def shop(shop_db: Store) -> Store:
    fill_shop(shop_db)
    return shop_db


def _cli(store: Store, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(store.location), *args])
    return result.exit_code, result.output


def _reopen(store: Store) -> Store:
    """The shop's file opened again after a command line call closed it."""
    return open_store(store.location)


def _all(store: Store, plan_id: int) -> list[review.ReviewLine]:
    return review.review_lines(store, plan_id, review.ReviewFilter(ordered_only=False))


def test_the_plan_is_as_the_module_docstring_says(shop, settings):
    plan = make_plan(shop, settings, DAY)
    assert [(x.line, x.supplier_id, x.location_id, x.sku, x.abc, x.quantity) for x in plan.lines] == [
        (1, "S1", "WH", "SKU1", "A", 32),
        (2, "S1", "WH", "SKU2", "B", 0),
        (3, "S1", "WH", "SKU3", "C", 24),
        (4, "WH", "ST01", "SKU1", "A", 16),
        (5, "WH", "ST01", "SKU2", "B", 0),
        (6, "WH", "ST01", "SKU3", "C", 6),
    ]
    assert {x.line for x in plan.lines if "promotion_soon" in x.flags} == {2, 5}
    assert {x.line for x in plan.lines if "no_stock_count" in x.flags} == {6}


def test_a_replan_keeps_the_decisions_of_unchanged_lines_and_flags_the_changed_one(shop, settings):
    first = make_plan(shop, settings, DAY)
    clock = FixedClock(AT)
    review.decide(shop, first.plan_id, [1, 4], "approve", "Ada", clock=clock)
    review.decide(shop, first.plan_id, [3], "edit", "Ben", quantity=30, reason="a full pallet", clock=clock)
    review.decide(shop, first.plan_id, [6], "reject", "Ada", reason="discontinued", clock=clock)
    # the open order of 12 for SKU1 at ST01 is cancelled: that line now needs 37 - 10 = 27 -> cases of 4 -> 28
    shop.engine.connection.execute("DELETE FROM purchase_orders")
    shop.close()
    code, output = _cli(shop, "plan", "--date", DAY.isoformat())
    assert code == 0, output
    assert "replaces plan 1 of the same day: 3 decision(s) kept, 1 line(s) changed since decided" in output
    assert "changed since you decided" in output
    with _reopen(shop) as db:
        assert review.latest_plan(db) == 2 and db.plans.superseded_by(1) == 2 and db.plans.superseded_by(2) is None
        second = {x.line: x for x in _all(db, 2)}
        assert second[4].quantity == 28 and second[4].decision is None
        assert "changed_since_decision" in second[4].flags
        kept = {n: (x.decision, x.quantity, x.decided_by, x.decision_reason, x.carried_from) for n, x in second.items()}
        assert kept[1] == ("approve", 32, "Ada", None, 1)
        assert kept[3] == ("edit", 30, "Ben", "a full pallet", 1)
        assert kept[6] == ("reject", 0, "Ada", "discontinued", 1)
        assert second[3].decided_at == AT and second[3].proposed_quantity == 24
        assert not any("changed_since_decision" in x.flags for n, x in second.items() if n != 4)
        # the first plan is kept for the audit, with its decisions
        assert {x.line: x.decision for x in _all(db, 1)} == {
            1: "approve",
            2: None,
            3: "edit",
            4: "approve",
            5: None,
            6: "reject",
        }
        with pytest.raises(Refusal) as refused:
            review.decide(db, 1, [2], "approve", "Ada")
        assert refused.value.code == "refusal.plan_superseded" and refused.value.params["replaced_by"] == 2
        # a third plan of the day: the decisions still name the plan they were made on, and the
        # changed line, still undecided, stays flagged
        third = make_plan(db, settings, DAY)
        assert (third.supersedes, third.carried, third.changed) == (2, 3, 1)
        assert {x.line for x in _all(db, 3) if "changed_since_decision" in x.flags} == {4}
        assert {x.line: x.carried_from for x in _all(db, 3) if x.decision} == {1: 1, 3: 1, 6: 1}
        with pytest.raises(Refusal, match="plan 1 was replaced by plan 3"):
            review.decide(db, 1, [2], "approve", "Ada")  # the plan of the day now, not the one in between
    code, output = _cli(shop, "review", "approve", "2", "--by", "Ada", "--plan", "2")
    assert code == 2 and "plan 2 was replaced by plan 3 (a re-plan of the same day): decide on plan 3" in output
    code, output = _cli(shop, "review", "list", "--plan", "1")
    assert code == 0 and output.startswith("plan 1 was replaced by plan 3: shown for the record")
    code, output = _cli(shop, "review", "list", "--json")
    assert json.loads(output)["plan_id"] == 3  # review works on the plan of the day by default


def test_edits_are_whole_units_above_zero_and_within_the_limit(shop, settings):
    plan = make_plan(shop, settings, DAY)
    shop.close()
    # line 4 proposes 16 in cases of 4: the limit is 5 x max(16, 4) = 80
    for quantity, said in (
        ("7.5", "line 4: 7.5 is not a whole number of units"),
        ("0", "line 4: 0 must be above 0; to order nothing, reject the line"),
        ("1e9", "line 4: 1000000000 is above the limit of 80 (5 x the larger of the proposal and one case pack)"),
        ("81", "line 4: 81 is above the limit of 80"),
    ):
        code, output = _cli(shop, "review", "edit", "4", "--quantity", quantity, "--by", "Ben", "--reason", "x")
        assert code == 2 and said in output, output
    code, output = _cli(
        shop, "--lang", "zh-HK", "review", "edit", "4", "--quantity", "7.5", "--by", "B", "--reason", "x"
    )
    assert code == 2 and "第 4 行：7.5 不是整數件數" in output
    with _reopen(shop) as db:
        assert count_rows(db, "review_decisions") == 0  # nothing refused was recorded
        tighter = settings.replace(review_edit_max_multiple=2)  # 2 x 16 = 32
        with pytest.raises(Refusal, match="above the limit of 32"):
            review.decide(db, plan.plan_id, [4], "edit", "Ben", quantity=33, reason="x", settings=tighter)
        # line 5 proposes 0 in cases of 12: up to 5 x 12 = 60; several lines are each checked
        with pytest.raises(Refusal, match="line 5: 61 is above the limit of 60"):
            review.decide(db, plan.plan_id, [4, 5], "edit", "Ben", quantity=61, reason="x")
        assert review.decide(db, plan.plan_id, [4, 5], "edit", "Ben", quantity=60, reason="x") == 2
    with pytest.raises(SettingsError, match="review_edit_max_multiple must be a number > 1"):
        load_settings({"review_edit_max_multiple": 1}, environ={})


def test_an_edit_keeps_the_proposal_reason_and_shows_the_persons_reason_and_time(shop, settings):
    plan = make_plan(shop, settings, DAY)
    review.decide(shop, plan.plan_id, [4], "edit", "Ben", quantity=20, reason="shelf is full", clock=FixedClock(AT))
    shop.close()
    code, output = _cli(shop, "review", "list", "--location", "ST01")
    assert code == 0, output
    assert "      4  ST01   SKU1              20  HK$    800.00  Jasmine rice 5kg" in output  # 20 x HK$40
    assert "rounded up to cases of 4 -> order 16" in output  # the proposal's reason stays
    assert "edited by Ben at 2024-03-11 09:30; reason: shelf is full" in output
    code, output = _cli(shop, "--lang", "zh-HK", "review", "list", "--location", "ST01")
    assert "由 Ben 於 2024-03-11 09:30 修改；原因：shelf is full" in output
    code, output = _cli(shop, "review", "list", "--json")
    line = next(x for x in json.loads(output)["lines"] if x["line"] == 4)
    assert (line["decision"], line["quantity"], line["proposed_quantity"]) == ("edit", 20, 16)
    assert (line["decided_by"], line["decided_at"], line["decision_reason"]) == (
        "Ben",
        "2024-03-11T09:30:00",
        "shelf is full",
    )
    assert line["reason_en"].endswith("-> order 16") and line["value"] == 800
    with _reopen(shop) as db:  # what the exports read: the store's rows
        row = next(r for r in db.plans.lines(plan.plan_id) if r["line"] == 4)
    assert (row["decision"], row["decided_by"], row["decided_at"], row["decision_reason"]) == (
        "edit",
        "Ben",
        AT,
        "shelf is full",
    )
    assert (row["product_name_en"], row["product_name_zh"], row["case_pack"]) == (
        "Jasmine rice 5kg",
        "茉莉香米 5公斤",
        4,
    )


def test_totals_per_supplier_and_store_by_hand(shop, settings):
    plan = make_plan(shop, settings, DAY)
    listed = review.review_list(shop, plan.plan_id)
    # S1: 32 + 0 + 24 units, HK$1,280 + 0 + 240; WH: 16 + 0 + 6 units, HK$640 + 0 + 60
    assert [(t.key, t.lines, t.units, t.value) for t in listed.by_supplier] == [
        ("S1", 3, 56, 1520),
        ("WH", 3, 22, 700),
    ]
    assert [(t.key, t.name_en, t.value) for t in listed.by_location] == [
        ("ST01", "Mong Kok store", 700),
        ("WH", "Central warehouse", 1520),
    ]
    assert listed.value == 2220
    review.decide(shop, plan.plan_id, [1], "reject", "Ada")  # nothing of SKU1 from S1: S1 falls to HK$240
    review.decide(shop, plan.plan_id, [4], "edit", "Ben", quantity=20, reason="x")  # ST01: 800 + 60
    listed = review.review_list(shop, plan.plan_id)
    assert [(t.key, t.units, t.value) for t in listed.by_supplier] == [("S1", 24, 240), ("WH", 26, 860)]
    shop.close()
    code, output = _cli(shop, "review", "list")
    assert "  Supplier (S1): 3 line(s), 24 units, HK$240.00" in output
    assert "  Mong Kok store (ST01): 3 line(s), 26 units, HK$860.00" in output
    assert "All lines shown: 6 line(s), HK$1,100.00 at unit cost" in output
    code, output = _cli(shop, "review", "list", "--json")
    totals = json.loads(output)["totals"]
    assert (totals["lines"], totals["value"]) == (6, 1100)
    assert [(t["key"], t["units"], t["value"]) for t in totals["locations"]] == [("ST01", 26, 860), ("WH", 24, 240)]


def test_names_in_the_reading_language(shop, settings):
    make_plan(shop, settings, DAY)
    shop.close()
    code, output = _cli(shop, "--lang", "zh-HK", "review", "list", "--location", "ST01")
    assert code == 0, output
    assert "茉莉香米 5公斤" in output and "生抽 500毫升" in output and "Jasmine" not in output
    assert "  旺角店（ST01）：3 行，22 件，HK$700.00" in output and "按分店及倉庫合計" in output
    code, output = _cli(shop, "review", "list", "--location", "ST01")
    assert "Jasmine rice 5kg" in output and "茉莉香米" not in output


def test_filters_list_and_approve_all_the_same_lines(shop, settings):
    make_plan(shop, settings, DAY)
    shop.close()

    def listed(*filters: str) -> list[int]:
        code, output = _cli(shop, "review", "list", "--json", *filters)
        assert code == 0, output
        return sorted(x["line"] for x in json.loads(output)["lines"])

    assert listed() == [1, 2, 3, 4, 5, 6]  # each orders something or is flagged
    assert listed("--supplier", "WH") == [4, 5, 6]
    assert listed("--location", "WH", "--abc", "A") == [1]
    assert listed("--abc", "C") == [3, 6]
    assert listed("--abc", "A", "--abc", "B") == [1, 2, 4, 5]
    assert listed("--flag", "promotion_soon") == [2, 5]
    assert listed("--flag", "promotion_soon", "--flag", "no_stock_count") == [2, 5, 6]
    assert listed("--location", "ST01", "--location", "WH", "--supplier", "S1") == [1, 2, 3]
    code, output = _cli(shop, "review", "list", "--abc", "D")
    assert code == 2 and "--abc must be one of A, B, C, not 'D'" in output
    code, output = _cli(shop, "review", "list", "--flag", "no_such_flag")
    assert code == 2 and "--flag must be one of" in output

    code, output = _cli(shop, "review", "approve", "--all", "--supplier", "WH", "--abc", "A", "--by", "Ada")
    assert code == 0 and "approve: 1 line(s) of plan 1" in output
    code, output = _cli(shop, "review", "approve", "--all", "--flag", "promotion_soon", "--by", "Ada")
    assert code == 0 and "approve: 2 line(s) of plan 1" in output
    code, output = _cli(shop, "review", "list", "--json")
    decided = {x["line"]: (x["decision"], x["decided_by"]) for x in json.loads(output)["lines"] if x["decision"]}
    assert decided == {4: ("approve", "Ada"), 2: ("approve", "Ada"), 5: ("approve", "Ada")}
    for refused in (["2", "--all"], [], ["2", "--supplier", "WH"]):
        code, output = _cli(shop, "review", "approve", *refused, "--by", "Ada")
        assert code == 2 and "name the lines to approve, or give --all" in output
    code, output = _cli(shop, "review", "approve", "--all", "--location", "ST99", "--by", "Ada")
    assert code == 0 and "approve: 0 line(s) of plan 1" in output


def test_nothing_flagged_says_so(shop, settings):
    make_plan(shop, settings, DAY)
    shop.engine.connection.execute("UPDATE proposals SET flags = ''")
    shop.close()
    code, output = _cli(shop, "review", "list", "--flagged")
    assert (code, output) == (0, "nothing is flagged in plan 1\n")
    code, output = _cli(shop, "--lang", "zh-HK", "review", "list", "--flagged")
    assert output == "第 1 號訂貨建議沒有需要覆核的行\n"
    code, output = _cli(shop, "review", "list", "--flagged", "--json")
    data = json.loads(output)
    assert data["lines"] == [] and data["totals"] == {"suppliers": [], "locations": [], "lines": 0, "value": 0}
    code, output = _cli(shop, "review", "list", "--supplier", "S9")
    assert output == "no line of plan 1 matches\n"


def test_hostile_quantities_and_filters_through_the_command_line(shop, settings):
    make_plan(shop, settings, DAY)
    path = str(shop.location)
    shop.close()
    runner = CliRunner()
    for typed in ("1e9", "1e309", "-1e309", "nan", "-0", "0.0000001", "16.5", "-16", "1e-320", "80.00000001"):
        result = runner.invoke(
            app, ["--db", path, "review", "edit", "4", "--quantity", typed, "--by", "x", "--reason", "y"]
        )
        assert result.exit_code == 2 and "line 4:" in result.output, (typed, result.output)
    injected = "'; DROP TABLE plans; --"
    for option in ("--location", "--supplier"):
        result = runner.invoke(app, ["--db", path, "review", "list", "--json", option, injected])
        assert result.exit_code == 0 and json.loads(result.output)["lines"] == []
        result = runner.invoke(app, ["--db", path, "review", "approve", "--all", option, injected, "--by", "x"])
        assert result.exit_code == 0 and "approve: 0 line(s)" in result.output
    with open_store(path) as db:
        assert count_rows(db, "review_decisions") == 0 and count_rows(db, "plans") == 1
