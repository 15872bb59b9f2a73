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

from stockpilot.adapters.i18n import t
from stockpilot.adapters.importers.profiles import ProfileError
from stockpilot.adapters.importers.readers import UnreadableFileError
from stockpilot.adapters.storage.engine import DatabaseError
from stockpilot.adapters.storage.files import private_umask
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.domain.progress import silent
from stockpilot.domain.replenishment.review import ReviewLimits, flag_words
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

app = typer.Typer(help="Stock Pilot: measured, labour-safe AI replenishment.", no_args_is_help=True)
quarantine_app = typer.Typer(help="Rows that were not accepted, and why.", no_args_is_help=True)
app.add_typer(quarantine_app, name="quarantine")
review_app = typer.Typer(help="Approve, edit or reject order proposals; export purchase orders.", no_args_is_help=True)
app.add_typer(review_app, name="review")
demo_app = typer.Typer(help="The Hong Kong demo chain built from real demand.", no_args_is_help=True)
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
        exit 2 with the reason if it cannot open."""
        try:
            return open_store(self.db_path, read_only=read_only)
        except DatabaseError as exc:
            err.print(str(exc), style="red")
            raise typer.Exit(2) from exc


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option(help="A DuckDB file, or a postgresql:// URL (default: setting db_path).")
    ] = None,
    lang: Annotated[str | None, typer.Option(help="Language: en or zh-HK.")] = None,
) -> None:
    """Stock Pilot command line."""
    private_umask()  # every file and folder a command writes is its owner's only
    try:
        settings = load_settings()
    except SettingsError as exc:  # a bad setting names where it came from
        err.print(str(exc), style="red")
        raise typer.Exit(2) from exc
    ctx.obj = Context(settings, db or settings.storage.db_path, lang or settings.storage.language)


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
        yield lambda step, **values: bar.update(task, description=t(f"step_{step}", language, **values))


def _print_import(report: Any, language: str, chosen: bool) -> None:
    data = report.to_dict()
    out.print(t("summary", language, **{**data, "source": Path(report.source).name}))
    out.print(
        "  " + t("profile", language, profile=report.profile, how=t("chosen" if chosen else "recognised", language))
    )
    out.print("  " + t("new_unchanged", language, new=data["new"], unchanged=data["unchanged"]))
    for column, kind in report.refused_columns.items():
        out.print("  " + t("refused", language, column=column, kind=kind), style="yellow")
    if report.pseudonymised_columns:
        out.print("  " + t("pseudonymised", language, columns=", ".join(report.pseudonymised_columns)))
    if report.masked_values:
        out.print("  " + t("masked", language, count=report.masked_values))
    if report.set_aside:
        out.print("  " + t("set_aside", language, count=report.set_aside))
    derived = ", ".join(f"{n} {k}" for k, n in report.derived.items() if n)
    if derived:
        out.print("  " + t("derived", language, items=derived))
    if report.ignored_columns:
        out.print("  " + t("ignored", language, columns=", ".join(report.ignored_columns)))
    if report.quarantined:
        out.print("  " + t("see_quarantine", language, import_id=report.import_id))


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
            except (UnreadableFileError, ProfileError) as exc:
                failures.append({"source": str(path), "error": str(exc)})
                err.print(t("cannot_read", context.language, error=exc), style="red")
                continue
            except Exception as exc:  # one file's crash must not hide the files after it
                error = f"{type(exc).__name__}: {exc}"
                failures.append({"source": str(path), "error": error})
                err.print(t("import_crashed", context.language, source=path, error=error), style="red")
                continue
            reports.append(report)
            if not as_json:
                _print_import(report, context.language, profile is not None)
    if as_json:
        totals = {k: sum(getattr(r, k) for r in reports) for k in ("received", "accepted", "quarantined")}
        _emit({**totals, "files": [r.to_dict() for r in reports], "failures": failures})
    if failures:
        raise typer.Exit(1)


@app.command()
def readiness(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Is the data good enough for estimates and for a pilot? (R-DATA-4)"""
    context: Context = ctx.obj
    with context.open(read_only=True) as db:
        report = check_readiness(db, context.settings)
    if as_json:
        _emit(report.to_dict(context.language))
        return
    language = context.language
    colour = "green" if report.ready else "red"
    out.print(t(report.level, language), style=f"bold {colour}")
    for check in report.checks:
        mark = (
            t("passed", language) if check.passed else t("failed" if check.severity == "blocker" else "warn", language)
        )
        out.print(f"  {mark:>5}  {check.scope:<22} {check.message(language)}")


@contextmanager
def _refusal_exits(language: str, message: str = "forecast_error") -> Iterator[None]:
    """A job the data cannot support (no sales, too little history) ends with its reason, exit 1."""
    try:
        yield
    except ValueError as exc:
        err.print(t(message, language, error=exc), style="red")
        raise typer.Exit(1) from exc


CutoffOption = Annotated[
    datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Use data up to this day (default: the last sale).")
]
HorizonOption = Annotated[
    int | None, typer.Option(help="Days to forecast (default: longest lead time + review period, at least 28).")
]


@app.command()
def forecast(
    ctx: typer.Context, cutoff: CutoffOption = None, horizon: HorizonOption = None, as_json: JsonOption = False
) -> None:
    """Forecast daily demand per SKU and location as a mean and quantiles, and store it (R-FC-1)."""
    context: Context = ctx.obj
    language = context.language
    with context.open() as store, _progress(as_json, language) as progress, _refusal_exits(language):
        run = run_forecast(
            store, context.settings, cutoff=cutoff.date() if cutoff else None, horizon=horizon, progress=progress
        )
    data = run.as_dict()
    if as_json:
        _emit(data)
        return
    out.print(t("forecast_done", language, **data))
    out.print("  " + t("forecast_models", language, models=", ".join(f"{k} {v}" for k, v in run.models.items())))
    out.print("  " + t("forecast_censored", language, **data))
    for model, error in run.failures.items():
        out.print("  " + t("forecast_failed", language, model=model, error=error), style="yellow")


@app.command()
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
    with context.open() as store, _progress(as_json, language) as progress, _refusal_exits(language):
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
    out.print(t("backtest_done", language, **{**summary, "origins": ", ".join(summary["origins"])}))
    out.print("  " + t("backtest_accuracy", language, **report.evaluation.overall))
    levels = ", ".join(f"{k} {v:.3f}" for k, v in report.evaluation.wrmsse.items())
    out.print("  " + t("backtest_wrmsse", language, levels=levels))
    pit = report.evaluation.pit_coverage
    coverage = ", ".join(f"q{p:g} {v:.1%} (PIT {pit[p]:.1%})" for p, v in report.evaluation.coverage.items())
    out.print("  " + t("backtest_coverage", language, coverage=coverage))


DateOption = Annotated[
    datetime | None,
    typer.Option(
        "--date", formats=["%Y-%m-%d"], help="The day to order for (default: the latest forecast's first day)."
    ),
]
PlanOption = Annotated[int | None, typer.Option("--plan", help="Plan id (default: the latest).")]
ByOption = Annotated[str, typer.Option("--by", help="Who decides (recorded with the decision).")]


def _print_line(line: review_service.ReviewLine, language: str, limits: ReviewLimits) -> None:
    zh = language.lower().startswith("zh")
    decided = f" [{line.decision} {line.decided_by}]" if line.decision else ""
    out.print(f"  {line.line:>5}  {line.location_id:<6} {line.sku:<12} {line.quantity:>7,.0f}{decided}")
    out.print(f"         {line.reason_zh if zh else line.reason_en}")
    for code in line.flags:
        out.print("         ! " + flag_words(code, language, limits), style="yellow")


@app.command()
def plan(ctx: typer.Context, date: DateOption = None, as_json: JsonOption = False) -> None:
    """Order proposals per supplier and location for a day, each with its reason (R-REP-2)."""
    context: Context = ctx.obj
    language = context.language
    with context.open() as db, _refusal_exits(language):
        result = make_plan(db, context.settings, date.date() if date else latest_forecast_day(db))
        lines = review_service.review_lines(db, result.plan_id)
    if as_json:
        _emit(result.as_dict())
        return
    out.print(t("plan_done", language, plan_id=result.plan_id, date=result.plan_date, flagged=result.flagged))
    limits = review_limits(context.settings)
    for supplier in sorted({line.supplier_id for line in lines}):
        out.print(supplier, style="bold")
        for line in (x for x in lines if x.supplier_id == supplier):
            _print_line(line, language, limits)


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
    with context.open(read_only=True) as db, _refusal_exits(context.language):
        plan_id = plan_id or review_service.latest_plan(db)
        lines = review_service.review_lines(db, plan_id, flagged_only=flagged)[:limit]
    if as_json:
        _emit([line.as_dict() for line in lines])
        return
    limits = review_limits(context.settings)
    for line in lines:
        _print_line(line, context.language, limits)


def _decide(ctx: typer.Context, lines: list[int], decision: str, by: str, plan_id: int | None, **extra: Any) -> None:
    context: Context = ctx.obj
    with context.open() as db, _refusal_exits(context.language):
        plan_id = plan_id or review_service.latest_plan(db)
        count = review_service.decide(db, plan_id, lines, decision, by, **extra)
    out.print(t("decided", context.language, count=count, decision=decision, plan_id=plan_id))


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
    with context.open(read_only=True) as db, _refusal_exits(context.language):
        plan_id = plan_id or review_service.latest_plan(db)
        written = review_service.export_purchase_orders(db, plan_id, directory)
    if as_json:
        _emit({supplier: str(path) for supplier, path in written.items()})
        return
    out.print(t("exported_orders", context.language, count=len(written), directory=directory))


REPLAY_COLUMNS = (
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


def _changes(checked: dict[str, dict[str, Any]]) -> dict[str, float]:
    return {kpi: float("nan") if v["change"] is None else v["change"] for kpi, v in checked.items()}


@app.command()
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
    with context.open() as db, _progress(as_json, language) as progress, _refusal_exits(language, "replay_error"):
        report = run_replay(
            db,
            context.settings,
            days=days,
            cutoff=cutoff.date() if cutoff else None,
            locations=tuple(location or ()),
            chart_dir=charts,
            progress=progress,
        )
    data = report.as_dict()
    if as_json:
        _emit(data)
        return
    out.print(t("replay_done", language, **data))
    header = [t("replay_policy", language)] + [t(f"kpi_{key}", language) for key, _ in REPLAY_COLUMNS]
    out.print("  " + " | ".join(header))
    policies: list[dict[str, Any]] = report.policies
    for row in (p for p in policies if p["usual"]):
        cells = [f"{row['policy']} {row['setting']}"]
        cells += ["-" if row["kpis"][k] is None else f.format(row["kpis"][k]) for k, f in REPLAY_COLUMNS]
        out.print("  " + " | ".join(cells))
    equal: dict[str, Any] = report.equal_inventory
    if any(equal[k] is None for k in ("lost_units_change", "stockouts_change", "lost_value_saved")):
        out.print("  " + t("replay_no_headline", language))
    else:
        out.print(t("replay_headline", language, **equal), style="bold")
    pilot: dict[str, Any] = report.pilot_kpis
    out.print(t("replay_pilot", language, **_changes(pilot["usual"])))
    level = pilot["service_level_meeting_targets"]
    if level is None:
        out.print(t("replay_targets_missed", language))
    else:
        out.print(t("replay_targets_met", language, level=level, **_changes(pilot["at_that_level"])))
    for line in report.break_even[:5]:
        reduction = context.settings.replay.break_even_reduction
        out.print("  " + t("replay_break_even", language, reduction=reduction, **line))
    for path in report.charts:
        out.print("  " + t("replay_chart", language, path=path))
    for note in report.notes:
        out.print("  " + note, style="yellow")


@app.command()
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
        try:
            report = prioritise_skus(
                db, context.settings, cutoff=cutoff.date() if cutoff else None, tops=tuple(top) if top else None
            )
        except ValueError as exc:
            err.print(t("priority_error", language, error=exc), style="red")
            raise typer.Exit(1) from exc
    if as_json:
        _emit(report.as_dict())
        return
    out.print(t("priority_done", language, **report.as_dict()))
    out.print("  " + t("priority_matrix", language))
    out.print("     " + "".join(f"{x:>6}" for x in "XYZ"))
    for abc, cells in report.matrix.items():
        out.print(f"  {abc}  " + "".join(f"{n:>6}" for n in cells.values()))
    if report.replay_run_id is None:
        out.print("  " + t("priority_no_replay", language), style="yellow")
    for chosen in report.lists:
        cash = (
            t("priority_cash_unknown", language)
            if chosen.cash_improvement is None
            else t("priority_cash", language, value=chosen.cash_improvement, run_id=report.replay_run_id)
        )
        out.print(t("priority_list", language, top=chosen.top, count=len(chosen.rows), share=chosen.share, cash=cash))
        out.print("  " + t("priority_columns", language))
        rows: list[dict[str, Any]] = chosen.rows[:10]
        for row in rows:
            cv = "-" if row["cv"] is None else f"{row['cv']:.2f}"
            out.print(
                f"  {row['rank']:>4}  {row['sku']:<12} {row['abc'] + row['xyz']:<5}  {cv:>8}  "
                f"{row['sales_value']:>12,.0f}  {row['share']:>6.1%}  {row['name_en'] or ''}"
            )


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
        t("quarantine_written", context.language, rows=sum(written.values()), files=len(written), directory=directory)
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
    out.print(t("purged", context.language, count=sum(result.removed.values()), cutoff=result.cutoff))


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
        t(
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
        _print_import(report, context.language, chosen=False)
