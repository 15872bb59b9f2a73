"""The replay on real demand: 300 items of M5 store CA_1, the last 13 weeks."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq
import pytest

from conftest import real_data
from stockpilot.domain.forecasting.forecaster import ForecastConfig
from stockpilot.domain.forecasting.panel import Panel
from stockpilot.domain.replay import engine
from stockpilot.domain.replay.equal_inventory import CurvePoint, read_at
from stockpilot.domain.replay.forecast_policy import ScheduledOrderUpTo, schedule_forecasts, stock_pilot_forecaster

ITEMS, DAYS, HISTORY = 300, 91, 365  # the replay, and the history before it that the forecaster sees
MINUTES = engine.OrderingMinutes(2.0, 2.0, 0.25)


@pytest.mark.realdata
def test_stock_pilot_loses_fewer_units_than_min_max_at_the_same_stock_on_m5():
    sales = pq.read_table(real_data("m5_ca1/sales_ca1.parquet"))
    columns = sorted((c for c in sales.column_names if c.startswith("d_")), key=lambda c: int(c[2:]))
    y = np.column_stack([sales.column(c).to_numpy()[:ITEMS] for c in columns[-(HISTORY + DAYS) :]]).astype(float)
    total = HISTORY + DAYS + 40
    history = Panel(y, np.ones((ITEMS, total)), {"weekday": np.arange(total) % 7})
    inputs = engine.ReplayInput(
        demand=y[:, HISTORY:],
        opening_stock=np.round(14 * y[:, HISTORY - 28 : HISTORY].mean(axis=1)),
        lead_days=np.full((ITEMS, DAYS), 7),
        review=np.arange(DAYS) % 7 == 0,
        unit_cost=np.ones(ITEMS),
        unit_price=np.ones(ITEMS),
        case_pack=np.ones(ITEMS),
        moq=np.zeros(ITEMS),
        prior_sales=y[:, HISTORY - 28 : HISTORY],
    )
    forecaster = stock_pilot_forecaster(ForecastConfig(models=("moving_average", "exponential_smoothing")))
    schedule = schedule_forecasts(forecaster, history, HISTORY, DAYS, 28, 40)

    def run(policy) -> engine.ReplayKpis:
        result = engine.replay(inputs, policy)
        opening = inputs.opening_stock + result.total_received
        assert np.allclose(opening, result.total_sold + result.final_stock)  # units are conserved
        assert result.closing.min() >= 0
        return engine.kpis(result, inputs, minutes=MINUTES)

    rule = [CurvePoint(w, (k := run(engine.MinMaxPolicy(w, w + 2))).average_stock_value, k) for w in (0.5, 1, 2, 3)]
    cover, spread = np.full(ITEMS, 14.0), np.zeros(ITEMS)
    ours = [
        CurvePoint(p, (k := run(ScheduledOrderUpTo(schedule, p, cover, spread))).average_stock_value, k)
        for p in (0.3, 0.5, 0.7, 0.9, 0.97)
    ]
    usual = next(p for p in rule if p.parameter == 1)
    at_rule_stock = read_at(ours, usual.average_stock_value)
    assert at_rule_stock.lost_units < 0.8 * usual.kpis.lost_units
    assert at_rule_stock.stockout_rate < usual.kpis.stockout_rate
