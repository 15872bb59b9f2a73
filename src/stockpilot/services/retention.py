"""Use cases for the owner's control of the data (R-DATA-5): retention purge and full export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from stockpilot.adapters.exports import make_folder, safe_name, write_batches
from stockpilot.adapters.storage.database import Database
from stockpilot.domain.model import TABLES

EXTRA_TABLES = ("import_runs", "import_table_stats", "quarantine", "purges", "exports")


@dataclass(frozen=True)
class PurgeResult:
    cutoff: dt.date
    removed: dict[str, int]


def purge(db: Database, older_than_days: int, today: dt.date | None = None) -> PurgeResult:
    """Delete events dated before ``today - older_than_days`` and the quarantined rows of
    imports made before then; each deletion is logged in ``purges``."""
    if older_than_days < 0:
        raise ValueError("older_than_days must be zero or more")
    cutoff = (today or dt.date.today()) - dt.timedelta(days=older_than_days)
    removed: dict[str, int] = {}
    with db.transaction() as con:
        targets = [(t.name, t.time_column) for t in TABLES.values() if t.time_column]
        for name, column in targets:
            removed[name] = con.execute(
                f'DELETE FROM "{name}" WHERE CAST("{column}" AS DATE) < ?', [cutoff]
            ).fetchone()[0]
        removed["quarantine"] = con.execute(
            "DELETE FROM quarantine WHERE import_id IN "
            "(SELECT import_id FROM import_runs WHERE CAST(started_at AS DATE) < ?)",
            [cutoff],
        ).fetchone()[0]
        for name, count in removed.items():
            con.execute("INSERT INTO purges VALUES (now(), ?, ?, ?)", [cutoff, name, count])
    return PurgeResult(cutoff, removed)


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    rows: dict[str, int]
    last_export: dt.datetime | None
    next_due: dt.date


def last_export(db: Database) -> dt.datetime | None:
    row = db.connection.execute("SELECT max(exported_at) FROM exports").fetchone()
    return row[0] if row else None


BATCH_ROWS = 100_000


def export_all(db: Database, directory: str | Path, interval_days: int) -> ExportResult:
    """Write every table as CSV and Parquet into ``directory`` so the owner is never locked in.

    Each table is read once as a stream of Arrow record batches (``BATCH_ROWS`` at a time, so
    memory stays bounded however large the table) and written to both files by the safe export
    writer: CSV text neutralised against formula injection, Parquet by pyarrow, both 0600 and
    renamed into place only when complete.
    """
    out = make_folder(directory)
    previous = last_export(db)
    rows: dict[str, int] = {}
    con = db.connection
    for name in (*TABLES, *EXTRA_TABLES):
        quoted = '"' + name.replace('"', '""') + '"'
        batches = con.execute(f"SELECT * FROM {quoted}").fetch_record_batch(BATCH_ROWS)
        rows[name] = write_batches(batches, out, safe_name(name, ".csv"), safe_name(name, ".parquet"))
    con.execute("INSERT INTO exports VALUES (now(), ?, ?, ?)", [str(out), len(rows), sum(rows.values())])
    next_due = dt.date.today() + dt.timedelta(days=interval_days)
    return ExportResult(out, rows, previous, next_due)
