"""The owner's control of the data (R-DATA-5): purge by age, every table exported."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import pyarrow as pa


class RetentionRepository(Protocol):
    def purge(self, cutoff: dt.date, at: dt.datetime) -> dict[str, int]:
        """Delete what is dated before ``cutoff`` (logged in ``purges`` at ``at``); rows removed per table."""
        ...

    def purgeable(self, cutoff: dt.date) -> dict[str, int]:
        """The rows per table :meth:`purge` would remove for ``cutoff``; nothing is removed."""
        ...

    def tables(self) -> tuple[str, ...]:
        """Every table of the database (a full export writes each)."""
        ...

    def batches(self, table: str, batch_rows: int) -> pa.RecordBatchReader:
        """``table``'s rows as Arrow record batches, read as they are consumed."""
        ...

    def last_export(self) -> dt.datetime | None: ...

    def log_export(self, at: dt.datetime, directory: str, tables: int, rows: int) -> None: ...
