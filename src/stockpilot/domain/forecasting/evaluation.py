"""Rolling-origin evaluation of forecasts against what was then sold (R-FC-3).

Each :class:`Window` is one forecast origin: the history the forecast saw, the
sales of the next horizon and the forecast. Per series, errors are pooled over
the windows on the days whose demand is known (a stock-out day only shows a
lower bound, so it is left out); the hierarchy's WRMSSE is scored on sales, as
in the M5 competition, and averaged over the windows. Weekly WAPE per series
and per SKU is what the guardrails watch (R-GR): the seed's "MAPE" is undefined
on days without sales, so the product reports WAPE.

Coverage of a quantile is reported two ways: the plain share of days at or
below it, and the expected share under the randomised probability integral
transform of the count distribution (Czado, Gneiting & Held, Biometrics 2009).
On whole-unit demand with many zero days the plain share overstates a low
quantile's cover (a day with 0 sold is "at or below" any quantile from 0 up);
the PIT share is what a calibrated count forecast keeps near the level.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray, IntArray
from stockpilot.domain.forecasting import distribution, metrics
from stockpilot.domain.forecasting.forecaster import Forecast


@dataclass(frozen=True)
class Window:
    """One forecast origin; arrays are series x days."""

    history: FloatArray  # sales before the origin
    sales: FloatArray  # sales over the horizon
    censored: BoolArray  # bool, over the horizon: demand unknown
    forecast: Forecast
    revenue: FloatArray  # sales value per series over the last 28 days before the origin
    weeks: IntArray  # per horizon day, the index of its week (e.g. days since 1970 // 7)


@dataclass(frozen=True)
class Evaluation:
    series: dict[str, FloatArray]  # per series: wape, bias, rmsse, scaled_pinball, actual, forecast
    models: list[str]  # per series: the models it was given over the windows, comma-separated
    overall: dict[str, float]  # wape, bias, rmsse (mean over series), scaled_pinball
    coverage: dict[float, float]  # level -> share of known-demand days at or below the quantile
    pit_coverage: dict[float, float]  # level -> the same for the count distribution (randomised PIT)
    scaled_pinball: dict[float, float]  # level -> mean scaled pinball loss over series
    wrmsse: dict[str, float]  # level name -> score, and "total"
    weekly: list[tuple[int, int, float, float]]  # (series, week, actual, forecast)


def _mean_over(values: FloatArray, axis: int | tuple[int, ...]) -> FloatArray:
    """Mean over ``axis`` ignoring NaN (a series never sold has no RMSSE); NaN where all are NaN."""
    known = ~np.isnan(values)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: FloatArray = np.nansum(values, axis=axis) / known.sum(axis=axis)
    return mean


def _safe_ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


def evaluate(windows: Sequence[Window], levels: Mapping[str, Sequence[str]]) -> Evaluation:
    """Score every window and pool the results; ``levels`` groups series as in metrics.wrmsse."""
    known = np.hstack([~w.censored for w in windows])
    actual = np.hstack([w.sales for w in windows])
    mean = np.hstack([w.forecast.mean for w in windows])
    absolute = np.where(known, np.abs(actual - mean), 0.0).sum(axis=1)
    sold = np.where(known, actual, 0.0).sum(axis=1)
    forecast = np.where(known, mean, 0.0).sum(axis=1)
    rmsse = np.array(
        [
            [
                metrics.rmsse(h, a[k], f[k])
                for h, a, f, k in zip(w.history, w.sales, w.forecast.mean, ~w.censored, strict=True)
            ]
            for w in windows
        ]
    )
    probabilities = sorted(windows[0].forecast.quantiles)
    pinball = {
        p: np.array(
            [
                [
                    metrics.scaled_pinball(h, a[k], q[k], p)
                    for h, a, q, k in zip(w.history, w.sales, w.forecast.quantiles[p], ~w.censored, strict=True)
                ]
                for w in windows
            ]
        )
        for p in probabilities
    }
    per_series_pinball = (
        _mean_over(np.stack(list(pinball.values())), axis=(0, 1)) if pinball else np.full(len(sold), np.nan)
    )
    series = {
        "wape": _safe_ratio(absolute, sold),
        "bias": _safe_ratio(forecast - sold, sold),
        "rmsse": _mean_over(rmsse, axis=0),
        "scaled_pinball": per_series_pinball,
        "actual": sold,
        "forecast": forecast,
    }
    coverage = {
        p: float(np.mean(actual[known] <= np.hstack([w.forecast.quantiles[p] for w in windows])[known]))
        for p in probabilities
    }
    below = np.hstack([distribution.cdf(w.sales - 1, w.forecast.mean, w.forecast.dispersion) for w in windows])
    at = np.hstack([distribution.cdf(w.sales, w.forecast.mean, w.forecast.dispersion) for w in windows])
    pit_coverage = {p: metrics.pit_interval_coverage(below[known], at[known], 0.0, p) for p in probabilities}
    scores = [metrics.wrmsse(w.history, w.sales, w.forecast.mean, w.revenue, levels) for w in windows]
    return Evaluation(
        series=series,
        overall={
            "wape": float(_safe_ratio(absolute.sum(), sold.sum())),
            "bias": float(_safe_ratio(forecast.sum() - sold.sum(), sold.sum())),
            "rmsse": float(np.nanmean(series["rmsse"])),
            "scaled_pinball": float(np.nanmean(per_series_pinball)) if pinball else float("nan"),
        },
        models=[",".join(sorted({str(w.forecast.model[i]) for w in windows})) for i in range(len(sold))],
        coverage=coverage,
        pit_coverage=pit_coverage,
        scaled_pinball={p: float(np.nanmean(v)) for p, v in pinball.items()},
        wrmsse={name: float(np.mean([s[name] for s in scores])) for name in scores[0]},
        weekly=_weekly(windows),
    )


def _weekly(windows: Sequence[Window]) -> list[tuple[int, int, float, float]]:
    """Actual and forecast sums per series and week, over the known-demand days."""
    totals: dict[tuple[int, int], list[float]] = {}
    for w in windows:
        for week in np.unique(w.weeks):
            days = w.weeks == week
            keep = ~w.censored[:, days]
            sold = np.where(keep, w.sales[:, days], 0.0).sum(axis=1)
            forecast = np.where(keep, w.forecast.mean[:, days], 0.0).sum(axis=1)
            for s in range(len(sold)):
                entry = totals.setdefault((s, int(week)), [0.0, 0.0])
                entry[0] += sold[s]
                entry[1] += forecast[s]
    return [(s, week, a, f) for (s, week), (a, f) in sorted(totals.items())]
