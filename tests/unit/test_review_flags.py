"""Review flags (R-REP-3) on hand-made lines: each rule fires alone, and only when it should."""

from __future__ import annotations

import numpy as np

from stockpilot.domain.replenishment.reasons import LineFacts, reason
from stockpilot.domain.replenishment.review import FLAGS, ReviewLimits, flag_message, review_flags
from stockpilot.messages import render


def flags(**changes):
    line = dict(
        recent_sales=np.array([10.0]),
        band_low=np.array([5.0]),
        band_high=np.array([15.0]),
        quantity=np.array([12.0]),
        usual_order=np.array([12.0]),
        history_days=np.array([100.0]),
        promotion_soon=np.array([False]),
        counted=np.array([True]),
        budget_cut=np.array([False]),
        data_age_hours=6.0,
        limits=ReviewLimits(),
    )
    line.update(changes)
    return review_flags(**line)[0]


def test_a_plain_line_is_not_flagged_and_each_rule_fires_alone():
    assert flags() == ()
    assert flags(recent_sales=np.array([16.0])) == ("forecast_off_band",)
    assert flags(recent_sales=np.array([4.0])) == ("forecast_off_band",)
    assert flags(quantity=np.array([37.0])) == ("order_jump",)  # more than 3 x 12
    assert flags(quantity=np.array([36.0])) == ()  # exactly 3 x is not a jump
    assert flags(usual_order=np.array([np.nan])) == ()  # no usual order known: nothing to compare
    assert flags(history_days=np.array([27.0])) == ("new_sku",)
    assert flags(promotion_soon=np.array([True])) == ("promotion_soon",)
    assert flags(data_age_hours=25.0) == ("stale_data",)
    assert flags(budget_cut=np.array([True])) == ("budget_cut",)
    assert flags(counted=np.array([False])) == ("no_stock_count",)


def test_every_flag_has_words_in_both_languages():
    for code in FLAGS:
        message = flag_message(code, ReviewLimits())
        assert render(message, "en") and render(message, "zh-HK")
    assert render(flag_message("order_jump", ReviewLimits()), "zh-HK") == "訂量超過平常的 3 倍"


def test_the_reason_shows_the_arithmetic_in_the_seed_s_words():
    facts = LineFacts(9, 42, True, 11, 0.95, 18, 12, 53, 23, 24, 12, 0, ("case_pack_up",))
    assert render(reason(facts), "zh-HK") == (
        "預計未來 9 天需求 42 件（含推廣），安全庫存 11 件（服務水平 95%），現有 18 件，在途 12 件，"
        "補至 53 件需 23 件，按箱規 12 件取整 → 訂 24 件"
    )
    assert render(reason(facts), "en").endswith("up to 53 needs 23; rounded up to cases of 12 -> order 24")
