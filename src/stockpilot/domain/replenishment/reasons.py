"""The plain-words reason of every proposal line, in English and Traditional Chinese (R-REP-2).

A buyer checks the arithmetic from it: demand over the review period and lead time,
safety stock, on hand, on order, the order-up-to level, and each rounding step.
"""

from __future__ import annotations

from dataclasses import dataclass

STEP_WORDS: dict[str, dict[str, str]] = {
    "case_pack_up": {"en": "rounded up to cases of {pack:g}", "zh-HK": "按箱規 {pack:g} 件取整"},
    "moq": {"en": "raised to the minimum order {moq:g}", "zh-HK": "提高至最低訂量 {moq:g} 件"},
    "shelf_cap": {"en": "capped by shelf space", "zh-HK": "受貨架容量限制"},
    "shelf_below_moq": {"en": "no room for the minimum order", "zh-HK": "貨架放不下最低訂量"},
    "budget_cut": {"en": "cut by the supplier budget", "zh-HK": "因預算削減"},
}


@dataclass(frozen=True)
class LineFacts:
    days: int  # review period + lead time
    demand: float  # expected demand over those days
    promotion: bool  # a planned promotion falls in them
    safety_stock: float
    service_level: float
    on_hand: float
    on_order: float
    order_up_to: float
    raw: float
    quantity: float
    pack: float
    moq: float
    steps: tuple[str, ...]


def _n(value: float) -> str:
    return f"{value:,.0f}"


def reason(f: LineFacts, language: str) -> str:
    """E.g. 預計未來 9 天需求 42 件（含推廣），安全庫存 11 件，現有 18 件，在途 12 件，按箱規 12 件取整 → 訂 24 件."""
    zh = language.lower().startswith("zh")
    steps = "，".join(STEP_WORDS[s]["zh-HK" if zh else "en"].format(pack=f.pack, moq=f.moq) for s in f.steps)
    if zh:
        promo = "（含推廣）" if f.promotion else ""
        text = (
            f"預計未來 {f.days} 天需求 {_n(f.demand)} 件{promo}，安全庫存 {_n(f.safety_stock)} 件"
            f"（服務水平 {f.service_level:.0%}），現有 {_n(f.on_hand)} 件，在途 {_n(f.on_order)} 件，"
            f"補至 {_n(f.order_up_to)} 件需 {_n(f.raw)} 件"
        )
        return f"{text}，{steps} → 訂 {_n(f.quantity)} 件" if steps else f"{text} → 訂 {_n(f.quantity)} 件"
    promo = " (promotion included)" if f.promotion else ""
    text = (
        f"expected demand over the next {f.days} days {_n(f.demand)}{promo}, safety stock "
        f"{_n(f.safety_stock)} (service level {f.service_level:.0%}), on hand {_n(f.on_hand)}, "
        f"on order {_n(f.on_order)}; up to {_n(f.order_up_to)} needs {_n(f.raw)}"
    )
    steps = steps.replace("，", ", ")
    return f"{text}; {steps} -> order {_n(f.quantity)}" if steps else f"{text} -> order {_n(f.quantity)}"
