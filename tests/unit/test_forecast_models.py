"""The contract every forecasting model keeps, and the per-series choice on top of them."""

from __future__ import annotations

import numpy as np
import pytest

from stockpilot.domain.forecasting.forecaster import COMBINED, ForecastConfig, forecast_panel, level_blend
from stockpilot.domain.forecasting.global_model import BoostedParams, GlobalBoosted
from stockpilot.domain.forecasting.models import FALLBACK, MODEL_NAMES, forecast, make_model
from stockpilot.domain.forecasting.panel import Panel

SMALL = BoostedParams(train_days=150, rounds=40, leaves=15, min_data_in_leaf=20, threads=1)
HORIZON = 14
LEVELS = (0.1, 0.5, 0.8, 0.9, 0.95, 0.99)


def mixed_panel(seed: int = 0, days: int = 200, series: int = 24) -> Panel:
    """Smooth weekly sellers, slow movers, a never-sold series and a few censored days."""
    rng = np.random.default_rng(seed)
    weekday = np.arange(days + HORIZON) % 7
    rate = np.vstack(
        [
            rng.uniform(2, 8, series // 2)[:, None] * np.where(weekday >= 5, 1.8, 1.0)[None, :],
            np.full((series // 2, days + HORIZON), rng.uniform(0.05, 0.4)),
        ]
    )
    units = rng.poisson(rate[:, :days]).astype(float)
    units[-1] = 0.0  # never sold
    units[0, 150:153] = np.nan  # censored by a stock-out
    price = np.full((series, days + HORIZON), 5.0)
    return Panel(units, price, {"weekday": weekday}, {"item": np.arange(series)})


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_every_model_keeps_the_contract(name):
    panel, other = mixed_panel(1), mixed_panel(2)
    model = make_model(name, HORIZON, SMALL)
    first = model.fit(panel).predict(HORIZON)
    assert first.shape == (panel.series, HORIZON)
    assert np.isfinite(first).all() and (first >= 0).all()
    assert np.array_equal(model.predict(HORIZON), first)  # predicting again changes nothing
    assert np.allclose(forecast(make_model(name, HORIZON, SMALL), panel, HORIZON), first)  # one-shot agrees
    refitted = model.fit(other).predict(HORIZON)  # a refit forgets the first panel
    assert np.allclose(refitted, forecast(make_model(name, HORIZON, SMALL), other, HORIZON))
    assert first[-1].max() < 0.5  # the never-sold series stays near zero


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_every_model_gives_non_crossing_non_negative_quantiles(name):
    result = forecast_panel(mixed_panel(3), HORIZON, ForecastConfig(models=(name,), levels=LEVELS, boosted=SMALL))
    assert set(result.model) == {name}
    previous = np.zeros_like(result.mean)
    for level in LEVELS:
        assert (result.quantiles[level] >= previous).all()
        previous = result.quantiles[level]
    assert (result.quantiles[0.1] >= 0).all()


MODELS = ("seasonal_naive", "moving_average", "croston_sba")


def test_without_a_margin_each_series_gets_the_model_with_the_least_backtest_error():
    config = ForecastConfig(models=MODELS, levels=LEVELS, switch_margin=0.0)
    result = forecast_panel(mixed_panel(4), HORIZON, config)
    table = np.vstack([result.backtest_mse[m] for m in MODELS])
    assert list(result.model) == [MODELS[i] for i in table.argmin(axis=0)]
    assert len(set(result.model)) > 1


def test_a_series_leaves_the_first_model_only_for_a_saving_above_the_margin():
    panel = mixed_panel(4)
    result = forecast_panel(panel, HORIZON, ForecastConfig(models=MODELS, levels=LEVELS, switch_margin=0.5))
    history = np.nan_to_num(panel.units)
    scale = np.array([np.mean(np.diff(row[np.flatnonzero(row)[0] :]) ** 2) if row.any() else 1.0 for row in history])
    table = np.vstack([result.backtest_mse[m] for m in MODELS])
    saving = (table[0] - table.min(axis=0)) / scale
    assert (result.model[saving <= 0.5] == MODELS[0]).all()
    assert (result.model[saving > 0.5] == np.array(MODELS)[table.argmin(axis=0)][saving > 0.5]).all()
    assert (saving > 0.5).any() and (saving <= 0.5).any()  # both cases occur


class Exploding:
    name = "exploding"

    def fit(self, panel):
        raise RuntimeError("boom")


def test_a_failing_model_falls_back_and_is_reported(monkeypatch):
    import stockpilot.domain.forecasting.forecaster as forecaster

    real = forecaster.make_model
    monkeypatch.setattr(
        forecaster, "make_model", lambda name, h, b: Exploding() if name == "theta" else real(name, h, b)
    )
    result = forecast_panel(mixed_panel(5), HORIZON, ForecastConfig(models=("theta",), levels=LEVELS))
    assert set(result.model) == {FALLBACK}
    assert "boom" in result.failures["theta"]
    assert np.isfinite(result.mean).all()


def test_a_series_without_a_finite_forecast_falls_back_alone(monkeypatch):
    import stockpilot.domain.forecasting.models as models

    def half_broken(history, horizon, season):
        out = np.ones((history.shape[0], horizon))
        out[2] = np.nan
        return out

    monkeypatch.setitem(models.LOCAL_METHODS, "tsb", half_broken)
    result = forecast_panel(mixed_panel(6), HORIZON, ForecastConfig(models=("tsb",), levels=LEVELS))
    assert result.model[2] == FALLBACK
    assert (np.delete(result.model, 2) == "tsb").all()
    assert np.isfinite(result.mean).all()


def test_a_short_history_uses_the_fallback_with_poisson_quantiles():
    panel = mixed_panel(7, days=HORIZON + 13)  # one backtest window needs two weeks before it
    result = forecast_panel(panel, HORIZON, ForecastConfig(levels=LEVELS, boosted=SMALL))
    assert set(result.model) == {FALLBACK} and (result.dispersion == 0).all()


def test_a_planned_promotion_gives_the_series_the_global_model():
    panel = mixed_panel(8)
    discount = np.zeros_like(panel.price)
    discount[5, panel.history_days + 3] = 0.3
    promoted = Panel(
        panel.units, panel.price, panel.calendar, panel.groups, covariates={"discount": discount}, planned=("discount",)
    )
    config = ForecastConfig(models=("global_boosted", "moving_average"), levels=LEVELS, boosted=SMALL)
    assert forecast_panel(promoted, HORIZON, config).model[5] == "global_boosted"


def test_level_blend_by_hand():
    # totals 6 and 12: the shape is scaled to (6 + 12) / 2 = 9, x 1.5; no shape: the mean of both
    shape, other = np.array([[1.0, 2, 3], [0, 0, 0]]), np.array([[4.0, 4, 4], [2, 2, 2]])
    assert level_blend(shape, other).tolist() == [[1.5, 3.0, 4.5], [1.0, 1.0, 1.0]]


def test_the_combination_is_a_candidate_and_leads_when_it_is_better_pooled():
    panel = mixed_panel(5)
    models = (GlobalBoosted.name, "exponential_smoothing", "moving_average")
    config = ForecastConfig(models=models, levels=LEVELS, boosted=SMALL)
    result = forecast_panel(panel, HORIZON, config)
    assert COMBINED in result.backtest_mse
    history = np.nan_to_num(panel.units)
    scale = np.array([np.mean(np.diff(row[np.flatnonzero(row)[0] :]) ** 2) if row.any() else 1.0 for row in history])
    pooled = {m: np.sum(result.backtest_mse[m] / scale) for m in (COMBINED, GlobalBoosted.name)}
    reference = COMBINED if pooled[COMBINED] < pooled[GlobalBoosted.name] else GlobalBoosted.name
    assert (result.model == reference).sum() > len(result.model) / 2  # most series keep the reference
    chosen = result.model == COMBINED
    assert chosen.any()
    # its forecast is the global model's days at the blended level
    parts = [np.maximum(forecast(make_model(m, HORIZON, SMALL), panel, HORIZON), 0) for m in models[:2]]
    assert np.allclose(result.mean[chosen], level_blend(*parts)[chosen])
    without = forecast_panel(
        panel, HORIZON, ForecastConfig(models=models, levels=LEVELS, boosted=SMALL, combination=())
    )
    assert COMBINED not in without.backtest_mse and COMBINED not in set(without.model)


def test_a_weeks_total_is_more_spread_when_the_level_errors_persist():
    """Poisson days around a steady rate: a week's total is about Poisson too (phi near 0). A
    rate that moves for a whole month (x0.5 to x1.5 per series) leaves the days of the backtest
    window wrong together: the week's total keeps the days' phi, where seven independent days
    would divide it by seven."""
    rng = np.random.default_rng(11)
    series, days = 200, 196
    rate = np.full((series, days), 4.0)
    steady = Panel(rng.poisson(rate).astype(float), np.ones((series, days + HORIZON)), {})
    rate[:, -HORIZON:] *= rng.uniform(0.5, 1.5, (series, 1))
    moving = Panel(rng.poisson(rate).astype(float), np.ones((series, days + HORIZON)), {})
    config = ForecastConfig(models=("moving_average",), levels=(0.5,), combination=())
    calm, shifted = forecast_panel(steady, HORIZON, config), forecast_panel(moving, HORIZON, config)
    assert calm.season_dispersion.mean() < 0.02
    assert shifted.season_dispersion.mean() > 0.05
    assert shifted.season_dispersion.mean() > 3 * shifted.dispersion.mean() / 7
