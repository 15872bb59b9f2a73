"""The owner's control of the data (R-DATA-5) and the quarantine (R-DATA-3): purge by age,
every table streamed out, quarantined rows read back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from stockpilot.adapters.storage.engine import Engine
from stockpilot.domain.model import TABLES

EXTRA_TABLES = ("import_runs", "import_table_stats", "quarantine", "purges", "exports")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqlRecords:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def purge(self, cutoff: dt.date, at: dt.datetime) -> dict[str, int]:
        """Delete events dated before ``cutoff`` and the quarantined rows of imports started
        before it, in one transaction; each count logged in ``purges`` at ``at``."""
        before = dt.datetime.combine(cutoff, dt.time())
        removed: dict[str, int] = {}
        with self.engine.transaction():
            for table in TABLES.values():
                if table.time_column:
                    removed[table.name] = self.engine.changed(
                        f"DELETE FROM {_quoted(table.name)} WHERE {_quoted(table.time_column)} < $1", [before]
                    )
            removed["quarantine"] = self.engine.changed(
                "DELETE FROM quarantine WHERE import_id IN (SELECT import_id FROM import_runs WHERE started_at < $1)",
                [before],
            )
            for name, count in removed.items():
                self.engine.execute("INSERT INTO purges VALUES ($1, $2, $3, $4)", [at, cutoff, name, count])
        return removed

    def tables(self) -> tuple[str, ...]:
        """Every table the owner's export writes."""
        return (*TABLES, *EXTRA_TABLES)

    def batches(self, table: str, batch_rows: int) -> pa.RecordBatchReader:
        return self.engine.stream(f"SELECT * FROM {_quoted(table)}", batch_rows)

    def last_export(self) -> dt.datetime | None:
        row = self.engine.rows("SELECT max(exported_at) FROM exports")
        return row[0][0] if row else None

    def log_export(self, at: dt.datetime, directory: str, tables: int, rows: int) -> None:
        self.engine.execute("INSERT INTO exports VALUES ($1, $2, $3, $4)", [at, directory, tables, rows])

    def quarantined(self, import_id: int | None, limit: int | None) -> list[tuple[Any, ...]]:
        """(import_id, source, row_number, table_name, event_id, raw, problems), newest import first."""
        sql = "SELECT import_id, source, row_number, table_name, event_id, raw, problems FROM quarantine"
        params: list[Any] = []
        if import_id is not None:
            sql += " WHERE import_id = $1"
            params.append(import_id)
        sql += " ORDER BY import_id DESC, row_number"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.engine.rows(sql, params)
