"""The embedded default: one DuckDB file, opened by one writing process at a time.

DuckDB allows a single read-write process per file. Commands that only read open the
file read-only: any number of them can run side by side, never beside a writer. A file
held by another process is waited for up to :data:`BUSY_WAIT_SECONDS`, then refused with
:class:`DatabaseBusyError` naming the process that holds it and what to do.

The database holds shop data, so its files are its owner's only: a database file opened
for writing tightens the process umask by ``0o077``, so the DuckDB file, the WAL that
DuckDB re-creates at will and every file the process writes afterwards (exports included)
come out 0600; the folders it creates are 0700.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from stockpilot.adapters.storage.engine import (
    DUCKDB,
    DatabaseBusyError,
    DatabaseError,
    Source,
    latest_version,
    migrate,
    schema_version,
)
from stockpilot.adapters.storage.files import make_private, make_private_folder, private_umask

BUSY_WAIT_SECONDS = 10.0  # how long to wait for another process to let go of the file
BUSY_POLL_SECONDS = 0.2
MEMORY = ":memory:"
_HOLDER = re.compile(r"\(PID (\d+)\)")

# The named locks of this process, per database file (DuckDBEngine.lock).
_LOCKS: dict[tuple[str, str], threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _busy_message(path: str, read_only: bool, error: str) -> str:
    holder = _HOLDER.search(error)
    who = f"process {holder[1]}" if holder else "another process"
    doing = "is writing to it" if read_only else "has it open"
    return (
        f"database {path} is busy: {who} {doing} (waited {BUSY_WAIT_SECONDS:g} s). "
        "A DuckDB file takes one writer at a time: wait for that command to finish and try again, "
        "or keep the data in PostgreSQL (--db postgresql://...) for several users and processes at once"
    )


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open ``path``, waiting while another process holds its lock."""
    deadline = time.monotonic() + BUSY_WAIT_SECONDS
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "Could not set lock" not in str(exc):
                raise DatabaseError(f"cannot open database {path}: {exc}") from exc
            if time.monotonic() >= deadline:
                raise DatabaseBusyError(_busy_message(path, read_only, str(exc))) from exc
            time.sleep(BUSY_POLL_SECONDS)
        except duckdb.Error as exc:
            raise DatabaseError(f"cannot open database {path}: {exc}") from exc


class DuckDBEngine:
    """An open DuckDB database at the latest schema version.

    ``read_only`` opens an existing file without changing it (no migration): a missing
    file, or one at an older schema version, is refused with a :class:`DatabaseError`
    saying to run a writing command first. An in-memory database is always writable.
    """

    backend = DUCKDB

    def __init__(self, path: str | Path = MEMORY, *, read_only: bool = False) -> None:
        self.location = str(path)
        self.read_only = read_only and self.location != MEMORY
        self._held: list[threading.Lock] | None = None  # the locks of the open transaction
        if self.read_only and not Path(self.location).is_file():
            raise DatabaseError(
                f"database {self.location} does not exist: "
                "run a command that writes to it (e.g. `stockpilot import`) first"
            )
        if self.location != MEMORY and not self.read_only:
            private_umask()
            make_private_folder(Path(self.location).parent)
        self.connection = _connect(self.location, self.read_only)
        if self.read_only:
            self._check_version()
            return
        migrate(self)
        if self.location != MEMORY:
            make_private(self.location)
            make_private(f"{self.location}.wal")

    @property
    def on_disk(self) -> bool:
        return self.location != MEMORY

    def _check_version(self) -> None:
        exists = self.rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
        version, needed = (schema_version(self) if exists[0][0] else 0), latest_version()
        if version < needed:
            self.close()
            raise DatabaseError(
                f"database {self.location} is at schema version {version}, this Stock Pilot needs {needed}: "
                "run a command that writes to it (e.g. `stockpilot import`) once to upgrade it"
            )

    def read(self, sql: str, params: Any = None, *, tables: Iterable[Source] = ()) -> pa.Table:
        """Run a DuckDB query on the file (``tables`` matter to the PostgreSQL engine only)."""
        return self.connection.execute(sql, params).fetch_arrow_table()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(sql, list(params)).fetchall()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.connection.execute(sql, list(params))

    def changed(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an UPDATE or DELETE; the number of rows it changed."""
        row = self.connection.execute(sql, list(params)).fetchone()
        return int(row[0]) if row else 0

    def insert_arrow(self, table: str, rows: pa.Table) -> None:
        """Append an Arrow table whose columns are ``table``'s, in order."""
        self.connection.register("new_rows", rows)
        try:
            self.connection.execute(f'INSERT INTO "{table}" SELECT * FROM new_rows')
        finally:
            self.connection.unregister("new_rows")

    def stream(self, sql: str, batch_rows: int) -> pa.RecordBatchReader:
        """A portable query's rows as Arrow batches of ``batch_rows``, read as they are consumed."""
        return self.connection.execute(sql).fetch_record_batch(batch_rows)

    def next_id(self, sequence: str) -> int:
        return int(self.rows(f"SELECT nextval('{sequence}')")[0][0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: a crash or an exception inside leaves the database as it was. The locks
        taken inside (:meth:`lock`) are released when it ends."""
        self.connection.execute("BEGIN TRANSACTION")
        self._held = []
        try:
            try:
                yield
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")
        finally:
            held, self._held = self._held, None
            for taken in reversed(held):
                taken.release()

    def lock(self, name: str) -> None:
        """Hold the lock ``name`` until the transaction ends, as PostgreSQL's advisory locks do.

        A DuckDB file has one writing process, but that process may write from several
        connections at once (the web app's requests): they take these locks, per file, and wait
        for each other. Outside a transaction, or on an in-memory database (one connection of
        its own), there is nothing to do."""
        if self._held is None or not self.on_disk:
            return
        with _LOCKS_GUARD:
            named = _LOCKS.setdefault((self.location, name), threading.Lock())
        if named in self._held:
            return
        named.acquire()
        self._held.append(named)

    def close(self) -> None:
        self.connection.close()
