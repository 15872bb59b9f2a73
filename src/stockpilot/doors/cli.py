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
from stockpilot.adapters.storage.files import private_umask
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.domain.progress import silent
from stockpilot.doors.endings import EXIT_BUG, EXIT_PARTLY, StockPilotApp, Unready, bug_message
from stockpilot.errors import BUG, Refusal
from stockpilot.messages import LANGUAGES, UnknownLanguageError, render
from stockpilot.messages import language as known_language
from stockpilot.presenters import Line
from stockpilot.presenters import plan as plan_presenter
from stockpilot.presenters import priority as priority_presenter
from stockpilot.presenters import replay as replay_presenter
from stockpilot.presenters import review as review_presenter
from stockpilot.presenters.imports import import_summary
from stockpilot.presenters.readiness import readiness_report
from stockpilot.services import quarantine as quarantine_service
from stockpilot.services import review as review_service
from stockpilot.services.backtesting import run_backtest
from stockpilot.services.demo_files import build_demo_chain
from stockpilot.services.forecasting import run_forecast
from stockpilot.services.importing import files_in_order, import_file
from stockpilot.services.parameters import review_limits
from stockpilot.services.planning import latest_forecast_day, make_plan
from stockpilot.services.prioritising import prioritise_skus
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


@dataclass
class Context:
    settings: Settings
    db_path: str
    language: str

    def open(self, *, read_only: bool = False) -> Store:
        """The store (a DuckDB file or a PostgreSQL URL), read-only for a command that only reads;
        a DatabaseError if it cannot open (the command ends with its reason, exit 2)."""
        return open_store(self.db_path, read_only=read_only)


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option(help="A DuckDB file, or a postgresql:// URL (default: setting db_path).")
    ] = None,
    lang: Annotated[
        str | None, typer.Option(help=f"Language: {' or '.join(LANGUAGES)} (default: setting language).")
    ] = None,
) -> None:
    """Stock Pilot command line."""
    private_umask()  # every file and folder a command writes is its owner's only
    try:
        chosen = None if lang is None else known_language(lang)
    except UnknownLanguageError as exc:  # only en and zh-HK, whatever the case
        err.print(f"--lang {lang!r} refused: use one of {', '.join(LANGUAGES)}", style="red")
        raise typer.Exit(2) from exc
    try:
        settings = load_settings()
    except SettingsError as exc:  # a bad setting names where it came from; the command ends with it
        ctx.obj = Unready(exc, chosen or "en", db)
        return
    ctx.obj = Context(settings, db or settings.storage.db_path, chosen or settings.storage.language)


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
    with context.open() as db:
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
    """Is the data good enough for estimates and for a pilot? (R-DATA-4)"""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        report = check_readiness(db, context.settings)
    language = context.language
    if as_json:
        _emit(report.to_dict(lambda message: render(message, language)))
        return
    _show(readiness_report(report, language))


CutoffOption = Annotated[
    datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Use data up to this day (default: the last sale).")
]
HorizonOption = Annotated[
    int | None, typer.Option(help="Days to forecast (default: longest lead time + review period, at least 28).")
]


@app.command(refused_as="forecast_error")
def forecast(
    ctx: typer.Context, cutoff: CutoffOption = None, horizon: HorizonOption = None, as_json: JsonOption = False
) -> None:
    """Forecast daily demand per SKU and location as a mean and quantiles, and store it (R-FC-1)."""
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
        lines = review_service.review_lines(db, result.plan_id)
    if as_json:
        _emit(result.to_dict())
        return
    _show(plan_presenter.plan_report(result, lines, language, review_limits(context.settings)))


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    plan_id: PlanOption = None,
    flagged: Annotated[bool, typer.Option(help="Only the lines flagged for a person.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many lines.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The lines of a plan, flagged ones first, with their decisions."""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        plan_id = plan_id or review_service.latest_plan(db)
        lines = review_service.review_lines(db, plan_id, flagged_only=flagged)[:limit]
    if as_json:
        _emit([line.as_dict() for line in lines])
        return
    _show(review_presenter.review_list(lines, context.language, review_limits(context.settings)))


def _decide(ctx: typer.Context, lines: list[int], decision: str, by: str, plan_id: int | None, **extra: Any) -> None:
    context: Context = ctx.obj
    with context.open() as db:
        plan_id = plan_id or review_service.latest_plan(db)
        count = review_service.decide(db, plan_id, lines, decision, by, **extra)
    out.print(render("decided", context.language, count=count, decision=decision, plan_id=plan_id))


LinesArgument = Annotated[list[int], typer.Argument(help="Line numbers of the plan.")]


@review_app.command("approve")
def review_approve(ctx: typer.Context, lines: LinesArgument, by: ByOption, plan_id: PlanOption = None) -> None:
    """Approve lines as proposed."""
    _decide(ctx, lines, "approve", by, plan_id)


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
    directory: Annotated[Path, typer.Argument(help="Folder for the purchase orders.")],
    plan_id: PlanOption = None,
    as_json: JsonOption = False,
) -> None:
    """Write approved and edited lines as purchase orders, one CSV and one Excel file per supplier."""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        plan_id = plan_id or review_service.latest_plan(db)
        written = review_service.export_purchase_orders(db, plan_id, directory, context.language)
    if as_json:
        _emit({supplier: str(path) for supplier, path in written.items()})
        return
    out.print(render("exported_orders", context.language, count=len(written), directory=directory))


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
    as_json: JsonOption = False,
) -> None:
    """List quarantined rows with their file, row number, content and reason."""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        rows = quarantine_service.quarantined_rows(db, import_id, limit)
    if as_json:
        _emit([r.to_dict(context.language) for r in rows])
        return
    for row in rows:
        out.print(f"{Path(row.source).name}:{row.row}  {row.reason(context.language)}")
        out.print(f"    {json.dumps(row.raw, ensure_ascii=False)}")


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


@app.command("purge")
def purge_command(
    ctx: typer.Context,
    older_than: Annotated[
        int | None, typer.Option("--older-than", help="Days to keep (default: settings retention_days).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Delete events older than the retention period (R-DATA-5)."""
    context: Context = ctx.obj
    days = context.settings.privacy.retention_days if older_than is None else older_than
    with context.open() as db:
        result = purge(db, days)
    if as_json:
        _emit({"cutoff": result.cutoff.isoformat(), "removed": result.removed})
        return
    out.print(render("purged", context.language, count=sum(result.removed.values()), cutoff=result.cutoff))


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
    with context.open() as db, _progress(as_json, context.language) as progress:
        _, reports = build_demo_chain(db, out, settings, progress)
    if as_json:
        _emit({"directory": str(out), "files": [r.to_dict() for r in reports]})
        return
    for report in reports:
        _show(import_summary(report, context.language, chosen=False))
