"""A forecast-driven policy in the replay: forecasts refitted on a schedule, then (R, S).

Forecasts (R-SIM-1, "forecasts refitted on a schedule, strictly out of sample"). On
replay day 0 and every ``refit_days`` after, a forecaster sees the recorded history up
to the day before (``Panel.cut``) and forecasts daily mean and variance for the days
ahead; between refits the policy reads the latest forecast further along. Prices,
promotions and the calendar are known in advance and run past the cut, as in the
product. The forecasts come from the shop's recorded history, the history it really
had on each day (stock-out days censored, NaN, exactly as the product treats them),
not from the replay's own sales: every setting of a sweep then shares one set of
forecasts, so the sweep compares order policies, not forecast noise. A forecaster
never sees a day at or after its origin (tests/unit/test_forecast_policy.py overwrites
the later days with garbage).

Order-up-to level (R, S), as the product plans (services/planning.py), by the same
function (domain/replenishment/line_plan.py, `order_up_to_levels`):
S = mu_L + k sigma_L over the review period plus the lead time, with mu_L and the
model's sigma_L from the daily means and variances and the lead-time spread
(`policy.lead_time_demand_many`, SPT 2017 ch. 6) and k = Phi^-1(cycle service level)
per series; the order is S minus on hand and on order, never negative. Given the
recorded demand, sigma_L is measured on the errors of the policy's own earlier
forecasts of demand over R + L whose days have all passed (`policy.tracked_sd`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from stockpilot.domain.arrays import FloatArray, IntArray
from stockpilot.domain.forecasting.forecaster import ForecastConfig, forecast_panel
from stockpilot.domain.forecasting.panel import Panel
from stockpilot.domain.replay.engine import PolicyView
from stockpilot.domain.replenishment import line_plan, policy

Forecaster = Callable[[Panel, int], tuple[FloatArray, FloatArray]]
"""(panel, horizon) -> daily mean and variance, each series x horizon."""


def stock_pilot_forecaster(config: ForecastConfig) -> Forecaster:
    """The product's forecaster: mean and negative binomial variance mu + phi mu^2."""

    def run(panel: Panel, horizon: int) -> tuple[FloatArray, FloatArray]:
        result = forecast_panel(panel, horizon, config)
        return result.mean, result.mean + result.dispersion[:, None] * result.mean**2

    return run


@dataclass(frozen=True)
class ForecastSchedule:
    """Forecasts made on ``origins`` (replay days, ascending, the first 0): mean and
    variance, origins x series x horizon; horizon day 0 is the origin day."""

    origins: IntArray
    mean: FloatArray
    variance: FloatArray

    def __post_init__(self) -> None:
        origins = np.asarray(self.origins, dtype=np.int64)
        if origins.ndim != 1 or not origins.size or origins[0] != 0 or np.any(np.diff(origins) <= 0):
            raise ValueError("origins must be ascending replay days starting at 0")
        if self.mean.shape != self.variance.shape or self.mean.shape[0] != origins.size:
            raise ValueError("mean and variance must be origins x series x horizon")
        object.__setattr__(self, "origins", origins)

    def at(self, day: int) -> tuple[FloatArray, FloatArray]:
        """Daily mean and variance from ``day`` on (series x days left), from the latest
        forecast made on or before ``day``."""
        latest = int(np.searchsorted(self.origins, day, side="right")) - 1
        offset = day - int(self.origins[latest])
        if offset >= self.mean.shape[2]:
            raise ValueError(f"day {day} is past the horizon of the forecast made on day {self.origins[latest]}")
        return self.mean[latest, :, offset:], self.variance[latest, :, offset:]


def schedule_forecasts(
    forecaster: Forecaster,
    history: Panel,
    start: int,
    days: int,
    refit_days: int,
    horizon: int,
    progress: Callable[[int, int], None] | None = None,
) -> ForecastSchedule:
    """Forecast on replay days 0, refit_days, ... < days; replay day d is history day start + d.

    ``history.units`` must reach at least ``start``; the covariates must reach
    start + days + horizon. ``horizon`` must cover refit_days plus the review period and
    lead time the policy reads. ``progress(done, total)`` is called after each forecast.
    """
    if refit_days < 1 or horizon < refit_days:
        raise ValueError("need refit_days >= 1 and a horizon of at least refit_days")
    if history.price.shape[1] < start + days + horizon:
        raise ValueError("prices and calendar must run to the end of the replay plus the horizon")
    origins = np.arange(0, days, refit_days)
    means, variances = [], []
    for done, origin in enumerate(origins, start=1):
        mean, variance = forecaster(history.cut(start + int(origin)), horizon)
        means.append(np.asarray(mean, dtype=float))
        variances.append(np.asarray(variance, dtype=float))
        if progress:
            progress(done, len(origins))
    return ForecastSchedule(origins, np.stack(means), np.stack(variances))


@dataclass
class ScheduledOrderUpTo:
    """(R, S) from a forecast schedule; per-series service level, cover and lead-time sd.

    ``cover`` is the review period plus the mean lead time, in days. With ``actual``
    (series x replay days, the recorded demand, NaN where censored) sigma_L is tracked
    on the errors of the forecasts this policy made on earlier days, over the last
    ``lookback_days``, shrunk toward the model's with ``prior_windows``. Use one
    instance per replay: it remembers its forecasts."""

    schedule: ForecastSchedule
    service_level: FloatArray | float
    cover: FloatArray
    lead_sd: FloatArray
    actual: FloatArray | None = None
    prior_windows: float = 4.0
    lookback_days: int = 182
    made: dict[int, FloatArray] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def safety_factor(self) -> FloatArray:
        return line_plan.safety_factors(self.service_level, self.schedule.mean.shape[1])

    def order_up_to(self, day: int) -> FloatArray:
        mean, variance = self.schedule.at(day)
        errors = None if self.actual is None else self._errors(day, self.actual)
        levels = line_plan.order_up_to_levels(
            mean,
            variance,
            self.cover,
            self.lead_sd,
            self.safety_factor,
            errors=errors,
            prior_windows=self.prior_windows,
        )
        self.made[day] = levels.demand
        return levels.order_up_to

    def _errors(self, day: int, actual: FloatArray) -> FloatArray:
        """Actual minus forecast demand over R + L for each earlier forecast whose days have passed."""
        span = int(np.ceil(self.cover.max()))
        weights = policy.day_weights(self.cover, span)
        columns = []
        for made, forecast in self.made.items():
            if made + span <= day and made >= day - self.lookback_days:
                days = actual[:, made : made + span]
                total = (weights * np.nan_to_num(days)).sum(axis=1)
                unknown = (np.isnan(days) & (weights > 0)).any(axis=1)
                columns.append(np.where(unknown, np.nan, total - forecast))
        return np.column_stack(columns) if columns else np.empty((len(self.cover), 0))

    def order(self, day: int, view: PolicyView) -> FloatArray:
        return np.maximum(self.order_up_to(day) - view.on_hand - view.on_order, 0.0)
