"""The lines of a plan under review: number, location, SKU, quantity, HK$ at unit cost and the
product's name in the reader's language; the proposal's reason, the decision with who, when and
why, each flag; then the totals per supplier and per store and warehouse."""

from __future__ import annotations

from collections.abc import Iterable

from stockpilot.domain.messages import Message
from stockpilot.domain.replenishment.review import ReviewLimits, flag_message
from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.services.review import ReviewLine, ReviewList, Total


def decision_of(line: ReviewLine) -> Message | None:
    """Who decided, when, why, and on which plan when a re-plan kept it."""
    if not line.decision:
        return None
    at = line.decided_at.strftime("%Y-%m-%d %H:%M") if line.decided_at else ""
    decided = Message(f"review.decided.{line.decision}", {"who": line.decided_by, "at": at})
    if line.decision_reason:
        decided = Message("review.decided_because", {"decided": decided, "reason": line.decision_reason})
    if line.carried_from is not None:
        decided = Message("review.carried", {"decided": decided, "plan_id": line.carried_from})
    return decided


def review_line(line: ReviewLine, language: str, limits: ReviewLimits) -> list[Line]:
    """A line, its reason, its decision and each of its flags worded in ``language``."""
    shown = [
        Line(
            f"  {line.line:>5}  {line.location_id:<6} {line.sku:<12} {line.quantity:>7,.0f}"
            f"  HK${line.value:>10,.2f}  {line.product_name(language)}"
        ),
        Line(f"         {render(line.reason, language)}"),
    ]
    decided = decision_of(line)
    if decided is not None:
        shown.append(Line(f"         {render(decided, language)}", "green" if line.decision != "reject" else "red"))
    shown += [
        Line("         ! " + render(flag_message(code, limits, line.flag_values.get(code)), language), "yellow")
        for code in line.flags
    ]
    return shown


def _totals(title: str, totals: tuple[Total, ...], language: str) -> list[Line]:
    rows = [
        Line(
            "  "
            + render(
                "review.total",
                language,
                name=t.name(language),
                key=t.key,
                lines=t.lines,
                units=t.units,
                value=t.value,
            )
        )
        for t in totals
    ]
    return [Line(render(title, language), "bold"), *rows]


def totals(listed: ReviewList, language: str) -> list[Line]:
    """The HK$ totals of the lines listed: per supplier, per store and warehouse, and in all."""
    return [
        *_totals("review.totals_by_supplier", listed.by_supplier, language),
        *_totals("review.totals_by_location", listed.by_location, language),
        Line(render("review.total_shown", language, lines=len(listed.lines), value=listed.value), "bold"),
    ]


def lines_of(lines: Iterable[ReviewLine], language: str, limits: ReviewLimits) -> list[Line]:
    """Every line in the order given."""
    return [shown for line in lines for shown in review_line(line, language, limits)]


def review_list(listed: ReviewList, language: str, limits: ReviewLimits) -> list[Line]:
    """`stockpilot review list`: a note when the plan was replaced, the lines and their totals; one
    line saying so when the filter admits none (nothing flagged, for ``--flagged``)."""
    shown = []
    if listed.superseded_by is not None:
        note = render("review.superseded", language, plan_id=listed.plan_id, replaced_by=listed.superseded_by)
        shown.append(Line(note, "yellow"))
    if not listed.lines:
        chosen = listed.chosen
        nothing = "review.nothing_flagged" if chosen.flagged_only and not chosen.narrowed else "review.nothing_shown"
        return [*shown, Line(render(nothing, language, plan_id=listed.plan_id))]
    return [*shown, *lines_of(listed.lines, language, limits), *totals(listed, language)]
