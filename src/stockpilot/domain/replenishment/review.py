"""When a proposal needs a person's eyes, and why (R-REP-3).

Each flag is a stable code (``FLAGS``); :func:`flag_message` gives it with the thresholds it names,
and the catalogue (``stockpilot.messages.flags``) words it in both languages.
The thresholds come from settings.py (``review_*``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray
from stockpilot.domain.messages import Message

FLAGS = (
    "forecast_off_band",
    "order_jump",
    "new_sku",
    "promotion_soon",
    "stale_data",
    "budget_cut",
    "no_stock_count",
)
"""The flag codes, in the order a line lists them; each is the catalogue code ``flag.<code>``."""


@dataclass(frozen=True)
class ReviewLimits:
    """The thresholds, from settings."""

    band: float = 0.98
    order_multiple: float = 3.0
    new_sku_days: int = 28
    max_age_hours: float = 24.0


def review_flags(
    *,
    recent_sales: FloatArray,
    band_low: FloatArray,
    band_high: FloatArray,
    quantity: FloatArray,
    usual_order: FloatArray,
    history_days: FloatArray,
    promotion_soon: BoolArray,
    counted: BoolArray,
    budget_cut: BoolArray,
    data_age_hours: float,
    limits: ReviewLimits,
) -> list[tuple[str, ...]]:
    """The flag codes of every line (arrays: one value per line; ``usual_order`` NaN when unknown)."""
    with np.errstate(invalid="ignore"):
        checks = {
            "forecast_off_band": (recent_sales < band_low) | (recent_sales > band_high),
            "order_jump": (quantity > limits.order_multiple * usual_order) & (usual_order > 0),
            "new_sku": history_days < limits.new_sku_days,
            "promotion_soon": promotion_soon,
            "stale_data": np.full(len(quantity), data_age_hours > limits.max_age_hours),
            "budget_cut": budget_cut,
            "no_stock_count": ~counted,
        }
    return [tuple(code for code, flagged in checks.items() if flagged[i]) for i in range(len(quantity))]


def flag_message(code: str, limits: ReviewLimits) -> Message:
    """A flag with the threshold it names, for the catalogue to word."""
    if code not in FLAGS:
        raise ValueError(f"unknown review flag {code!r}")
    named: dict[str, dict[str, float]] = {
        "forecast_off_band": {"band": limits.band},
        "order_jump": {"multiple": limits.order_multiple},
        "new_sku": {"days": limits.new_sku_days},
        "stale_data": {"hours": limits.max_age_hours},
    }
    return Message(f"flag.{code}", named.get(code, {}))
