"""Import a file into PostgreSQL: checked in a scratch DuckDB, stored in one server transaction.

The pipeline (pipeline.py) reads, protects and checks a file with DuckDB SQL. For a server
database it runs on an in-memory DuckDB holding a copy of the canonical tables, so new,
re-sent and conflicting rows are told apart exactly as in a DuckDB file. What the import
produced (the rows carrying its import id: new and updated rows, quarantined rows, its log)
is then written to PostgreSQL by COPY, in the same transaction that read the copies. That
transaction holds the ``import`` lock: two imports at once, from any process, follow one
another, so an event sent twice at once is stored once.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from stockpilot.adapters.storage.duckdb_engine import MEMORY, DuckDBEngine
from stockpilot.adapters.storage.engine import Engine
from stockpilot.domain.imports import ImportReport
from stockpilot.domain.model import TABLES

IMPORT_LOCK = "import"
LOGS = ("import_runs", "import_table_stats", "quarantine")


def import_on_server(engine: Engine, run: Callable[[DuckDBEngine], ImportReport]) -> ImportReport:
    """Run ``run`` (one file's import) on a scratch copy and store what it did on ``engine``."""
    with engine.transaction():
        engine.lock(IMPORT_LOCK)
        scratch = DuckDBEngine(MEMORY)
        try:
            for name in TABLES:
                scratch.connection.execute(f'DELETE FROM "{name}"')
                scratch.insert_arrow(name, engine.read(f'SELECT * FROM "{name}"', tables=(name,)))
            import_id = engine.next_id("import_id_seq")
            scratch.execute("DROP SEQUENCE import_id_seq")
            scratch.execute(f"CREATE SEQUENCE import_id_seq START WITH {int(import_id)}")
            report = run(scratch)
            for name, table in TABLES.items():
                rows = _of_import(scratch, name, report.import_id)
                if table.updatable and rows.num_rows:
                    _delete_keys(engine, name, table.key, rows)
                engine.insert_arrow(name, rows)
            for name in LOGS:
                engine.insert_arrow(name, _of_import(scratch, name, report.import_id))
        finally:
            scratch.close()
    return report


def _of_import(scratch: DuckDBEngine, table: str, import_id: int) -> pa.Table:
    return scratch.connection.execute(f'SELECT * FROM "{table}" WHERE import_id = ?', [import_id]).fetch_arrow_table()


def _delete_keys(engine: Engine, table: str, key: str, rows: pa.Table) -> None:
    """Remove the stored versions of master-data rows this import updated (they come back updated).
    The keys pass through a table made and dropped inside the transaction (under the import lock)."""
    engine.execute('CREATE TABLE "_import_keys" (key VARCHAR)')
    engine.insert_arrow("_import_keys", pa.table({"key": rows[key]}))
    engine.execute(f'DELETE FROM "{table}" USING "_import_keys" k WHERE "{table}"."{key}" = k.key')
    engine.execute('DROP TABLE "_import_keys"')
