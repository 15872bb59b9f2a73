"""The reason of every proposal line (R-REP-2), as a message the catalogue words in either language.

A buyer checks the arithmetic from it: demand over the review period and lead time,
safety stock, on hand, on order, the order-up-to level, and each rounding step. The
domain gives the code ``reason.line`` and the numbers; ``stockpilot.messages.reasons``
holds the words (each rounding step is the code ``step.<step>``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stockpilot.domain.messages import Message

REASON = "reason.line"
STEPS = ("case_pack_up", "moq", "shelf_cap", "shelf_below_moq", "budget_cut")
"""The rounding steps of domain/replenishment/constraints.py; each is the catalogue code ``step.<step>``."""
KEPT_APART = ("days", "promotion", "pack", "moq")
"""The values of a reason that are not among a proposal line's own numbers: stored beside its code."""
_LINE_NUMBERS = {
    "demand": "demand",
    "safety_stock": "safety_stock",
    "service_level": "service_level",
    "on_hand": "on_hand",
    "on_order": "on_order",
    "order_up_to": "order_up_to",
    "raw": "raw_quantity",
    "quantity": "quantity",
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


def reason(f: LineFacts) -> Message:
    """E.g. 預計未來 9 日需求 42 件（含推廣），安全存貨 11 件，現有存貨 18 件，已訂未到 12 件，
    按每箱件數 12 取整 → 訂 24 件, once rendered."""
    unknown = sorted(set(f.steps) - set(STEPS))
    if unknown:
        raise ValueError(f"unknown rounding step(s) {unknown}")
    return Message(
        REASON,
        {
            "days": f.days,
            "demand": f.demand,
            "promotion": f.promotion,
            "safety_stock": f.safety_stock,
            "service_level": f.service_level,
            "on_hand": f.on_hand,
            "on_order": f.on_order,
            "order_up_to": f.order_up_to,
            "raw": f.raw,
            "quantity": f.quantity,
            "pack": f.pack,
            "moq": f.moq,
            "steps": list(f.steps),
        },
    )


def kept_apart(message: Message) -> dict[str, Any]:
    """What a stored proposal line keeps beside the code of its reason (:data:`KEPT_APART`)."""
    return {name: message.params[name] for name in KEPT_APART}


def stored_reason(code: str, apart: Mapping[str, Any], line: Mapping[str, Any]) -> Message:
    """The reason of a stored proposal line, from its code, the values kept apart and the line's
    numbers (``demand``, ``safety_stock``, ... ``raw_quantity``, ``quantity`` as proposed, and
    ``steps`` as comma-separated codes)."""
    numbers = {name: line[column] for name, column in _LINE_NUMBERS.items()}
    steps = [step for step in str(line["steps"]).split(",") if step]
    return Message(code, {**{name: apart[name] for name in KEPT_APART}, **numbers, "steps": steps})
