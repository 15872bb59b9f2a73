"""The owner's control of the data (R-DATA-5): purge by age, every table streamed out."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from stockpilot.adapters.importers.targets import import_lock
from stockpilot.adapters.storage.engine import Engine
from stockpilot.domain.model import TABLES

EXTRA_TABLES = ("import_runs", "import_table_stats", "quarantine", "purges", "exports")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqlRetention:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def purge(self, cutoff: dt.date, at: dt.datetime) -> dict[str, int]:
        """Delete events dated before ``cutoff`` and the quarantined rows of imports started
        before it, in one transaction; each count logged in ``purges`` at ``at``. The import
        locks of the tables are held meanwhile (in the order imports take them), so an import
        running at once on PostgreSQL never compares its rows with half-purged ones."""
        before = dt.datetime.combine(cutoff, dt.time())
        removed: dict[str, int] = {}
        with self.engine.transaction():
            for name in sorted(TABLES):
                self.engine.lock(import_lock(name))
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
        """``table``'s rows as Arrow record batches, read as they are consumed (DuckDB:
        ``fetch_record_batch`` of ``batch_rows``; PostgreSQL: the ADBC cursor's batches)."""
        return self.engine.stream(f"SELECT * FROM {_quoted(table)}", batch_rows)

    def last_export(self) -> dt.datetime | None:
        row = self.engine.rows("SELECT max(exported_at) FROM exports")
        return row[0][0] if row else None

    def log_export(self, at: dt.datetime, directory: str, tables: int, rows: int) -> None:
        self.engine.execute("INSERT INTO exports VALUES ($1, $2, $3, $4)", [at, directory, tables, rows])
