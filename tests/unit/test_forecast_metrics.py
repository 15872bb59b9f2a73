"""Accuracy measures against answers computed by hand (M5 guide definitions)."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.forecasting import metrics as m


def test_wape_and_bias():
    actual, forecast = np.array([2.0, 0.0, 4.0]), np.array([1.0, 1.0, 4.0])
    assert m.wape(actual, forecast) == pytest.approx(2 / 6)  # |1| + |1| + 0 over 6
    assert m.bias(actual, forecast) == pytest.approx(0.0)  # (-1) + 1 + 0
    assert math.isnan(m.wape(np.zeros(3), forecast))


def test_rmsse_scales_from_the_first_sale():
    # history [0, 0, 3, 1, 2] -> active [3, 1, 2], naive errors -2, 1 -> scale (4 + 1) / 2 = 2.5
    history = np.array([0, 0, 3, 1, 2])
    assert m.rmsse_scale(history) == pytest.approx(2.5)
    # errors 1 and -1: mse 1 -> sqrt(1 / 2.5)
    assert m.rmsse(history, np.array([2, 2]), np.array([1, 3])) == pytest.approx(math.sqrt(1 / 2.5))


def test_pinball_and_scaled_pinball():
    # level 0.9: error +2 costs 0.9 * 2 = 1.8; error -2 costs 0.1 * 2 = 0.2; mean 1.0
    assert m.pinball(np.array([10, 4]), np.array([8, 6]), 0.9) == pytest.approx(1.0)
    # history [0, 3, 1, 2] -> active [3, 1, 2], mean |naive error| = (2 + 1) / 2 = 1.5
    assert m.scaled_pinball(np.array([0, 3, 1, 2]), np.array([10, 4]), np.array([8, 6]), 0.9) == pytest.approx(
        1.0 / 1.5
    )


def test_coverage():
    actual = np.array([1, 2, 3, 4])
    assert m.quantile_coverage(actual, np.array([2, 2, 2, 5])) == 0.75
    assert m.interval_coverage(actual, np.array([0, 3, 0, 0]), np.array([1, 4, 2, 4])) == 0.5


def test_wrmsse_two_items_in_one_department():
    history = np.array([[1, 2, 1, 2], [2, 2, 4, 4]], dtype=float)  # scales 1 and 4/3
    actual = np.array([[2, 2], [4, 4]], dtype=float)
    forecast = np.array([[1, 1], [4, 2]], dtype=float)  # RMSSE 1 and sqrt(2 / (4/3)) = sqrt(1.5)
    revenue = np.array([1.0, 3.0])
    scores = m.wrmsse(history, actual, forecast, revenue, {"item": ["A", "B"], "department": ["X", "X"]})
    item = 0.25 * 1 + 0.75 * math.sqrt(1.5)
    department = math.sqrt(5)  # summed: history [3,4,5,6] scale 1; errors 1 and 3, mse 5
    assert scores["item"] == pytest.approx(item)
    assert scores["department"] == pytest.approx(department)
    assert scores["total"] == pytest.approx((item + department) / 2)


@given(st.lists(st.integers(0, 50), min_size=3, max_size=30), st.integers(1, 10))
def test_a_perfect_forecast_scores_zero(history, horizon):
    history = np.array(history, dtype=float)
    actual = np.arange(horizon, dtype=float)
    scale = m.rmsse_scale(history)
    if scale and not math.isnan(scale):
        assert m.rmsse(history, actual, actual) == 0.0
    assert m.pinball(actual, actual, 0.8) == 0.0
    assert m.quantile_coverage(actual, actual) == 1.0


def test_pit_interval_coverage_by_hand():
    # the PIT of a count is uniform on [F(y-1), F(y)] = [0.2, 0.6]; [0, 0.5] holds 0.3 of its 0.4
    assert m.pit_interval_coverage(np.array([0.2]), np.array([0.6]), 0.0, 0.5) == pytest.approx(0.75)
    # no step (a continuous forecast): inside or not
    assert m.pit_interval_coverage(np.array([0.3, 0.95]), np.array([0.3, 0.95]), 0.1, 0.9) == pytest.approx(0.5)


def test_a_true_count_distribution_covers_its_nominal_share():
    from scipy import stats

    rng = np.random.default_rng(3)
    mean = rng.uniform(0.05, 3.0, 50_000)  # mostly slow movers: plain coverage would overshoot
    y = rng.poisson(mean)
    below, at = stats.poisson.cdf(y - 1, mean), stats.poisson.cdf(y, mean)
    assert m.pit_interval_coverage(below, at, 0.1, 0.9) == pytest.approx(0.8, abs=0.01)
    assert m.pit_interval_coverage(below, at, 0.025, 0.975) == pytest.approx(0.95, abs=0.01)
