"""Use case: a POS pushes a batch of events over the API, and reads a store's proposals (R-DATA-2).

A batch goes through exactly the path of a file (services/importing.py ``import_file``): the
events are written, one JSON object a line, to a private spool file named after their table and
imported with that table's canonical profile. So a pushed row meets the same checks, the same
privacy rules (member ids pseudonymised, personal-data fields refused) and the same quarantine
as a row of a file, and the answer's counts are the importer's: received = accepted +
quarantined, always. The importer is idempotent by event id: a batch sent again stores nothing
new; its rows are counted as accepted and ``unchanged``.

Where a pushed row is recorded. The importer records the path it read as the import's source
(``import_runs.source``, ``quarantine.source``). The spool file is therefore
``<private folder>/pos:<integration>:<batch id>/<table>.jsonl``: its last two parts say which
integration sent which batch (``-`` without a batch id) into which table, the file's stem stays
the table (so ``stockpilot quarantine export`` hands the rows back as ``sales.quarantine.csv``,
which imports again), and line N of the file is the Nth event of the batch (the quarantine's
row number). The folder is made by :func:`tempfile.mkdtemp` (readable by its owner only) and
removed as soon as the import ends, whatever happens: the clear values it holds (a member id
before it is pseudonymised) live on disk only while the import reads them.

A quarantined row's problems are read back from the quarantine by the import's id. The importer
keeps an open problem once (pipeline.py ``PROBLEM_KEY``): a bad row sent again while its problem
is still open is counted as quarantined but not stored a second time, so its problems are looked
up among the newest open problems by its table and event id (at most :data:`LOOKBACK` rows);
one found nowhere (a row without an event id) is still counted, with the note
``api.quarantined_before``.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stockpilot.domain.model import TABLES, is_no_value
from stockpilot.domain.problems import Problem
from stockpilot.domain.replenishment.review import flag_message
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.importing import import_file
from stockpilot.services.parameters import review_limits
from stockpilot.services.ports import Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK, Clock
from stockpilot.services.quarantine import QuarantinedRow, quarantined_rows
from stockpilot.services.review import ReviewFilter, in_language, latest_plan, review_lines
from stockpilot.settings import Settings

POS_TABLES = ("sales", "returns", "receipts", "promotions", "stock_counts", "purchase_orders")
"""The tables a POS may push to (master data and calendar events come as files)."""
LOOKBACK = 10_000
"""The newest open problems searched for the rows of a batch quarantined again (see the docstring)."""
MAX_LABEL = 64
"""The longest integration name or batch id kept in the spool folder's name."""
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class RowProblem:
    """One reason one event of a batch was quarantined: its position in the batch (1-based; None
    for a row quarantined again whose problem could not be found), the field, the problem's code
    and its words."""

    row: int | None
    field: str
    code: str
    reason: str


@dataclass(frozen=True)
class RefusedField:
    """A field of the batch refused as personal data: its values were stored nowhere."""

    field: str
    kind: str
    reason: str


@dataclass(frozen=True)
class PushResult:
    """What one pushed batch came to: the importer's counts, its import and the problems."""

    table: str
    batch_id: str | None
    import_id: int | None  # None for an empty batch (nothing imported)
    source: str  # the end of the path the import recorded: pos:<integration>:<batch id>/<table>.jsonl
    received: int
    accepted: int
    quarantined: int
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: tuple[RowProblem, ...] = ()
    refused_fields: tuple[RefusedField, ...] = ()
    ignored_fields: tuple[str, ...] = ()
    pseudonymised_fields: tuple[str, ...] = ()


def _label(text: str) -> str:
    """``text`` as a piece of a folder name: letters, digits, ``.``, ``_`` and ``-``, at most
    :data:`MAX_LABEL` characters (anything else becomes ``_``); ``-`` when empty."""
    cleaned = _UNSAFE.sub("_", text.strip())[:MAX_LABEL].strip(".")
    return cleaned or "-"


def source_label(integration: str, batch_id: str | None) -> str:
    """The spool folder's name: ``pos:<integration>:<batch id>`` (``-`` without a batch id)."""
    return f"pos:{_label(integration)}:{_label(batch_id or '')}"


def check_table(table: str) -> None:
    if table not in POS_TABLES:
        raise Refusal("refusal.api_kind_unknown", kind=table, kinds=", ".join(POS_TABLES))


def check_batch_size(count: int, settings: Settings) -> None:
    limit = settings.web.api_max_events
    if count > limit:
        raise Refusal("refusal.api_too_many_events", count=count, limit=limit)


def _lines(events: Sequence[Mapping[str, Any]]) -> str:
    """The batch as JSON Lines: one event a line, in order. ASCII only (``ensure_ascii``), so no
    character of a value (a U+2028 line separator...) can split a line: line N is event N."""
    return "".join(json.dumps(dict(event), ensure_ascii=True) + "\n" for event in events)


def push_events(
    store: Storage,
    settings: Settings,
    table: str,
    events: Sequence[Mapping[str, Any]],
    *,
    integration: str,
    batch_id: str | None = None,
    language: str = "en",
    clock: Clock = SYSTEM_CLOCK,
) -> PushResult:
    """Import ``events`` into ``table`` as a file of them would be (see the module docstring)."""
    check_table(table)
    check_batch_size(len(events), settings)
    for row, event in enumerate(events, start=1):
        if not isinstance(event, Mapping):
            raise Refusal("refusal.api_event_not_object", row=row, kind=type(event).__name__)
    label = source_label(integration, batch_id)
    if not events:
        return PushResult(table, batch_id, None, f"{label}/{table}.jsonl", 0, 0, 0)
    spool = Path(tempfile.mkdtemp(prefix="stockpilot-pos-"))
    try:
        folder = spool / label
        folder.mkdir(mode=0o700)
        path = folder / f"{table}.jsonl"
        with path.open("x", encoding="ascii") as handle:
            handle.write(_lines(events))
        report = import_file(store, path, settings, profile=f"canonical-{table}", clock=clock)
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    counts = report.tables.get(table)
    return PushResult(
        table,
        batch_id,
        report.import_id,
        f"{label}/{table}.jsonl",
        report.received,
        report.accepted,
        report.quarantined,
        new=counts.new if counts else 0,
        updated=counts.updated if counts else 0,
        unchanged=counts.unchanged if counts else 0,
        problems=tuple(_problems(store, table, events, report.import_id, report.quarantined, language)),
        refused_fields=tuple(
            RefusedField(name, kind, render("refused", language, column=name, kind=kind))
            for name, kind in report.refused_columns.items()
        ),
        ignored_fields=tuple(report.ignored_columns),
        pseudonymised_fields=tuple(report.pseudonymised_columns),
    )


def _row_problems(row: int | None, problems: Sequence[Problem], language: str) -> list[RowProblem]:
    return [RowProblem(row, p.field, p.code, render(p.message, language)) for p in problems]


def _event_id(event: Mapping[str, Any], key: str) -> str | None:
    """The event's key as the importer reads it (trimmed text), None when it has no value."""
    value = event.get(key)
    if value is None or isinstance(value, dict | list):
        return None
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    return None if is_no_value(text) else text.strip()


def _problems(
    store: Storage,
    table: str,
    events: Sequence[Mapping[str, Any]],
    import_id: int,
    quarantined: int,
    language: str,
) -> list[RowProblem]:
    """Each problem of each quarantined event, by its position in the batch (see the module docstring)."""
    if quarantined == 0:
        return []
    stored = quarantined_rows(store, import_id, include_closed=True)
    found = [p for row in stored for p in _row_problems(row.row, row.problems, language)]
    missing = quarantined - len({row.row for row in stored})
    if missing <= 0:
        return found
    key = TABLES[table].key
    seen = {row.row for row in stored}
    waiting: dict[str, list[int]] = {}
    keyless: list[int] = []
    for position, event in enumerate(events, start=1):
        if position in seen:
            continue
        event_id = _event_id(event, key)
        if event_id is None:
            keyless.append(position)
        else:
            waiting.setdefault(event_id, []).append(position)
    earlier: dict[str, QuarantinedRow] = {}
    if waiting:
        for row in quarantined_rows(store, None, LOOKBACK):
            if row.table == table and row.event_id in waiting:
                earlier.setdefault(row.event_id, row)
    again: list[RowProblem] = []
    for event_id, positions in waiting.items():
        if event_id in earlier:
            # a key sent twice in one batch: the first is compared with the store, later ones with it
            again += _row_problems(positions[-1], earlier[event_id].problems, language)
    again.sort(key=lambda p: p.row or 0)
    rows_again = sorted({p.row for p in again if p.row is not None})[:missing]
    found += [p for p in again if p.row in rows_again]
    missing -= len(rows_again)
    for position in keyless[:missing]:
        found += _row_problems(position, [Problem("missing_required", key)], language)
    missing -= min(missing, len(keyless))
    if missing > 0:
        found.append(
            RowProblem(None, "", "api.quarantined_before", render("api.quarantined_before", language, count=missing))
        )
    found.sort(key=lambda p: (p.row is None, p.row or 0))
    return found


# --- a store's proposals ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalFlag:
    code: str
    words: str


@dataclass(frozen=True)
class Proposal:
    """One line of the plan for a store, worded in one language."""

    line: int
    sku: str
    product_name: str
    supplier_id: str
    quantity: float  # as proposed, or as a person decided
    proposed_quantity: float
    reason_code: str
    reason: str
    flags: tuple[ProposalFlag, ...]
    decision: str | None
    decided_by: str | None


@dataclass(frozen=True)
class StoreProposals:
    """The latest plan's lines for one store (or warehouse)."""

    plan_id: int
    location_id: str
    location_name: str
    lines: tuple[Proposal, ...] = field(default_factory=tuple)


def store_proposals(store: Storage, settings: Settings, location_id: str, language: str = "en") -> StoreProposals:
    """Every line of the latest plan (the newest no re-plan superseded) for ``location_id``,
    flagged first; refused for an unknown location (``refusal.api_store_unknown``) or before the
    first plan (``refusal.no_plan``)."""
    named = store.forecasts.location(location_id)
    if named is None:
        raise Refusal("refusal.api_store_unknown", location_id=location_id)
    plan_id = latest_plan(store)
    limits = review_limits(settings)
    chosen = ReviewFilter(locations=(location_id,), ordered_only=False)
    lines = tuple(
        Proposal(
            line.line,
            line.sku,
            line.product_name(language),
            line.supplier_id,
            float(line.quantity),
            float(line.proposed_quantity),
            line.reason.code,
            render(line.reason, language),
            tuple(
                ProposalFlag(code, render(flag_message(code, limits, line.flag_values.get(code)), language))
                for code in line.flags
            ),
            line.decision,
            line.decided_by,
        )
        for line in review_lines(store, plan_id, chosen)
    )
    return StoreProposals(plan_id, location_id, in_language(named.name_en, named.name_zh, language), lines)
