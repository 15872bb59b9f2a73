"""What the repositories need of a database, whichever it is (DuckDB file or PostgreSQL server).

Two kinds of statement reach an engine:

- **Reads for analysis** (:meth:`Engine.read`) are written once in DuckDB's dialect and
  return Arrow tables. The DuckDB engine runs them on its file; the PostgreSQL engine
  first copies the tables they name out of the server through ADBC (binary COPY, as Arrow)
  into an in-process DuckDB, then runs the same statement there. One dialect for the
  arithmetic-heavy queries, so both backends give the same answers.
- **Writes and small look-ups** (:meth:`Engine.execute`, :meth:`Engine.rows`,
  :meth:`Engine.insert_arrow`) are portable SQL with ``$1, $2 ...`` parameters, which both
  DuckDB and the PostgreSQL ADBC driver understand. Bulk rows go in as Arrow
  (DuckDB natively, PostgreSQL by COPY).

Schema changes are versioned SQL files in ``migrations/``, applied in order, each in its
own transaction, on both backends. A file named ``NNN_name.sql`` is portable; where the
dialects must differ, ``NNN_name.duckdb.sql`` and ``NNN_name.postgresql.sql`` stand in for
it. In a migration, ``{next:table.column}`` is replaced by one more than the column's
largest value when it runs (a sequence created for a table that already has rows starts
after them; DuckDB cannot set a sequence from a query).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Protocol

import pyarrow as pa

from stockpilot.errors import Detailed, Unavailable

MIGRATIONS = resources.files("stockpilot.adapters.storage") / "migrations"
DUCKDB, POSTGRESQL = "duckdb", "postgresql"
_NEXT = re.compile(r"\{next:(\w+)\.(\w+)\}")


class DatabaseError(Detailed, Unavailable):
    """The database cannot be opened, reached or upgraded."""

    code = "unavailable.database"


class DatabaseBusyError(DatabaseError):
    """Another process holds the database (DuckDB allows one writer per file)."""

    code = "unavailable.database_busy"


@dataclass(frozen=True)
class TableSlice:
    """The rows of ``table`` a read needs: ``where`` is portable SQL with ``$1 ...`` parameters."""

    table: str
    where: str
    params: tuple[Any, ...] = ()


Source = str | TableSlice


class Engine(Protocol):
    """A connection to one database, used by one thread."""

    backend: str  # DUCKDB or POSTGRESQL
    location: str  # the file path or the server URL (without password)
    read_only: bool

    def read(self, sql: str, params: Any = None, *, tables: Iterable[Source] = ()) -> pa.Table: ...

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def changed(self, sql: str, params: Sequence[Any] = ()) -> int: ...

    def insert_arrow(self, table: str, rows: pa.Table) -> None: ...

    def stream(self, sql: str, batch_rows: int) -> pa.RecordBatchReader: ...

    def next_id(self, sequence: str) -> int: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def lock(self, name: str) -> None: ...

    def close(self) -> None: ...


def migrations(backend: str) -> list[tuple[int, str, str]]:
    """(version, name, SQL) of every migration for ``backend``, in order."""
    found: dict[int, tuple[int, str, str]] = {}
    for entry in MIGRATIONS.iterdir():
        name = entry.name
        if not name.endswith(".sql"):
            continue
        parts = name[: -len(".sql")].split(".")
        if len(parts) == 2 and parts[1] != backend:
            continue
        version = int(name.split("_", 1)[0])
        if version in found and len(parts) == 1:
            continue  # a backend's own file wins over a portable one
        found[version] = (version, name, entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def latest_version() -> int:
    """The schema version this Stock Pilot needs (its newest migration)."""
    return max(version for version, _, _ in migrations(DUCKDB))


def statements(sql: str) -> Iterator[str]:
    """The statements of a migration file (split on ``;`` at a line end; comments dropped)."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    for statement in re.split(r";\s*$", "\n".join(lines), flags=re.MULTILINE):
        if statement.strip():
            yield statement.strip()


def migrate(engine: Engine) -> list[str]:
    """Apply every migration newer than the database, each in its own transaction; returns the
    names applied. On PostgreSQL a lock makes a second process that upgrades at once wait."""
    applied = []
    for version, name, sql in migrations(engine.backend):
        with engine.transaction():
            engine.lock("schema_version")
            engine.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
            )
            if schema_version(engine) >= version:
                continue
            for statement in statements(_NEXT.sub(lambda m: str(_next_value(engine, m[1], m[2])), sql)):
                engine.execute(statement)
            engine.execute("INSERT INTO schema_version VALUES ($1, $2, now())", [version, name])
        applied.append(name)
    return applied


def _next_value(engine: Engine, table: str, column: str) -> int:
    row = engine.rows(f'SELECT coalesce(max("{column}"), 0) + 1 FROM "{table}"')
    return int(row[0][0])


def schema_version(engine: Engine) -> int:
    row = engine.rows("SELECT max(version) FROM schema_version")
    return int(row[0][0] or 0) if row else 0
