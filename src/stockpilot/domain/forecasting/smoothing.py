"""Exponential smoothing and Theta on weekday-adjusted daily sales (pure numpy, series x days in, series x horizon out).

- Weekday indices: the seasonal step of classical multiplicative decomposition (Hyndman &
  Athanasopoulos, "Forecasting: principles and practice", 3rd ed., section 3.4) without its
  moving-average detrending: the mean of each day of the season over the mean of the last
  ``weeks`` whole seasons.
- Simple exponential smoothing (FPP3 section 8.1): level = alpha * y + (1 - alpha) * level,
  starting at the first value; alpha from a small grid by the least in-sample one-step
  squared error. On the weekday-adjusted series from its first sale on this is ETS(A,N,N)
  on seasonally adjusted data; the flat level is multiplied back by the indices.
- Theta: Assimakopoulos & Nikolopoulos (2000), IJF 16(4), "The theta model: a
  decomposition approach to forecasting", which Hyndman & Billah (2003), IJF 19(2),
  "Unmasking the Theta method", show is SES with drift: for h = 1, 2, ...
  forecast = level + b0 / 2 * (h - 1 + (1 - (1 - alpha) ** n) / alpha), b0 the slope of the
  least-squares line through the n adjusted values (as R's forecast::thetaf computes it;
  thetaf also fits the initial level and adjusts only series that pass a seasonality test).
Days before a series' first sale are left out; a series that never sold forecasts 0, and
forecasts are clipped at 0. Days whose weekday index is 0 (no sales on that weekday in the
window) carry no information about the level and are skipped; ``season=1`` turns the
weekday adjustment off. With the same alpha,
``ses_level`` agrees with statsforecast's SimpleExponentialSmoothing (also started at the
first value) to machine precision.
"""

from __future__ import annotations

import numpy as np

from stockpilot.domain.arrays import FloatArray

ALPHAS = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5)


def seasonal_indices(history: FloatArray, season: int = 7, weeks: int = 8) -> FloatArray:
    """Multiplicative index of every season position (day ``d`` of the history has position ``d % season``).

    Taken over the last ``weeks`` whole seasons the history holds (all 1 with less than one
    season, or where the window sold nothing); the indices of a series average 1.
    """
    y = np.atleast_2d(np.asarray(history, dtype=float))
    days = y.shape[1]
    width = min(weeks, days // season) * season
    if width == 0:
        return np.ones((y.shape[0], season))
    window = y[:, days - width :]
    positions = np.arange(days - width, days) % season
    by_position = np.stack([window[:, positions == p].mean(axis=1) for p in range(season)], axis=1)
    mean = window.mean(axis=1, keepdims=True)
    indices: FloatArray = np.divide(by_position, mean, out=np.ones_like(by_position), where=mean > 0)
    return indices


def ses_level(y: FloatArray, alpha: float | FloatArray) -> FloatArray:
    """Final SES level of every series (``alpha`` a scalar or one per series); NaN days are skipped."""
    return _ses(np.atleast_2d(np.asarray(y, dtype=float)), np.asarray(alpha, dtype=float))[0]


def best_alpha(y: FloatArray, grid: tuple[float, ...] = ALPHAS) -> FloatArray:
    """Per series the alpha in ``grid`` with the least in-sample one-step squared error (the smallest on ties)."""
    candidates = np.asarray(grid, dtype=float)
    _, squared_error = _ses(np.atleast_2d(np.asarray(y, dtype=float)), candidates[:, None])
    best: FloatArray = candidates[np.argmin(squared_error, axis=0)]
    return best


def exponential_smoothing(history: FloatArray, horizon: int, season: int = 7) -> FloatArray:
    """Weekday-adjusted SES: the flat level times the index of each horizon day."""
    adjusted, indices = _adjust(history, season)
    level = np.nan_to_num(ses_level(adjusted, best_alpha(adjusted)))
    return _reseasonalise(level[:, None], indices, adjusted.shape[1], horizon)


def theta(history: FloatArray, horizon: int, season: int = 7) -> FloatArray:
    """Weekday-adjusted Theta method: SES plus half the fitted trend, times the index of each horizon day."""
    adjusted, indices = _adjust(history, season)
    alpha = best_alpha(adjusted)
    level = np.nan_to_num(ses_level(adjusted, alpha))
    n = (~np.isnan(adjusted)).sum(axis=1)
    steps = np.arange(horizon)[None, :] + ((1 - (1 - alpha) ** n) / alpha)[:, None]
    return _reseasonalise(level[:, None] + _slope(adjusted)[:, None] / 2 * steps, indices, adjusted.shape[1], horizon)


def _ses(y: FloatArray, alpha: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Final level and summed one-step squared error; ``alpha`` broadcasts against one day of all series."""
    level = np.full(np.broadcast_shapes(alpha.shape, y.shape[:1]), np.nan)
    squared_error = np.zeros_like(level)
    for day in range(y.shape[1]):
        value = y[:, day]
        error = value - level
        squared_error += np.nan_to_num(error**2)
        level = np.where(np.isnan(value), level, np.where(np.isnan(level), value, level + alpha * error))
    return level, squared_error


def _adjust(history: FloatArray, season: int) -> tuple[FloatArray, FloatArray]:
    """Weekday-adjusted history, NaN before the first sale and on days whose index is 0; and the indices."""
    y = np.atleast_2d(np.asarray(history, dtype=float))
    indices = seasonal_indices(y, season)
    daily = indices[:, np.arange(y.shape[1]) % season]
    started = np.cumsum(y > 0, axis=1) > 0
    return np.divide(y, daily, out=np.full_like(y, np.nan), where=started & (daily > 0)), indices


def _slope(y: FloatArray) -> FloatArray:
    """Least-squares slope per day through the non-NaN values of every series (0 with fewer than two)."""
    known = ~np.isnan(y)
    count = np.maximum(known.sum(axis=1, keepdims=True), 1)
    t = np.where(known, np.arange(y.shape[1]), 0.0)
    t_centred = np.where(known, t - t.sum(axis=1, keepdims=True) / count, 0.0)
    spread = (t_centred**2).sum(axis=1)
    covariance = (t_centred * np.nan_to_num(y)).sum(axis=1)
    slope: FloatArray = np.divide(covariance, spread, out=np.zeros_like(spread), where=spread > 0)
    return slope


def _reseasonalise(flat: FloatArray, indices: FloatArray, days: int, horizon: int) -> FloatArray:
    season = indices.shape[1]
    return np.maximum(flat * indices[:, (days + np.arange(horizon)) % season], 0.0)
