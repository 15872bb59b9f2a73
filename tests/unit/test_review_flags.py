"""Review flags (R-REP-3) on hand-made lines: each rule fires alone, and only when it should.

The plain line: a need of 10 rounded up to a case of 12; 5 on hand at HK$10 with 20 sold in the
last 56 days (5 x 56 / 20 = 14 days of cover); 30 of the year's 100 units in its best 90 days
(no season); the location's latest sale row from the day before the plan (0 days without data).
"""

from __future__ import annotations

import numpy as np
import pytest

from flag_examples import FLAG_EXAMPLES
from stockpilot.domain.replenishment.reasons import LineFacts, reason
from stockpilot.domain.replenishment.review import (
    FLAG_VALUES,
    FLAGS,
    FlagFacts,
    LineFlags,
    ReviewLimits,
    flag_message,
    review_flags,
)
from stockpilot.messages import render


def line(**changes) -> LineFlags:
    values = dict(
        recent_sales=10.0,
        band_low=5.0,
        band_high=15.0,
        raw=10.0,
        quantity=12.0,
        steps=("case_pack_up",),
        usual_order=12.0,
        history_days=100.0,
        promotion_soon=False,
        counted=True,
        budget_cut=False,
        on_hand=5.0,
        unit_cost=10.0,
        dead_window_units=20.0,
        year_units=100.0,
        peak_units=30.0,
        peak_end_age=1.0,
        days_without_data=0.0,
    )
    values.update(changes)
    age = values.pop("data_age_hours", 6.0)
    steps = [values.pop("steps")]
    arrays = {k: np.array([v]) for k, v in values.items()}
    return review_flags(FlagFacts(**arrays, steps=steps, data_age_hours=age), ReviewLimits())[0]


def flags(**changes) -> tuple[str, ...]:
    return line(**changes).codes


def test_a_plain_line_is_not_flagged_and_each_rule_fires_alone():
    assert flags() == ()
    assert flags(recent_sales=16.0) == ("forecast_off_band",)
    assert flags(recent_sales=4.0) == ("forecast_off_band",)
    assert flags(quantity=37.0) == ("order_jump",)  # more than 3 x 12
    assert flags(quantity=36.0) == ()  # exactly 3 x is not a jump
    assert flags(usual_order=np.nan) == ()  # no usual order known: nothing to compare
    assert flags(history_days=27.0) == ("new_sku",)
    assert flags(promotion_soon=True) == ("promotion_soon",)
    assert flags(data_age_hours=25.0) == ("stale_data",)
    assert flags(budget_cut=True) == ("budget_cut",)
    assert flags(counted=False) == ("no_stock_count",)


def test_rounding_dominated_when_the_need_is_under_a_quarter_of_the_order():
    tiny = line(raw=0.0412, quantity=12.0)  # a need of 0.04 rounded up to a case of 12
    assert tiny.codes == ("rounding_dominated",)
    assert tiny.values == {"rounding_dominated": {"need": 0.04, "order": 12.0}}
    assert flags(raw=3.0, quantity=12.0) == ()  # 3 = 25% of 12: not under it
    assert flags(raw=2.99, quantity=12.0, steps=("case_pack_up", "moq")) == ("rounding_dominated",)
    assert flags(raw=0.0, quantity=0.0, steps=()) == ()  # nothing needed, nothing ordered


def test_shortfall_suppressed_names_the_shelf_constraint_that_cut_the_need():
    # MOQ 24 does not fit a shelf with room for 12: the need of 18 becomes 0
    cut = line(raw=18.0, quantity=0.0, steps=("case_pack_up", "moq", "shelf_cap", "shelf_below_moq"))
    assert cut.codes == ("shortfall_suppressed",)
    assert cut.values == {"shortfall_suppressed": {"need": 18.0, "order": 0.0, "constraint": "shelf_below_moq"}}
    capped = line(raw=18.0, quantity=12.0, steps=("case_pack_up", "shelf_cap"))  # room for one case of 12
    assert capped.values["shortfall_suppressed"]["constraint"] == "shelf_cap"
    assert flags(raw=18.0, quantity=24.0, steps=("case_pack_up", "shelf_cap")) == ()  # capped, still above the need
    assert flags(raw=18.0, quantity=0.0, steps=("case_pack_up", "budget_cut"), budget_cut=True) == ("budget_cut",)


def test_dead_stock_unsold_for_56_days_or_covering_more_than_180_days():
    dead = line(on_hand=40.0, unit_cost=180.0, dead_window_units=0.0)
    assert dead.codes == ("dead_stock",)
    assert dead.values == {"dead_stock": {"units": 40.0, "value": 7200.0, "sold": 0.0}}
    assert flags(on_hand=100.0, dead_window_units=31.0) == ("dead_stock",)  # 100 / (31 / 56) = 180.6 days
    assert flags(on_hand=100.0, dead_window_units=32.0) == ()  # 175 days
    assert flags(on_hand=0.0, dead_window_units=0.0) == ()  # nothing on hand: nothing dead


def test_season_ended_when_80_percent_of_the_year_fell_in_90_days_that_ended_two_weeks_ago():
    ended = line(year_units=100.0, peak_units=80.0, peak_end_age=14.0)
    assert ended.codes == ("season_ended",)
    assert ended.values == {"season_ended": {"share": 0.8, "ago": 14}}
    assert flags(year_units=100.0, peak_units=80.0, peak_end_age=13.0) == ()  # the season is still on
    assert flags(year_units=100.0, peak_units=79.0, peak_end_age=60.0) == ()  # spread over the year
    assert flags(year_units=0.0, peak_units=0.0, peak_end_age=np.nan) == ()  # no sale in the year


def test_no_recent_data_replaces_the_band_breach_it_would_cause():
    gone = line(days_without_data=3.0, recent_sales=0.0)  # a plan dated three days after the data
    assert gone.codes == ("no_recent_data",)
    assert gone.values == {"no_recent_data": {"days": 3}}
    assert flags(days_without_data=2.0, recent_sales=0.0) == ("forecast_off_band",)  # two days: allowed
    assert flags(days_without_data=np.nan) == ()  # no sale row ever at the location: not "recent" (new_sku)


def test_no_recent_data_also_says_what_stale_data_would():
    assert flags(days_without_data=3.0, data_age_hours=72.0) == ("no_recent_data",)  # one cause, one flag
    assert flags(days_without_data=1.0, data_age_hours=30.0) == ("stale_data",)


def test_every_flag_has_words_in_both_languages():
    for code in FLAGS:
        message = flag_message(code, ReviewLimits(), FLAG_EXAMPLES.get(code))
        assert render(message, "en") and render(message, "zh-HK")
    assert set(FLAG_EXAMPLES) == set(FLAG_VALUES)
    assert render(flag_message("order_jump", ReviewLimits()), "zh-HK") == "訂量超過平常的 3 倍"


def test_the_new_flags_say_the_line_s_values():
    limits = ReviewLimits()
    worded = {code: render(flag_message(code, limits, FLAG_EXAMPLES[code]), "en") for code in FLAG_EXAMPLES}
    assert worded == {
        "rounding_dominated": "mostly rounding: a need of 0.04 became an order of 12 (the need is under 25% of it)",
        "shortfall_suppressed": "a need of 18 was cut to 0: no room for the minimum order",
        "dead_stock": "dead or slow stock: 40 on hand (HK$7,200 at cost), 0 sold in the last 56 days",
        "season_ended": "season over: 90% of the last year's units sold within 90 days, the last 60 days ago",
        "no_recent_data": "no data for the last 5 days",
    }
    chinese = render(flag_message("shortfall_suppressed", limits, FLAG_EXAMPLES["shortfall_suppressed"]), "zh-HK")
    assert chinese == "需要 18 件被削減至 0 件：貨架放不下最低訂量"
    with pytest.raises(ValueError, match="needs the line's"):
        flag_message("dead_stock", limits)


def test_the_reason_shows_the_arithmetic_in_the_seed_s_words():
    facts = LineFacts(9, 42, True, 11, 0.95, 18, 12, 53, 23, 24, 12, 0, ("case_pack_up",))
    assert render(reason(facts), "zh-HK") == (
        "預計未來 9 日需求 42 件（含推廣），安全存貨 11 件（服務水平 95%），現有存貨 18 件，已訂未到 12 件，"
        "補至 53 件需 23 件，按每箱件數 12 取整 → 訂 24 件"
    )
    assert render(reason(facts), "en").endswith("up to 53 needs 23; rounded up to cases of 12 -> order 24")
