"""Use cases for the owner's control of the data (R-DATA-5): retention purge (or a dry run of it)
and the full export of every table of the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

from stockpilot.adapters.exports import make_folder, safe_name, write_batches
from stockpilot.errors import Refusal
from stockpilot.services.ports import Storage
from stockpilot.services.ports.clock import SYSTEM_CLOCK, Clock


@dataclass(frozen=True)
class PurgeResult:
    """What a purge removed per table, or with ``dry_run`` what it would remove (nothing was)."""

    cutoff: dt.date
    removed: dict[str, int]
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.removed.values())

    def to_dict(self) -> dict[str, object]:
        return asdict(self)  # the cutoff prints as an ISO day (the door's JSON default is str)


def purge(store: Storage, older_than_days: int, *, dry_run: bool = False, clock: Clock = SYSTEM_CLOCK) -> PurgeResult:
    """Delete events dated before ``today - older_than_days`` and the quarantined rows of
    imports made before then; each deletion is logged in ``purges``. With ``dry_run`` the
    same rows are only counted, per table, and nothing is removed or logged."""
    if older_than_days < 0:
        raise Refusal("refusal.not_negative", name="older_than_days")
    now = clock.now()
    cutoff = now.date() - dt.timedelta(days=older_than_days)
    if dry_run:
        return PurgeResult(cutoff, store.retention.purgeable(cutoff), dry_run=True)
    return PurgeResult(cutoff, store.retention.purge(cutoff, now))


@dataclass(frozen=True)
class ExportResult:
    directory: Path
    rows: dict[str, int]
    last_export: dt.datetime | None
    next_due: dt.date


BATCH_ROWS = 100_000


def export_all(
    store: Storage, directory: str | Path, interval_days: int, *, clock: Clock = SYSTEM_CLOCK
) -> ExportResult:
    """Write every table as CSV and Parquet into ``directory`` so the owner is never locked in.

    Each table is read once as a stream of Arrow record batches (``BATCH_ROWS`` at a time, so
    memory stays bounded however large the table) and written to both files by the safe export
    writer: CSV text neutralised against formula injection, Parquet by pyarrow, both 0600 and
    renamed into place only when complete.
    """
    out = make_folder(directory)
    previous = store.retention.last_export()
    rows: dict[str, int] = {}
    for name in store.retention.tables():
        batches = store.retention.batches(name, BATCH_ROWS)
        rows[name] = write_batches(batches, out, safe_name(name, ".csv"), safe_name(name, ".parquet"))
    now = clock.now()
    store.retention.log_export(now, str(out), len(rows), sum(rows.values()))
    next_due = now.date() + dt.timedelta(days=interval_days)
    return ExportResult(out, rows, previous, next_due)
