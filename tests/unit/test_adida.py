"""ADIDA against forecasts worked out by hand."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.forecasting.intermittent import adida

SERIES = np.array([[0, 3, 0, 0, 6, 0]], dtype=float)


def test_adida_with_buckets_of_two_by_hand():
    # [0 | 3, 0 | 0, 6 | 0, 1]: the oldest day is the incomplete remainder; totals 3, 6, 1
    # SES with alpha .5: 3 -> 4.5 -> 2.75, over 2 days = 1.375 a day
    assert adida([[0, 3, 0, 0, 6, 0, 1]], alpha=0.5, bucket=2) == pytest.approx([1.375])


def test_adida_default_bucket_is_the_mean_interval_rounded_up():
    # demand on days 2 and 5: intervals 2 and 3, mean 2.5 -> buckets of 3: [0, 3, 0 | 0, 6, 0], totals 3, 6
    # SES with alpha .5: 3 -> 4.5, over 3 days = 1.5 a day
    assert adida(SERIES, alpha=0.5) == pytest.approx([1.5])


def test_a_series_that_never_sold_forecasts_zero_and_series_are_independent():
    history = np.vstack([np.zeros(6), SERIES[0], [1, 1, 1, 1, 1, 1]])
    assert adida(history, alpha=0.5) == pytest.approx([0.0, 1.5, 1.0])


def test_a_bucket_longer_than_the_history_is_refused():
    with pytest.raises(ValueError, match="bucket"):
        adida(SERIES, bucket=7)


@given(st.lists(st.integers(0, 20), min_size=1, max_size=60), st.floats(0.05, 0.95), st.integers(0, 9))
def test_forecasts_are_finite_never_negative_and_a_constant_is_kept(values, alpha, level):
    history = np.array([values], dtype=float)
    forecast = adida(history, alpha)
    assert np.isfinite(forecast).all() and forecast[0] >= 0
    steady = np.full((1, len(values)), float(level))
    assert adida(steady, alpha) == pytest.approx([level])  # bucket 1 for every-day demand
    assert adida(steady, alpha, bucket=len(values)) == pytest.approx([level])  # one bucket of len x level
