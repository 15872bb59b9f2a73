"""The Evidence page (R-SIM-1..3, R-UI-1): what the latest replay found, drawn, and which SKUs to
move first.

- The replay: the latest run of `stockpilot replay`, read back as the report it stored
  (services/replay.py ``latest_replay``): its headline at equal stock value and the usual
  policies' KPIs as the command line prints them (presenters/replay.py), the trade-off curves
  of the sweeps with the usual and equal-stock points marked, and each usual policy day by day
  (the report's ``daily`` totals). No replay stored: the page says so and how to run one.
- The priority: services/prioritising.py at the settings' list lengths (``priority_tops``),
  plus one list of every ranked SKU, whose cash improvement is summed per ABC x XYZ class.
  It costs about 0.8 s of database work on a 3,049-SKU store with a year of sales, over the
  page's 300 ms: the app keeps the last one and ranks again only when the data it was made from
  changed: a newer import (a file, an upload or a POS batch: the sales) or a newer replay (its cash).

The charts are doors/web/charts.py's SVG, worded from the catalogue in the viewer's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from stockpilot.domain.access import Action
from stockpilot.domain.messages import Message
from stockpilot.domain.replay.shop_rules import RULES
from stockpilot.doors.web import charts
from stockpilot.doors.web.context import Viewer, need, web_of
from stockpilot.doors.web.pages import page
from stockpilot.errors import Refusal
from stockpilot.messages import CATALOGUE, joined, render
from stockpilot.presenters.replay import kpi_header, kpi_row
from stockpilot.services.ports import Storage
from stockpilot.services.prioritising import PriorityReport, prioritise_skus
from stockpilot.services.replay import DailyTotals, PolicyResult, ReplayReport, latest_replay
from stockpilot.services.review import in_language
from stockpilot.settings import Settings

router = APIRouter(include_in_schema=False)

EVERY_SKU = 2**31
"""A list length above any shop's range: the last list ranks every SKU, for the cash per class."""
PILOT = "stock_pilot"
COLOURS = {PILOT: "#0b6e4f", "orders_placed": "#5b6675", **dict.fromkeys(RULES, "#b35c00")}
SHAPES: dict[str, charts.Shape] = {PILOT: "square"}  # any other: a circle; the shop's rules are dashed
HEADLINE = ("lost_units_change", "stockouts_change", "lost_value_saved")
"""The headline's figures: when one is not known the curves do not meet at the rule's stock value."""

Words = Callable[..., str]


def policy_name(policy: PolicyResult | DailyTotals, t: Words) -> str:
    """A policy and its setting in words ("Your min/max rule (1w/3w)", "Stock Pilot (ABC service levels)")."""
    code = f"web.evidence.setting.{policy.setting}"
    setting = t(code) if code in CATALOGUE else policy.setting
    return t("web.evidence.setting", name=t(f"web.evidence.name.{policy.policy}"), setting=setting)


def code_spans(text: str) -> Markup:
    """``text`` escaped, each `command` in backticks shown as code."""
    parts = str(escape(text)).split("`")
    return Markup("".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts)))


def tradeoff_chart(report: ReplayReport, t: Words) -> Markup:
    """Lost units against average stock value: each policy's sweep as a line, each usual setting a
    point, Stock Pilot read at the rule's stock value a diamond on the dashed line of that value."""
    equal: dict[str, Any] = report.equal_inventory
    usual = [p for p in report.policies if p.usual]
    swept = [p for p in report.policies if not p.usual]
    lines = [
        charts.Line(
            t("web.evidence.curve", name=t(f"web.evidence.name.{kind}")),
            tuple((p.kpis.average_stock_value, p.kpis.lost_units) for p in swept if p.policy == kind),
            COLOURS[kind],
            dashed=kind in RULES,
        )
        for kind in dict.fromkeys(p.policy for p in swept)
    ]
    marks = [
        charts.Mark(
            t("web.evidence.mark.usual", name=policy_name(p, t)),
            (p.kpis.average_stock_value, p.kpis.lost_units),
            COLOURS[p.policy],
            SHAPES.get(p.policy, "circle"),
        )
        for p in usual
    ]
    stock, ours = equal["average_stock_value"], equal["ours"]["lost_units"]
    if ours is not None:
        marks.append(charts.Mark(t("web.evidence.mark.equal"), (stock, ours), COLOURS[PILOT], "diamond"))
    rule = next(p for p in usual if p.policy in RULES)
    words = charts.Words(
        t("web.evidence.tradeoff.title"),
        t(
            "web.evidence.tradeoff.desc",
            stock=stock,
            theirs=rule.kpis.lost_units,
            ours=t("web.evidence.tradeoff.ours_unknown")
            if ours is None
            else t("web.evidence.tradeoff.ours_units", value=ours),
        ),
    )
    xs = [x for line in lines for x, _ in line.points] + [m.at[0] for m in marks]
    ys = [y for line in lines for _, y in line.points if y is not None] + [m.at[1] for m in marks]
    return charts.xy_chart(
        "tradeoff",
        words,
        charts.axis(t("chart.tradeoff.x"), xs, lambda v: t("web.evidence.tick.hkd", value=v), from_zero=False),
        charts.axis(t("chart.tradeoff.y"), ys, lambda v: t("web.evidence.tick.units", value=v)),
        lines,
        marks,
        guide=(stock, t("web.evidence.guide.equal")),
    )


def daily_charts(report: ReplayReport, t: Words, language: str) -> tuple[Markup, Markup]:
    """Each usual policy day by day: the share of series with demand out of stock at the day's end
    (in %), and the closing stock value."""
    days = charts.day_axis(t("web.evidence.daily.day"), report.first_day, report.days)
    span = {"first": report.first_day.isoformat(), "last": report.last_day.isoformat()}

    def line(totals: DailyTotals, values: Sequence[float | None]) -> charts.Line:
        points = tuple((float(day), value) for day, value in enumerate(values))
        return charts.Line(policy_name(totals, t), points, COLOURS[totals.policy], dashed=totals.policy in RULES)

    rates = [line(d, [None if r is None else 100 * r for r in d.stockout_rate]) for d in report.daily]
    stock = [line(d, d.stock_value) for d in report.daily]
    mean_rates = [
        Message(
            "web.evidence.daily.mean_rate",
            {"name": policy_name(d, t), "value": sum(d.stockouts) / max(sum(d.wanted), 1)},
        )
        for d in report.daily
    ]
    mean_values = [
        Message("web.evidence.daily.mean_value", {"name": policy_name(d, t), "value": sum(d.stock_value) / report.days})
        for d in report.daily
    ]
    shown_rates = [y for d in rates for _, y in d.points if y is not None]
    shown_stock = [y for d in stock for _, y in d.points if y is not None]
    return (
        charts.xy_chart(
            "daily-stockouts",
            charts.Words(
                t("web.evidence.stockouts.title"),
                t("web.evidence.daily.desc", lines=joined(mean_rates, language), **span),
            ),
            days,
            charts.axis(t("web.evidence.stockouts.axis"), shown_rates, lambda v: t("web.evidence.tick.pct", value=v)),
            rates,
        ),
        charts.xy_chart(
            "daily-stock",
            charts.Words(
                t("web.evidence.stock.title"), t("web.evidence.daily.desc", lines=joined(mean_values, language), **span)
            ),
            days,
            charts.axis(t("web.evidence.stock.axis"), shown_stock, lambda v: t("web.evidence.tick.hkd", value=v)),
            stock,
        ),
    )


def class_cash(priority: PriorityReport) -> dict[tuple[str, str], float] | None:
    """The cash improvement of every ranked SKU (the last list) summed per (ABC, XYZ); None before a replay."""
    if priority.replay_run_id is None:
        return None
    cash = {(a, x): 0.0 for a in priority.matrix for x in priority.matrix[a]}
    for row in priority.lists[-1].rows:
        cash[(row.abc, row.xyz)] += row.cash_improvement or 0.0
    return cash


def matrix_chart(priority: PriorityReport, t: Words, language: str) -> Markup:
    """The ABC x XYZ matrix: each class's count of SKUs, shaded, and its cash improvement."""
    cash = class_cash(priority)
    counts = priority.matrix
    cells = [
        [
            charts.Cell(
                counts[a][x],
                (t("web.evidence.matrix.count", count=counts[a][x]),)
                + (() if cash is None else (t("web.evidence.hkd", value=cash[(a, x)]),)),
            )
            for x in counts[a]
        ]
        for a in counts
    ]
    described = [
        Message("web.evidence.matrix.cell_desc", {"abc": a, "xyz": x, "count": counts[a][x]})
        for a in counts
        for x in counts[a]
    ]
    most = max(n for row in counts.values() for n in row.values())
    return charts.matrix_chart(
        "matrix",
        charts.Words(
            t("web.evidence.matrix.title"),
            t("web.evidence.matrix.desc", skus=priority.skus, cells=joined(described, language)),
        ),
        list(counts),
        list(next(iter(counts.values()))),
        cells,
        (t("web.evidence.matrix.rows"), t("web.evidence.matrix.columns")),
        t("web.evidence.matrix.legend", most=most),
    )


@dataclass(frozen=True)
class Ranked:
    """The SKU priority the page shows (None: not ranked, for ``refused``), made from the data as
    it stood after import ``import_id`` with the cash of replay ``run_id``."""

    made_from: tuple[int | None, int | None]  # (import_id, run_id)
    priority: PriorityReport | None
    refused: Message | None


def ranked(request: Request, store: Storage, settings: Settings, run_id: int | None) -> Ranked:
    """The priority the app holds, if made from the latest import and replay ``run_id``; else
    ranked now, and held."""
    made_from = (store.imports.latest_import_id(), run_id)
    held: Ranked | None = getattr(request.app.state, "evidence_priority", None)
    if held is not None and held.made_from == made_from:
        return held
    try:
        made = Ranked(
            made_from, prioritise_skus(store, settings, tops=(*settings.replay.priority_tops, EVERY_SKU)), None
        )
    except Refusal as refused:
        made = Ranked(made_from, None, refused.message)
    request.app.state.evidence_priority = made
    return made


@router.get("/evidence")
def evidence_page(request: Request, who: Annotated[Viewer, Depends(need(Action.VIEW_EVIDENCE))]) -> Response:
    web = web_of(request)
    language = who.language

    def t(code: str, **values: Any) -> str:
        return render(code, language, **values)

    with web.pool.store() as store:
        stored = latest_replay(store)
        chosen = ranked(request, store, web.settings, None if stored is None else stored.report.run_id)
    priority = chosen.priority
    shown: dict[str, Any] = {"stored": stored, "priority": priority, "not_ranked": chosen.refused}
    if stored is not None:
        report = stored.report
        shown |= {
            "report": report,
            "equal": report.equal_inventory,
            "headline": all(report.equal_inventory[k] is not None for k in HEADLINE),
            "kpi_header": kpi_header(language),
            "kpi_rows": [(policy_name(p, t), kpi_row(p)[1:]) for p in report.policies if p.usual],
            "tradeoff": tradeoff_chart(report, t),
            "daily": daily_charts(report, t, language) if report.daily else None,
        }
    if priority is not None:
        shown |= {"lists": priority.lists[:-1], "matrix": matrix_chart(priority, t, language)}
    return page(request, who, "evidence.html", in_language=in_language, code_spans=code_spans, **shown)
