"""When a proposal needs a person's eyes, and why (R-REP-3).

Each flag is a stable code; its words, in both languages, are in ``REASONS``.
The thresholds come from settings.py (``review_*``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray

REASONS: dict[str, dict[str, str]] = {
    "forecast_off_band": {
        "en": "last week's sales fell outside the forecast's {band:.0%} band",
        "zh-HK": "上星期銷量超出預測的 {band:.0%} 區間",
    },
    "order_jump": {
        "en": "orders more than {multiple:g} times the usual order",
        "zh-HK": "訂量超過平常的 {multiple:g} 倍",
    },
    "new_sku": {"en": "new SKU: under {days} days of sales history", "zh-HK": "新貨品：銷售紀錄少於 {days} 日"},
    "promotion_soon": {"en": "a promotion starts within the lead time", "zh-HK": "推廣將於送貨期內開始"},
    "stale_data": {
        "en": "the latest data is older than {hours:g} hours",
        "zh-HK": "最新資料已超過 {hours:g} 小時",
    },
    "budget_cut": {"en": "cut to keep within the supplier budget", "zh-HK": "因供應商預算上限而削減"},
    "no_stock_count": {
        "en": "no stock count: on hand is taken as 0",
        "zh-HK": "沒有盤點紀錄：現有庫存當作 0",
    },
}


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


def flag_words(code: str, language: str, limits: ReviewLimits) -> str:
    """A flag in the reader's language."""
    entry = REASONS[code]["zh-HK" if language.lower().startswith("zh") else "en"]
    return entry.format(
        band=limits.band, multiple=limits.order_multiple, days=limits.new_sku_days, hours=limits.max_age_hours
    )
