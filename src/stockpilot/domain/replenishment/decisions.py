"""A person's decisions on proposal lines: which survive a re-plan, and which edits are allowed (R-REP-3).

- **Carry-over:** a re-plan of a day supersedes the plan before it. A decision made on a line of
  the earlier plan carries over to the line of the new plan with the same supplier, location
  and SKU when its proposed quantity is the same; when the quantity changed, the new line has
  no decision and is flagged ``changed_since_decision`` (the person decided on other numbers).
  The flag stays on the line through later re-plans until a person decides on it.
- **Edits:** a quantity is whole units, above zero (to order nothing, reject the line) and at
  most ``max_multiple`` x max(proposed quantity, case pack): 5 x max(16, 4) = 80 by default,
  and a proposal of 0 with cases of 6 may be edited up to 30.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from stockpilot.domain.errors import Refusal

CHANGED = "changed_since_decision"
"""The review flag of a line whose proposal changed since a person decided on it."""


@dataclass(frozen=True)
class VersionedLine:
    """A proposal line as a re-plan compares it: where it orders from, what, how much, and
    whether a person decided on it."""

    line: int
    supplier_id: str
    location_id: str
    sku: str
    quantity: float  # as proposed
    decided: bool = False
    changed: bool = False  # flagged changed_since_decision, and not decided since


@dataclass(frozen=True)
class CarryOver:
    """What a re-plan keeps: new line -> the earlier plan's line whose decision it takes, and
    the new lines that changed since a decision (they keep none)."""

    carried: dict[int, int]
    changed: frozenset[int]


def carry_over(earlier: Sequence[VersionedLine], later: Sequence[VersionedLine]) -> CarryOver:
    """Match the decided (or still changed) lines of ``earlier`` to ``later`` by supplier, location
    and SKU; a decision with the same proposed quantity is kept, any other match flags the new line."""
    matched = {(x.supplier_id, x.location_id, x.sku): x for x in earlier if x.decided or x.changed}
    carried: dict[int, int] = {}
    changed: set[int] = set()
    for new in later:
        old = matched.get((new.supplier_id, new.location_id, new.sku))
        if old is None:
            continue
        if old.decided and old.quantity == new.quantity:
            carried[new.line] = old.line
        else:
            changed.add(new.line)
    return CarryOver(carried, frozenset(changed))


def edit_limit(proposed: float, case_pack: float, max_multiple: float) -> float:
    """The largest quantity an edit may set: ``max_multiple`` x max(proposed, case pack)."""
    return max_multiple * max(proposed, case_pack)


def check_edit(line: int, quantity: float, proposed: float, case_pack: float, max_multiple: float) -> None:
    """Refuse an edit of ``line`` to ``quantity`` that is not whole, not above zero or above the limit."""
    if not math.isfinite(quantity) or not float(quantity).is_integer():
        raise Refusal("refusal.edit_not_whole", line=line, value=quantity)
    if quantity <= 0:
        raise Refusal("refusal.edit_not_above_zero", line=line, value=quantity)
    limit = edit_limit(proposed, case_pack, max_multiple)
    if quantity > limit:
        raise Refusal("refusal.edit_above_limit", line=line, value=quantity, limit=limit, multiple=max_multiple)
