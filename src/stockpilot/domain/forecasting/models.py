"""The forecasting models, behind one small interface (R-FC-3).

Every model is fitted on a :class:`Panel` and then predicts the mean demand of
every series for the next ``horizon`` periods (series x horizon, never negative).
``forecast`` does both at once. Local models see each series alone, with its
censored days filled in (censoring.fill_censored) and days before the series'
first sale ignored by the methods that care; the global model learns from all
series together and takes the panel's prices, promotions and calendar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np

from stockpilot.domain.arrays import FloatArray
from stockpilot.domain.forecasting import baselines, intermittent, smoothing
from stockpilot.domain.forecasting.censoring import fill_censored
from stockpilot.domain.forecasting.global_model import BoostedParams, GlobalBoosted
from stockpilot.domain.forecasting.panel import Panel


class Model(Protocol):
    name: str

    def fit(self, panel: Panel) -> Model: ...

    def predict(self, horizon: int) -> FloatArray: ...


def forecast(model: Model, panel: Panel, horizon: int) -> FloatArray:
    """Fit on the panel, then predict ``horizon`` periods of mean demand."""
    return model.fit(panel).predict(horizon)


Method = Callable[[FloatArray, int, int], FloatArray]  # (history, horizon, season) -> series x horizon


def _flat(per_period: Callable[[FloatArray], FloatArray]) -> Method:
    """A method that forecasts one rate per series, repeated over the horizon."""
    return lambda history, horizon, season: np.repeat(per_period(history)[:, None], horizon, axis=1)


@dataclass
class LocalModel:
    """A per-series method applied to every series of the panel at once."""

    name: str
    method: Method

    def fit(self, panel: Panel) -> LocalModel:
        self.history_ = fill_censored(panel.units)
        self.season_ = panel.season
        return self

    def predict(self, horizon: int) -> FloatArray:
        mean = self.method(self.history_, horizon, self.season_)
        clipped: FloatArray = np.maximum(np.asarray(mean, dtype=float), 0.0)  # NaN stays NaN: the forecaster falls back
        return clipped


LOCAL_METHODS: dict[str, Method] = {
    "seasonal_naive": lambda history, horizon, season: baselines.seasonal_naive(history, horizon, season),
    "moving_average": lambda history, horizon, season: baselines.moving_average(history, horizon, 4 * season),
    "exponential_smoothing": smoothing.exponential_smoothing,
    "theta": smoothing.theta,
    "croston_sba": _flat(intermittent.sba),
    "tsb": _flat(intermittent.tsb),
    "adida": _flat(intermittent.adida),
}
FALLBACK = "moving_average"  # simple enough never to fail; used for any series another model fails on
# In order of preference when backtest errors tie (e.g. every backtest day was censored).
MODEL_NAMES = (GlobalBoosted.name, *LOCAL_METHODS)


def make_model(name: str, horizon: int, boosted: BoostedParams | None = None) -> Model:
    """A fresh, unfitted model by name (one of ``MODEL_NAMES``) able to forecast ``horizon`` periods;
    the global model's lag grows to the horizon when that is longer."""
    if name == GlobalBoosted.name:
        params = boosted or BoostedParams()
        return GlobalBoosted(replace(params, lag=max(params.lag, horizon)))
    if name not in LOCAL_METHODS:
        raise ValueError(f"unknown model {name!r}; known: {', '.join(MODEL_NAMES)}")
    return LocalModel(name, LOCAL_METHODS[name])
