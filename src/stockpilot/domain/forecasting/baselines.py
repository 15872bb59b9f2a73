"""Baseline forecasts every model must beat (pure numpy, series x days in, series x horizon out).

- Seasonal naive: each day repeats the same weekday of the last week (Hyndman &
  Athanasopoulos, "Forecasting: principles and practice", 3rd ed., section 5.2).
- Moving average: the mean of the last ``window`` days, flat over the horizon.
"""

from __future__ import annotations

import numpy as np

from stockpilot.domain.arrays import FloatArray


def seasonal_naive(history: FloatArray, horizon: int, season: int = 7) -> FloatArray:
    """Day h of the horizon repeats day ``n - season + (h mod season)`` of the history."""
    y = np.atleast_2d(np.asarray(history, dtype=float))
    if y.shape[1] < season:
        raise ValueError(f"seasonal naive needs at least {season} days of history")
    last = y[:, -season:]
    return last[:, np.arange(horizon) % season]


def moving_average(history: FloatArray, horizon: int, window: int = 28) -> FloatArray:
    """The mean of the last ``window`` days (all there are, if fewer), repeated ``horizon`` times."""
    y = np.atleast_2d(np.asarray(history, dtype=float))
    mean = y[:, -window:].mean(axis=1)
    return np.repeat(mean[:, None], horizon, axis=1)
