"""Censored days: found from stock or inferred, and they raise the forecast as they should."""

import numpy as np
import pytest

from stockpilot.domain.forecasting.censoring import (
    censored_by_stock,
    demand_from_sales,
    end_of_day_stock,
    fill_censored,
    inferred_stockouts,
)
from stockpilot.domain.forecasting.global_model import BoostedParams, GlobalBoosted
from stockpilot.domain.forecasting.panel import Panel

NAN = np.nan


def test_end_of_day_stock_from_counts_receipts_and_sales():
    counts = np.array([[5, NAN, NAN, 10, NAN]])
    receipts = np.array([[0, 4, 0, 0, 0]])
    sales = np.array([[2, 3, 4, 1, 9]])
    # day 0: 5 - 2 = 3; day 1: 3 + 4 - 3 = 4; day 2: 4 - 4 = 0; day 3: recount 10 - 1 = 9; day 4: 9 - 9 = 0
    assert end_of_day_stock(counts, receipts, sales).tolist() == [[3, 4, 0, 9, 0]]
    assert censored_by_stock(counts, receipts, sales).tolist() == [[False, False, True, False, True]]


def test_unknown_stock_is_not_called_censored():
    counts = np.array([[NAN, NAN, 2]])
    stock = end_of_day_stock(counts, np.zeros((1, 3)), np.array([[0, 0, 2]]))
    assert np.isnan(stock[0, :2]).all() and stock[0, 2] == 0
    assert censored_by_stock(counts, np.zeros((1, 3)), np.array([[0, 0, 2]])).tolist() == [[False, False, True]]


def test_a_run_of_zeros_too_long_for_the_rate_is_inferred():
    # 56 days at 2 a day, then 3 zero days: exp(-2 * 3) = 0.25% < 1% -> flagged;
    # a slow item (1 sale in 28 days) with 3 zero days: exp(-3/28) ~ 90% -> not flagged
    fast = np.r_[np.full(56, 2.0), 0, 0, 0, 2]
    slow = np.r_[np.tile(np.r_[1.0, np.zeros(27)], 2), 0, 0, 0, 0]
    flagged = inferred_stockouts(np.vstack([fast, slow]))
    assert flagged[0, 56:59].all() and flagged[0].sum() == 3
    assert not flagged[1, 56:].any()
    assert np.isnan(demand_from_sales(fast[None, :], flagged[:1])[0, 56:59]).all()


def test_a_new_item_s_first_gap_is_not_taken_for_a_stockout():
    # sells 5 on its first day, then nothing for 10 days: a 5-a-day rate after one day says
    # exp(-50) ~ 0, but one day is no evidence of a rate; 28 days after the first sale, the same gap is
    new_item = np.array([0.0, 0, 5] + [0] * 10 + [5] * 40 + [0] * 10)
    flagged = inferred_stockouts(new_item[None, :])[0]
    assert not flagged[3:13].any()
    assert flagged[53:63].all()


def test_censored_days_are_filled_from_the_known_days_before_them():
    demand = np.array([[2.0, 4.0, NAN, 6.0, NAN], [NAN, 1.0, 1.0, 1.0, 1.0]])
    # day 2: mean of 2 and 4 = 3; day 4: mean of 2, 4, 6 = 4; a first day with nothing before it: 0
    np.testing.assert_allclose(fill_censored(demand), [[2, 4, 3, 6, 4], [0, 1, 1, 1, 1]])


@pytest.mark.parametrize("seed", [1, 2])
def test_censored_days_raise_the_forecast(seed):
    """An item that sold out for the last three weeks: read as zero demand, the forecast
    drops; read as censored, it stays near the true rate."""
    rng = np.random.default_rng(seed)
    series, days, horizon = 40, 300, 14
    rate = rng.uniform(2, 6, series)[:, None]
    sales = rng.poisson(np.broadcast_to(rate, (series, days))).astype(float)
    censored = np.zeros_like(sales, dtype=bool)
    censored[:20, -21:] = True  # half the items sold out for the last 3 weeks
    sales[censored] = 0.0
    calendar = {"weekday": np.arange(days + horizon) % 7}
    price = np.ones((series, days + horizon))
    params = BoostedParams(train_days=250, rounds=60, leaves=15, min_data_in_leaf=20, threads=1)
    as_zeros = GlobalBoosted(params).fit(Panel(sales, price, calendar)).predict(horizon)
    as_censored = GlobalBoosted(params).fit(Panel(demand_from_sales(sales, censored), price, calendar)).predict(horizon)
    truth = rate[:20, 0]
    assert as_censored[:20].mean() > as_zeros[:20].mean() * 1.3
    assert abs(as_censored[:20].mean(axis=1).mean() / truth.mean() - 1) < 0.25
