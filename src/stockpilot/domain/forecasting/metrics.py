"""Forecast accuracy measures (R-FC-3), pure numpy.

Scaled measures follow the M5 competitors' guide (Makridakis, Spiliotis & Assimakopoulos,
"The M5 competition: background, organization and implementation", IJF 2022):
the in-sample scale of a series is taken from its first non-zero value on.

The focus group's "MAPE" is undefined on days without sales, so the product reports
WAPE (sum of absolute errors over sum of actuals) wherever a percentage is wanted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from stockpilot.domain.arrays import FloatArray


def _active(history: FloatArray) -> FloatArray:
    """The history from its first non-zero value on (M5 guide, section 3.1)."""
    nonzero = np.flatnonzero(history)
    return history[nonzero[0] :] if nonzero.size else history[-1:]


def wape(actual: FloatArray, forecast: FloatArray) -> float:
    """Weighted absolute percentage error: sum|y - f| / sum|y| (nan when nothing was sold)."""
    total = np.abs(actual).sum()
    return float(np.abs(actual - forecast).sum() / total) if total else float("nan")


def bias(actual: FloatArray, forecast: FloatArray) -> float:
    """Relative bias: sum(f - y) / sum(y); positive means the forecast was too high."""
    total = np.abs(actual).sum()
    return float((forecast - actual).sum() / total) if total else float("nan")


def rmsse_scale(history: FloatArray) -> float:
    """Mean squared one-step naive error in sample, from the first sale on (M5 guide eq. 1)."""
    active = _active(np.asarray(history, dtype=float))
    return float(np.mean(np.diff(active) ** 2)) if active.size > 1 else float("nan")


def rmsse(history: FloatArray, actual: FloatArray, forecast: FloatArray) -> float:
    """Root mean squared scaled error (M5 guide eq. 1)."""
    scale = rmsse_scale(history)
    if not scale or np.isnan(scale) or not np.size(actual):
        return float("nan")
    return float(np.sqrt(np.mean((np.asarray(actual) - np.asarray(forecast)) ** 2) / scale))


def pinball(actual: FloatArray, quantile: FloatArray, level: float) -> float:
    """Mean pinball (quantile) loss of the forecast ``quantile`` at probability ``level``."""
    error = np.asarray(actual, dtype=float) - np.asarray(quantile, dtype=float)
    return float(np.mean(np.maximum(level * error, (level - 1.0) * error)))


def scaled_pinball(history: FloatArray, actual: FloatArray, quantile: FloatArray, level: float) -> float:
    """Scaled pinball loss: pinball over the in-sample mean absolute one-step naive error
    (M5 uncertainty guide, SPL)."""
    active = _active(np.asarray(history, dtype=float))
    scale = float(np.mean(np.abs(np.diff(active)))) if active.size > 1 else 0.0
    return pinball(actual, quantile, level) / scale if scale and np.size(actual) else float("nan")


def quantile_coverage(actual: FloatArray, quantile: FloatArray) -> float:
    """Share of actuals at or below the forecast quantile (should be near its level)."""
    return float(np.mean(np.asarray(actual) <= np.asarray(quantile)))


def interval_coverage(actual: FloatArray, lower: FloatArray, upper: FloatArray) -> float:
    """Share of actuals inside [lower, upper]."""
    actual = np.asarray(actual)
    return float(np.mean((actual >= lower) & (actual <= upper)))


def pit_interval_coverage(below: FloatArray, at: FloatArray, lower: float, upper: float) -> float:
    """Expected share of actuals inside the central interval of probabilities [lower, upper],
    for a count forecast: ``below`` = F(y - 1) and ``at`` = F(y) at each actual y.

    The randomised probability integral transform of a count is uniform on [F(y-1), F(y)]
    (Czado, Gneiting & Held, "Predictive model assessment for count data", Biometrics 65,
    2009); a calibrated forecast puts it inside [lower, upper] with probability
    upper - lower. For a continuous forecast (no steps) this is the ordinary coverage.
    """
    below, at = np.asarray(below, dtype=float), np.asarray(at, dtype=float)
    step = at - below
    overlap = np.clip(np.minimum(at, upper) - np.maximum(below, lower), 0.0, None)
    inside = (at >= lower) & (at <= upper)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(step > 0, overlap / step, inside.astype(float))
    return float(np.mean(share))


def revenue_weights(revenue: FloatArray) -> FloatArray:
    """Weights proportional to each series' sales value (M5: the last 28 days of training)."""
    total = revenue.sum()
    return revenue / total if total else np.full(revenue.shape, 1.0 / len(revenue))


def wrmsse(
    history: FloatArray,
    actual: FloatArray,
    forecast: FloatArray,
    revenue: FloatArray,
    levels: Mapping[str, Sequence[str]],
) -> dict[str, float]:
    """Weighted RMSSE per aggregation level and their mean (M5 guide eq. 2).

    ``history``, ``actual`` and ``forecast`` are series x day arrays at the bottom level;
    ``levels`` names, for each level, the group of every bottom series (e.g. its
    department); a level whose groups are all distinct is the bottom level itself.
    Series are summed within each group, weighted by the group's revenue, and each
    level counts equally in the total. A group whose scale cannot be computed (fewer
    than two days from its first sale on) is left out and the weights renormalised.
    """
    scores: dict[str, float] = {}
    for name, groups in levels.items():
        keys = sorted(set(groups))
        member = np.array([[g == k for g in groups] for k in keys], dtype=float)  # group x series
        h, a, f, r = member @ history, member @ actual, member @ forecast, member @ revenue
        errors = np.array([rmsse(h[i], a[i], f[i]) for i in range(len(keys))])
        weights = revenue_weights(r)
        valid = ~np.isnan(errors)
        scores[name] = float(np.sum(weights[valid] * errors[valid]) / weights[valid].sum())
    scores["total"] = float(np.mean(list(scores.values())))
    return scores
