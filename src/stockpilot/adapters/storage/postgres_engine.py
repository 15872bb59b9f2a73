"""PostgreSQL, for several users and processes at once (R-SCALE-1), through the ADBC driver.

Given ``--db postgresql://user@host:port/name`` the product keeps its data on that server.
Statements travel with ``$1 ...`` parameters; bulk rows go in by binary COPY
(``adbc_ingest``) and come out as Arrow. Reads for analysis (see ``engine.py``) copy the
tables they name into an in-process DuckDB and run there, so both backends run the same
arithmetic. Writers that must not interleave (two imports of the same table) take a
transaction-level advisory lock (:meth:`PostgresEngine.lock`); everything else relies on
PostgreSQL's own row locking and sequences.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import adbc_driver_manager
import adbc_driver_postgresql.dbapi as adbc
import duckdb
import pyarrow as pa

from stockpilot.adapters.storage.engine import (
    POSTGRESQL,
    DatabaseError,
    Source,
    TableSlice,
    latest_version,
    migrate,
    schema_version,
)

URL_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(target: str) -> bool:
    return target.startswith(URL_SCHEMES)


def redacted(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, parts.query, parts.fragment))


class PostgresEngine:
    """One connection to a PostgreSQL database at the latest schema version."""

    backend = POSTGRESQL

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.location = redacted(url)
        self.read_only = read_only
        try:
            self.connection = adbc.connect(url, autocommit=True)
        except adbc_driver_manager.Error as exc:
            raise DatabaseError(f"cannot reach PostgreSQL at {self.location}: {exc}") from exc
        self._cursor = self.connection.cursor()
        self._depth = 0
        if read_only:
            version = schema_version(self) if self._has_schema() else 0
            if version < latest_version():
                self.close()
                raise DatabaseError(
                    f"database {self.location} is at schema version {version}, this Stock Pilot needs "
                    f"{latest_version()}: run a command that writes to it (e.g. `stockpilot import`) once"
                )
            return
        migrate(self)

    @property
    def on_disk(self) -> bool:
        return False  # no file beside which a key could live

    def _has_schema(self) -> bool:
        return bool(
            self.rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")[0][0]
        )

    def _run(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            self._cursor.execute(sql, tuple(params) if params else None)
        except adbc_driver_manager.Error as exc:
            raise DatabaseError(f"PostgreSQL at {self.location} refused a statement: {exc}") from exc
        return self._cursor

    def read(self, sql: str, params: Any = None, *, tables: Iterable[Source] = ()) -> pa.Table:
        """Copy ``tables`` (whole, or the slice asked for) into an in-process DuckDB and run ``sql`` there."""
        local = duckdb.connect()
        try:
            for source in tables:
                piece = source if isinstance(source, TableSlice) else TableSlice(source, "true")
                rows = self._run(f'SELECT * FROM "{piece.table}" WHERE {piece.where}', piece.params)
                local.register(piece.table, _plain(rows.fetch_arrow_table()))
            return local.execute(sql, params).fetch_arrow_table()
        finally:
            local.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._run(sql, params).fetchall())

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._run(sql, params)

    def changed(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an UPDATE or DELETE; the number of rows it changed."""
        return int(self.rows(f"WITH changed AS ({sql} RETURNING 1) SELECT count(*) FROM changed", params)[0][0])

    def insert_arrow(self, table: str, rows: pa.Table) -> None:
        """Append an Arrow table whose columns are ``table``'s, in order, by binary COPY.

        Binary COPY takes each value in the column's exact type (an int64 is not an
        ``INTEGER``), so each column is first cast to its table column's type, as DuckDB's
        ``INSERT ... SELECT`` does implicitly; a value that does not fit is refused."""
        if rows.num_rows == 0:
            return
        columns = self.rows(_COLUMNS, [table])[: rows.num_columns]
        try:
            rows = pa.table(
                [_as_column_type(rows.column(i), kind) for i, (_, kind) in enumerate(columns)],
                names=[name for name, _ in columns],
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise DatabaseError(f"rows for {table} do not fit its columns: {exc}") from exc
        try:
            self._cursor.adbc_ingest(table, rows, mode="append")
        except adbc_driver_manager.Error as exc:
            raise DatabaseError(f"PostgreSQL at {self.location} refused rows for {table}: {exc}") from exc

    def stream(self, sql: str, batch_rows: int) -> pa.RecordBatchReader:
        """A portable query's rows as Arrow batches (the driver's batch size), read as consumed."""
        return self._run(sql).fetch_record_batch()

    def next_id(self, sequence: str) -> int:
        return int(self.rows(f"SELECT nextval('{sequence}')")[0][0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested blocks join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._run("BEGIN")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._run("ROLLBACK")
            raise
        self._depth = 0
        self._run("COMMIT")

    def lock(self, name: str) -> None:
        """Hold the advisory lock ``name`` until the transaction ends (others taking it wait)."""
        self._run("SELECT pg_advisory_xact_lock($1)", [zlib.crc32(name.encode()) - 2**31])

    def close(self) -> None:
        self._cursor.close()
        self.connection.close()


_COLUMNS = (
    "SELECT column_name, data_type FROM information_schema.columns "
    "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position"
)
# The Arrow type binary COPY expects for each PostgreSQL column type the migrations use.
_ARROW_TYPES = {
    "smallint": pa.int16(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "real": pa.float32(),
    "double precision": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "timestamp without time zone": pa.timestamp("us"),
    "character varying": pa.string(),
    "text": pa.string(),
}


def _as_column_type(values: pa.ChunkedArray, data_type: str) -> pa.ChunkedArray:
    """``values`` cast (safely: no overflow, no truncation) to the Arrow type of a ``data_type`` column."""
    wanted = _ARROW_TYPES.get(data_type)
    if wanted is None or values.type == wanted:
        return values
    return values.cast(wanted)


def _plain(table: pa.Table) -> pa.Table:
    """Drop the driver's per-field metadata (DuckDB does not need it)."""
    return table.replace_schema_metadata(None).cast(pa.schema([pa.field(f.name, f.type) for f in table.schema]))
