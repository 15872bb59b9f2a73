"""A replay: the headline, the usual policies' KPIs as a table, the equal-inventory headline, the
pilot targets, the series where accuracy pays most, the charts and the notes."""

from __future__ import annotations

import math
from typing import Any

from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.services.replay import PolicyResult, ReplayReport

KPI_COLUMNS = (
    ("stockout_rate", "{:.1%}"),
    ("fill_rate", "{:.1%}"),
    ("lost_units", "{:,.0f}"),
    ("lost_value", "{:,.0f}"),
    ("average_stock_value", "{:,.0f}"),
    ("turnover", "{:.1f}"),
    ("days_of_cover", "{:.1f}"),
    ("order_lines", "{:,}"),
    ("ordering_hours", "{:,.1f}"),
)
"""The KPIs of the table, in order, with their format."""

BREAK_EVEN_SHOWN = 5


def kpi_header(language: str) -> list[str]:
    """The table's column titles."""
    return [render("replay_policy", language)] + [render(f"kpi_{key}", language) for key, _ in KPI_COLUMNS]


def kpi_row(policy: PolicyResult) -> list[str]:
    """A policy's cells: its name and setting, then each KPI formatted ("-": not known, NaN or infinite)."""
    cells = [f"{policy.policy} {policy.setting}"]
    figures = policy.kpis.to_dict()
    return cells + [f.format(figures[k]) if math.isfinite(figures[k]) else "-" for k, f in KPI_COLUMNS]


def _changes(checked: dict[str, dict[str, Any]]) -> dict[str, float]:
    return {kpi: float("nan") if v["change"] is None else v["change"] for kpi, v in checked.items()}


def replay_report(report: ReplayReport, language: str, break_even_reduction: float) -> list[Line]:
    """The report for people (`stockpilot replay`); ``break_even_reduction``: the shortage cut the
    break-even accuracy is read for (setting break_even_reduction)."""
    shown = [Line(render("replay_done", language, **report.to_dict()))]
    shown.append(Line("  " + " | ".join(kpi_header(language))))
    shown += [Line("  " + " | ".join(kpi_row(p))) for p in report.policies if p.usual]
    equal: dict[str, Any] = report.equal_inventory
    if any(equal[k] is None for k in ("lost_units_change", "stockouts_change", "lost_value_saved")):
        shown.append(Line("  " + render("replay_no_headline", language)))
    else:
        shown.append(Line(render("replay_headline", language, **equal), "bold"))
    pilot = report.pilot_kpis
    shown.append(Line(render("replay_pilot", language, **_changes(pilot.usual))))
    level, there = pilot.service_level_meeting_targets, pilot.at_that_level
    if level is None or there is None:
        shown.append(Line(render("replay_targets_missed", language)))
    else:
        shown.append(Line(render("replay_targets_met", language, level=level, **_changes(there))))
    for line in report.break_even[:BREAK_EVEN_SHOWN]:
        shown.append(
            Line("  " + render("replay_break_even", language, reduction=break_even_reduction, **line.to_dict()))
        )
    shown += [Line("  " + render("replay_chart", language, path=path)) for path in report.charts]
    shown += [Line("  " + render(note, language), "yellow") for note in report.notes]
    return shown
