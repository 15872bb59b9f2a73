"""Baselines by hand."""

import numpy as np
import pytest

from stockpilot.domain.forecasting.baselines import moving_average, seasonal_naive


def test_seasonal_naive_repeats_last_week():
    history = np.array([[9, 9, 1, 2, 3, 4, 5, 6, 7]])  # last week: 1..7
    assert seasonal_naive(history, 9).tolist() == [[1, 2, 3, 4, 5, 6, 7, 1, 2]]
    with pytest.raises(ValueError):
        seasonal_naive(np.ones((1, 3)), 5)


def test_moving_average_of_the_last_window():
    history = np.array([[100, 1, 2, 3], [0, 0, 0, 4]])
    assert moving_average(history, 2, window=3).tolist() == [[2, 2], [4 / 3, 4 / 3]]
