"""The ``stockpilot`` command line (R-UI-2): thin wrappers over the services.

Every command prints for people by default (with progress on stderr) and one
JSON document on stdout with ``--json``.

Everything printed is literal text: the consoles have Rich markup and emoji codes
switched off, so a value from a file, a path or an error (``[/bold]``, ``:x:``)
prints as it is and can never break the output; colour is given with ``style=``.
Commands that only read open the database read-only, so several can run side by
side; ``settings`` does not open it at all.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from stockpilot.adapters.errorlog import scrub
from stockpilot.adapters.passwords import Argon2Hasher
from stockpilot.adapters.storage.duckdb_engine import MEMORY
from stockpilot.adapters.storage.files import private_umask
from stockpilot.adapters.storage.postgres_engine import is_postgres_url
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.domain.messages import Message
from stockpilot.domain.progress import silent
from stockpilot.doors.endings import (
    EXIT_BUG,
    EXIT_NOT_READY,
    EXIT_PARTLY,
    INTERRUPTED,
    CreateOption,
    DbOption,
    LanguageOption,
    StockPilotApp,
    Unready,
    bug_message,
    chosen_language,
)
from stockpilot.errors import BUG, Refusal
from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.presenters import forecast as forecast_presenter
from stockpilot.presenters import plan as plan_presenter
from stockpilot.presenters import priority as priority_presenter
from stockpilot.presenters import purchase_order as purchase_order_presenter
from stockpilot.presenters import replay as replay_presenter
from stockpilot.presenters import review as review_presenter
from stockpilot.presenters.imports import import_summary, quarantine_listing
from stockpilot.presenters.readiness import readiness_report
from stockpilot.presenters.retention import purge_report
from stockpilot.services import access as access_service
from stockpilot.services import quarantine as quarantine_service
from stockpilot.services import review as review_service
from stockpilot.services.backtesting import run_backtest
from stockpilot.services.demo_files import build_demo_chain
from stockpilot.services.forecast_view import default_chart_path, forecast_view, write_forecast_chart
from stockpilot.services.forecasting import run_forecast
from stockpilot.services.importing import files_in_order, import_file
from stockpilot.services.parameters import review_limits
from stockpilot.services.planning import latest_forecast_day, make_plan
from stockpilot.services.prioritising import prioritise_skus
from stockpilot.services.purchase_orders import export_purchase_orders
from stockpilot.services.readiness import check_readiness
from stockpilot.services.replay import run_replay
from stockpilot.services.retention import export_all, purge
from stockpilot.settings import Settings, SettingsError, load_settings, settings_markdown

# Every command ends as docs/errors.md says (doors/endings.py): a refusal in the chosen language, exit 2;
# a bug logged with its traceback, exit 70; with --json one error document on stdout.
app = StockPilotApp(help="Stock Pilot: measured, labour-safe AI replenishment.", no_args_is_help=True)
quarantine_app = StockPilotApp(help="Rows that were not accepted, and why.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")
review_app = StockPilotApp(
    help="Approve, edit or reject order proposals; export purchase orders.", no_args_is_help=True
)
app.add_typer(review_app, name="review")
demo_app = StockPilotApp(help="The Hong Kong demo chain built from real demand.", no_args_is_help=True)
app.add_typer(demo_app, name="demo-data")

# Literal text only (see the module docstring): never turn markup back on at a print site.
out = Console(markup=False, emoji=False, highlight=False, soft_wrap=True)
err = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document for machines.")]


@dataclass(frozen=True)
class Context:
    settings: Settings
    db_path: str
    language: str
    create: bool = False  # --create: a DuckDB file (and its folder) that is not there may be made

    def open(self, *, read_only: bool = False, creates: bool = False) -> Store:
        """The store (a DuckDB file or a PostgreSQL URL), read-only for a command that only reads;
        a DatabaseError if it cannot open (the command ends with its reason, exit 2).

        A mistyped ``--db`` must never become a new empty database: a DuckDB file whose folder
        does not exist is refused, and so is a missing file unless the command ``creates`` one
        (``import``, ``demo-data build``), unless ``--create`` was given (which makes both)."""
        target = self.db_path
        if not is_postgres_url(target) and target != MEMORY:
            path = Path(target)
            if not path.parent.is_dir() and not self.create:
                raise Refusal("refusal.db_folder_missing", path=target, folder=str(path.parent))
            if not path.exists():
                if not (creates or self.create):
                    raise Refusal("refusal.db_missing", path=target)
                if read_only:  # told to create it: an empty database, at the current schema
                    open_store(target).close()
        return open_store(target, read_only=read_only)


@app.callback(door_options=False)
def main(ctx: typer.Context, db: DbOption = None, lang: LanguageOption = None, create: CreateOption = False) -> None:
    """Stock Pilot command line. --db, --lang and --create may also follow the command."""
    private_umask()  # every file and folder a command writes is its owner's only
    chosen = chosen_language(lang)  # only en and zh-HK, whatever the case; anything else exits 2
    try:
        settings = load_settings()
    except SettingsError as exc:  # a bad setting names where it came from; the command ends with it
        ctx.obj = Unready(exc, chosen or "en", db)
        return
    ctx.obj = Context(settings, db or settings.storage.db_path, chosen or settings.storage.language, create)


def _emit(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@contextmanager
def _progress(as_json: bool, language: str) -> Iterator[Any]:
    """A spinner with the current step on stderr, for a person at a terminal only."""
    if as_json or not err.is_terminal:
        yield silent
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("")
        yield lambda step, **values: bar.update(task, description=render(f"step_{step}", language, **values))


def _show(lines: list[Line]) -> None:
    """Print what a presenter made, line by line, with its style."""
    for line in lines:
        out.print(line.text, style=line.style)


@app.command("import")
def import_command(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to import.")],
    profile: Annotated[str | None, typer.Option(help="Profile name or .toml file (default: recognised).")] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding (default: UTF-8 or Big5, detected).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Import CSV, Excel, Parquet or JSON Lines files; bad rows are quarantined, never lost."""
    context: Context = ctx.obj
    files = [f for p in paths for f in (files_in_order(p) if p.is_dir() else [p])]
    reports, failures = [], []
    with context.open(creates=True) as db:
        for path in files:
            try:
                with _progress(as_json, context.language) as progress:
                    report = import_file(
                        db, path, context.settings, profile=profile, encoding=encoding, progress=progress
                    )
            except Refusal as exc:  # this file cannot be imported (unreadable, no profile fits...): the next goes on
                failures.append({"source": str(path), "code": exc.code, "error": str(exc)})
                words = render(exc.message, context.language)
                err.print(render("cannot_read", context.language, error=words), style="red")
                continue
            except INTERRUPTED:  # Ctrl-C stops the whole import (one line, exit 130), not just this file
                raise
            except Exception as exc:  # a bug: logged, and one file's crash must not hide the files after it
                error = f"{type(exc).__name__}: {scrub(str(exc))}"  # what it was working on may be personal
                bug = bug_message(exc, context, ctx.command_path)
                failures.append({"source": str(path), "code": BUG, "error": error, "log": bug.params["log"]})
                err.print(render("import_crashed", context.language, source=path, error=error), style="red")
                err.print("  " + render(bug, context.language), style="red")
                continue
            reports.append(report)
            if not as_json:
                _show(import_summary(report, context.language, profile is not None))
    if as_json:
        totals = {k: sum(getattr(r, k) for r in reports) for k in ("received", "accepted", "quarantined")}
        _emit({**totals, "files": [r.to_dict() for r in reports], "failures": failures})
    if failures:
        raise typer.Exit(EXIT_BUG if any(f["code"] == BUG for f in failures) else EXIT_PARTLY)


@app.command()
def readiness(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Is the data good enough for estimates and for a pilot? (R-DATA-4) Exits 1 when it is not ready for a pilot."""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        report = check_readiness(db, context.settings)
    language = context.language
    if as_json:
        _emit(report.to_dict(lambda message: render(message, language)))
    else:
        _show(readiness_report(report, language))
    if not report.ready:
        raise typer.Exit(EXIT_NOT_READY)


CutoffOption = Annotated[
    datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Use data up to this day (default: the last sale).")
]
HorizonOption = Annotated[
    int | None, typer.Option(help="Days to forecast (default: longest lead time + review period, at least 28).")
]


# `stockpilot forecast` runs a forecast; `stockpilot forecast show SKU` shows one (a group doing its own work).
forecast_app = StockPilotApp(help="Forecast daily demand, or show one SKU's forecast (forecast show).")
app.add_typer(forecast_app, name="forecast")


@forecast_app.callback(refused_as="forecast_error", invoke_without_command=True)
def forecast(
    ctx: typer.Context, cutoff: CutoffOption = None, horizon: HorizonOption = None, as_json: JsonOption = False
) -> None:
    """Forecast daily demand per SKU and location as a mean and quantiles, and store it (R-FC-1)."""
    if ctx.invoked_subcommand is not None:
        return
    context: Context = ctx.obj
    language = context.language
    with context.open() as store, _progress(as_json, language) as progress:
        run = run_forecast(
            store, context.settings, cutoff=cutoff.date() if cutoff else None, horizon=horizon, progress=progress
        )
    data = run.as_dict()
    if as_json:
        _emit(data)
        return
    out.print(render("forecast_done", language, **data))
    out.print("  " + render("forecast_models", language, models=", ".join(f"{k} {v}" for k, v in run.models.items())))
    out.print("  " + render("forecast_censored", language, **data))
    for model, error in run.failures.items():
        out.print("  " + render("forecast_failed", language, model=model, error=error), style="yellow")


@forecast_app.command("show", refused_as="forecast_error")
def forecast_show(
    ctx: typer.Context,
    sku: Annotated[str, typer.Argument(help="The SKU to show.")],
    location: Annotated[
        str | None, typer.Option("--location", help="The location (default: where it sold most in the days shown).")
    ] = None,
    run_id: Annotated[int | None, typer.Option("--run", help="Forecast run id (default: the latest).")] = None,
    days_of_history: Annotated[
        int | None,
        typer.Option(help="Days of sales before the forecast (default: settings forecast_show_history_days)."),
    ] = None,
    chart: Annotated[
        Path | None,
        typer.Option(
            help="The chart's PNG, an SVG beside it (default: .stockpilot/charts/forecast-<sku>-<location>.png)."
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """One SKU's recent sales, forecast mean and 80% / 95% bands, as a table and a chart (R-FC-1)."""
    context: Context = ctx.obj
    language = context.language
    with context.open(read_only=True) as store:
        view = forecast_view(
            store, context.settings, sku, location=location, run_id=run_id, history_days=days_of_history
        )
    paths = write_forecast_chart(view, chart or default_chart_path(view), language)
    if as_json:
        _emit({**view.to_dict(), "charts": [str(p) for p in paths]})
        return
    _show(forecast_presenter.forecast_report(view, language))
    out.print(render("forecast_show_chart", language, paths=", ".join(str(p) for p in paths)))


@app.command(refused_as="forecast_error")
def backtest(
    ctx: typer.Context,
    origins: Annotated[int | None, typer.Option(help="Forecast origins (default: settings backtest_origins).")] = None,
    cutoff: CutoffOption = None,
    horizon: HorizonOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rolling-origin accuracy: WAPE, RMSSE, bias, pinball, coverage, WRMSSE, weekly WAPE per SKU (R-FC-3)."""
    context: Context = ctx.obj
    language = context.language
    with context.open() as store, _progress(as_json, language) as progress:
        report = run_backtest(
            store,
            context.settings,
            origins=origins,
            horizon=horizon,
            cutoff=cutoff.date() if cutoff else None,
            progress=progress,
        )
    if as_json:
        _emit(report.as_dict())
        return
    summary: dict[str, Any] = report.summary()
    out.print(render("backtest_done", language, **{**summary, "origins": ", ".join(summary["origins"])}))
    out.print("  " + render("backtest_accuracy", language, **report.evaluation.overall))
    levels = ", ".join(f"{k} {v:.3f}" for k, v in report.evaluation.wrmsse.items())
    out.print("  " + render("backtest_wrmsse", language, levels=levels))
    pit = report.evaluation.pit_coverage
    coverage = ", ".join(f"q{p:g} {v:.1%} (PIT {pit[p]:.1%})" for p, v in report.evaluation.coverage.items())
    out.print("  " + render("backtest_coverage", language, coverage=coverage))


DateOption = Annotated[
    datetime | None,
    typer.Option(
        "--date", formats=["%Y-%m-%d"], help="The day to order for (default: the latest forecast's first day)."
    ),
]
PlanOption = Annotated[int | None, typer.Option("--plan", help="Plan id (default: the latest).")]
ByOption = Annotated[str, typer.Option("--by", help="Who decides (recorded with the decision).")]


@app.command()
def plan(ctx: typer.Context, date: DateOption = None, as_json: JsonOption = False) -> None:
    """Order proposals per supplier and location for a day, each with its reason (R-REP-2)."""
    context: Context = ctx.obj
    language = context.language
    with context.open() as db:
        result = make_plan(db, context.settings, date.date() if date else latest_forecast_day(db))
        listed = review_service.review_list(db, result.plan_id)
    if as_json:
        _emit(result.to_dict())
        return
    _show(plan_presenter.plan_report(result, listed, language, review_limits(context.settings)))


# The filter of `review list` and `review approve --all` (services/review.py ReviewFilter).
LocationFilter = Annotated[list[str] | None, typer.Option("--location", help="Only this location (repeatable).")]
SupplierFilter = Annotated[list[str] | None, typer.Option("--supplier", help="Only this supplier (repeatable).")]
FlagFilter = Annotated[list[str] | None, typer.Option("--flag", help="Only lines with this flag code (repeatable).")]
AbcFilter = Annotated[list[str] | None, typer.Option("--abc", help="Only ABC class A, B or C (repeatable).")]
FlaggedFilter = Annotated[bool, typer.Option("--flagged", help="Only the lines flagged for a person.")]
LimitFilter = Annotated[int | None, typer.Option("--limit", help="At most this many lines.")]


def _review_filter(
    location: list[str] | None,
    supplier: list[str] | None,
    flag: list[str] | None,
    abc: list[str] | None,
    flagged: bool,
    limit: int | None,
) -> review_service.ReviewFilter:
    return review_service.ReviewFilter(
        tuple(location or ()), tuple(supplier or ()), tuple(flag or ()), tuple(abc or ()), flagged, limit=limit
    )


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    plan_id: PlanOption = None,
    location: LocationFilter = None,
    supplier: SupplierFilter = None,
    flag: FlagFilter = None,
    abc: AbcFilter = None,
    flagged: FlaggedFilter = False,
    limit: LimitFilter = None,
    as_json: JsonOption = False,
) -> None:
    """The lines of a plan (default: the current one), flagged ones first, with their decisions and
    HK$ totals per supplier and per store."""
    context: Context = ctx.obj
    chosen = _review_filter(location, supplier, flag, abc, flagged, limit)
    with context.open(read_only=True) as db:
        listed = review_service.review_list(db, plan_id or review_service.latest_plan(db), chosen)
    if as_json:
        _emit(listed.to_dict())
        return
    _show(review_presenter.review_list(listed, context.language, review_limits(context.settings)))


def _decide(
    ctx: typer.Context,
    lines: list[int] | review_service.ReviewFilter,
    decision: str,
    by: str,
    plan_id: int | None,
    **extra: Any,
) -> None:
    """Record a decision on the lines named, or (an approval) on every line a filter shows; say how many."""
    context: Context = ctx.obj
    with context.open() as db:
        plan_id = plan_id or review_service.latest_plan(db)
        if isinstance(lines, review_service.ReviewFilter):
            count = review_service.approve_shown(db, plan_id, lines, by)
        else:
            count = review_service.decide(db, plan_id, lines, decision, by, settings=context.settings, **extra)
    worded = Message(f"review.decision.{decision}", {})
    out.print(render("decided", context.language, count=count, decision=worded, plan_id=plan_id))


LinesArgument = Annotated[list[int], typer.Argument(help="Line numbers of the plan.")]


@review_app.command("approve")
def review_approve(
    ctx: typer.Context,
    by: ByOption,
    lines: Annotated[list[int] | None, typer.Argument(help="Line numbers of the plan (or --all).")] = None,
    every: Annotated[
        bool, typer.Option("--all", help="Approve every line `review list` shows with the same filters.")
    ] = False,
    plan_id: PlanOption = None,
    location: LocationFilter = None,
    supplier: SupplierFilter = None,
    flag: FlagFilter = None,
    abc: AbcFilter = None,
    flagged: FlaggedFilter = False,
    limit: LimitFilter = None,
) -> None:
    """Approve lines as proposed: the lines named, or with --all every line shown by the filters."""
    chosen = _review_filter(location, supplier, flag, abc, flagged, limit)
    if bool(lines) == every or (chosen != review_service.ReviewFilter() and not every):
        raise Refusal("refusal.approve_lines_or_all")
    _decide(ctx, chosen if every else lines or [], "approve", by, plan_id)


@review_app.command("edit")
def review_edit(
    ctx: typer.Context,
    lines: LinesArgument,
    by: ByOption,
    quantity: Annotated[float, typer.Option(help="The quantity to order instead.")],
    reason: Annotated[str, typer.Option(help="Why the quantity changes (recorded).")],
    plan_id: PlanOption = None,
) -> None:
    """Change the quantity of lines, with a reason."""
    _decide(ctx, lines, "edit", by, plan_id, quantity=quantity, reason=reason)


@review_app.command("reject")
def review_reject(
    ctx: typer.Context,
    lines: LinesArgument,
    by: ByOption,
    reason: Annotated[str | None, typer.Option(help="Why (recorded).")] = None,
    plan_id: PlanOption = None,
) -> None:
    """Reject lines: nothing is ordered for them."""
    _decide(ctx, lines, "reject", by, plan_id, reason=reason)


@review_app.command("export")
def review_export(
    ctx: typer.Context,
    directory: Annotated[Path | None, typer.Argument(help="Folder for the purchase orders (or --out).")] = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder for the purchase orders.")] = None,
    plan_id: PlanOption = None,
    document: Annotated[
        str | None,
        typer.Option("--lang-of-document", help="en, zh-HK or both (default: the output language)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Write the approved and edited lines as purchase orders, one Excel and one PDF per supplier and
    delivery location, and the shop's own order-lines.csv with reasons and decisions."""
    context: Context = ctx.obj
    if directory is not None and out_dir is not None and directory != out_dir:
        raise Refusal("refusal.two_folders", given=directory, out=out_dir)
    folder = out_dir or directory or Path("orders")
    with context.open(read_only=True) as db:
        plan_id = plan_id or review_service.latest_plan(db)
        exported = export_purchase_orders(db, plan_id, folder, context.language, document)
    if as_json:
        _emit(exported.to_dict())
        return
    _show(
        purchase_order_presenter.export_summary(
            plan_id, str(exported.directory), exported.order_lines[0].name, exported.orders, context.language
        )
    )


@app.command(refused_as="replay_error")
def replay(
    ctx: typer.Context,
    days: Annotated[int | None, typer.Option(help="Days to replay, the most recent (default: settings).")] = None,
    cutoff: CutoffOption = None,
    location: Annotated[
        list[str] | None, typer.Option("--location", help="Replay this location only (repeatable).")
    ] = None,
    charts: Annotated[Path, typer.Option(help="Folder for the trade-off chart (PNG and SVG).")] = Path(
        ".stockpilot/replay"
    ),
    as_json: JsonOption = False,
) -> None:
    """Replay your history: your ordering rule against Stock Pilot, and at equal stock value (R-SIM-1, R-SIM-2)."""
    context: Context = ctx.obj
    language = context.language
    with context.open() as db, _progress(as_json, language) as progress:
        report = run_replay(
            db,
            context.settings,
            days=days,
            cutoff=cutoff.date() if cutoff else None,
            locations=tuple(location or ()),
            chart_dir=charts,
            language=language,
            progress=progress,
        )
    if as_json:
        _emit(report.to_dict())
        return
    _show(replay_presenter.replay_report(report, language, context.settings.replay.break_even_reduction))


@app.command(refused_as="priority_error")
def prioritise(
    ctx: typer.Context,
    top: Annotated[
        list[int] | None, typer.Option("--top", help="Length of a list, repeatable (default: settings priority_tops).")
    ] = None,
    cutoff: CutoffOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which SKUs to move first: ABC by sales value x XYZ by demand variability, high value and unstable first."""
    context: Context = ctx.obj
    language = context.language
    with context.open(read_only=True) as db:
        report = prioritise_skus(
            db, context.settings, cutoff=cutoff.date() if cutoff else None, tops=tuple(top) if top else None
        )
    if as_json:
        _emit(report.to_dict())
        return
    _show(priority_presenter.priority_report(report, language))


@quarantine_app.command("list")
def quarantine_list(
    ctx: typer.Context,
    import_id: Annotated[int | None, typer.Option(help="Only this import.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
    closed: Annotated[bool, typer.Option("--closed", help="Also the rows a later import fixed.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List the open quarantined rows (with --closed also the fixed ones): file, row number, content and reason."""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        rows = quarantine_service.quarantined_rows(db, import_id, limit, include_closed=closed)
    if as_json:
        _emit([r.to_dict(context.language) for r in rows])
        return
    _show(quarantine_listing(rows, context.language))


@quarantine_app.command("export")
def quarantine_export(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder to write the files to.")],
    import_id: Annotated[int | None, typer.Option(help="Only this import.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Write quarantined rows to CSV files, one per source, to fix and import again."""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        written = quarantine_service.export_for_fixing(db, directory, import_id, context.language)
    if as_json:
        _emit({str(path): rows for path, rows in written.items()})
        return
    out.print(
        render(
            "quarantine_written", context.language, rows=sum(written.values()), files=len(written), directory=directory
        )
    )


def _interactive() -> bool:
    """Whether a person can answer a question: stdin is a terminal."""
    return sys.stdin.isatty()


@app.command("purge")
def purge_command(
    ctx: typer.Context,
    older_than: Annotated[
        int | None, typer.Option("--older-than", help="Days to keep (default: settings retention_days).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count what would be removed, per table; remove nothing.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Remove without asking (needed when nobody can answer).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Delete events older than the retention period (R-DATA-5), after showing them and asking.

    Rows removed are gone for good: without --yes it shows what it would remove and asks at a
    terminal; where nobody can answer (a script, --json) it is refused (exit 2).
    """
    context: Context = ctx.obj
    language = context.language
    days = context.settings.privacy.retention_days if older_than is None else older_than
    with context.open(read_only=dry_run) as db:
        result = purge(db, days, dry_run=True)
        if not dry_run and result.total and not yes:
            if as_json or not _interactive():
                raise Refusal("refusal.purge_needs_yes", count=result.total, cutoff=result.cutoff)
            _show(purge_report(result, language))
            if not typer.confirm(render("purge_confirm", language, count=result.total)):
                out.print(render("purge_kept", language))
                return
        if not dry_run:
            result = purge(db, days)
    if as_json:
        _emit(result.to_dict())
        return
    _show(purge_report(result, language))


@app.command("export")
def export_command(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder to write every table to.")],
    as_json: JsonOption = False,
) -> None:
    """Export every table as CSV and Parquet, so the owner is never locked in (R-DATA-5).

    Opens the database read-write: the export is recorded in the ``exports`` table
    (readiness and the next due date read it), in the same step as the files.
    """
    context: Context = ctx.obj
    with context.open() as db:
        result = export_all(db, directory, context.settings.privacy.export_interval_days)
    if as_json:
        _emit({"directory": str(result.directory), "rows": result.rows, "next_due": result.next_due.isoformat()})
        return
    out.print(
        render(
            "exported",
            context.language,
            tables=len(result.rows),
            rows=sum(result.rows.values()),
            directory=result.directory,
            due=result.next_due,
        )
    )


@app.command("settings")
def settings_command(
    ctx: typer.Context,
    markdown: Annotated[bool, typer.Option(help="Print the documentation table (docs/settings.md).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Show the settings in force (defaults, stockpilot.toml, STOCKPILOT_* variables)."""
    context: Context = ctx.obj
    if markdown:
        typer.echo(settings_markdown(), nl=False)
        return
    values = dataclasses.asdict(context.settings)
    if as_json:
        _emit(values)
        return
    for section, section_values in values.items():
        for name, value in section_values.items():
            out.print(f"{section}.{name} = {value!r}")


@demo_app.command("build")
def demo_build(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="Folder for the chain's export files.")] = Path(".stockpilot/demo-chain"),
    seed: Annotated[int | None, typer.Option(help="Seed (default: settings demo_seed).")] = None,
    skus: Annotated[int | None, typer.Option(help="Number of SKUs (default: settings demo_skus).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Build the 12-store demo chain from real demand and import its files like a shop would."""
    context: Context = ctx.obj
    overrides = {k: v for k, v in (("demo_seed", seed), ("demo_skus", skus)) if v is not None}
    settings = context.settings.replace(**overrides)
    with context.open(creates=True) as db, _progress(as_json, context.language) as progress:
        _, reports = build_demo_chain(db, out, settings, progress)
    if as_json:
        _emit({"directory": str(out), "files": [r.to_dict() for r in reports]})
        return
    for report in reports:
        _show(import_summary(report, context.language, chosen=False))


# --- the web app and its people (doors/web) ------------------------------------------------------
users_app = StockPilotApp(
    help="People who log in to the web app, and the POS API's integration tokens.", no_args_is_help=True
)
app.add_typer(users_app, name="users")
RoleOption = Annotated[str, typer.Option("--role", help="owner, buyer, finance, employee_rep, vendor or verifier.")]


def _password(password_file: Path | None, language: str) -> str:
    """The password from the first line of ``password_file``, else asked twice at a terminal."""
    if password_file is not None:
        lines = password_file.read_text(encoding="utf-8").splitlines()
        return lines[0] if lines else ""
    if not _interactive():
        raise Refusal("refusal.password_needed")
    first = typer.prompt(render("password_prompt", language), hide_input=True)
    if first != typer.prompt(render("password_again", language), hide_input=True):
        raise Refusal("refusal.password_mismatch")
    return str(first)


@users_app.command("add")
def users_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user name to log in with.")],
    role: RoleOption,
    password_file: Annotated[
        Path | None, typer.Option(help="Read the password from this file's first line (default: asked).")
    ] = None,
    language: Annotated[str, typer.Option(help="The user's language: zh-HK or en.")] = "zh-HK",
    as_json: JsonOption = False,
) -> None:
    """Add a user (the first is the owner: `stockpilot users add NAME --role owner`)."""
    context: Context = ctx.obj
    password = _password(password_file, context.language)
    with context.open(creates=True) as db:
        user = access_service.add_user(db, Argon2Hasher(), name, role, password, language=language)
    if as_json:
        _emit({"name": user.name, "role": user.role, "language": user.language})
        return
    out.print(
        render(
            "web.users.added", context.language, name=user.name, role=render(f"web.role.{user.role}", context.language)
        )
    )


@users_app.command("list")
def users_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """The users, their roles and languages (never a password)."""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        users = db.access.users()
    if as_json:
        _emit([{"name": u.name, "role": u.role, "language": u.language} for u in users])
        return
    for user in users:
        out.print(f"{user.name}  {render(f'web.role.{user.role}', context.language)}  {user.language}")


@users_app.command("token")
def users_token(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The integration's name (a POS, a script).")],
    role: RoleOption,
    as_json: JsonOption = False,
) -> None:
    """Issue a POS API token acting as ROLE; it is printed once and stored only as a hash."""
    context: Context = ctx.obj
    with context.open() as db:
        token, secret = access_service.issue_token(db, name, role, "command line")
    if as_json:
        _emit({"token_id": token.token_id, "name": token.name, "role": token.role, "token": secret})
        return
    out.print(render("web.tokens.secret", context.language, name=token.name, secret=secret))


@users_app.command("revoke")
def users_revoke(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(help="The token's number.")],
    as_json: JsonOption = False,
) -> None:
    """Revoke a POS API token: it is refused from now on."""
    context: Context = ctx.obj
    with context.open() as db:
        access_service.revoke_token(db, token_id, "command line")
    if as_json:
        _emit({"revoked": token_id})
        return
    out.print(render("token_revoked", context.language, token_id=token_id))


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default: settings web_host).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: settings web_port).")] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Demonstration: a new cookie secret and one log-in per role.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Start, check that the pages answer, then stop (for CI).")
    ] = False,
) -> None:
    """Start the web app and the POS API on the database (--db: a file or a postgresql:// URL)."""
    from stockpilot.doors.web import server as web_server  # the web stack loads only for this command

    context: Context = ctx.obj
    language = context.language
    target = context.db_path
    if not is_postgres_url(target) and not Path(target).exists():
        raise Refusal("refusal.db_missing", path=target)
    config, logins = web_server.prepare(context.settings, target, demo)
    host = host or context.settings.web.web_host
    port = port or (web_server.free_port(host) if check else context.settings.web.web_port)
    url = f"http://{host}:{port}"
    out.print(render("serve_address", language, url=url))
    for name, role, password in logins:
        out.print(
            render("serve_login", language, name=name, role=render(f"web.role.{role}", language), password=password)
        )
    if not check:
        web_server.run(config, host, port)
        return
    started = web_server.start_in_thread(config, host, port)
    try:
        owner = next((name, password) for name, role, password in logins if role == "owner")
        answered = web_server.check_answers(started.url, *owner)
    finally:
        started.stop()
    out.print(render("serve_checked", language, url=url, pages=", ".join(answered)))
