"""One forecast for every series: models chosen per series by rolling-origin backtest (R-FC-1, R-FC-3).

1. Backtest: cut the panel at ``windows`` earlier origins, one horizon apart
   (Tashman, "Out-of-sample tests of forecasting accuracy", IJF 16, 2000), and
   forecast each following horizon with every candidate model.
2. Combine: ``level_blend`` of the global model and exponential smoothing (the
   global model's days at the mean of both models' totals) is one more candidate,
   placed first when its backtest error pooled over all series beats the global
   model's (Bates & Granger 1969 on combining; docs/forecasting.md has the windows).
   Choose, per series: the first candidate (the combination or the global model),
   unless another model's mean squared error over those windows (censored
   days do not count), scaled as RMSSE squared, is lower by more than
   ``switch_margin``. Picking the plain minimum out of eight noisy errors
   rewards luck (the winner's curse): on M5's earlier windows it lost to the
   global model alone; the margin was chosen there (docs/forecasting.md).
   A series with a planned event (a promotion: a non-zero ``planned``
   covariate) in the horizon gets the global model, the only one that reads it.
3. Refit the chosen models on the whole history and forecast the horizon.
   A model that raises, or gives a series no finite forecast, is replaced
   for those series by the fallback model, and the failure is reported, so
   one bad series never sinks the batch.
4. Quantiles: negative binomial around the mean, over-dispersion from the backtest
   errors of each series' chosen model, pooled among series of similar volume
   (distribution.dispersion).

A panel too short for one backtest window uses the fallback model with Poisson
quantiles, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray, ObjectArray
from stockpilot.domain.forecasting import distribution, metrics
from stockpilot.domain.forecasting.censoring import fill_censored
from stockpilot.domain.forecasting.global_model import BoostedParams, GlobalBoosted
from stockpilot.domain.forecasting.models import FALLBACK, MODEL_NAMES, forecast, make_model
from stockpilot.domain.forecasting.panel import Panel
from stockpilot.domain.progress import Progress, silent

MIN_SEASONS = 2  # a backtest window needs at least this many seasons of history before it
COMBINED = "combined"  # the name a series forecast by the combination gets


@dataclass(frozen=True)
class ForecastConfig:
    """What to forecast with; the product's defaults come from settings.py."""

    models: tuple[str, ...] = MODEL_NAMES
    levels: tuple[float, ...] = (0.5, 0.8, 0.9, 0.95, 0.99)
    windows: int = 1
    switch_margin: float = 0.5  # squared-scaled error (RMSSE squared) another model must save to replace the first
    boosted: BoostedParams = field(default_factory=BoostedParams)
    combination: tuple[str, ...] = (GlobalBoosted.name, "exponential_smoothing")  # two models, or () for none

    def __post_init__(self) -> None:
        unknown = (set(self.models) | set(self.combination)) - set(MODEL_NAMES)
        if unknown:
            raise ValueError(f"unknown models {sorted(unknown)}; known: {', '.join(MODEL_NAMES)}")
        if len(self.combination) not in (0, 2):
            raise ValueError("a combination blends two models (or none)")
        if any(not 0 < p < 1 for p in self.levels):
            raise ValueError("quantile levels must lie strictly between 0 and 1")
        if self.windows < 0:
            raise ValueError("windows must be 0 or more")


@dataclass(frozen=True)
class Forecast:
    """Series x horizon mean and quantiles, with the model each series got and why."""

    mean: FloatArray
    quantiles: dict[float, FloatArray]
    model: ObjectArray  # model name per series
    dispersion: FloatArray  # negative binomial phi per series (0: Poisson)
    season_dispersion: FloatArray  # phi of a season's total (a week's demand), from the backtest's totals
    backtest_mse: dict[str, FloatArray]  # model -> mean squared error per series over the windows
    failures: dict[str, str] = field(default_factory=dict)  # model -> what went wrong


def _run(name: str, config: ForecastConfig, panel: Panel, horizon: int) -> FloatArray:
    """Mean forecasts of one model; NaN rows where it gave no finite forecast."""
    mean = np.asarray(forecast(make_model(name, horizon, config.boosted), panel, horizon), dtype=float)
    if mean.shape != (panel.series, horizon):
        raise ValueError(f"gave shape {mean.shape}, expected {(panel.series, horizon)}")
    return np.where(np.isfinite(mean).all(axis=1, keepdims=True), np.maximum(mean, 0.0), np.nan)


def _origins(panel: Panel, horizon: int, windows: int) -> list[int]:
    first = panel.history_days - windows * horizon
    if windows == 0 or first < MIN_SEASONS * panel.season:
        return []
    return [first + k * horizon for k in range(windows)]


def forecast_panel(panel: Panel, horizon: int, config: ForecastConfig, progress: Progress = silent) -> Forecast:
    """The full forecast of every series of ``panel`` for ``horizon`` periods."""
    failures: dict[str, str] = {}
    origins = _origins(panel, horizon, config.windows)
    candidates = [*dict.fromkeys(config.models)] if origins else [FALLBACK]
    errors: dict[str, FloatArray] = {}
    predictions: dict[str, list[FloatArray]] = {}
    actuals = [panel.units[:, o : o + horizon] for o in origins]
    for number, name in enumerate(candidates, 1):
        progress("forecast_backtest", model=name, number=number, models=len(candidates))
        try:
            predictions[name] = [_run(name, config, panel.cut(o), horizon) for o in origins]
        except Exception as exc:  # noqa: BLE001 - any model failure falls back, and is reported
            failures[name] = f"{type(exc).__name__}: {exc}"
            continue
        errors[name] = _mean_squared_error(actuals, predictions[name]) if origins else np.zeros(panel.series)
    scale = _naive_scale(panel)
    parts = config.combination
    if origins and parts and all(part in errors for part in parts):
        predictions[COMBINED] = [level_blend(*window) for window in zip(*(predictions[p] for p in parts), strict=True)]
        combined, first = _mean_squared_error(actuals, predictions[COMBINED]), next(iter(errors.values()))
        both = np.isfinite(combined) & np.isfinite(first)
        better = np.sum(combined[both] / scale[both]) < np.sum(first[both] / scale[both])  # pooled over series
        errors = {COMBINED: combined, **errors} if better else {**errors, COMBINED: combined}
    names = list(errors) or [FALLBACK]
    table = np.vstack([errors[n] for n in names]) if errors else np.zeros((1, panel.series))
    best = np.argmin(table, axis=0)
    with np.errstate(invalid="ignore"):  # inf - inf: no model forecast the series; it falls back below
        saving = (table[0] - table[best, np.arange(panel.series)]) / scale
    choice = np.array(names, dtype=object)[np.where(saving > config.switch_margin, best, 0)]
    if GlobalBoosted.name in errors:
        choice = np.where(_planned_events(panel, horizon), GlobalBoosted.name, choice)

    mean = np.full((panel.series, horizon), np.nan)
    fitted: dict[str, FloatArray] = {}

    def final(name: str) -> FloatArray:
        if name == COMBINED:
            return level_blend(*(final(p) for p in parts))
        if name not in fitted:
            fitted[name] = _run(name, config, panel, horizon)
        return fitted[name]

    for name in sorted(set(choice)):
        progress("forecast_fit", model=name, series=int((choice == name).sum()))
        rows = choice == name
        try:
            mean[rows] = final(name)[rows]
        except Exception as exc:  # noqa: BLE001
            failures[name] = f"{type(exc).__name__}: {exc}"
    failed = np.isnan(mean).any(axis=1)
    if failed.any():
        mean[failed] = _run(FALLBACK, config, panel, horizon)[failed]
        choice = np.where(failed, FALLBACK, choice)

    phi = _dispersion(choice, actuals, predictions)
    season_phi = _dispersion(choice, actuals, predictions, panel.season)
    return Forecast(
        mean=mean,
        quantiles=distribution.quantiles(mean, phi, config.levels),
        model=choice,
        dispersion=phi,
        season_dispersion=season_phi,
        backtest_mse=errors,
        failures=failures,
    )


def level_blend(shape: FloatArray, other: FloatArray) -> FloatArray:
    """``shape``'s days scaled so that each series' total over the horizon is the mean of
    both forecasts' totals (the mean of both where ``shape`` forecasts nothing)."""
    total, other_total = shape.sum(axis=1, keepdims=True), other.sum(axis=1, keepdims=True)
    scale = (total + other_total) / (2 * np.where(total > 0, total, 1.0))
    return np.where(total > 0, shape * scale, (shape + other) / 2)


def _planned_events(panel: Panel, horizon: int) -> BoolArray:
    """Series with a planned event (a non-zero ``planned`` covariate) somewhere in the horizon."""
    span = slice(panel.history_days, panel.history_days + horizon)
    flags = [np.any(panel.covariates[name][:, span] != 0, axis=1) for name in panel.planned]
    return np.any(flags, axis=0) if flags else np.zeros(panel.series, dtype=bool)


def _naive_scale(panel: Panel) -> FloatArray:
    """Each series' in-sample one-step naive MSE from its first sale (the RMSSE scale; 1 where undefined)."""
    history = fill_censored(panel.units)
    scale = np.array([metrics.rmsse_scale(row) for row in history])
    return np.where(np.isfinite(scale) & (scale > 0), scale, 1.0)


def _mean_squared_error(actuals: list[FloatArray], forecasts: list[FloatArray]) -> FloatArray:
    """Per series over all windows; censored days are left out; inf where the model gave no forecast."""
    squared = (np.hstack(actuals) - np.hstack(forecasts)) ** 2
    days = (~np.isnan(squared)).sum(axis=1)
    mse = np.nansum(squared, axis=1) / np.maximum(days, 1)
    return np.where(np.isnan(np.hstack(forecasts)).any(axis=1), np.inf, mse)


def _dispersion(
    choice: ObjectArray, actuals: list[FloatArray], predictions: dict[str, list[FloatArray]], days: int = 1
) -> FloatArray:
    """Over-dispersion from each series' backtest errors with the model it was given (0 without
    any), of single days or of ``days``-day totals. The days of one window are not independent
    (a level the model misjudged stays misjudged), so a week's total is more spread than seven
    independent days would make it: its phi is measured on the totals themselves."""
    if not actuals:
        return np.zeros(len(choice))
    actual = np.hstack([block_totals(window, days) for window in actuals])
    chosen = np.zeros_like(actual)
    for name in set(choice):
        if name in predictions:
            totals = np.hstack([block_totals(window, days) for window in predictions[name]])
            chosen[choice == name] = totals[choice == name]
    return distribution.dispersion(actual, np.nan_to_num(chosen))


def block_totals(window: FloatArray, days: int) -> FloatArray:
    """Sums of consecutive ``days``-day blocks of a window from its first day (series x days;
    NaN if a day is NaN; an incomplete last block is left out)."""
    blocks = window.shape[1] // days
    totals: FloatArray = window[:, : blocks * days].reshape(window.shape[0], blocks, days).sum(axis=2)
    return totals
