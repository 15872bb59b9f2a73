"""A new plan: the headline (and, for a re-plan, what it kept), then its lines per supplier, then
the HK$ totals per supplier and per store and warehouse."""

from __future__ import annotations

from stockpilot.domain.replenishment.review import ReviewLimits
from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.presenters.review import lines_of, totals
from stockpilot.services.planning import Plan
from stockpilot.services.review import ReviewList


def plan_report(plan: Plan, listed: ReviewList, language: str, limits: ReviewLimits) -> list[Line]:
    """The headline (plan id, day, lines flagged; the plan replaced, decisions kept, lines changed)
    and each supplier's lines, suppliers in order, then the totals."""
    shown = [Line(render("plan_done", language, plan_id=plan.plan_id, date=plan.plan_date, flagged=plan.flagged))]
    if plan.supersedes is not None:
        replan = render("review.replan", language, plan_id=plan.supersedes, carried=plan.carried, changed=plan.changed)
        shown.append(Line(replan))
    for supplier in sorted({line.supplier_id for line in listed.lines}):
        of_supplier = [x for x in listed.lines if x.supplier_id == supplier]
        name = of_supplier[0].supplier_name
        shown.append(Line(supplier if name == supplier else f"{supplier} {name}", "bold"))
        shown += lines_of(of_supplier, language, limits)
    return shown + totals(listed, language)
