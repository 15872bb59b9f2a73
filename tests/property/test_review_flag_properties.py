"""Review flags over the order constraints, as properties: a line is called mostly rounding only
when its need is under the share of its order, and a shortfall suppressed exactly when the shelf
cut the order below the need."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from stockpilot.domain.replenishment.constraints import OrderLine, adjust
from stockpilot.domain.replenishment.review import SHELF_STEPS, FlagFacts, ReviewLimits, review_flags

lines = st.builds(
    OrderLine,
    key=st.just("ST01/SKU1"),
    raw=st.floats(0, 500, allow_nan=False),
    case_pack=st.integers(1, 48),
    moq=st.sampled_from([0.0, 6.0, 24.0, 100.0]),
    shelf_capacity=st.none() | st.floats(0, 300, allow_nan=False),
    inventory_position=st.floats(0, 300, allow_nan=False),
)


def _flags(line: OrderLine, share: float):
    adjusted = adjust(line)
    one = np.ones(1)
    facts = FlagFacts(
        recent_sales=one,
        band_low=0 * one,
        band_high=2 * one,
        raw=np.array([line.raw]),
        quantity=np.array([adjusted.quantity]),
        steps=[adjusted.steps],
        usual_order=np.array([np.nan]),
        history_days=100 * one,
        promotion_soon=np.zeros(1, dtype=bool),
        counted=np.ones(1, dtype=bool),
        budget_cut=np.zeros(1, dtype=bool),
        on_hand=0 * one,
        unit_cost=one,
        dead_window_units=one,
        year_units=one,
        peak_units=0 * one,
        peak_end_age=one,
        days_without_data=0 * one,
        data_age_hours=1.0,
    )
    return adjusted, review_flags(facts, ReviewLimits(rounding_share=share))[0]


@settings(max_examples=300, deadline=None)
@given(lines, st.floats(0.05, 0.95))
def test_rounding_dominated_fires_exactly_when_the_need_is_under_the_share_of_the_order(line, share):
    adjusted, flagged = _flags(line, share)
    assert ("rounding_dominated" in flagged.codes) == (0 < line.raw < share * adjusted.quantity)
    if line.raw >= adjusted.quantity * share:
        assert "rounding_dominated" not in flagged.codes


@settings(max_examples=300, deadline=None)
@given(lines)
def test_shortfall_suppressed_fires_iff_the_shelf_cut_the_order_below_the_need(line):
    adjusted, flagged = _flags(line, 0.25)
    shelf = any(step in SHELF_STEPS for step in adjusted.steps)
    assert ("shortfall_suppressed" in flagged.codes) == (adjusted.quantity < line.raw and shelf)
    if "shortfall_suppressed" in flagged.codes:
        assert flagged.values["shortfall_suppressed"]["constraint"] in adjusted.steps
