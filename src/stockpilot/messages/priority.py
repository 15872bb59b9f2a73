"""The pilot lists of `stockpilot prioritise`: what they leave out and why (services/prioritising.py)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "priority.unsold": {"en": "no sales in the last {days} days", "zh-HK": "過去 {days} 日沒有銷售"},
    "priority.left_out": {
        "en": "left out of the pilot lists: {count} SKUs (season over, or no recent sales)",
        "zh-HK": "不列入試行名單：{count} 個貨品（季節已過或近期沒有銷售）",
    },
    "priority.as_above": {"en": "ranks 1 to {last}: as above", "zh-HK": "第 1 至 {last} 位：同上"},
}
