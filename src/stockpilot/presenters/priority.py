"""A priority report: the headline, the ABC x XYZ matrix, each list with every SKU it names (a
SKU already shown by a shorter list is not repeated), then the SKUs left out of the lists and why."""

from __future__ import annotations

from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.services.prioritising import LeftOut, PriorityList, PriorityReport, PriorityRow
from stockpilot.services.review import in_language


def priority_row(row: PriorityRow, language: str) -> str:
    """rank, SKU, class, CV ("-": no sale in the full weeks), sales value, share, name."""
    cv = "-" if row.cv is None else f"{row.cv:.2f}"
    return (
        f"  {row.rank:>4}  {row.sku:<12} {row.abc + row.xyz:<5}  {cv:>8}  "
        f"{row.sales_value:>12,.0f}  {row.share:>6.1%}  {in_language(row.name_en or '', row.name_zh, language)}"
    )


def _list_headline(chosen: PriorityList, report: PriorityReport, language: str) -> str:
    cash = (
        render("priority_cash_unknown", language)
        if chosen.cash_improvement is None
        else render("priority_cash", language, value=chosen.cash_improvement, run_id=report.replay_run_id)
    )
    return render("priority_list", language, top=chosen.top, count=len(chosen.rows), share=chosen.share, cash=cash)


def _left_out(left_out: list[LeftOut], language: str) -> list[Line]:
    if not left_out:
        return []
    shown = [Line(render("priority.left_out", language, count=len(left_out)), "yellow")]
    shown += [
        Line(f"  {x.sku:<12} {render(x.reason, language)}  {in_language(x.name_en or '', x.name_zh, language)}")
        for x in left_out
    ]
    return shown


def priority_report(report: PriorityReport, language: str) -> list[Line]:
    """The report for people (`stockpilot prioritise`): every row of every list, each once."""
    shown = [Line(render("priority_done", language, **report.to_dict()))]
    shown.append(Line("  " + render("priority_matrix", language)))
    shown.append(Line("     " + "".join(f"{x:>6}" for x in "XYZ")))
    shown += [Line(f"  {abc}  " + "".join(f"{n:>6}" for n in cells.values())) for abc, cells in report.matrix.items()]
    if report.replay_run_id is None:
        shown.append(Line("  " + render("priority_no_replay", language), "yellow"))
    last = 0  # the lists are each the first SKUs of one order: print the ranks not shown yet
    for chosen in report.lists:
        shown.append(Line(_list_headline(chosen, report, language)))
        shown.append(Line("  " + render("priority_columns", language)))
        if last and chosen.rows:
            shown.append(Line("  " + render("priority.as_above", language, last=min(last, len(chosen.rows)))))
        shown += [Line(priority_row(row, language)) for row in chosen.rows if row.rank > last]
        last = max(last, len(chosen.rows))
    return shown + _left_out(report.left_out, language)
