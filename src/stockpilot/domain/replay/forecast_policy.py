"""Stock Pilot as a replay policy: forecast, then order up to (R, S) (R-SIM-1).

On a refit day the policy forecasts from what it has seen: the history before the replay,
then the replay's own sales so far, with days that closed at zero stock treated as
censored demand (NaN), exactly as the product treats stock-outs. Between refits it reads
the last forecast further along. Prices, promotions and the calendar are known in advance
and come from ``base``, a panel over the whole history, the replay and a horizon after it.

Order-up-to level: S = expected demand over the review period plus the lead time, plus
k x sigma, with k = Φ⁻¹(service level) and sigma from the negative binomial daily variance
and the lead-time variability (replenishment.policy.lead_time_demand). The order is S minus
on hand and on order, never negative.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from stockpilot.domain.forecasting.forecaster import ForecastConfig, forecast_panel
from stockpilot.domain.forecasting.panel import Panel
from stockpilot.domain.replay.engine import PolicyView
from stockpilot.domain.replenishment import policy


@dataclass
class ForecastPolicy:
    base: Panel  # units: the history before the replay; the rest runs to the replay's end + a horizon
    config: ForecastConfig
    service_level: float
    review_days: int
    lead_mean: float
    lead_sd: float = 0.0
    refit_days: int = 28

    def __post_init__(self) -> None:
        self.cover = self.review_days + self.lead_mean
        self.horizon = int(np.ceil(self.cover)) + self.refit_days
        self.fitted_on: int | None = None

    def _refit(self, day: int, view: PolicyView) -> None:
        seen = np.where(view.stockout_history, np.nan, view.sales_history)
        units = np.hstack([self.base.units, seen])
        result = forecast_panel(replace(self.base, units=units), self.horizon, self.config)
        self.mean = result.mean
        self.variance = result.mean + result.dispersion[:, None] * result.mean**2
        self.fitted_on = day

    def order(self, day: int, view: PolicyView) -> np.ndarray:
        if self.fitted_on is None or day - self.fitted_on >= self.refit_days:
            self._refit(day, view)
        offset = day - self.fitted_on
        k = policy.safety_factor_for_cycle_service(self.service_level)
        up_to = np.empty(len(view.on_hand))
        for s in range(len(up_to)):
            mean, sigma = policy.lead_time_demand(
                self.mean[s, offset:], self.variance[s, offset:], self.cover, self.lead_sd
            )
            up_to[s] = policy.order_up_to_level(mean, policy.safety_stock(k, sigma))
        return np.maximum(up_to - view.on_hand - view.on_order, 0.0)
