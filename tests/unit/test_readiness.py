"""R-DATA-4: the pure readiness verdict on hand-made facts."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from stockpilot.domain.readiness import (
    ESTIMATES_ONLY,
    NOT_READY,
    PILOT,
    LocationFacts,
    ReadinessFacts,
    TableFacts,
    assess,
)
from stockpilot.messages import render
from stockpilot.services.parameters import readiness_limits
from stockpilot.settings import load_settings

LIMITS = readiness_limits(load_settings(environ={}, config_file=Path(__file__).with_name("no-such.toml")))
START = date(2024, 1, 1)  # a Monday
CJK = re.compile(r"[\u4e00-\u9fff]")


def location(days: int = 100, gap_days: int = 0, lid: str = "ST01", **kw) -> LocationFacts:
    return LocationFacts(
        location_id=lid,
        first_day=START,
        last_day=START + timedelta(days=days - 1),
        sale_days=days - gap_days,
        gap_days=gap_days,
        median_gap_days=kw.pop("median_gap_days", 1.0),
        **kw,
    )


def good_facts(**kw) -> ReadinessFacts:
    base = ReadinessFacts(
        tables=(TableFacts("sales", stored=100),),
        locations=(location(),),
        promotions_rows=5,
        stock_count_rows=5,
        sync_delay_p95_hours=2.0,
        sync_delay_rows=50,
    )
    return replace(base, **kw)


def check(report, check_id, scope=None):
    found = [c for c in report.checks if c.id == check_id and (scope is None or c.scope == scope)]
    assert len(found) == 1, found
    return found[0]


def test_good_data_is_ready_for_a_pilot():
    report = assess(good_facts(), LIMITS)
    assert report.ready and report.level == PILOT and report.reasons == []
    assert all(c.passed for c in report.checks)


@pytest.mark.parametrize(
    "field, at_limit, beyond, check_id",
    [
        ("missing_required", 5, 6, "completeness"),
        ("id_conflicts", 1, 2, "duplicates"),
        ("invalid_values", 5, 6, "invalid_values"),
    ],
)
def test_table_checks_flip_at_their_threshold(field, at_limit, beyond, check_id):
    for value, ok in ((at_limit, True), (beyond, False)):
        # 100 rows as the data stands: the rows with the problem are quarantined, the others stored
        table = TableFacts("sales", stored=100 - value, quarantined=value, **{field: value})
        assert table.rows == 100
        report = assess(good_facts(tables=(table,)), LIMITS)
        c = check(report, check_id, "table:sales")
        assert c.passed is ok and c.severity == "blocker"
        assert report.ready is ok
        assert report.level == (PILOT if ok else NOT_READY)
        if not ok:
            assert report.reasons == [c.finding]


def test_table_without_rows_is_not_checked():
    report = assess(good_facts(tables=(TableFacts("returns"),)), LIMITS)
    assert not [c for c in report.checks if c.scope == "table:returns"]


def test_granularity_flips_at_its_threshold_and_is_a_warning_when_unmeasurable():
    ok = assess(good_facts(locations=(location(median_gap_days=1.0),)), LIMITS)
    assert check(ok, "granularity").passed
    weekly = assess(good_facts(locations=(location(median_gap_days=1.5),)), LIMITS)
    assert not check(weekly, "granularity").passed and weekly.level == NOT_READY
    single = assess(good_facts(locations=(location(median_gap_days=None),)), LIMITS)
    c = check(single, "granularity")
    assert not c.passed and c.severity == "warning" and c.measured is None
    assert single.ready and [render(r) for r in single.reasons] == ["warning: " + render(c.finding)]


@pytest.mark.parametrize(
    "days, level",
    [(29, NOT_READY), (30, ESTIMATES_ONLY), (89, ESTIMATES_ONLY), (90, PILOT)],
)
def test_history_length_sets_the_level(days, level):
    report = assess(good_facts(locations=(location(days=days),)), LIMITS)
    c = check(report, "history")
    assert c.measured == days
    assert report.level == level
    assert report.ready is (level == PILOT)
    assert c.threshold == (30 if days < 30 else 90)


def test_short_history_and_another_blocker_is_not_ready():
    locs = (location(days=45, lid="ST02"), location(days=100, gap_days=20))
    report = assess(good_facts(locations=locs), LIMITS)
    assert report.level == NOT_READY
    assert not check(report, "gaps", "location:ST01").passed


def test_gap_share_flips_at_its_threshold_and_names_the_closing_days():
    at = assess(good_facts(locations=(location(gap_days=10),)), LIMITS)  # 10 / 100
    assert check(at, "gaps").passed and check(at, "gaps").measured == 0.1
    over = assess(good_facts(locations=(location(gap_days=11),)), LIMITS)
    assert not check(over, "gaps").passed and over.level == NOT_READY
    closed = location(days=14, closed_weekdays=(5, 6))  # two weeks, weekends closed
    assert closed.trading_days == 10
    c = check(assess(good_facts(locations=(closed,)), LIMITS), "gaps")
    assert "Saturday, Sunday" in render(c.finding) and "星期六、星期日" in render(c.finding, "zh-HK")


def test_sync_delay_flips_at_its_threshold_and_is_a_warning_when_unmeasured():
    assert check(assess(good_facts(sync_delay_p95_hours=24.0), LIMITS), "sync_delay").passed
    late = assess(good_facts(sync_delay_p95_hours=24.5), LIMITS)
    assert not check(late, "sync_delay").passed and late.level == NOT_READY
    unknown = assess(good_facts(sync_delay_p95_hours=None, sync_delay_rows=0), LIMITS)
    c = check(unknown, "sync_delay")
    assert not c.passed and c.severity == "warning" and "POS" in render(c.finding)
    assert unknown.ready and unknown.level == PILOT


def test_missing_promotions_blocks_and_missing_stock_counts_warns():
    no_promo = assess(good_facts(promotions_rows=0), LIMITS)
    assert not no_promo.ready and no_promo.level == NOT_READY
    assert "promotion" in render(no_promo.reasons[0])
    no_counts = assess(good_facts(stock_count_rows=0), LIMITS)
    assert no_counts.ready and no_counts.level == PILOT
    assert [render(r) for r in no_counts.reasons] == ["warning: " + render(check(no_counts, "stock_counts").finding)]


def test_no_sales_at_all_is_not_ready():
    report = assess(ReadinessFacts(), LIMITS)
    assert not report.ready and report.level == NOT_READY
    assert not check(report, "sales_present").passed
    assert render(report.reasons[0]).startswith("No sales at all")


def test_a_header_only_promotion_log_is_a_promotion_log():
    # A shop that runs no promotion sends the promotions file with only its header: 0 rows, imported.
    report = assess(good_facts(promotions_rows=0, imported_tables=("promotions", "sales")), LIMITS)
    promotions = check(report, "promotions")
    assert promotions.passed and promotions.measured == 0 and report.level == PILOT
    assert render(promotions.finding) == "Promotion log present, with no promotion in it: none ran."
    assert render(promotions.finding, "zh-HK") == "已有推廣紀錄，但當中沒有推廣：即沒有舉行推廣。"
    # Without the file at all, the log is missing.
    missing = assess(good_facts(promotions_rows=0, imported_tables=("sales",)), LIMITS)
    assert not check(missing, "promotions").passed and missing.level == NOT_READY


def test_reasons_list_blockers_before_warnings():
    report = assess(good_facts(stock_count_rows=0, promotions_rows=0), LIMITS)
    assert len(report.reasons) == 2
    assert not render(report.reasons[0]).startswith("warning: ")
    assert render(report.reasons[1]).startswith("warning: ")


def test_thresholds_come_from_settings():
    strict = load_settings(
        {"readiness_pilot_history_days": 120}, environ={}, config_file=Path(__file__).with_name("no-such.toml")
    )
    assert assess(good_facts(), readiness_limits(strict)).level == ESTIMATES_ONLY


def test_every_check_speaks_both_languages_and_to_dict_is_json_ready():
    facts = good_facts(
        tables=(TableFacts("sales", missing_required=9, id_conflicts=3, quarantined=12, stored=88),),
        locations=(
            location(days=45, gap_days=9, closed_weekdays=(5,)),
            location(days=1, lid="ST09", median_gap_days=None),
        ),
        promotions_rows=0,
        stock_count_rows=0,
        sync_delay_p95_hours=None,
    )
    report = assess(facts, LIMITS)
    assert len({c.id for c in report.checks}) == 10
    for c in report.checks:
        en, zh = render(c.finding, "en"), render(c.finding, "zh-HK")
        assert en.strip() and zh.strip()
        assert CJK.search(zh) and not CJK.search(en)
    for language in ("en", "zh-HK"):
        d = report.to_dict(lambda m, language=language: render(m, language))
        json.dumps(d, ensure_ascii=False)
        assert {"ready", "level", "reasons", "checks", "locations", "tables"} <= set(d)
        assert len(d["reasons"]) == len(report.reasons)
    zh = report.to_dict(lambda m: render(m, "zh-HK"))
    assert zh["reasons"][-1].startswith("警告：")
    assert zh["locations"][0]["closed_weekdays"] == ["星期六"]
    assert report.to_dict(render)["reasons"] == [render(r) for r in report.reasons]
