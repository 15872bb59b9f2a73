"""The replay's notes (``replay.note.<what>``, services/replay.py) and its trade-off chart's words."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "replay.note.no_unit_cost": {
        "en": "{series} series have no unit cost: their stock is valued at price",
        "zh-HK": "{series} 個序列沒有單位成本：其存貨按售價估值",
    },
    "chart.tradeoff.title": {"en": "Lost units against average stock value", "zh-HK": "流失件數與平均存貨值"},
    "chart.tradeoff.x": {"en": "average stock value (HK$ at cost)", "zh-HK": "平均存貨值（按成本，以港元計）"},
    "chart.tradeoff.y": {"en": "lost units", "zh-HK": "流失件數"},
}
