"""The Orders page (R-REP-2, R-REP-3, R-UI-1): a plan's lines flagged first, by supplier and store,
with their reasons, flags and decisions; approving, editing and rejecting them; the purchase
orders to download; forecast + plan in the background.

What the page shows is what `stockpilot review list` shows, from the same services:
``review_list`` (services/review.py) gives the lines a filter admits and their totals, and the
reasons, flags and decisions are worded by the catalogue in the viewer's language. A page lists
at most ``limit`` lines from ``offset`` (the totals count every line the filter admits), so a
plan of 36,000 lines is worded only a page at a time. ``decide`` records a decision and refuses
what the domain does not allow (an edit without a reason or too far from its proposal, a plan a
re-plan replaced): the refusal is shown above the lines in the viewer's language (400); a
decision recorded goes back to the same lines (POST/redirect/GET) saying what was done.

The downloads are the shop's order lines of ``export_purchase_orders`` (services/purchase_orders.py),
written in a private temporary folder that is removed once the file is read. Forecast + plan
runs as the command line's `forecast` then `plan` do, in the background (doors/web/jobs.py); the
page shows its step and ``/jobs/N`` answers it as JSON for static/app.js.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from stockpilot.domain.access import Action
from stockpilot.domain.messages import Message
from stockpilot.domain.progress import Progress
from stockpilot.domain.replenishment.review import ReviewLimits, flag_message
from stockpilot.doors.web.context import Viewer, form_checked, need, web_of
from stockpilot.doors.web.jobs import Job, JobRunner
from stockpilot.doors.web.pages import page
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.presenters.review import decision_of
from stockpilot.services.forecasting import run_forecast
from stockpilot.services.parameters import review_limits
from stockpilot.services.planning import latest_forecast_day, make_plan
from stockpilot.services.ports import Storage
from stockpilot.services.purchase_orders import export_purchase_orders
from stockpilot.services.review import (
    DECISIONS,
    ReviewFilter,
    ReviewLine,
    ReviewList,
    decide,
    latest_plan,
    review_list,
)
from stockpilot.settings import Settings

router = APIRouter(include_in_schema=False)

PAGE_LINES = 100  # lines on one page
MOST_LINES = 500  # the most a page may be asked to list
DOWNLOADS = {  # the order-lines files of export_purchase_orders, by suffix
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Shown:
    """Which lines the page lists, as its query string says: the plan (0: the latest), one
    supplier, one location, flagged lines only, and the page of them."""

    plan: int = 0
    supplier: str = ""
    location: str = ""
    flagged: bool = False
    offset: int = 0
    limit: int = PAGE_LINES

    @classmethod
    def read(cls, query: Mapping[str, str]) -> Shown:
        """From a query string; a value that is not a whole number is left at its default."""

        def number(name: str, default: int) -> int:
            text = query.get(name, "")
            return int(text) if text.isdigit() else default

        return cls(
            number("plan", 0),
            query.get("supplier", ""),
            query.get("location", ""),
            query.get("flagged") == "1",
            number("offset", 0),
            min(max(number("limit", PAGE_LINES), 1), MOST_LINES),
        )

    def query(self, offset: int | None = None) -> str:
        """The query string of these lines (from ``offset`` when given), defaults left out."""
        values, defaults = asdict(self if offset is None else replace(self, offset=offset)), asdict(Shown())
        return urlencode({k: int(v) if isinstance(v, bool) else v for k, v in values.items() if v != defaults[k]})

    @property
    def chosen(self) -> ReviewFilter:
        """The review filter of these lines."""
        location, supplier = (self.location,) if self.location else (), (self.supplier,) if self.supplier else ()
        return ReviewFilter(location, supplier, flagged_only=self.flagged)


@dataclass(frozen=True)
class Row:
    """A line as the page shows it, worded in the viewer's language."""

    line: ReviewLine
    product: str
    location: str
    reason: str
    flags: tuple[str, ...]
    decided: str  # who decided, when and why; "" while not decided


@dataclass(frozen=True)
class Group:
    """One supplier's lines to one location (flagged ones apart from the others): its totals over
    every line the filter admits, and the rows of it on this page."""

    flagged: bool
    supplier: str
    location: str
    lines: int
    units: float
    value: float
    rows: tuple[Row, ...]


def _group_of(line: ReviewLine) -> tuple[bool, str, str]:
    """Flagged lines first, then by supplier and location; sorted stably, each group keeps the
    order of review_list (lines that order something first, then by SKU)."""
    return not line.flags, line.supplier_id, line.location_id


def _row(line: ReviewLine, language: str, limits: ReviewLimits) -> Row:
    flags = tuple(render(flag_message(code, limits, line.flag_values.get(code)), language) for code in line.flags)
    decided = decision_of(line)
    return Row(
        line,
        line.product_name(language),
        line.location_name(language),
        render(line.reason, language),
        flags,
        "" if decided is None else render(decided, language),
    )


def _groups(lines: list[ReviewLine], shown: Shown, language: str, settings: Settings) -> tuple[Group, ...]:
    """The groups of the page's lines (``lines`` in group order), with every line's totals."""
    totals: dict[tuple[bool, str, str], tuple[int, float, float]] = {}
    for line in lines:
        count, units, value = totals.get(_group_of(line), (0, 0.0, 0.0))
        totals[_group_of(line)] = (count + 1, units + line.quantity, value + line.value)
    groups, limits = [], review_limits(settings)
    for key, members in groupby(lines[shown.offset : shown.offset + shown.limit], key=_group_of):
        rows = tuple(_row(line, language, limits) for line in members)
        first = rows[0].line
        supplier = render("web.orders.named", language, name=first.supplier_name, key=first.supplier_id)
        location = render("web.orders.named", language, name=rows[0].location, key=first.location_id)
        groups.append(Group(not key[0], supplier, location, *totals[key], rows))
    return tuple(groups)


def _job_shown(request: Request) -> Job | None:
    """The job running, else the finished one the page was sent to (``?job=N``)."""
    jobs: JobRunner = web_of(request).jobs
    latest, asked = jobs.latest(), request.query_params.get("job", "")
    if latest is not None and latest.running:
        return latest
    return jobs.job(int(asked)) if asked.isdigit() else None


def _orders_page(
    request: Request,
    who: Viewer,
    shown: Shown,
    status_code: int = 200,
    error: Message | None = None,
    notice: tuple[str, int] | None = None,
) -> Response:
    """The page of ``shown``'s lines; ``error``: a refusal to show above them; ``notice``: the
    decision just recorded and on how many lines."""
    web, language = web_of(request), who.language
    job = _job_shown(request)
    values: dict[str, object] = {
        "shown": shown,
        "job": job,
        "job_text": "" if job is None else render(job.state(), language),
        "error": None if error is None else render(error, language),
        "notice": notice,
        "listed": None,
    }
    with web.pool.store() as store:
        try:
            plan_id = shown.plan or latest_plan(store)
        except Refusal:  # no plan yet: the page offers to make one
            return page(request, who, "orders.html", status_code=status_code, **values)
        every = review_list(store, plan_id, ReviewFilter(flagged_only=shown.flagged))  # and the filters' choices
    chosen = shown.chosen
    lines = sorted((x for x in every.lines if not chosen.narrowed or chosen.admits(x)), key=_group_of)
    if shown.offset >= len(lines):  # past the end (a link of a longer list): the first page
        shown = replace(shown, offset=0)
    listed = ReviewList(plan_id, tuple(lines), chosen, every.superseded_by)
    values |= {
        "listed": listed,
        "choices": every,
        "groups": _groups(lines, shown, language, web.settings),
        "flagged": sum(1 for x in lines if x.flags),
        "units": sum(x.quantity for x in lines),
        "back": shown.query(),
        "deciding": who.can(Action.DECIDE_ORDERS) and listed.superseded_by is None,
    }
    return page(request, who, "orders.html", status_code=status_code, **values)


@router.get("/orders")
def orders_page(request: Request, who: Annotated[Viewer, Depends(need(Action.VIEW_ORDERS))]) -> Response:
    query = request.query_params
    decided, count = query.get("decided", ""), query.get("count", "")
    notice = (decided, int(count)) if decided in DECISIONS and count.isdigit() else None
    return _orders_page(request, who, Shown.read(query), notice=notice)


def _recorded(request: Request, who: Viewer, back: str, decision: str, record: Callable[[Storage], int]) -> Response:
    """Record a decision and go back to the lines the person saw; a refusal is shown above them."""
    shown = Shown.read(dict(parse_qsl(back)))
    try:
        with web_of(request).pool.store() as store:
            count = record(store)
    except Refusal as refused:
        return _orders_page(request, who, shown, status_code=400, error=refused.message)
    query = urlencode([*parse_qsl(shown.query()), ("decided", decision), ("count", count)])
    return RedirectResponse(f"/orders?{query}", status_code=303)


@router.post("/orders/decide")
def decide_lines(
    request: Request,
    who: Annotated[Viewer, Depends(form_checked(Action.DECIDE_ORDERS))],
    plan: Annotated[int, Form()],
    decision: Annotated[str, Form(max_length=16)],
    lines: Annotated[list[int] | None, Form()] = None,
    reason: Annotated[str, Form(max_length=500)] = "",
    back: Annotated[str, Form(max_length=2048)] = "",
) -> Response:
    """Approve or reject the lines ticked, with an optional reason."""

    def record(store: Storage) -> int:
        if decision not in ("approve", "reject"):
            raise Refusal("refusal.choice", name="decision", allowed="approve, reject", value=decision)
        if not lines:
            raise Refusal("web.orders.none_ticked")
        return decide(store, plan, lines, decision, who.name, reason=reason.strip() or None)

    return _recorded(request, who, back, decision, record)


@router.post("/orders/edit")
def edit_line(
    request: Request,
    who: Annotated[Viewer, Depends(form_checked(Action.DECIDE_ORDERS))],
    plan: Annotated[int, Form()],
    line: Annotated[int, Form()],
    quantity: Annotated[float, Form()],
    reason: Annotated[str, Form(max_length=500)] = "",
    back: Annotated[str, Form(max_length=2048)] = "",
) -> Response:
    """Order ``quantity`` instead of the proposal, for ``reason`` (both required by the service)."""
    settings = web_of(request).settings

    def record(store: Storage) -> int:
        return decide(
            store, plan, [line], "edit", who.name, quantity=quantity, reason=reason.strip(), settings=settings
        )

    return _recorded(request, who, back, "edit", record)


@router.get("/orders/{plan_id}/purchase-orders.{suffix}")
def download(
    request: Request, plan_id: int, suffix: str, who: Annotated[Viewer, Depends(need(Action.DOWNLOAD_ORDERS))]
) -> Response:
    """The plan's approved and edited lines as the shop's order lines (CSV or Excel), in the
    viewer's language; a plan without one, or one a re-plan replaced, is refused."""
    if suffix not in DOWNLOADS:
        raise HTTPException(status_code=404)
    with tempfile.TemporaryDirectory(prefix="stockpilot-orders-") as folder:  # 0700, this process's user only
        with web_of(request).pool.store() as store:
            exported = export_purchase_orders(store, plan_id, Path(folder) / "orders", who.language)
        if not exported.orders:
            raise Refusal("exported.nothing", plan_id=plan_id)
        written = next(path for path in exported.order_lines if path.suffix == f".{suffix}")
        content = written.read_bytes()
    filename = f"plan-{plan_id}-{written.name}"
    return Response(
        content, media_type=DOWNLOADS[suffix], headers={"content-disposition": f'attachment; filename="{filename}"'}
    )


def forecast_and_plan(store: Storage, settings: Settings, progress: Progress) -> Message:
    """`stockpilot forecast` then `stockpilot plan` for the latest forecast's first day, as one job."""
    run = run_forecast(store, settings, progress=progress)
    day = latest_forecast_day(store)
    progress("orders_plan", day=day.isoformat())
    plan = make_plan(store, settings, day)
    done = {"plan_id": plan.plan_id, "date": plan.plan_date.isoformat(), "flagged": plan.flagged}
    return Message(
        "web.orders.ran", {"forecast": Message("forecast_done", run.as_dict()), "plan": Message("plan_done", done)}
    )


@router.post("/orders/run")
def run_plan(request: Request, who: Annotated[Viewer, Depends(form_checked(Action.RUN_PLAN))]) -> Response:
    """Start forecast + plan (or find the job already running) and show it on the page."""
    job = web_of(request).jobs.start("forecast_plan", who.name, forecast_and_plan)
    return RedirectResponse(f"/orders?job={job.job_id}", status_code=303)


@router.get("/jobs/{job_id}")
def job_state(request: Request, job_id: int, who: Annotated[Viewer, Depends(need(Action.VIEW_ORDERS))]) -> Response:
    """A job's state for static/app.js: whether it runs, whether it succeeded, and its words."""
    job = web_of(request).jobs.job(job_id)
    if job is None:
        words = render("web.orders.no_job", who.language)
        return JSONResponse({"running": False, "succeeded": False, "text": words}, status_code=404)
    return JSONResponse({"running": job.running, "succeeded": job.succeeded, "text": render(job.state(), who.language)})
