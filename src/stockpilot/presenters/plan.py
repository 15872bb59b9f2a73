"""A new plan: the headline, then its lines per supplier."""

from __future__ import annotations

from collections.abc import Sequence

from stockpilot.domain.replenishment.review import ReviewLimits
from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.presenters.review import review_list
from stockpilot.services.planning import Plan
from stockpilot.services.review import ReviewLine


def plan_report(plan: Plan, lines: Sequence[ReviewLine], language: str, limits: ReviewLimits) -> list[Line]:
    """The headline (plan id, day, lines flagged) and each supplier's lines, suppliers in order."""
    shown = [Line(render("plan_done", language, plan_id=plan.plan_id, date=plan.plan_date, flagged=plan.flagged))]
    for supplier in sorted({line.supplier_id for line in lines}):
        shown.append(Line(supplier, "bold"))
        shown += review_list((x for x in lines if x.supplier_id == supplier), language, limits)
    return shown
