"""`stockpilot review`: a person approves, edits or rejects proposal lines; approved lines become
purchase orders (R-REP-3).

Every decision is kept in ``review_decisions`` with who made it and when; the latest
decision on a line counts. An edit needs a reason. Approved and edited lines with a
quantity are exported as one purchase order per supplier, as CSV and as Excel.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stockpilot.adapters.exports import make_folder, safe_names, write_csv, write_xlsx
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
    reason_en: str
    reason_zh: str
    decision: str | None  # None: not decided yet
    decided_by: str | None

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "flags": list(self.flags)}


def latest_plan(store: Storage) -> int:
    plan_id = store.plans.latest_plan_id()
    if plan_id is None:
        raise ValueError("no plan yet: run `stockpilot plan --date D` first")
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
            r["reason_en"],
            r["reason_zh"],
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
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if decision == "edit" and (quantity is None or quantity < 0 or not reason):
        raise ValueError("an edit needs a new quantity (0 or more) and a reason")
    if not who.strip():
        raise ValueError("say who decides (--by)")
    known = store.plans.proposed_quantities(plan_id)
    unknown = sorted(set(lines) - set(known))
    if unknown:
        raise ValueError(f"plan {plan_id} has no line(s) {unknown}")
    now = clock.now()
    rows = []
    for line in lines:
        decided = 0.0 if decision == "reject" else (quantity if decision == "edit" else known[line])
        rows.append((plan_id, line, decision, float(decided or 0.0), reason, who, now))
    store.plans.record_decisions(rows)
    return len(lines)


def export_purchase_orders(store: Storage, plan_id: int, directory: Path) -> dict[str, Path]:
    """One CSV and one Excel purchase order per supplier with the approved and edited lines.

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
                r["reason_en"],
            )
            for r in approved
            if r["supplier_id"] == supplier
        ]
        written[supplier] = write_csv(folder, f"{names[po_id]}.csv", PO_COLUMNS, body)
        write_xlsx(folder, f"{names[po_id]}.xlsx", PO_COLUMNS, body, sheet=po_id)
    return written
