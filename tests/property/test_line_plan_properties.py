"""The plan of a line (domain/replenishment/line_plan.py) as properties."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.replenishment.line_plan import (
    SHORTEST_LEAD_DAYS,
    counted_lead_times,
    order_up_to_levels,
    planning_lead_time,
    safety_factors,
)

lead_times = st.lists(st.integers(min_value=-5, max_value=60), max_size=30)
levels = st.floats(min_value=0.5, max_value=0.999)


@given(lead_times, st.floats(min_value=0, max_value=60))
def test_a_planning_lead_time_is_at_least_a_day_and_comes_from_the_counted_receipts(observed, nominal):
    counted = counted_lead_times(observed)
    assert all(x >= SHORTEST_LEAD_DAYS for x in counted)
    assert len(counted) == sum(1 for x in observed if x >= 0)
    lead = planning_lead_time(observed, nominal)
    assert lead.mean >= SHORTEST_LEAD_DAYS and lead.sd >= 0
    if len(counted) >= 3:
        assert np.isclose(lead.mean, np.mean(counted))
    else:
        assert (lead.mean, lead.sd) == (max(nominal, SHORTEST_LEAD_DAYS), 0.0)


@given(
    st.floats(min_value=0, max_value=50),
    st.floats(min_value=0, max_value=5),
    st.floats(min_value=1, max_value=20),
    st.floats(min_value=0, max_value=5),
    levels,
    levels,
    st.floats(min_value=0, max_value=500),
)
def test_an_order_is_never_negative_and_a_higher_service_level_never_lowers_s(
    daily, dispersion, cover, lead_sd, low, high, position
):
    low, high = sorted((low, high))
    mean = np.full((1, 21), daily)
    variance = mean + dispersion * mean**2
    kwargs = {"inventory_position": np.array([position])}
    lower = order_up_to_levels(mean, variance, np.array([cover]), np.array([lead_sd]), safety_factors(low, 1), **kwargs)
    upper = order_up_to_levels(
        mean, variance, np.array([cover]), np.array([lead_sd]), safety_factors(high, 1), **kwargs
    )
    assert lower.raw_order[0] >= 0 and upper.raw_order[0] >= 0
    assert upper.order_up_to[0] >= lower.order_up_to[0] - 1e-9
    assert lower.order_up_to[0] >= lower.demand[0] - 1e-9  # P1 >= 0.5: safety stock is not negative
    # the order lifts the position exactly to S, or there is nothing to order
    assert np.isclose(position + lower.raw_order[0], max(lower.order_up_to[0], position))
