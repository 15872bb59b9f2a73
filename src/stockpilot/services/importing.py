"""Use case: import shop files into the database (R-DATA-2, R-DATA-3, R-DATA-5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stockpilot.adapters.keystore import load_or_create_key
from stockpilot.domain.imports import ImportReport, Limits
from stockpilot.domain.model import IMPORT_ORDER
from stockpilot.domain.progress import Progress, silent
from stockpilot.services.ports import Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK, Clock
from stockpilot.services.ports.imports import ImportRequest
from stockpilot.settings import Settings

IMPORTABLE = (".csv", ".txt", ".tsv", ".xlsx", ".parquet", ".jsonl", ".ndjson")


def import_limits(settings: Settings, now: dt.datetime) -> Limits:
    """Dates outside [earliest_event_date, now + future_tolerance_days] are impossible; a planned
    event's date (domain/model.py ``Column.planned``) may reach the day now + planned_horizon_days."""
    i = settings.importing
    return Limits(
        dt.date.fromisoformat(i.earliest_event_date),
        now + dt.timedelta(days=i.future_tolerance_days),
        (now + dt.timedelta(days=i.planned_horizon_days)).date(),
        i.timezone,
        max_code_length=i.import_max_code_length,
        max_text_length=i.import_max_text_length,
    )


def import_file(
    store: Storage,
    path: str | Path,
    settings: Settings,
    *,
    profile: str | None = None,
    encoding: str | None = None,
    progress: Progress = silent,
    clock: Clock = SYSTEM_CLOCK,
) -> ImportReport:
    """Import one file; raises UnreadableFileError or ProfileError when it cannot be read."""
    key = load_or_create_key(settings.privacy.pseudonym_key_file, db_path=store.file)
    request = ImportRequest(Path(path), key, import_limits(settings, clock.now()), profile, encoding)
    return store.imports.import_file(request, progress=progress, clock=clock)


def files_in_order(folder: Path) -> list[Path]:
    """A folder's importable files, master data first (canonical files are named by table)."""

    def rank(path: Path) -> tuple[int, str]:
        stem = path.stem.lower()
        order = [i for i, table in enumerate(IMPORT_ORDER) if stem.startswith(table)]
        return (order[0] if order else len(IMPORT_ORDER), path.name)

    return sorted((p for p in folder.iterdir() if p.suffix.lower() in IMPORTABLE), key=rank)
