"""Where an import's checks run and its rows go: the seam between the pipeline and the store.

The pipeline (pipeline.py) reads, protects and checks a file with DuckDB SQL on a *work
connection*, and writes new rows, updates, quarantined rows and its log there with the
stored tables' own names. An :class:`ImportTarget` provides that connection and says what
must happen around it:

- :class:`DuckDBTarget`: the work connection is the DuckDB file's own connection; the
  stored tables are right there, every write lands in place, nothing is copied (the import
  runs as fast as on DuckDB alone).
- :class:`PostgresTarget`: the work connection is a scratch in-memory DuckDB holding empty
  copies of the tables (capped and spilling like every import connection, see
  ``readers.bound_memory``). Before the pipeline compares staged rows with stored ones it
  says which keys it is about to look at (:meth:`ImportTarget.need`); only the stored rows
  with those keys are fetched from the server. Afterwards (:meth:`ImportTarget.store`)
  what the import produced, the rows carrying its import id, goes to the server by COPY:
  new rows inserted, master data updated through a staging table and ``UPDATE ... FROM``,
  quarantined rows and the import's log appended. The open quarantine problems it compares
  with are fetched by problem key the same way, and those it fixed are closed on the server
  (:meth:`ImportTarget.close_fixed`).

All of one import's writes happen in one transaction of the store. Before reading any
stored row the pipeline takes the import lock of every table it writes
(:meth:`ImportTarget.lock`, ``import:<table>``, in name order so that two imports never
wait on each other in a circle): on PostgreSQL two imports of overlapping files at once,
from any processes, follow one another table by table, and an event sent twice at once
is stored once. On DuckDB the file has one writer and the lock is nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import Protocol

import duckdb
import pyarrow as pa

from stockpilot.adapters.storage.duckdb_engine import MEMORY, DuckDBEngine
from stockpilot.adapters.storage.engine import Engine, TableSlice
from stockpilot.domain.model import TABLES

LOCK_PREFIX = "import:"
LOGS = ("quarantine", "import_table_stats", "import_runs")  # the import's own records, written last
PROBLEM_KEY = "problem_key"  # what the quarantine's open problems are looked up by (migration 009)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _key(table: str) -> str:
    """The column the stored rows of ``table`` are fetched by: a canonical table's key, or the
    quarantine's problem key."""
    return PROBLEM_KEY if table == "quarantine" else TABLES[table].key


OPEN_PROBLEMS = "SELECT table_name, event_id FROM quarantine WHERE closed_at IS NULL AND event_id IS NOT NULL"
"""The stored open quarantine problems with a key: (table name, key)."""
OPEN_SLICE = TableSlice("quarantine", "closed_at IS NULL AND event_id IS NOT NULL")
"""Only those rows of the quarantine are copied from a server for :data:`OPEN_PROBLEMS`."""


def import_lock(table: str) -> str:
    """The name of the lock an import of ``table`` holds until it commits (a purge takes it too)."""
    return LOCK_PREFIX + table


class ImportTarget(Protocol):
    """The work connection of one import and the store behind it."""

    connection: duckdb.DuckDBPyConnection

    def transaction(self) -> AbstractContextManager[None]:
        """The store's transaction around the import's checks and writes."""
        ...

    def next_import_id(self) -> int: ...

    def lock(self, tables: Iterable[str]) -> None:
        """Take the import lock of every table the import writes, before reading any stored row."""
        ...

    def need(self, table: str, keys_sql: str) -> None:
        """Make the stored rows of ``table`` whose key is a value of ``keys_sql`` (a one-column
        query on the work connection) visible there under the table's name (for the quarantine:
        the problems with those problem keys)."""
        ...

    def open_problems(self) -> str:
        """A query on the work connection listing (table name, key) of every stored open quarantine
        problem with a key: the only keys an import can fix, so it notes no other accepted key."""
        ...

    def close_fixed(self, keys_sql: str, again_sql: str, import_id: int, at: dt.datetime) -> None:
        """Mark the stored open quarantine problems whose (table name, key) is a row of ``keys_sql``
        (a two-column query on the work connection), but whose problem key is not a value of
        ``again_sql`` (the problems the import found again), as fixed by ``import_id`` at ``at``."""
        ...

    def store(self, import_id: int) -> None:
        """Write what import ``import_id`` produced on the work connection to the store."""
        ...

    def close(self) -> None: ...


class DuckDBTarget:
    """A DuckDB file: the pipeline works on the engine's own connection, in place."""

    def __init__(self, engine: DuckDBEngine) -> None:
        self.engine = engine
        self.connection = engine.connection

    def transaction(self) -> AbstractContextManager[None]:
        return self.engine.transaction()

    def next_import_id(self) -> int:
        return self.engine.next_id("import_id_seq")

    def lock(self, tables: Iterable[str]) -> None:
        for table in sorted(set(tables)):
            self.engine.lock(import_lock(table))  # nothing: the file has one writing process

    def need(self, table: str, keys_sql: str) -> None:
        """Nothing to fetch: the stored tables are on the work connection."""

    def open_problems(self) -> str:
        """The stored quarantine itself, on the same connection."""
        return OPEN_PROBLEMS

    def close_fixed(self, keys_sql: str, again_sql: str, import_id: int, at: dt.datetime) -> None:
        """In place, joined with the keys on the same connection."""
        self.connection.execute(
            f"UPDATE quarantine SET closed_at = ?, fixed_by_import = ? FROM ({keys_sql}) AS c(table_name, key) "
            "WHERE quarantine.closed_at IS NULL AND quarantine.table_name = c.table_name "
            f"AND quarantine.event_id = c.key AND quarantine.problem_key NOT IN ({again_sql})",
            [at, import_id],
        )

    def store(self, import_id: int) -> None:
        """Nothing to copy: the rows were written in place."""

    def close(self) -> None:
        """The engine stays open (it is the store's)."""


class PostgresTarget:
    """A server database: the pipeline works on a scratch DuckDB; only the stored rows it
    compares with are fetched, and what it produced is copied back (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.scratch = DuckDBEngine(MEMORY)  # the schema, empty; the reader caps its memory
        self.connection = self.scratch.connection
        self.connection.execute("CREATE TEMP TABLE _fetched (table_name VARCHAR, key VARCHAR)")
        self.locked: set[str] = set()
        self.open_fetched = False

    def transaction(self) -> AbstractContextManager[None]:
        return self.engine.transaction()

    def next_import_id(self) -> int:
        return self.engine.next_id("import_id_seq")

    def lock(self, tables: Iterable[str]) -> None:
        for table in sorted(set(tables) - self.locked):
            self.engine.lock(import_lock(table))
            self.locked.add(table)

    def need(self, table: str, keys_sql: str) -> None:
        """Fetch the stored rows with the keys of ``keys_sql`` not already on the work connection."""
        key = _ident(_key(table))
        keys = self.connection.execute(
            f"SELECT DISTINCT _key FROM ({keys_sql}) AS q(_key) "
            f"WHERE _key IS NOT NULL AND _key NOT IN (SELECT {key} FROM {_ident(table)})"
        ).fetch_arrow_table()
        if not keys.num_rows:
            return
        wanted = TableSlice(table, f"{key} = ANY($1)", (keys.column(0).to_pylist(),))
        stored = self.engine.read(f"SELECT * FROM {_ident(table)}", tables=(wanted,))
        if not stored.num_rows:
            return
        self.scratch.insert_arrow(table, stored)
        if table in TABLES and TABLES[table].updatable:  # told apart from new rows when stored
            self.connection.register("_stored", stored)
            try:
                self.connection.execute(f"INSERT INTO _fetched SELECT ?, {key} FROM _stored", [table])
            finally:
                self.connection.unregister("_stored")

    def open_problems(self) -> str:
        """Fetched from the server once per import (open problems are few beside the rows imported)."""
        if not self.open_fetched:
            self.connection.register("_open", self.engine.read(OPEN_PROBLEMS, tables=(OPEN_SLICE,)))
            try:
                self.connection.execute("CREATE OR REPLACE TEMP TABLE _open_problems AS SELECT * FROM _open")
            finally:
                self.connection.unregister("_open")
            self.open_fetched = True
        return "SELECT table_name, event_id FROM _open_problems"

    def close_fixed(self, keys_sql: str, again_sql: str, import_id: int, at: dt.datetime) -> None:
        """On the server, one statement per table naming its keys and the problems found again."""
        again = [key for (key,) in self.connection.execute(again_sql).fetchall()]
        for table, keys in self.connection.execute(
            f"SELECT table_name, list(key) FROM ({keys_sql}) AS c(table_name, key) GROUP BY table_name"
        ).fetchall():
            self.engine.execute(
                "UPDATE quarantine SET closed_at = $1, fixed_by_import = $2 WHERE closed_at IS NULL "
                "AND table_name = $3 AND event_id = ANY($4) AND NOT problem_key = ANY($5)",
                [at, import_id, table, keys, again],
            )

    def store(self, import_id: int) -> None:
        """Copy the rows of import ``import_id`` to the server, in the store's transaction."""
        for name, table in TABLES.items():
            rows = self._of_import(name, import_id)
            if not rows.num_rows:
                continue
            if name not in self.locked:
                raise AssertionError(f"internal error: import {import_id} wrote {name} without its import lock")
            if not table.updatable:
                self.engine.insert_arrow(name, rows)
                continue
            key = _ident(table.key)
            known = f"{key} IN (SELECT key FROM _fetched WHERE table_name = ?)"
            self.engine.insert_arrow(name, self._of_import(name, import_id, f"NOT {known}", name))
            self._update(name, table.key, import_id, self._of_import(name, import_id, known, name))
        for name in LOGS:
            self.engine.insert_arrow(name, self._of_import(name, import_id))

    def _of_import(self, table: str, import_id: int, where: str = "true", *params: object) -> pa.Table:
        return self.connection.execute(
            f"SELECT * FROM {_ident(table)} WHERE import_id = ? AND {where}", [import_id, *params]
        ).fetch_arrow_table()

    def _update(self, table: str, key: str, import_id: int, rows: pa.Table) -> None:
        """Overwrite the stored master-data rows this import updated with their new versions.

        The rows pass through a staging table made and dropped inside the import's
        transaction (no other session ever sees it): a table in the current schema, because
        the engine's COPY (``insert_arrow``) names tables there."""
        if not rows.num_rows:
            return
        staging = _ident(f"_import_{import_id}_{table}")
        columns = [c.name for c in TABLES[table].columns if c.name != key] + ["import_id"]
        assignments = ", ".join(f"{_ident(c)} = u.{_ident(c)}" for c in columns)
        self.engine.execute(f"CREATE TABLE {staging} (LIKE {_ident(table)})")
        self.engine.insert_arrow(f"_import_{import_id}_{table}", rows)
        self.engine.execute(
            f"UPDATE {_ident(table)} SET {assignments} FROM {staging} u "
            f"WHERE {_ident(table)}.{_ident(key)} = u.{_ident(key)}"
        )
        self.engine.execute(f"DROP TABLE {staging}")

    def close(self) -> None:
        self.scratch.close()


def open_target(engine: Engine) -> ImportTarget:
    """The target for ``engine``: in place on a DuckDB file, through a scratch DuckDB otherwise."""
    if isinstance(engine, DuckDBEngine):
        return DuckDBTarget(engine)
    return PostgresTarget(engine)
