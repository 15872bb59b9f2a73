"""`stockpilot review`: a person approves, edits or rejects proposal lines; approved lines become
purchase orders (R-REP-3).

Every decision is kept in ``review_decisions`` with who made it, when and why; the latest
decision on a line counts. Decisions go to the day's current plan only: a re-plan supersedes
the plan before it (``make_plan``), and a decision on a superseded plan is refused naming the plan
that replaced it. An edit needs a reason and a quantity the domain allows
(domain/replenishment/decisions.py: whole units, above zero, at most ``review_edit_max_multiple``
x max(proposed, case pack)); an edited line keeps its proposal's reason beside the person's.

A review list is the lines one :class:`ReviewFilter` admits (location, supplier, flag, ABC class),
with their HK$ totals per supplier and per location (quantity x unit cost); ``approve_shown``
approves exactly the lines the same filter lists. Approved and edited lines with a quantity
become purchase orders (services/purchase_orders.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from stockpilot.domain.messages import Message
from stockpilot.domain.replenishment.decisions import check_edit
from stockpilot.domain.replenishment.reasons import stored_reason
from stockpilot.domain.replenishment.review import FLAG_VALUES_KEY, FLAGS
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.ports import Clock, Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK
from stockpilot.services.ports.plans import Decision
from stockpilot.settings import Settings

DECISIONS = ("approve", "edit", "reject")
ABC_CLASSES = ("A", "B", "C")  # the classes of line_plan.abc_classes


def in_language(name_en: str, name_zh: str | None, language: str) -> str:
    """A name in ``language``: the Chinese name in zh-HK when there is one, else the English."""
    return name_zh if language == "zh-HK" and name_zh else name_en


@dataclass(frozen=True)
class ReviewLine:
    """A line of a plan as a person reviews it: the proposal, its names, and the latest decision."""

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
    decided_at: dt.datetime | None = None
    decision_reason: str | None = None  # the person's reason (an edit's, a rejection's)
    carried_from: int | None = None  # the earlier plan of the day the decision was made on
    abc: str = ""
    unit_cost: float = 0.0
    proposed_quantity: float = 0.0
    case_pack: float = 1.0
    product_name_en: str = ""
    product_name_zh: str | None = None
    location_name_en: str = ""
    location_name_zh: str | None = None
    supplier_name: str = ""
    flag_values: dict[str, dict[str, Any]] = field(default_factory=dict)  # per flag, the line's values it names

    @property
    def value(self) -> float:
        """HK$ of the quantity at the unit cost."""
        return self.quantity * self.unit_cost

    def product_name(self, language: str) -> str:
        return in_language(self.product_name_en, self.product_name_zh, language)

    def location_name(self, language: str) -> str:
        return in_language(self.location_name_en, self.location_name_zh, language)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: the reason as its code and values, and worded in both languages."""
        return {
            **self.__dict__,
            "flags": list(self.flags),
            "decided_at": None if self.decided_at is None else self.decided_at.isoformat(timespec="seconds"),
            "value": round(self.value, 2),
            "reason": self.reason.to_dict(),
            "reason_en": render(self.reason, "en"),
            "reason_zh": render(self.reason, "zh-HK"),
        }


@dataclass(frozen=True)
class ReviewFilter:
    """Which lines a review list shows and ``approve_shown`` approves: each given field admits a
    line with one of its values (flags: a line with one of these flags); ``flagged_only``: lines
    with any flag; ``ordered_only``: lines that order something or are flagged; at most ``limit``."""

    locations: tuple[str, ...] = ()
    suppliers: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    abc: tuple[str, ...] = ()
    flagged_only: bool = False
    ordered_only: bool = True
    limit: int | None = None

    def __post_init__(self) -> None:
        for name, given, allowed in (("--flag", self.flags, FLAGS), ("--abc", self.abc, ABC_CLASSES)):
            for value in given:
                if value not in allowed:
                    raise Refusal("refusal.choice", name=name, allowed=", ".join(allowed), value=value)
        if self.limit is not None and self.limit < 0:
            raise Refusal("refusal.not_negative", name="--limit")

    @property
    def narrowed(self) -> bool:
        """Whether a location, supplier, flag or ABC class narrows the list."""
        return bool(self.locations or self.suppliers or self.flags or self.abc)

    @property
    def which(self) -> str:
        """The lines the store reads before the rest of the filter (see ``PlanRepository.lines``)."""
        if self.flagged_only or self.flags:
            return "flagged"
        return "ordered_or_flagged" if self.ordered_only else "all"

    def admits(self, line: ReviewLine) -> bool:
        tests: tuple[tuple[tuple[str, ...], Callable[[str], bool]], ...] = (
            (self.locations, lambda v: v == line.location_id),
            (self.suppliers, lambda v: v == line.supplier_id),
            (self.flags, lambda v: v in line.flags),
            (self.abc, lambda v: v == line.abc),
        )
        return all(not given or any(test(v) for v in given) for given, test in tests)


@dataclass(frozen=True)
class Total:
    """The lines of one supplier or location in a review list: how many, units, HK$ at unit cost."""

    key: str
    name_en: str
    name_zh: str | None
    lines: int
    units: float
    value: float

    def name(self, language: str) -> str:
        return in_language(self.name_en, self.name_zh, language)


def _totals(lines: Sequence[ReviewLine], key: Callable[[ReviewLine], tuple[str, str, str | None]]) -> tuple[Total, ...]:
    """One total per key (id, English name, Chinese name), in key order."""
    groups: dict[tuple[str, str, str | None], list[ReviewLine]] = {}
    for line in lines:
        groups.setdefault(key(line), []).append(line)
    return tuple(
        Total(k[0], k[1], k[2], len(g), sum(x.quantity for x in g), sum(x.value for x in g))
        for k, g in sorted(groups.items(), key=lambda item: item[0][0])
    )


@dataclass(frozen=True)
class ReviewList:
    """The lines of a plan a filter admits, flagged first, with their totals (``review list``, ``plan``)."""

    plan_id: int
    lines: tuple[ReviewLine, ...]
    chosen: ReviewFilter = field(default_factory=ReviewFilter)
    superseded_by: int | None = None  # the current plan of the day, when this one was replaced

    @property
    def by_supplier(self) -> tuple[Total, ...]:
        return _totals(self.lines, lambda x: (x.supplier_id, x.supplier_name, None))

    @property
    def by_location(self) -> tuple[Total, ...]:
        return _totals(self.lines, lambda x: (x.location_id, x.location_name_en, x.location_name_zh))

    @property
    def value(self) -> float:
        """HK$ of every line shown."""
        return sum(x.value for x in self.lines)

    def to_dict(self) -> dict[str, object]:
        """`review list --json`: the lines and the totals (an empty list of lines still has its totals)."""

        def totals(found: tuple[Total, ...]) -> list[dict[str, object]]:
            return [{**asdict(t), "value": round(t.value, 2)} for t in found]

        return {
            "plan_id": self.plan_id,
            "superseded_by": self.superseded_by,
            "lines": [line.as_dict() for line in self.lines],
            "totals": {
                "suppliers": totals(self.by_supplier),
                "locations": totals(self.by_location),
                "lines": len(self.lines),
                "value": round(self.value, 2),
            },
        }


def _reason(row: dict[str, Any], params: dict[str, Any]) -> Message:
    """The reason of a stored line (its code, the values kept beside it and the line as proposed)."""
    return stored_reason(row["reason_code"], params, {**row, "quantity": row["proposed_quantity"]})


def latest_plan(store: Storage) -> int:
    """The newest plan no re-plan has superseded: what `review` works on by default."""
    plan_id = store.plans.latest_plan_id()
    if plan_id is None:
        raise Refusal("refusal.no_plan")
    return plan_id


def _replaced_by(store: Storage, plan_id: int) -> int | None:
    """The current plan of the day that superseded ``plan_id`` (following re-plans), or None."""
    current, after = None, store.plans.superseded_by(plan_id)
    while after is not None:
        current, after = after, store.plans.superseded_by(after)
    return current


def _review_line(r: dict[str, Any]) -> ReviewLine:
    params = json.loads(r["reason_params"])
    return ReviewLine(
        r["plan_id"],
        r["line"],
        r["supplier_id"],
        r["location_id"],
        r["sku"],
        r["quantity"],
        tuple(f for f in r["flags"].split(",") if f),
        _reason(r, params),
        r["decision"],
        r["decided_by"],
        r["decided_at"],
        r["decision_reason"],
        r["carried_from"],
        r["abc"],
        r["unit_cost"] or 0.0,
        r["proposed_quantity"],
        r["case_pack"],
        r["product_name_en"],
        r["product_name_zh"],
        r["location_name_en"],
        r["location_name_zh"],
        r["supplier_name"],
        params.get(FLAG_VALUES_KEY, {}),
    )


def review_lines(store: Storage, plan_id: int, chosen: ReviewFilter | None = None) -> list[ReviewLine]:
    """The lines of a plan ``chosen`` admits (by default those that order something or are
    flagged), flagged ones first."""
    chosen = chosen or ReviewFilter()
    admitted = [x for x in map(_review_line, store.plans.lines(plan_id, chosen.which)) if chosen.admits(x)]
    return admitted[: chosen.limit]


def review_list(store: Storage, plan_id: int, chosen: ReviewFilter | None = None) -> ReviewList:
    """The lines ``chosen`` admits with their totals per supplier and location."""
    chosen = chosen or ReviewFilter()
    return ReviewList(plan_id, tuple(review_lines(store, plan_id, chosen)), chosen, _replaced_by(store, plan_id))


def decide(
    store: Storage,
    plan_id: int,
    lines: list[int],
    decision: str,
    who: str,
    *,
    quantity: float | None = None,
    reason: str | None = None,
    settings: Settings | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> int:
    """Record ``decision`` on ``lines``; returns how many were recorded. An edit's quantity is
    checked on each line against its proposal (``settings``: review_edit_max_multiple; default
    settings when None); a plan that a re-plan superseded takes no decision."""
    if decision not in DECISIONS:
        raise Refusal("refusal.choice", name="decision", allowed=", ".join(DECISIONS), value=decision)
    if decision == "edit" and (quantity is None or not reason):
        raise Refusal("refusal.edit_needs_quantity_and_reason")
    if not who.strip():
        raise Refusal("refusal.who_decides")
    replaced = _replaced_by(store, plan_id)
    if replaced is not None:
        raise Refusal("refusal.plan_superseded", plan_id=plan_id, replaced_by=replaced)
    known = {int(r["line"]): r for r in store.plans.lines(plan_id)}
    unknown = sorted(set(lines) - set(known))
    if unknown:
        raise Refusal("refusal.unknown_plan_lines", plan_id=plan_id, lines=unknown)
    if decision == "edit":
        assert quantity is not None  # checked above
        multiple = (settings or Settings()).replenishment.review_edit_max_multiple
        for line in lines:
            check_edit(line, quantity, known[line]["proposed_quantity"], known[line]["case_pack"], multiple)
    now = clock.now()
    rows = []
    for line in lines:
        decided = (
            0.0 if decision == "reject" else (quantity if decision == "edit" else known[line]["proposed_quantity"])
        )
        rows.append(Decision(line, decision, float(decided or 0.0), reason, who, now))
    store.plans.record_decisions(plan_id, rows)
    return len(lines)


def approve_shown(store: Storage, plan_id: int, chosen: ReviewFilter, who: str, *, clock: Clock = SYSTEM_CLOCK) -> int:
    """Approve, as proposed, every line the review list with ``chosen`` shows; how many."""
    shown = [x.line for x in review_lines(store, plan_id, chosen)]
    return decide(store, plan_id, shown, "approve", who, clock=clock)
