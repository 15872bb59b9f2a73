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
        "zh-HK": "沒有存貨盤點紀錄：現有存貨當作 0",
    },
    "flag.rounding_dominated": {
        "en": "mostly rounding: a need of {need:g} became an order of {order:g} (the need is under {share:pct} of it)",
        "zh-HK": "訂量主要來自取整：需要 {need:g} 件，取整後訂 {order:g} 件（需要少於訂量的 {share:pct}）",
    },
    "flag.shortfall_suppressed": {
        "en": "a need of {need:g} was cut to {order:g}: {constraint}",
        "zh-HK": "需要 {need:g} 件被削減至 {order:g} 件：{constraint}",
    },
    "flag.dead_stock": {
        "en": "dead or slow stock: {units:g} on hand (HK${value:,.0f} at cost), {sold:g} sold in the last {days} days",
        "zh-HK": "滯銷存貨：現有存貨 {units:g} 件（成本 HK${value:,.0f}），過去 {days} 日售出 {sold:g} 件",
    },
    "flag.season_ended": {
        "en": "season over: {share:pct} of the last year's units sold within {window} days, the last {ago} days ago",
        "zh-HK": "季節已過：過去一年 {share:pct} 的銷量集中在 {window} 日內，最後一次售出已是 {ago} 日前",
    },
    "flag.no_recent_data": {
        "en": "no data for the last {days} days",
        "zh-HK": "最近 {days} 日沒有銷售資料",
    },
    "flag.changed_since_decision": {
        "en": "changed since you decided: the earlier decision no longer applies",
        "zh-HK": "你作出決定後建議已更改：先前的決定不再適用",
    },
}
