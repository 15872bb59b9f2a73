"""The owner's control of the data (R-DATA-5): purge by age (or count what it would remove), every
table of the database streamed out."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from stockpilot.adapters.importers.targets import import_lock
from stockpilot.adapters.storage.engine import Engine
from stockpilot.domain.model import TABLES


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqlRetention:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @staticmethod
    def _purged() -> dict[str, str]:
        """Per table, the condition (on ``$1``, the cutoff as a time) of the rows a purge removes:
        events dated before it, and the quarantined rows of imports started before it."""
        found = {t.name: f"{_quoted(t.time_column)} < $1" for t in TABLES.values() if t.time_column}
        found["quarantine"] = "import_id IN (SELECT import_id FROM import_runs WHERE started_at < $1)"
        return found

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
            for name, condition in self._purged().items():
                removed[name] = self.engine.changed(f"DELETE FROM {_quoted(name)} WHERE {condition}", [before])
            for name, count in removed.items():
                self.engine.execute("INSERT INTO purges VALUES ($1, $2, $3, $4)", [at, cutoff, name, count])
        return removed

    def purgeable(self, cutoff: dt.date) -> dict[str, int]:
        """The rows per table :meth:`purge` would remove for ``cutoff``, counted; nothing changes."""
        before = dt.datetime.combine(cutoff, dt.time())
        return {
            name: int(self.engine.rows(f"SELECT count(*) FROM {_quoted(name)} WHERE {condition}", [before])[0][0])
            for name, condition in self._purged().items()
        }

    def tables(self) -> tuple[str, ...]:
        """Every table of the database, as the database itself lists them (its information schema:
        the base tables of the current database and schema), so a new table is never left out."""
        rows = self.engine.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database() "
            "AND table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        return tuple(str(name) for (name,) in rows)

    def batches(self, table: str, batch_rows: int) -> pa.RecordBatchReader:
        """``table``'s rows as Arrow record batches, read as they are consumed (DuckDB:
        ``fetch_record_batch`` of ``batch_rows``; PostgreSQL: the ADBC cursor's batches)."""
        return self.engine.stream(f"SELECT * FROM {_quoted(table)}", batch_rows)

    def last_export(self) -> dt.datetime | None:
        row = self.engine.rows("SELECT max(exported_at) FROM exports")
        return row[0][0] if row else None

    def log_export(self, at: dt.datetime, directory: str, tables: int, rows: int) -> None:
        self.engine.execute("INSERT INTO exports VALUES ($1, $2, $3, $4)", [at, directory, tables, rows])
