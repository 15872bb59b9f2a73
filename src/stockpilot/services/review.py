"""`stockpilot review`: a person approves, edits or rejects proposal lines; approved lines become
purchase orders (R-REP-3).

Every decision is kept in ``review_decisions`` with who made it and when; the latest
decision on a line counts. An edit needs a reason. Approved and edited lines with a
quantity are exported as one purchase order per supplier, as CSV and as Excel.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stockpilot.adapters.exports import make_folder, safe_names, write_csv, write_xlsx
from stockpilot.domain.messages import Message
from stockpilot.domain.replenishment.reasons import stored_reason
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.ports import Clock, Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK

DECISIONS = ("approve", "edit", "reject")
PO_COLUMNS = ("po_id", "supplier_id", "location_id", "sku", "quantity", "unit_cost", "line_cost", "reason")


@dataclass(frozen=True)
class ReviewLine:
    plan_id: int
    line: int
    supplier_id: str
    location_id: str
    sku: str
    quantity: float  # as proposed, or as decided
    flags: tuple[str, ...]
    reason: Message  # why this quantity was proposed; worded by stockpilot.messages.render
    decision: str | None  # None: not decided yet
    decided_by: str | None

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: the reason as its code and values, and worded in both languages."""
        return {
            **self.__dict__,
            "flags": list(self.flags),
            "reason": self.reason.to_dict(),
            "reason_en": render(self.reason, "en"),
            "reason_zh": render(self.reason, "zh-HK"),
        }


def _reason(row: dict[str, Any]) -> Message:
    """The reason of a stored line (its code, the values kept beside it and the line as proposed)."""
    return stored_reason(
        row["reason_code"], json.loads(row["reason_params"]), {**row, "quantity": row["proposed_quantity"]}
    )


def latest_plan(store: Storage) -> int:
    plan_id = store.plans.latest_plan_id()
    if plan_id is None:
        raise Refusal("refusal.no_plan")
    return plan_id


def review_lines(
    store: Storage, plan_id: int, *, flagged_only: bool = False, ordered_only: bool = True
) -> list[ReviewLine]:
    """The lines of a plan, flagged ones first; by default only those that order something or are flagged."""
    which = "flagged" if flagged_only else ("ordered_or_flagged" if ordered_only else "all")
    return [
        ReviewLine(
            r["plan_id"],
            r["line"],
            r["supplier_id"],
            r["location_id"],
            r["sku"],
            r["quantity"],
            tuple(f for f in r["flags"].split(",") if f),
            _reason(r),
            r["decision"],
            r["decided_by"],
        )
        for r in store.plans.lines(plan_id, which)
    ]


def decide(
    store: Storage,
    plan_id: int,
    lines: list[int],
    decision: str,
    who: str,
    *,
    quantity: float | None = None,
    reason: str | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Record ``decision`` on ``lines``; returns how many were recorded."""
    if decision not in DECISIONS:
        raise Refusal("refusal.choice", name="decision", allowed=", ".join(DECISIONS), value=decision)
    if decision == "edit" and (quantity is None or quantity < 0 or not reason):
        raise Refusal("refusal.edit_needs_quantity_and_reason")
    if not who.strip():
        raise Refusal("refusal.who_decides")
    known = store.plans.proposed_quantities(plan_id)
    unknown = sorted(set(lines) - set(known))
    if unknown:
        raise Refusal("refusal.unknown_plan_lines", plan_id=plan_id, lines=unknown)
    now = clock.now()
    rows = []
    for line in lines:
        decided = 0.0 if decision == "reject" else (quantity if decision == "edit" else known[line])
        rows.append((plan_id, line, decision, float(decided or 0.0), reason, who, now))
    store.plans.record_decisions(rows)
    return len(lines)


def export_purchase_orders(store: Storage, plan_id: int, directory: Path, language: str = "en") -> dict[str, Path]:
    """One CSV and one Excel purchase order per supplier with the approved and edited lines, each
    with the reason of its proposal in ``language``.

    Returns the CSV per supplier; the Excel file has the same name with ``.xlsx``. File names
    come from ``safe_names`` (a supplier id such as ``../x`` or ``CON`` gets a safe name with a
    hash), cells are written by the safe export writer (``stockpilot.adapters.exports``).
    """
    approved = [r for r in store.plans.lines(plan_id) if r["decision"] in ("approve", "edit") and r["quantity"] > 0]
    folder = make_folder(directory)
    suppliers = sorted({r["supplier_id"] for r in approved})
    names = safe_names(f"P{plan_id}-{supplier}" for supplier in suppliers)
    written: dict[str, Path] = {}
    for supplier in suppliers:
        po_id = f"P{plan_id}-{supplier}"
        body = [
            (
                po_id,
                r["supplier_id"],
                r["location_id"],
                r["sku"],
                r["quantity"],
                r["unit_cost"],
                round(r["quantity"] * (r["unit_cost"] or 0.0), 2),
                render(_reason(r), language),
            )
            for r in approved
            if r["supplier_id"] == supplier
        ]
        written[supplier] = write_csv(folder, f"{names[po_id]}.csv", PO_COLUMNS, body)
        write_xlsx(folder, f"{names[po_id]}.xlsx", PO_COLUMNS, body, sheet=po_id)
    return written
