"""Use case: import shop files into the database (R-DATA-2, R-DATA-3, R-DATA-5)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
from pathlib import Path, PurePath, PureWindowsPath
from typing import BinaryIO

from stockpilot.adapters.exports import safe_name, target_path
from stockpilot.adapters.keystore import load_or_create_key
from stockpilot.domain.errors import Detailed, Refusal
from stockpilot.domain.imports import ImportReport, Limits
from stockpilot.domain.model import IMPORT_ORDER
from stockpilot.domain.progress import Progress, silent
from stockpilot.services.ports import Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK, Clock
from stockpilot.services.ports.imports import ImportRequest, ImportRun
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


def upload_name(sent: str) -> str:
    """The name a file sent through the web is stored and reported under: the last part of what the
    browser sent (after any ``/`` or ``\\``, so never a folder, ``.`` or ``..``), its stem made safe
    by the export's one rule (adapters/exports/files.py :func:`safe_name`: letters, digits, ``-``,
    ``_`` and ``.``, with ``~`` and a short hash when it had to change), its suffix kept.

    Refuses (``web.data.unknown_type``) a suffix not in :data:`IMPORTABLE`, before anything is stored.
    """
    last = PureWindowsPath(sent).name  # a Windows path splits at both separators, a POSIX one at "/"
    suffix = PurePath(last).suffix
    if suffix.lower() not in IMPORTABLE:
        raise Refusal("web.data.unknown_type", name=last, suffix=suffix, types=", ".join(IMPORTABLE))
    return safe_name(last[: -len(suffix)], suffix)


def import_upload(
    store: Storage, sent: str, content: BinaryIO, settings: Settings, *, encoding: str | None = None
) -> ImportReport:
    """Import a file a person sent through the web (R-DATA-2): stored under :func:`upload_name` in a
    private temporary folder (``tempfile.TemporaryDirectory``, made by ``mkdtemp``: mode 0700), imported with
    :func:`import_file`, and removed with its folder whatever happens.

    The report's ``source`` and the words of a refusal (an unreadable file, no profile that fits)
    name the file as :func:`upload_name` made it, never the temporary path; the import log and the
    quarantine keep the stored path, whose last part is that name.
    """
    name = upload_name(sent)
    with tempfile.TemporaryDirectory(prefix="stockpilot-upload-") as folder:
        path = target_path(folder, name)
        with path.open("xb") as handle:
            shutil.copyfileobj(content, handle)
        try:
            report = import_file(store, path, settings, encoding=encoding)
        except Detailed as exc:  # its sentence begins with the path it read
            detail = str(exc.params["detail"]).replace(str(path), name).replace(folder, ".")
            raise type(exc)(detail) from exc
    return dataclasses.replace(report, source=name)


def recent_imports(store: Storage, limit: int) -> list[ImportRun]:
    """The ``limit`` latest imports, newest first."""
    return store.imports.recent(limit)
