"""The one place that opens the DuckDB database and owns its write connection.

DuckDB allows a single read-write process per file, so every write in the product
goes through :class:`Database`. Schema changes are versioned SQL files in
``migrations/`` applied in order, each in its own transaction.

Commands that only read open the file read-only: any number of them can run side
by side, never beside a writer. A file locked by another process is waited for
up to :data:`BUSY_WAIT_SECONDS`, then refused with :class:`DatabaseBusyError`.

The database holds shop data, so its files are its owner's only: a database
file opened for writing tightens the process umask by ``0o077``, so the DuckDB
file, the WAL that DuckDB re-creates at will and every file the process writes
afterwards (exports included) come out 0600; the folders it creates are 0700.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

MIGRATIONS = resources.files("stockpilot.adapters.storage") / "migrations"


BUSY_WAIT_SECONDS = 10.0  # how long to wait for another process to let go of the file
BUSY_POLL_SECONDS = 0.2
MEMORY = ":memory:"


class DatabaseError(RuntimeError):
    """The database file cannot be opened or upgraded."""


class DatabaseBusyError(DatabaseError):
    """Another process holds the database file (a writer, or readers when we want to write)."""


def private_umask() -> None:
    """Tighten the process umask so new files are the owner's only (never loosens it)."""
    current = os.umask(0o077)
    os.umask(current | 0o077)


def make_private_folder(folder: str | Path) -> None:
    """Create ``folder`` and any missing parents, each one created here mode 0700."""
    folder = Path(folder)
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)


def make_private(path: str | Path) -> None:
    """Make an existing file readable and writable by its owner only."""
    if os.path.exists(path):
        os.chmod(path, 0o600)


def latest_version() -> int:
    """The schema version this Stock Pilot needs (its newest migration)."""
    return max(version for version, _, _ in _migrations())


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
                doing = "writing to" if read_only else "using"
                raise DatabaseBusyError(
                    f"database {path} is busy: another Stock Pilot process is {doing} it "
                    f"(waited {BUSY_WAIT_SECONDS:g} s); try again when it has finished"
                ) from exc
            time.sleep(BUSY_POLL_SECONDS)
        except duckdb.Error as exc:
            raise DatabaseError(f"cannot open database {path}: {exc}") from exc


def _migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in MIGRATIONS.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Database:
    """An open DuckDB database at the latest schema version.

    ``read_only`` opens an existing file without changing it (no migration): a
    missing file, or one at an older schema version, is refused with a
    :class:`DatabaseError` saying to run a writing command first. An in-memory
    database is always writable (it is new and empty).
    """

    def __init__(self, path: str | Path = MEMORY, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only and self.path != MEMORY
        if self.read_only and not Path(self.path).is_file():
            raise DatabaseError(
                f"database {self.path} does not exist: run a command that writes to it (e.g. `stockpilot import`) first"
            )
        if self.path != MEMORY and not self.read_only:
            private_umask()
            make_private_folder(Path(self.path).parent)
        self.connection = _connect(self.path, self.read_only)
        if self.read_only:
            self._check_version()
            return
        self.migrate()
        if self.path != MEMORY:
            make_private(self.path)
            make_private(f"{self.path}.wal")

    def _check_version(self) -> None:
        version, needed = self.schema_version, latest_version()
        if version < needed:
            self.close()
            raise DatabaseError(
                f"database {self.path} is at schema version {version}, this Stock Pilot needs {needed}: "
                "run a command that writes to it (e.g. `stockpilot import`) once to upgrade it"
            )

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
