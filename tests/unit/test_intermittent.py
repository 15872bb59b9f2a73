"""Croston, SBA and TSB against forecasts worked out by hand."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.forecasting.intermittent import croston, sba, tsb

SERIES = np.array([[0, 3, 0, 0, 6, 0]], dtype=float)


def test_croston_by_hand():
    # first demand: day 2 (position counted from 1), size 3 -> z = 3, p = 2
    # next demand: size 6 after an interval of 3 -> z = .5*6 + .5*3 = 4.5, p = .5*3 + .5*2 = 2.5
    assert croston(SERIES, alpha=0.5) == pytest.approx([4.5 / 2.5])


def test_sba_by_hand():
    # Croston 1.8 x (1 - 0.5 / 2) = 1.35
    assert sba(SERIES, alpha=0.5) == pytest.approx([1.35])


def test_tsb_by_hand():
    # probability: day 1 no demand -> 0; .5; .25; .125; .5625; .28125
    # size: 3 on the first demand, then .5*6 + .5*3 = 4.5 -> forecast .28125 * 4.5
    assert tsb(SERIES, alpha=0.5, beta=0.5) == pytest.approx([0.28125 * 4.5])


def test_a_series_that_never_sold_forecasts_zero_and_series_are_independent():
    history = np.vstack([np.zeros(6), SERIES[0]])
    assert croston(history, 0.5) == pytest.approx([0.0, 1.8])
    assert tsb(history, 0.5, 0.5) == pytest.approx([0.0, 0.28125 * 4.5])


@given(st.lists(st.integers(0, 20), min_size=1, max_size=60), st.floats(0.05, 0.95))
def test_forecasts_are_never_negative_and_constant_demand_is_recovered(values, alpha):
    history = np.array([values], dtype=float)
    for forecast in (croston(history, alpha), sba(history, alpha), tsb(history, alpha, alpha)):
        assert forecast[0] >= 0
    level = max(values) or 1
    steady = np.full((1, len(values)), float(level))
    assert croston(steady, alpha) == pytest.approx([level])  # size = level, interval = 1
    assert tsb(steady, alpha, alpha) == pytest.approx([level])
