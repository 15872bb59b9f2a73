"""The global boosted model on synthetic panels whose right answer is known."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from stockpilot.domain.forecasting.global_model import BoostedParams, GlobalBoosted, LaggedFeatures
from stockpilot.domain.forecasting.panel import Panel

SMALL = BoostedParams(train_days=200, rounds=60, leaves=15, min_data_in_leaf=20, threads=1)


def weekly_panel(series: int = 30, days: int = 300, horizon: int = 28, seed: int = 1) -> tuple[Panel, np.ndarray]:
    """Poisson demand with a strong weekly pattern (weekends x3) and a price effect."""
    rng = np.random.default_rng(seed)
    total = days + horizon
    weekday = np.arange(total) % 7
    level = rng.uniform(1, 6, series)[:, None]
    price = np.full((series, total), 10.0)
    discount = rng.random((series, total)) < 0.1
    price[discount] = 7.0  # 30% off
    rate = level * np.where(weekday >= 5, 3.0, 1.0)[None, :] * np.where(discount, 2.0, 1.0)
    demand = rng.poisson(rate).astype(float)
    panel = Panel(demand[:, :days], price, {"weekday": weekday}, {"item": np.arange(series)})
    return panel, demand[:, days:]


def test_forecast_has_the_right_shape_and_is_never_negative():
    panel, actual = weekly_panel()
    forecast = GlobalBoosted(SMALL).fit(panel).predict(28)
    assert forecast.shape == actual.shape
    assert (forecast >= 0).all()


def test_it_learns_the_weekly_pattern_and_the_price_effect():
    panel, actual = weekly_panel(seed=2)
    forecast = GlobalBoosted(SMALL).fit(panel).predict(28)
    weekday = (panel.history_days + np.arange(28)) % 7
    weekend, weekdays = forecast[:, weekday >= 5].mean(), forecast[:, weekday < 5].mean()
    assert 2.0 < weekend / weekdays < 4.0  # the truth is 3
    days = panel.history_days + np.arange(28)
    on_offer = panel.price[:, days] < 10
    same_day = np.broadcast_to(weekday >= 5, on_offer.shape)
    offer_ratio = forecast[on_offer & ~same_day].mean() / forecast[~on_offer & ~same_day].mean()
    assert 1.5 < offer_ratio < 2.6  # the truth is 2
    wape = np.abs(forecast - actual).sum() / actual.sum()
    assert wape < 0.5  # Poisson noise alone gives about 0.35 here


@pytest.mark.parametrize("lag", BoostedParams().lags)
def test_a_feature_never_sees_a_day_less_than_lag_days_before_its_target(lag):
    """Overwrite every sale from ``target - lag + 1`` on with garbage: the target's features stay
    the same, in every horizon bucket."""
    panel, _ = weekly_panel(seed=3)
    target = 250
    before = LaggedFeatures(panel, lag).columns(np.array([target]))
    garbage = panel.units.copy()
    garbage[:, target - lag + 1 :] = 999.0
    spoiled = Panel(garbage, panel.price, panel.calendar, panel.groups)
    after = LaggedFeatures(spoiled, lag).columns(np.array([target]))
    for name in before:
        assert np.array_equal(before[name], after[name], equal_nan=True), name
    garbage[:, target - lag] = 999.0  # the last day it may see does change something
    seen = LaggedFeatures(Panel(garbage, panel.price, panel.calendar, panel.groups), lag).columns(np.array([target]))
    assert not np.array_equal(before[f"lag_{lag}"], seen[f"lag_{lag}"])


def test_the_buckets_cover_the_horizon_shortest_lag_first():
    assert BoostedParams().lags == (7, 28)
    assert BoostedParams(lag=35, near_lags=(14, 7, 40)).lags == (7, 14, 35)  # a near lag past the longest is dropped
    assert BoostedParams(near_lags=()).lags == (28,)


def shifting_panel(series: int = 40, days: int = 400, seed: int = 7) -> tuple[Panel, np.ndarray]:
    """Poisson demand whose level jumps at random days, the last jump (x3) two weeks before the
    cut-off for half the series: features four weeks old cannot tell the new level. Returns the
    panel and each series' true rate over the next week."""
    rng = np.random.default_rng(seed)
    level = np.full((series, days + 28), 3.0)
    for row in range(series):
        for start in rng.choice(np.arange(60, days - 40), 6, replace=False):
            level[row, start:] = rng.uniform(1, 8)
    level[: series // 2, days - 14 :] *= 3.0
    units = rng.poisson(level[:, :days]).astype(float)
    panel = Panel(units, np.ones((series, days + 28)), {"weekday": np.arange(days + 28) % 7})
    return panel, level[:, days : days + 7].mean(axis=1)


def test_the_near_days_read_the_last_two_weeks_of_sales():
    panel, truth = shifting_panel()
    params = BoostedParams(train_days=300, rounds=80, min_data_in_leaf=20, threads=1)
    bucketed = GlobalBoosted(params).fit(panel).predict(28)[:, :7].mean(axis=1)
    long_only = GlobalBoosted(replace(params, near_lags=())).fit(panel).predict(28)[:, :7].mean(axis=1)
    jumped, steady = slice(0, 20), slice(20, 40)
    near_error, long_error = np.abs(bucketed - truth), np.abs(long_only - truth)
    assert long_only[jumped].sum() < 0.8 * truth[jumped].sum()  # blind to the jump
    assert near_error[jumped].mean() < 0.75 * long_error[jumped].mean()
    assert near_error[steady].mean() < long_error[steady].mean()


def test_it_is_deterministic_for_a_seed():
    panel, _ = weekly_panel(seed=4)
    assert np.array_equal(GlobalBoosted(SMALL).fit(panel).predict(7), GlobalBoosted(SMALL).fit(panel).predict(7))


def test_a_horizon_beyond_the_lag_is_refused():
    panel, _ = weekly_panel(days=120)
    model = GlobalBoosted(BoostedParams(lag=14, train_days=60, rounds=5, threads=1)).fit(panel)
    with pytest.raises(ValueError, match="beyond"):
        model.predict(15)


def test_a_history_no_longer_than_the_lag_is_refused_with_its_reason():
    panel, _ = weekly_panel(days=28)
    with pytest.raises(ValueError, match="28 days of history leave none to learn from at lag 28"):
        GlobalBoosted(replace(SMALL, near_lags=())).fit(panel)


def test_panel_checks_its_shapes():
    with pytest.raises(ValueError):
        Panel(np.zeros((2, 10)), np.zeros((2, 5)), {})
    with pytest.raises(ValueError):
        Panel(np.zeros((2, 10)), np.zeros((2, 12)), {"weekday": np.zeros(11)})


def test_a_promotion_in_the_future_raises_the_forecast_on_its_days():
    rng = np.random.default_rng(5)
    series, days, horizon = 30, 300, 14
    discount = np.where(rng.random((series, days + horizon)) < 0.08, 25.0, 0.0)
    discount[:, days:] = 0.0
    discount[:10, days + 3 : days + 7] = 25.0  # a planned promotion for 10 items, days 4 to 7
    rate = rng.uniform(2, 6, series)[:, None] * np.where(discount > 0, 1.8, 1.0)
    demand = rng.poisson(rate).astype(float)
    panel = Panel(
        demand[:, :days],
        np.ones((series, days + horizon)),
        {"weekday": np.arange(days + horizon) % 7},
        covariates={"promotion_discount": discount},
    )
    forecast = GlobalBoosted(SMALL).fit(panel).predict(horizon)
    on, off = forecast[:10, 3:7].mean(), forecast[:10, [0, 1, 2, 8, 9, 10]].mean()
    assert on > 1.4 * off  # the truth is 1.8
    others_on, others_off = forecast[10:, 3:7].mean(), forecast[10:, [0, 1, 2, 8, 9, 10]].mean()
    assert abs(others_on / others_off - 1) < 0.15


def test_an_item_never_on_sale_in_the_history_still_forecasts(recwarn):
    panel, _ = weekly_panel(series=10, days=150, seed=6)
    price = panel.price.copy()
    price[0, : panel.history_days] = np.nan  # a new item: priced only from the horizon on
    fresh = Panel(panel.units, price, panel.calendar, panel.groups)
    forecast = GlobalBoosted(BoostedParams(train_days=100, rounds=20, leaves=7, threads=1)).fit(fresh).predict(7)
    assert np.isfinite(forecast).all() and (forecast >= 0).all()
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def closed_day_panel(series: int, days: int, closed: list[int], ahead: int = 5) -> Panel:
    """Poisson demand, none on the days the calendar marks closed: ``closed`` in the history and
    day ``ahead`` (0-based) of a 14-day horizon."""
    rng = np.random.default_rng(6)
    total = days + 14
    shut = np.zeros(total, dtype=np.int64)
    shut[[*closed, days + ahead]] = 1
    rate = rng.uniform(2, 8, series)[:, None] * np.where(shut == 1, 0.0, 1.0)[None, :]
    demand = rng.poisson(np.broadcast_to(rate, (series, total))).astype(float)
    calendar = {"weekday": np.arange(total) % 7, "closed": shut}
    return Panel(demand[:, :days], np.full((series, total), 10.0), calendar, {"item": np.arange(series)}, ("closed",))


def closed_day_share(panel: Panel, params: BoostedParams, ahead: int = 5) -> float:
    """The forecast of the closed day ahead over the mean forecast of the open days."""
    forecast = GlobalBoosted(params).fit(panel).predict(14)
    return float(forecast[:, ahead].mean() / np.delete(forecast, ahead, axis=1).mean())


def test_a_rare_closed_day_is_learnt_when_the_training_rows_are_sampled():
    """The shops close on two days a year; the training window holds far more rows than
    ``train_rows``. Every day keeps a share of its series, so the closed days stay in the
    sample, and the model forecasts next year's closed day near zero. Sampling whole days (a
    fifth of them, here) left both closed days out: the forecast of the closed day was 0.95 of
    an open day."""
    panel = closed_day_panel(200, 730, [359, 364 + 359])
    params = replace(SMALL, train_days=730, train_rows=200 * 730 // 5, near_lags=())
    assert closed_day_share(panel, params) < 0.3  # 0.2 here; about 1 from whole days


def test_a_small_panel_learns_from_all_its_history():
    """60 series x 400 days is far under ``train_rows``: the two closed days, 280 and 360 days
    back, are learnt although they are older than ``train_days``. Over the row limit, the same
    panel learns from the latest ``train_days`` only, and the closed days are out of reach."""
    panel = closed_day_panel(60, 400, [40, 120])
    params = replace(SMALL, train_days=100, near_lags=())
    assert closed_day_share(panel, params) < 0.3
    assert closed_day_share(panel, replace(params, train_rows=60 * 100)) > 0.8
