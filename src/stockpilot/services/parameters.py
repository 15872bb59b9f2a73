"""The domain's parameter objects, built from the settings (the domain never reads settings).

Every service takes its thresholds from here, so the plan, the replay and the benchmarks
read one setting the same way.
"""

from __future__ import annotations

from stockpilot.domain.forecasting.forecaster import ForecastConfig
from stockpilot.domain.readiness import ReadinessLimits
from stockpilot.domain.replay.equal_inventory import PilotTargets
from stockpilot.domain.replay.shop_rules import ShopRule
from stockpilot.domain.replenishment.lifecycle import SellingRules
from stockpilot.domain.replenishment.line_plan import LinePlanParameters
from stockpilot.domain.replenishment.review import ReviewLimits
from stockpilot.settings import Settings


def forecast_config(settings: Settings) -> ForecastConfig:
    """The forecaster's configuration from the product settings (quantile levels sorted, each once)."""
    return ForecastConfig(
        models=settings.forecasting.forecast_models,
        combination=settings.forecasting.forecast_combination,
        levels=tuple(sorted(set(settings.forecasting.forecast_quantiles))),
        windows=settings.forecasting.forecast_backtest_windows,
        switch_margin=settings.forecasting.forecast_switch_margin,
    )


def review_limits(settings: Settings) -> ReviewLimits:
    """The review thresholds in force (stale data: the readiness sync-delay limit)."""
    return ReviewLimits(
        settings.replenishment.review_band,
        settings.replenishment.review_order_multiple,
        settings.replenishment.review_new_sku_days,
        settings.readiness.readiness_max_sync_delay_hours,
        settings.replenishment.review_rounding_share,
        selling_rules(settings),
    )


def selling_rules(settings: Settings) -> SellingRules:
    """Season over, dead or slow stock, no recent data: one set of rules for the review flags and the pilot lists."""
    r = settings.replenishment
    return SellingRules(
        season_share=r.review_season_share,
        season_window_days=r.review_season_days,
        season_gap_days=r.review_season_gap_days,
        dead_days=r.review_dead_days,
        slow_days=r.review_slow_days,
        no_data_days=r.review_no_data_days,
    )


def line_plan_parameters(settings: Settings) -> LinePlanParameters:
    """The plan of a line (lead time, ABC class, service level, cover, order-up-to level), as both
    `stockpilot plan` and the replay make it."""
    r = settings.replenishment
    return LinePlanParameters(
        review_period_days=r.review_period_days,
        abc_a_share=r.abc_a_share,
        abc_b_share=r.abc_b_share,
        service_level_a=r.service_level_a,
        service_level_b=r.service_level_b,
        service_level_c=r.service_level_c,
    )


def pilot_targets(settings: Settings) -> PilotTargets:
    """The seed's pilot KPIs from settings, as signed relative changes."""
    return PilotTargets(
        -settings.pilot.pilot_stockout_reduction,
        settings.pilot.pilot_turnover_increase,
        -settings.pilot.pilot_hours_reduction,
    )


def readiness_limits(settings: Settings) -> ReadinessLimits:
    """The verdict's thresholds, from the ``readiness_*`` settings."""
    r = settings.readiness
    return ReadinessLimits(
        min_completeness=r.readiness_min_completeness,
        max_duplicate_share=r.readiness_max_duplicate_share,
        max_invalid_share=r.readiness_max_invalid_share,
        max_plausible_quantity=r.readiness_max_plausible_quantity,
        max_plausible_price=r.readiness_max_plausible_price,
        max_granularity_days=r.readiness_max_granularity_days,
        min_history_days=r.readiness_min_history_days,
        pilot_history_days=r.readiness_pilot_history_days,
        max_gap_share=r.readiness_max_gap_share,
        max_sync_delay_hours=r.readiness_max_sync_delay_hours,
    )


def shop_rule(settings: Settings) -> ShopRule:
    """The shop's current rule as set (``replay_rule``, its min and max weeks and sales window)."""
    r = settings.replay
    return ShopRule(r.replay_rule, r.replay_rule_min_weeks, r.replay_rule_max_weeks, r.replay_rule_window_days)
