"""The owner's control of the data (purge, full export) and the quarantined rows."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

import pyarrow as pa


class Records(Protocol):
    def purge(self, cutoff: dt.date, at: dt.datetime) -> dict[str, int]:
        """Delete what is dated before ``cutoff`` (logged at ``at``); rows removed per table."""
        ...

    def tables(self) -> tuple[str, ...]: ...

    def batches(self, table: str, batch_rows: int) -> pa.RecordBatchReader: ...

    def last_export(self) -> dt.datetime | None: ...

    def log_export(self, at: dt.datetime, directory: str, tables: int, rows: int) -> None: ...

    def quarantined(self, import_id: int | None, limit: int | None) -> list[tuple[Any, ...]]:
        """(import_id, source, row_number, table_name, event_id, raw, problems), newest import first."""
        ...
