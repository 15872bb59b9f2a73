"""Stock Pilot's forecast-driven policy inside the replay: schedule, (R, S) and review flags."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from stockpilot.domain.forecasting.forecaster import ForecastConfig
from stockpilot.domain.forecasting.panel import Panel
from stockpilot.domain.replay.engine import MinMaxPolicy, OrderingMinutes, ReplayInput, ReplayResult, kpis, replay
from stockpilot.domain.replay.flags import any_flag, replay_flags
from stockpilot.domain.replay.forecast_policy import (
    ForecastSchedule,
    ScheduledOrderUpTo,
    schedule_forecasts,
    stock_pilot_forecaster,
)
from stockpilot.domain.replenishment.review import ReviewLimits

HISTORY, DAYS, SERIES = 120, 84, 12
MINUTES = OrderingMinutes(manual_line=2.0, reviewed_flag=2.0, routine_approval=0.25)
MOVING_AVERAGE = stock_pilot_forecaster(ForecastConfig(models=("moving_average",), levels=(0.5,)))


def setup(seed: int = 0):
    rng = np.random.default_rng(seed)
    rate = rng.uniform(1, 8, SERIES)[:, None]
    demand = rng.poisson(rate, (SERIES, HISTORY + DAYS)).astype(float)
    total = HISTORY + DAYS + 60
    history = Panel(demand, np.full((SERIES, total), 5.0), {"weekday": np.arange(total) % 7})
    inputs = ReplayInput(
        demand=demand[:, HISTORY:],
        opening_stock=np.full(SERIES, 20.0),
        lead_days=np.full((SERIES, DAYS), 3),
        review=np.arange(DAYS) % 7 == 0,
        unit_cost=np.full(SERIES, 3.0),
        unit_price=np.full(SERIES, 5.0),
        case_pack=np.ones(SERIES, dtype=int),
        moq=np.zeros(SERIES),
    )
    return history, inputs


def run(service: float, seed: int = 0):
    history, inputs = setup(seed)
    schedule = schedule_forecasts(MOVING_AVERAGE, history, HISTORY, DAYS, 28, 40)
    chosen = ScheduledOrderUpTo(schedule, service, np.full(SERIES, 10.0), np.zeros(SERIES))
    return kpis(replay(inputs, chosen), inputs, minutes=MINUTES)


def test_the_fill_rate_follows_the_service_level():
    low, high = run(0.80), run(0.98)
    assert 0.85 < low.fill_rate < high.fill_rate
    assert high.fill_rate > 0.97
    assert high.average_stock_value > low.average_stock_value  # more service costs stock


def test_it_loses_less_than_min_max_at_no_more_stock():
    _, inputs = setup(1)
    min_max = kpis(replay(inputs, MinMaxPolicy(1.0, 3.0)), inputs, minutes=MINUTES)
    ours = run(0.95, seed=1)
    assert ours.lost_units < min_max.lost_units
    assert ours.average_stock_value < min_max.average_stock_value


def test_a_forecast_never_sees_its_origin_day_or_later():
    history, _ = setup(2)
    honest = schedule_forecasts(MOVING_AVERAGE, history, HISTORY, DAYS, 28, 40)
    for origin in honest.origins:
        spoiled = history.units.copy()
        spoiled[:, HISTORY + origin :] = 1e6  # garbage from the origin day on
        seen = schedule_forecasts(
            MOVING_AVERAGE, Panel(spoiled, history.price, history.calendar), HISTORY, DAYS, 28, 40
        )
        at = int(np.flatnonzero(seen.origins == origin)[0])
        assert np.array_equal(seen.mean[at], honest.mean[at])
        assert np.array_equal(seen.mean[: at + 1], honest.mean[: at + 1])


def test_the_schedule_reads_the_latest_forecast_further_along():
    mean = np.arange(2 * 1 * 10, dtype=float).reshape(2, 1, 10)
    schedule = ForecastSchedule(np.array([0, 5]), mean, mean)
    assert schedule.at(3)[0].tolist() == [[3, 4, 5, 6, 7, 8, 9]]  # origin 0, offset 3
    assert schedule.at(6)[0].tolist() == [[11, 12, 13, 14, 15, 16, 17, 18, 19]]  # origin 5, offset 1
    with pytest.raises(ValueError):
        ForecastSchedule(np.array([1, 5]), mean, mean)  # the first forecast must be made on day 0


def test_order_up_to_by_hand():
    # 2 units a day, variance 2 a day, cover 14 days: mu 28, sigma sqrt(28); lead sd 1 day adds
    # (28 / 14)^2 x 1 = 4 to the variance -> sigma sqrt(32)
    schedule = ForecastSchedule(np.array([0]), np.full((1, 2, 20), 2.0), np.full((1, 2, 20), 2.0))
    level = stats.norm.cdf(1.5)
    chosen = ScheduledOrderUpTo(schedule, np.array([0.5, level]), np.array([14.0, 14.0]), np.array([0.0, 1.0]))
    assert chosen.order_up_to(0) == pytest.approx([28.0, 28.0 + 1.5 * np.sqrt(32)])


def test_review_flags_by_hand():
    # one review day, day 7; three series order on it
    # 0: usual order 2 (days 0 and 3 ordered 2), orders 7 > 3 x 2 -> order_jump
    # 1: forecast 1 a day (variance 1): week mean 7, sd sqrt 7, 90% band 7 +- 1.645 x 2.646 = [2.65, 11.35];
    #    sold 20 -> forecast_off_band
    # 2: sold from day 0 only (no prior sales) -> 7 days of history < 28 -> new_sku; series 0 and 1 sold before
    # 3: flagged by nothing: sold 7, usual 4, orders 5
    days = 8
    ordered = np.zeros((4, days))
    ordered[0, [0, 3, 7]] = [2, 2, 7]
    ordered[1, 7] = ordered[2, 7] = 3
    ordered[3, [0, 7]] = [4, 5]
    sold = np.zeros((4, days))
    sold[:, :7] = [[1] * 7, [20 / 7] * 7, [1] * 7, [1] * 7]
    zeros = np.zeros((4, days))
    result = ReplayResult(sold, sold, zeros, zeros, zeros, ordered)
    schedule = ForecastSchedule(np.array([0]), np.ones((1, 4, 30)), np.ones((1, 4, 30)))
    prior = np.array([[1.0] * 30, [1.0] * 30, [0.0] * 30, [1.0] * 30])
    review = np.zeros(days, dtype=bool)
    review[[0, 3, 7]] = True
    flags = replay_flags(result, review, schedule, prior, ReviewLimits(band=0.90))
    assert [code for code in flags if flags[code][0, 7]] == ["order_jump"]
    assert [code for code in flags if flags[code][1, 7]] == ["forecast_off_band"]
    assert [code for code in flags if flags[code][2, 7]] == ["new_sku"]
    flagged = any_flag(flags)
    assert flagged[:, 7].tolist() == [True, True, True, False]
    assert not flagged[:, :7].any()  # no line before day 7 is flagged: new_sku needs an order; no band yet


def test_sigma_is_tracked_on_earlier_forecasts_whose_days_have_passed():
    # 2 a day forecast (variance 2), cover 7: mu 14, model variance 14. 4 a day sold, so the
    # forecast made on day 0 missed by 7 x 2 = 14 once days 0..6 have passed (day 7 on):
    # sigma^2 = (14^2 + 4 x 14) / (1 + 4) = 50.4
    schedule = ForecastSchedule(np.array([0]), np.full((1, 1, 40), 2.0), np.full((1, 1, 40), 2.0))
    actual = np.full((1, 30), 4.0)
    chosen = ScheduledOrderUpTo(schedule, stats.norm.cdf(1.0), np.array([7.0]), np.zeros(1), actual, 4.0, 182)
    assert chosen.order_up_to(0) == pytest.approx([14 + np.sqrt(14)])  # nothing to learn from yet
    assert chosen.order_up_to(3) == pytest.approx([14 + np.sqrt(14)])  # day 0's days have not all passed
    assert chosen.order_up_to(7) == pytest.approx([14 + np.sqrt(50.4)])
    # a censored day in a window leaves that window out
    censored = actual.copy()
    censored[0, 2] = np.nan
    blind = ScheduledOrderUpTo(schedule, stats.norm.cdf(1.0), np.array([7.0]), np.zeros(1), censored, 4.0, 182)
    blind.order_up_to(0)
    assert blind.order_up_to(7) == pytest.approx([14 + np.sqrt(14)])
    # days from the decision day on are never read
    future = actual.copy()
    future[0, 7:] = 1e6
    seer = ScheduledOrderUpTo(schedule, stats.norm.cdf(1.0), np.array([7.0]), np.zeros(1), future, 4.0, 182)
    seer.order_up_to(0)
    assert seer.order_up_to(7) == pytest.approx([14 + np.sqrt(50.4)])
