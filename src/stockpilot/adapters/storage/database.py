"""The one place that opens the DuckDB database and owns its write connection.

DuckDB allows a single read-write process per file, so every write in the product
goes through :class:`Database`. Schema changes are versioned SQL files in
``migrations/`` applied in order, each in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

MIGRATIONS = resources.files("stockpilot.adapters.storage") / "migrations"


class DatabaseError(RuntimeError):
    """The database file cannot be opened or upgraded."""


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in MIGRATIONS.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Database:
    """An open DuckDB database at the latest schema version."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.connection = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise DatabaseError(f"cannot open database {self.path}: {exc}") from exc
        if not read_only:
            self.migrate()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        exists = self.connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.connection.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0) if row else 0

    def migrate(self) -> list[str]:
        """Apply every migration newer than the database; returns the names applied."""
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
        )
        current = self.schema_version
        applied = []
        for version, name, sql in _migrations():
            if version <= current:
                continue
            with self.transaction():
                self.connection.execute(sql)
                self.connection.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, name])
            applied.append(name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All-or-nothing: a crash or an exception inside leaves the database as it was."""
        self.connection.execute("BEGIN TRANSACTION")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def next_id(self, table: str, column: str = "run_id") -> int:
        """One more than the largest id in ``table`` (1 when empty)."""
        row = self.connection.execute(f'SELECT coalesce(max("{column}"), 0) + 1 FROM "{table}"').fetchone()
        return int(row[0]) if row else 1

    def insert_arrow(self, table: str, rows: pa.Table) -> None:
        """Append an Arrow table whose columns are ``table``'s, in order."""
        self.connection.register("new_rows", rows)
        try:
            self.connection.execute(f'INSERT INTO "{table}" SELECT * FROM new_rows')
        finally:
            self.connection.unregister("new_rows")

    def count(self, table: str) -> int:
        row = self.connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0]) if row else 0
