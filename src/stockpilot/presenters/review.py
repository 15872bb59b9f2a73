"""The lines of a plan under review: number, location, SKU, quantity, decision, reason and flags."""

from __future__ import annotations

from collections.abc import Iterable

from stockpilot.domain.replenishment.review import ReviewLimits, flag_message
from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.services.review import ReviewLine


def review_line(line: ReviewLine, language: str, limits: ReviewLimits) -> list[Line]:
    """A line, its reason and each of its flags worded in ``language``."""
    decided = f" [{line.decision} {line.decided_by}]" if line.decision else ""
    shown = [
        Line(f"  {line.line:>5}  {line.location_id:<6} {line.sku:<12} {line.quantity:>7,.0f}{decided}"),
        Line(f"         {render(line.reason, language)}"),
    ]
    shown += [Line("         ! " + render(flag_message(code, limits), language), "yellow") for code in line.flags]
    return shown


def review_list(lines: Iterable[ReviewLine], language: str, limits: ReviewLimits) -> list[Line]:
    """Every line in the order given (`stockpilot review list`)."""
    return [shown for line in lines for shown in review_line(line, language, limits)]
