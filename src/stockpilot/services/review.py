"""`stockpilot review`: a person approves, edits or rejects proposal lines; approved lines become
purchase orders (R-REP-3).

Every decision is kept in ``review_decisions`` with who made it and when; the latest
decision on a line counts. An edit needs a reason. Approved and edited lines with a
quantity are exported as one purchase order per supplier, as CSV and as Excel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from stockpilot.adapters.exports import make_folder, safe_names, write_csv, write_xlsx
from stockpilot.adapters.storage.database import Database

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


def latest_plan(db: Database) -> int:
    row = db.connection.execute("SELECT max(plan_id) FROM plans").fetchone()
    if not row or row[0] is None:
        raise ValueError("no plan yet: run `stockpilot plan --date D` first")
    return int(row[0])


_LINES = """
WITH last AS (
    SELECT line, arg_max(decision, decided_at) AS decision, arg_max(quantity, decided_at) AS quantity,
           arg_max(decided_by, decided_at) AS decided_by
    FROM review_decisions WHERE plan_id = $plan GROUP BY line
)
SELECT p.plan_id, p.line, p.supplier_id, p.location_id, p.sku, coalesce(l.quantity, p.quantity) AS quantity,
       p.flags, p.reason_en, p.reason_zh, l.decision, l.decided_by, p.unit_cost
FROM proposals p LEFT JOIN last l USING (line)
WHERE p.plan_id = $plan {where}
ORDER BY p.flags = '', p.quantity = 0, p.supplier_id, p.location_id, p.sku
"""


def review_lines(
    db: Database, plan_id: int, *, flagged_only: bool = False, ordered_only: bool = True
) -> list[ReviewLine]:
    """The lines of a plan, flagged ones first; by default only those that order something or are flagged."""
    where = " AND p.flags <> ''" if flagged_only else (" AND (p.quantity > 0 OR p.flags <> '')" if ordered_only else "")
    rows = db.connection.execute(_LINES.format(where=where), {"plan": plan_id}).fetchall()
    return [
        ReviewLine(r[0], r[1], r[2], r[3], r[4], r[5], tuple(f for f in r[6].split(",") if f), r[7], r[8], r[9], r[10])
        for r in rows
    ]


def decide(
    db: Database,
    plan_id: int,
    lines: list[int],
    decision: str,
    who: str,
    *,
    quantity: float | None = None,
    reason: str | None = None,
) -> int:
    """Record ``decision`` on ``lines``; returns how many were recorded."""
    if decision not in DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(DECISIONS)}")
    if decision == "edit" and (quantity is None or quantity < 0 or not reason):
        raise ValueError("an edit needs a new quantity (0 or more) and a reason")
    if not who.strip():
        raise ValueError("say who decides (--by)")
    known = {
        r[0]: r[1]
        for r in db.connection.execute("SELECT line, quantity FROM proposals WHERE plan_id = ?", [plan_id]).fetchall()
    }
    unknown = sorted(set(lines) - set(known))
    if unknown:
        raise ValueError(f"plan {plan_id} has no line(s) {unknown}")
    now = dt.datetime.now()
    with db.transaction() as connection:
        for line in lines:
            decided = 0.0 if decision == "reject" else (quantity if decision == "edit" else known[line])
            connection.execute(
                "INSERT INTO review_decisions VALUES (?, ?, ?, ?, ?, ?, ?)",
                [plan_id, line, decision, decided, reason, who, now],
            )
    return len(lines)


def export_purchase_orders(db: Database, plan_id: int, directory: Path) -> dict[str, Path]:
    """One CSV and one Excel purchase order per supplier with the approved and edited lines.

    Returns the CSV per supplier; the Excel file has the same name with ``.xlsx``. File names
    come from ``safe_names`` (a supplier id such as ``../x`` or ``CON`` gets a safe name with a
    hash), cells are written by the safe export writer (``stockpilot.adapters.exports``).
    """
    rows = db.connection.execute(_LINES.format(where=""), {"plan": plan_id}).fetchall()
    approved = [r for r in rows if r[9] in ("approve", "edit") and r[5] > 0]
    folder = make_folder(directory)
    suppliers = sorted({r[2] for r in approved})
    names = safe_names(f"P{plan_id}-{supplier}" for supplier in suppliers)
    written: dict[str, Path] = {}
    for supplier in suppliers:
        po_id = f"P{plan_id}-{supplier}"
        body = [
            (po_id, r[2], r[3], r[4], r[5], r[11], round(r[5] * (r[11] or 0.0), 2), r[7])
            for r in approved
            if r[2] == supplier
        ]
        written[supplier] = write_csv(folder, f"{names[po_id]}.csv", PO_COLUMNS, body)
        write_xlsx(folder, f"{names[po_id]}.xlsx", PO_COLUMNS, body, sheet=po_id)
    return written
