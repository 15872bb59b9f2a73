"""The reason of a proposal line (``reason.line``, domain/replenishment/reasons.py) and its rounding steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "reason.line": {
        "en": "expected demand over the next {days} days {demand:,.0f}{promotion_note}, safety stock "
        "{safety_stock:,.0f} (service level {service_level:.0%}), on hand {on_hand:,.0f}, "
        "on order {on_order:,.0f}; up to {order_up_to:,.0f} needs {raw:,.0f}{step_list} -> order {quantity:,.0f}",
        "zh-HK": "預計未來 {days} 日需求 {demand:,.0f} 件{promotion_note}，安全存貨 {safety_stock:,.0f} 件"
        "（服務水平 {service_level:.0%}），現有存貨 {on_hand:,.0f} 件，已訂未到 {on_order:,.0f} 件，"
        "補至 {order_up_to:,.0f} 件需 {raw:,.0f} 件{step_list} → 訂 {quantity:,.0f} 件",
    },
    "reason.promotion": {"en": " (promotion included)", "zh-HK": "（含推廣）"},
    "reason.steps": {"en": "; {steps}", "zh-HK": "，{steps}"},
    "sep.steps": {"en": ", ", "zh-HK": "，"},
    "step.case_pack_up": {"en": "rounded up to cases of {pack:g}", "zh-HK": "按每箱件數 {pack:g} 取整"},
    "step.moq": {"en": "raised to the minimum order {moq:g}", "zh-HK": "提高至最低訂量 {moq:g} 件"},
    "step.shelf_cap": {"en": "capped by shelf space", "zh-HK": "受貨架容量限制"},
    "step.shelf_below_moq": {"en": "no room for the minimum order", "zh-HK": "貨架放不下最低訂量"},
    "step.budget_cut": {"en": "cut by the supplier budget", "zh-HK": "因預算削減"},
}


def _line(params: Mapping[str, Any], lang: str) -> dict[str, str]:
    from stockpilot.messages import render

    steps = MESSAGES["sep.steps"][lang].join(
        render(f"step.{step}", lang, pack=params["pack"], moq=params["moq"]) for step in params["steps"]
    )
    return {
        "promotion_note": render("reason.promotion", lang) if params["promotion"] else "",
        "step_list": render("reason.steps", lang, steps=steps) if steps else "",
    }


DERIVED = {"reason.line": _line}
