"""The readiness verdict and every check behind it, in words (R-DATA-4)."""

from __future__ import annotations

from stockpilot.domain.readiness import BLOCKER, ReadinessReport
from stockpilot.messages import render
from stockpilot.presenters import Line


def readiness_report(report: ReadinessReport, language: str) -> list[Line]:
    """The verdict (green when ready for a pilot, red otherwise), then one line per check."""
    shown = [Line(render(report.level, language), "bold green" if report.ready else "bold red")]
    for check in report.checks:
        outcome = "passed" if check.passed else "failed" if check.severity == BLOCKER else "warn"
        mark = render(outcome, language)
        shown.append(Line(f"  {mark:>5}  {check.scope:<22} {render(check.finding, language)}"))
    return shown
