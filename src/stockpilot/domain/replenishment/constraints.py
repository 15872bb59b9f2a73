"""Order constraints: turn a policy's raw quantity into an order a supplier accepts.

A replenishment policy says how many units a location should receive. Before that
becomes a purchase-order line it must respect what the supplier ships and what the
shop can shelve. `adjust` applies the per-line rules in this order:

1. Case pack and MOQ (`apply_pack_and_moq`). A quantity of 0 stays 0. Otherwise it is
   rounded UP to a whole number of case packs ("case_pack_up"), then raised to the
   smallest case-pack multiple that is at least the minimum order quantity ("moq").
   E.g. raw 13, pack 12, MOQ 30: 2 packs = 24 < 30, so 3 packs = 36.
2. Shelf capacity (`cap_to_shelf`). If the inventory position (on hand + on order)
   plus the order would exceed what the location can hold, the order is cut to the
   largest whole number of case packs that fits ("shelf_cap"); if not even one pack
   fits, or the position is already at or above capacity, the order is 0. E.g.
   capacity 40, position 10, pack 12: room 30 holds 2 packs = 24.
3. If the shelf cap leaves less than the MOQ the supplier would reject the line, so
   it becomes 0 ("shelf_below_moq").

Rounding up to packs and MOQs is the usual practical adjustment of a computed order
quantity (see e.g. Silver, Pyke & Thomas 2017, "Inventory and Production Management
in Supply Chains", 4th ed., CRC Press): the order never falls below what the policy
asked for, except where the shelf or the budget forbids it.

Budget rule (`apply_budget`), for the buyer:
    When the total cost (quantity x unit cost) of a supplier's adjusted lines exceeds
    the budget, whole case packs are removed one at a time until the total is within
    budget, and no further. Lines are cut class C first, then B, then A. Within a
    class the line with the lowest priority (e.g. the least expected shortage avoided)
    is cut first and emptied before the next line is touched; ties go to the line
    with the highest cost per case pack, then to the alphabetically first key. A line
    never goes below 0, and a line cut below its MOQ drops to 0 entirely (the supplier
    would reject it). So an A line is only cut once every C and B line that costs
    anything is at 0. Lines with a unit cost of 0 are never cut (cutting saves
    nothing). Every line that was cut records the step "budget_cut". A budget of None
    or of 0 or less means "no budget cap": the lines are returned unchanged.
Since costs are never negative, any positive budget can be met (at worst by cutting
every line that costs something to 0).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ABC_CUT_ORDER = {"C": 0, "B": 1, "A": 2}
"""Which class is cut first when over budget (lowest first)."""

_EPS = 1e-9  # float slack when counting whole packs (e.g. 0.1 + 0.2 units)


@dataclass(frozen=True)
class OrderLine:
    """One location/SKU's order before constraints."""

    key: str  # e.g. "ST01/SKU1"
    raw: float  # the policy's quantity (units, >= 0)
    case_pack: int = 1
    moq: float = 0  # minimum order quantity in units
    shelf_capacity: float | None = None  # units the location can hold
    inventory_position: float = 0.0  # on hand + on order at the time of ordering
    unit_cost: float = 0.0
    abc: str = "C"  # A, B or C
    priority: float = 0.0  # higher = more important to keep; tie-breaker within a class

    def __post_init__(self) -> None:
        if not self.raw >= 0:
            raise ValueError(f"{self.key}: raw quantity must be >= 0, got {self.raw}")
        if int(self.case_pack) != self.case_pack or self.case_pack < 1:
            raise ValueError(f"{self.key}: case pack must be a whole number >= 1")
        if not self.moq >= 0:
            raise ValueError(f"{self.key}: MOQ must be >= 0, got {self.moq}")
        if not self.unit_cost >= 0:
            raise ValueError(f"{self.key}: unit cost must be >= 0, got {self.unit_cost}")
        if self.abc not in ABC_CUT_ORDER:
            raise ValueError(f"{self.key}: ABC class must be A, B or C, got {self.abc!r}")


@dataclass(frozen=True)
class Adjusted:
    """The order quantity after constraints and the codes of the rules applied, in order."""

    key: str
    quantity: float
    steps: tuple[str, ...]  # e.g. ("case_pack_up", "moq", "shelf_cap", "budget_cut")


def moq_in_packs(line: OrderLine) -> float:
    """The smallest case-pack multiple that is at least the MOQ (0 when there is no MOQ)."""
    return math.ceil(line.moq / line.case_pack - _EPS) * line.case_pack if line.moq > 0 else 0.0


def apply_pack_and_moq(line: OrderLine) -> Adjusted:
    """Round up to whole case packs, then up to the MOQ; 0 stays 0."""
    if line.raw <= 0:
        return Adjusted(line.key, 0.0, ())
    steps: list[str] = []
    quantity = float(math.ceil(line.raw / line.case_pack - _EPS) * line.case_pack)
    if quantity > line.raw:
        steps.append("case_pack_up")
    minimum = moq_in_packs(line)
    if quantity < minimum:
        quantity = float(minimum)
        steps.append("moq")
    return Adjusted(line.key, quantity, tuple(steps))


def cap_to_shelf(line: OrderLine, quantity: float) -> float:
    """Cut `quantity` to whole case packs so position + quantity <= shelf capacity."""
    quantity = max(float(quantity), 0.0)
    if line.shelf_capacity is None:
        return quantity
    room = line.shelf_capacity - line.inventory_position
    if room <= 0:
        return 0.0
    if quantity <= room:
        return quantity
    return float(math.floor(room / line.case_pack + _EPS) * line.case_pack)


def adjust(line: OrderLine) -> Adjusted:
    """Case pack and MOQ, then the shelf cap; a line the shelf pushes under its MOQ is 0."""
    packed = apply_pack_and_moq(line)
    capped = cap_to_shelf(line, packed.quantity)
    if capped >= packed.quantity:
        return packed
    steps = (*packed.steps, "shelf_cap")
    if 0 < capped < moq_in_packs(line):
        return Adjusted(line.key, 0.0, (*steps, "shelf_below_moq"))
    return Adjusted(line.key, capped, steps)


def apply_budget(lines: Sequence[Adjusted], originals: Mapping[str, OrderLine], budget: float | None) -> list[Adjusted]:
    """Cut whole case packs (C, then B, then A; lowest priority first) until within budget.

    `originals` maps each key to its OrderLine (case pack, MOQ, cost, class, priority).
    Budget None or <= 0 means no cap. Lines come back in the order given.
    """
    result = list(lines)
    if budget is None or budget <= 0:
        return result
    missing = [a.key for a in lines if a.key not in originals]
    if missing:
        raise ValueError(f"no order line for {missing[:5]}")
    specs = [originals[a.key] for a in lines]
    total = math.fsum(a.quantity * s.unit_cost for a, s in zip(lines, specs, strict=True))
    slack = _EPS * max(1.0, budget)
    if total <= budget + slack:
        return result
    cuttable = [i for i, (a, s) in enumerate(zip(lines, specs, strict=True)) if a.quantity > 0 and s.unit_cost > 0]
    cuttable.sort(
        key=lambda i: (
            ABC_CUT_ORDER[specs[i].abc],
            specs[i].priority,
            -specs[i].unit_cost * specs[i].case_pack,
            lines[i].key,
        )
    )
    for i in cuttable:
        line, spec = lines[i], specs[i]
        excess = total - budget
        pack_cost = spec.unit_cost * spec.case_pack
        packs_held = math.ceil(line.quantity / spec.case_pack - _EPS)
        needed = excess / pack_cost  # may be huge (or inf) for a tiny cost
        packs_cut = packs_held if needed >= packs_held else max(math.ceil(needed - _EPS), 1)
        quantity = max(line.quantity - packs_cut * spec.case_pack, 0.0)
        if quantity < moq_in_packs(spec) or quantity < _EPS:
            quantity = 0.0
        total -= (line.quantity - quantity) * spec.unit_cost
        result[i] = Adjusted(line.key, quantity, (*line.steps, "budget_cut"))
        if total <= budget + slack:
            break
    return result
