"""Why a proposal line needs a person's eyes (``flag.<code>``, domain/replenishment/review.py)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "flag.forecast_off_band": {
        "en": "last week's sales fell outside the forecast's {band:.0%} band",
        "zh-HK": "上星期銷量超出預測的 {band:.0%} 區間",
    },
    "flag.order_jump": {
        "en": "orders more than {multiple:g} times the usual order",
        "zh-HK": "訂量超過平常的 {multiple:g} 倍",
    },
    "flag.new_sku": {"en": "new SKU: under {days} days of sales history", "zh-HK": "新貨品：銷售紀錄少於 {days} 日"},
    "flag.promotion_soon": {"en": "a promotion starts within the lead time", "zh-HK": "推廣將於送貨期內開始"},
    "flag.stale_data": {
        "en": "the latest data is older than {hours:g} hours",
        "zh-HK": "最新資料已超過 {hours:g} 小時",
    },
    "flag.budget_cut": {"en": "cut to keep within the supplier budget", "zh-HK": "因供應商預算上限而削減"},
    "flag.no_stock_count": {
        "en": "no stock count: on hand is taken as 0",
        "zh-HK": "沒有盤點紀錄：現有庫存當作 0",
    },
}
