"""A priority report: the headline, the ABC x XYZ matrix, then each list's first SKUs as a table."""

from __future__ import annotations

from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.services.prioritising import PriorityList, PriorityReport, PriorityRow

ROWS_SHOWN = 10


def priority_row(row: PriorityRow) -> str:
    """rank, SKU, class, CV ("-": no sale in the full weeks), sales value, share, name."""
    cv = "-" if row.cv is None else f"{row.cv:.2f}"
    return (
        f"  {row.rank:>4}  {row.sku:<12} {row.abc + row.xyz:<5}  {cv:>8}  "
        f"{row.sales_value:>12,.0f}  {row.share:>6.1%}  {row.name_en or ''}"
    )


def _list_headline(chosen: PriorityList, report: PriorityReport, language: str) -> str:
    cash = (
        render("priority_cash_unknown", language)
        if chosen.cash_improvement is None
        else render("priority_cash", language, value=chosen.cash_improvement, run_id=report.replay_run_id)
    )
    return render("priority_list", language, top=chosen.top, count=len(chosen.rows), share=chosen.share, cash=cash)


def priority_report(report: PriorityReport, language: str) -> list[Line]:
    """The report for people (`stockpilot prioritise`)."""
    shown = [Line(render("priority_done", language, **report.to_dict()))]
    shown.append(Line("  " + render("priority_matrix", language)))
    shown.append(Line("     " + "".join(f"{x:>6}" for x in "XYZ")))
    shown += [Line(f"  {abc}  " + "".join(f"{n:>6}" for n in cells.values())) for abc, cells in report.matrix.items()]
    if report.replay_run_id is None:
        shown.append(Line("  " + render("priority_no_replay", language), "yellow"))
    for chosen in report.lists:
        shown.append(Line(_list_headline(chosen, report, language)))
        shown.append(Line("  " + render("priority_columns", language)))
        shown += [Line(priority_row(row)) for row in chosen.rows[:ROWS_SHOWN]]
    return shown
