"""Stock Pilot's forecast-driven policy inside the replay engine, on steady Poisson demand."""

from __future__ import annotations

import numpy as np

from stockpilot.domain.forecasting.forecaster import ForecastConfig
from stockpilot.domain.forecasting.panel import Panel
from stockpilot.domain.replay.engine import MinMaxPolicy, ReplayInput, kpis, replay
from stockpilot.domain.replay.forecast_policy import ForecastPolicy

HISTORY, DAYS, SERIES = 120, 84, 12


def setup(seed: int = 0):
    rng = np.random.default_rng(seed)
    rate = rng.uniform(1, 8, SERIES)[:, None]
    demand = rng.poisson(rate, (SERIES, HISTORY + DAYS)).astype(float)
    total = HISTORY + DAYS + 60
    base = Panel(demand[:, :HISTORY], np.full((SERIES, total), 5.0), {"weekday": np.arange(total) % 7})
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
    return base, inputs


def run(service: float, seed: int = 0):
    base, inputs = setup(seed)
    config = ForecastConfig(models=("moving_average",), levels=(0.5,))
    chosen = ForecastPolicy(base, config, service, review_days=7, lead_mean=3, refit_days=28)
    return kpis(replay(inputs, chosen), inputs, minutes_per_line=1.0)


def test_the_fill_rate_follows_the_service_level():
    low, high = run(0.80), run(0.98)
    assert 0.85 < low["fill_rate"] < high["fill_rate"]
    assert high["fill_rate"] > 0.97
    assert high["average_stock_value"] > low["average_stock_value"]  # more service costs stock


def test_it_loses_less_than_min_max_at_no_more_stock():
    base, inputs = setup(1)
    min_max = kpis(replay(inputs, MinMaxPolicy(1.0, 3.0)), inputs, minutes_per_line=1.0)
    ours = run(0.95, seed=1)
    assert ours["lost_units"] < min_max["lost_units"]
    assert ours["average_stock_value"] < min_max["average_stock_value"]
