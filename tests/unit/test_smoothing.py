"""Weekday indices, exponential smoothing and Theta against forecasts worked out by hand."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.forecasting.smoothing import (
    best_alpha,
    exponential_smoothing,
    seasonal_indices,
    ses_level,
    theta,
)

WEEKS = np.array([[2, 2, 2, 2, 2, 4, 6, 4, 4, 4, 4, 4, 8, 12]], dtype=float)


def test_ses_level_by_hand():
    # level 2, then 2 + .5 * (4 - 2) = 3, then 3 + .5 * (6 - 3) = 4.5; alpha 1 keeps the last value
    assert ses_level([[2, 4, 6]], 0.5) == pytest.approx([4.5])
    assert ses_level([[2, 4, 6], [2, 4, 6]], np.array([0.5, 1.0])) == pytest.approx([4.5, 6.0])


def test_best_alpha_by_hand():
    # [0, 10, 0, 10] one-step errors: alpha .2 -> 10, -2, 8.4 (sum of squares 174.56);
    #                                  alpha .5 -> 10, -5, 7.5 (181.25): the jumpy series wants the small alpha
    # [1, 2, 3, 4]: alpha .2 -> 1, 1.8, 2.44 (10.1936); alpha .5 -> 1, 1.5, 1.75 (6.3125): the rising one the large
    assert best_alpha([[0, 10, 0, 10], [1, 2, 3, 4]], grid=(0.2, 0.5)) == pytest.approx([0.2, 0.5])
    assert best_alpha([[5, 5, 5]]) == pytest.approx([0.02])  # every alpha fits exactly: the smallest wins


def test_seasonal_indices_on_two_weeks():
    # weekday means 3, 3, 3, 3, 3, 6, 9 over the window mean 60 / 14 = 30 / 7: 0.7 x 5, 1.4, 2.1 (average 1)
    expected = [0.7, 0.7, 0.7, 0.7, 0.7, 1.4, 2.1]
    assert seasonal_indices(WEEKS)[0] == pytest.approx(expected)
    # three days in front: the window is still the last 14 days, but its first day now has position 3
    shifted = np.hstack([[[50.0, 50.0, 50.0]], WEEKS])
    assert seasonal_indices(shifted)[0] == pytest.approx(np.roll(expected, 3))
    assert seasonal_indices(np.zeros((1, 14)))[0] == pytest.approx(np.ones(7))  # nothing sold
    assert seasonal_indices(np.ones((1, 5)))[0] == pytest.approx(np.ones(7))  # less than a week


def test_exponential_smoothing_repeats_a_steady_weekly_pattern():
    # every adjusted day is 2 / 0.7 = 20 / 7, so the level is 20 / 7 and day 14 + h has index h % 7
    steady = np.tile([2.0, 2, 2, 2, 2, 4, 6], (1, 2))
    assert exponential_smoothing(steady, 9)[0] == pytest.approx([2, 2, 2, 2, 2, 4, 6, 2, 2])


def test_exponential_smoothing_ignores_the_days_before_the_first_sale():
    # from the first sale: [2, 4, 6], best alpha .5 (errors 2, 3: 13 beats alpha .3's 2, 3.4: 15.56) -> level 4.5;
    # smoothing the two zeros too would give 0, 0, 1, 2.5, 4.25
    history = np.array([[0, 0, 2, 4, 6], [0, 0, 0, 0, 0]], dtype=float)
    assert exponential_smoothing(history, 2, season=1) == pytest.approx(np.array([[4.5, 4.5], [0.0, 0.0]]))


def test_theta_continues_a_straight_line_at_half_its_slope():
    # [1, 2, 3, 4]: alpha .5 (see best_alpha), level 1 -> 1.5 -> 2.25 -> 3.125; slope b0 = 1, n = 4
    # drift term (1 - .5 ** 4) / .5 = 1.875: h = 1 gives 3.125 + 1 / 2 * (0 + 1.875) = 4.0625, then + .5 a day
    assert theta([[1, 2, 3, 4]], 3, season=1)[0] == pytest.approx([4.0625, 4.5625, 5.0625])


def test_theta_clips_a_falling_line_at_zero():
    # [8, 6, 4, 2, 0]: alpha .5, level 8 -> 7 -> 5.5 -> 3.75 -> 1.875; b0 = -2, n = 5
    # h = 1: 1.875 - 2 / 2 * (1 - .5 ** 5) / .5 = 1.875 - 1.9375 < 0
    assert theta([[8, 6, 4, 2, 0]], 3, season=1)[0] == pytest.approx([0.0, 0.0, 0.0])


@given(st.lists(st.integers(0, 20), min_size=1, max_size=60), st.integers(1, 14), st.integers(0, 9))
def test_forecasts_are_finite_never_negative_and_a_constant_is_kept(values, horizon, level):
    history = np.array([values], dtype=float)
    steady = np.full((1, len(values)), float(level))
    for method in (exponential_smoothing, theta):
        forecast = method(history, horizon)
        assert forecast.shape == (1, horizon)
        assert np.isfinite(forecast).all() and (forecast >= 0).all()
        assert method(steady, horizon) == pytest.approx(np.full((1, horizon), level))
