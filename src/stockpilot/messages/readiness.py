"""Data-readiness findings (``readiness.<finding>``, domain/readiness.py) and the weekday names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "readiness.warning": {"en": "warning: {finding}", "zh-HK": "警告：{finding}"},
    "readiness.completeness": {
        "en": "{table}: {share:pct} of {rows} rows (stored, or quarantined and not yet fixed) have every "
        "required field filled in (at least {limit:pct} needed).",
        "zh-HK": "{table:term}：{rows} 行（已儲存，或已隔離但未修正）中，{share:pct} 填齊了所有必填欄位"
        "（最少需要 {limit:pct}）。",
    },
    "readiness.duplicates": {
        "en": "{table}: {share:pct} of {rows} rows (stored, or quarantined and not yet fixed) reuse an id "
        "with different values (at most {limit:pct} allowed).",
        "zh-HK": "{table:term}：{rows} 行（已儲存，或已隔離但未修正）中，{share:pct} 重用了已有編號但內容不同"
        "（最多容許 {limit:pct}）。",
    },
    "readiness.invalid_values": {
        "en": "{table}: {share:pct} of {rows} rows (stored, or quarantined and not yet fixed) have negative "
        "or impossible values (at most {limit:pct} allowed).",
        "zh-HK": "{table:term}：{rows} 行（已儲存，或已隔離但未修正）中，{share:pct} 含負數或不合理的數值"
        "（最多容許 {limit:pct}）。",
    },
    "readiness.implausible_values": {
        "en": "{table}: {rows} stored rows have a quantity above {quantity:num} or a price above HK${price:num} "
        "(the largest is {largest:g}); check them before a pilot.",
        "zh-HK": "{table:term}：已儲存的 {rows} 行數量超過 {quantity:num} 或價格超過 HK${price:num}"
        "（最大為 {largest:g}），請在試行前核對。",
    },
    "readiness.granularity_unmeasured": {
        "en": "{location}: sales on a single day only, so how finely they are dated cannot be measured yet.",
        "zh-HK": "{location}：只有一日的銷售，暫時無法量度銷售記錄的時間精細度。",
    },
    "readiness.granularity": {
        "en": "{location}: consecutive sale days are typically {gap:num} day(s) apart; sales must "
        "be dated at least every {limit:num} day(s).",
        "zh-HK": "{location}：相鄰兩個有銷售的日子通常相隔 {gap:num} 日；銷售記錄最少要每 {limit:num} 日一筆。",
    },
    "readiness.history_short": {
        "en": "{location}: only {days} days of sales history; at least {minimum} days are needed for any "
        "estimate ({pilot} for a pilot).",
        "zh-HK": "{location}：只有 {days} 日銷售紀錄；任何估算最少需要 {minimum} 日（試行需要 {pilot} 日）。",
    },
    "readiness.history_estimates": {
        "en": "{location}: {days} days of sales history: enough for estimates, but a pilot needs {pilot} days.",
        "zh-HK": "{location}：有 {days} 日銷售紀錄，足以作估算，但試行需要 {pilot} 日。",
    },
    "readiness.history_pilot": {
        "en": "{location}: {days} days of sales history, enough for a pilot ({pilot} needed).",
        "zh-HK": "{location}：有 {days} 日銷售紀錄，足夠試行（需要 {pilot} 日）。",
    },
    "readiness.gaps": {
        "en": "{location}: {gap_days} of {trading_days} trading days ({share:pct}) have no "
        "sale at all (at most {limit:pct} allowed). Regular closing days detected and "
        "not counted: {closed_days}.",
        "zh-HK": "{location}：{trading_days} 個營業日中有 {gap_days} 日（{share:pct}）完全沒有"
        "銷售（最多容許 {limit:pct}）。偵測到並已不計算的固定休息日：{closed_days}。",
    },
    "readiness.no_closed_days": {"en": "none", "zh-HK": "沒有"},
    "sep.list": {"en": ", ", "zh-HK": "、"},
    "readiness.sales_present": {
        "en": "Sales found at {locations} location(s).",
        "zh-HK": "{locations} 個地點有銷售紀錄。",
    },
    "readiness.no_sales": {
        "en": "No sales at all: import sales before anything can be estimated.",
        "zh-HK": "完全沒有銷售紀錄：請先匯入銷售資料，才可作任何估算。",
    },
    "readiness.promotions": {"en": "Promotion log present ({rows} rows).", "zh-HK": "已有推廣紀錄（{rows} 行）。"},
    "readiness.promotions_none": {
        "en": "Promotion log present, with no promotion in it: none ran.",
        "zh-HK": "已有推廣紀錄，但當中沒有推廣：即沒有舉行推廣。",
    },
    "readiness.no_promotions": {
        "en": "No promotion log: forecasts cannot separate promotion spikes from normal demand. Import the promotions.",
        "zh-HK": "沒有推廣紀錄：預測無法把推廣帶來的銷量高峰與平常需求分開。請匯入推廣資料。",
    },
    "readiness.stock_counts": {"en": "Stock counts present ({rows} rows).", "zh-HK": "已有存貨盤點紀錄（{rows} 行）。"},
    "readiness.no_stock_counts": {
        "en": "No stock counts: days out of stock will have to be inferred from the sales.",
        "zh-HK": "沒有存貨盤點紀錄：缺貨的日子只能從銷售推斷。",
    },
    "readiness.sync_unmeasured": {
        "en": "Sync delay cannot be measured yet (no row says when it was sent); it will be "
        "measured on the data the POS pushes.",
        "zh-HK": "暫時無法量度同步延誤（沒有記錄資料何時送出）；將以收銀系統傳送的資料量度。",
    },
    "readiness.sync_delay": {
        "en": "95% of sales and returns arrive within {hours:num} hours of happening "
        "(measured on {rows} rows; at most {limit:num} hours allowed).",
        "zh-HK": "95% 的銷售及退貨在發生後 {hours:num} 小時內送達（以 {rows} 行量度；最多容許 {limit:num} 小時）。",
    },
    "weekday.0": {"en": "Monday", "zh-HK": "星期一"},
    "weekday.1": {"en": "Tuesday", "zh-HK": "星期二"},
    "weekday.2": {"en": "Wednesday", "zh-HK": "星期三"},
    "weekday.3": {"en": "Thursday", "zh-HK": "星期四"},
    "weekday.4": {"en": "Friday", "zh-HK": "星期五"},
    "weekday.5": {"en": "Saturday", "zh-HK": "星期六"},
    "weekday.6": {"en": "Sunday", "zh-HK": "星期日"},
}


def _gaps(params: Mapping[str, Any], lang: str) -> dict[str, str]:
    from stockpilot.messages import joined, render

    closed = params["closed"]
    return {"closed_days": joined(closed, lang) if closed else render("readiness.no_closed_days", lang)}


DERIVED = {"readiness.gaps": _gaps}
