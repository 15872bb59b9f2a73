"""The plan of one line (domain/replenishment/line_plan.py) against hand arithmetic.

Every expected number below is worked out by hand in the comment beside it; the formulas
are those of Silver, Pyke & Thomas (2017), "Inventory and Production Management in Supply
Chains", 4th ed., ch. 6 (periodic review, order-up-to level).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from stockpilot.domain.replenishment import policy
from stockpilot.domain.replenishment.line_plan import (
    LeadTime,
    LinePlanParameters,
    counted_lead_times,
    order_up_to_levels,
    plan_cover,
    planning_lead_time,
    planning_lead_times,
    safety_factors,
)

PARAMETERS = LinePlanParameters(
    review_period_days=1,
    abc_a_share=0.8,
    abc_b_share=0.95,
    service_level_a=0.98,
    service_level_b=0.95,
    service_level_c=0.90,
)


def test_which_lead_times_count():
    # hand: -1 (received before ordered) is left out; 0 (same day) counts as 1 day; the rest as they are
    assert counted_lead_times([0, 3, 5, -1]) == [1.0, 3.0, 5.0]
    assert counted_lead_times([]) == []
    assert counted_lead_times([-2, -1]) == []


def test_the_planning_lead_time_by_hand():
    # hand: [0, 3, 5, -1] counts as [1, 3, 5] -> mean 3; deviations -2, 0, 2 -> 8 / (3 - 1) = 4 -> sd 2
    assert planning_lead_time([0, 3, 5, -1], nominal=6) == pytest.approx(LeadTime(3.0, 2.0))
    # hand: [4, -1, 6] counts as two receipts only: too few -> the nominal 6 days, taken as certain
    assert planning_lead_time([4, -1, 6], nominal=6) == LeadTime(6.0, 0.0)
    # hand: a nominal lead time of 0 (or none) plans with the shortest, 1 day
    assert planning_lead_time([], nominal=0) == LeadTime(1.0, 0.0)
    # hand: same-day receipts only -> three times 1 day: mean 1, sd 0
    assert planning_lead_time([0, 0, 0], nominal=5) == LeadTime(1.0, 0.0)


def test_lead_times_per_series_come_from_their_supplier():
    suppliers = np.array(["S1", "S2", "S1", "S3"], dtype=object)
    observed = {"S1": [0, 3, 5, -1], "S2": [2]}
    mean, sd = planning_lead_times(suppliers, observed, {"S1": 9.0, "S2": 4.0})
    # hand: S1 as above (3, 2); S2 one receipt -> nominal 4; S3 unknown -> nominal 0 -> 1 day
    assert mean.tolist() == pytest.approx([3.0, 4.0, 3.0, 1.0])
    assert sd.tolist() == pytest.approx([2.0, 0.0, 2.0, 0.0])


def test_abc_class_service_level_and_cover_by_hand():
    locations = np.array(["L1", "L1", "L1", "L2"], dtype=object)
    value = np.array([70.0, 20.0, 10.0, 0.0])
    cover = plan_cover(locations, value, np.array([3.0, 3.0, 9.0, 1.0]), np.zeros(4), PARAMETERS, forecast_days=7)
    # hand, within L1 (total 100): shares ranked above 0, 0.7, 0.9 -> A, A (0.7 < 0.8), B (0.9 < 0.95);
    # L2 sold nothing -> C
    assert cover.abc.tolist() == ["A", "A", "B", "C"]
    assert cover.service_level.tolist() == [0.98, 0.98, 0.95, 0.90]
    # hand: R + L = 1 + 3 = 4, 4, 1 + 9 = 10 cut to the 7 forecast days, 1 + 1 = 2
    assert cover.days.tolist() == [4.0, 4.0, 7.0, 2.0]


def test_the_order_up_to_level_by_hand():
    # a daily mean of 2 and variance 3 for 10 days; cover R + L = 1 + 3 = 4 days, lead-time sd 1:
    # x_{R+L} = 4 x 2 = 8; sigma^2 = 4 x 3 + (8 / 4)^2 x 1^2 = 16 -> sigma 4;
    # k = Phi^-1(0.95) = 1.644854; SS = 6.579415; S = 14.579415; IP = 5 + 3 = 8 -> order 6.579415
    mean, variance = np.full((1, 10), 2.0), np.full((1, 10), 3.0)
    k = safety_factors(0.95, 1)
    assert k[0] == pytest.approx(1.644854, abs=1e-6)
    levels = order_up_to_levels(mean, variance, np.array([4.0]), np.array([1.0]), k, inventory_position=np.array([8.0]))
    assert levels.demand[0] == pytest.approx(8.0)
    assert levels.sigma[0] == pytest.approx(4.0)
    assert levels.safety_stock[0] == pytest.approx(6.579415, abs=1e-6)
    assert levels.order_up_to[0] == pytest.approx(14.579415, abs=1e-6)
    assert levels.raw_order[0] == pytest.approx(6.579415, abs=1e-6)
    # hand: with 20 on hand and on order the position is above S -> order 0, never negative
    above = order_up_to_levels(mean, variance, np.array([4.0]), np.array([1.0]), k, inventory_position=np.array([20.0]))
    assert above.raw_order[0] == 0.0


def test_sigma_measured_on_earlier_errors_by_hand():
    # errors 2 and -2 over R + L, the model's sigma 4 weighted as 4 windows:
    # sigma^2 = (4 + 4 + 4 x 16) / (2 + 4) = 72 / 6 = 12 -> sigma = sqrt(12) = 3.464102
    mean, variance = np.full((1, 10), 2.0), np.full((1, 10), 3.0)
    levels = order_up_to_levels(
        mean,
        variance,
        np.array([4.0]),
        np.array([1.0]),
        safety_factors(0.5, 1),
        errors=np.array([[2.0, -2.0]]),
        prior_windows=4.0,
    )
    assert levels.sigma[0] == pytest.approx(math.sqrt(12))
    # hand: P1 = 0.5 -> k = 0 -> S is the mean demand over R + L, 8
    assert levels.order_up_to[0] == pytest.approx(8.0)


def test_parameters_check_themselves():
    with pytest.raises(ValueError):
        LinePlanParameters(0, 0.8, 0.95, 0.98, 0.95, 0.9)
    with pytest.raises(ValueError):
        LinePlanParameters(1, 0.9, 0.8, 0.98, 0.95, 0.9)
    with pytest.raises(ValueError):
        LinePlanParameters(1, 0.8, 0.95, 1.0, 0.95, 0.9)
    with pytest.raises(ValueError):
        safety_factors(np.array([0.5, 1.0]), 2)


def test_abc_classes_do_not_flip_on_the_last_digits_of_a_sum():
    """Two SKUs worth the same, one summed in another order (a last-digit difference): the
    first listed stays A on either side of the line, as on any backend."""
    tied = 0.1 + 0.2  # 0.30000000000000004
    for second in (tied, 0.3):
        classes = policy.abc_classes(np.array([0.3, second, 0.4]), a_share=0.6, b_share=0.95)
        assert classes.tolist() == ["A", "B", "A"]
