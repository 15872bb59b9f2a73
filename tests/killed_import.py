"""What the kill tests share: a child process that imports a file, a big sales file to
import, and a fingerprint of every stored table to compare before and after a kill."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import IO

import duckdb

from stockpilot.adapters.storage.store import open_store

CHILD = r"""
import sys
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.services.importing import import_file
from stockpilot.settings import load_settings

db_path, file_path, key_file, config = sys.argv[1:5]
settings = load_settings({"pseudonym_key_file": key_file}, environ={}, config_file=config)
db = open_store(db_path)

def progress(step, **values):
    print(step, flush=True)

report = import_file(db, file_path, settings, progress=progress)
print("FINISHED", report.received, report.accepted, report.quarantined, flush=True)
db.close()
"""
"""Imports argv[2] into the database argv[1], printing each progress step, then FINISHED and
the rows received, accepted and quarantined."""

VOLATILE = {"import_runs": ("started_at", "finished_at")}
"""Columns that differ between two runs of the same import: the clock."""


def start_import(
    db_path: Path,
    file_path: Path,
    key_file: str,
    config: Path,
    *,
    env: dict[str, str] | None = None,
    output: IO[str] | None = None,
) -> subprocess.Popen[str]:
    """The import of ``file_path`` into ``db_path``, running in a child process with the
    environment ``env`` (default: this one's); its output goes to pipes, or both streams
    to ``output``."""
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(file_path), key_file, str(config)],
        env=env,
        stdout=output or subprocess.PIPE,
        stderr=subprocess.STDOUT if output else subprocess.PIPE,
        text=True,
    )


def fingerprint(db_path: Path) -> dict[str, tuple]:
    """Per stored table: row count and an order-independent checksum of its content
    (without the :data:`VOLATILE` columns)."""
    with open_store(db_path) as db:
        con = db.engine.connection
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        prints = {}
        for table in tables:
            exclude = f" EXCLUDE ({', '.join(VOLATILE[table])})" if table in VOLATILE else ""
            prints[table] = con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR), '')) "
                f'FROM (SELECT *{exclude} FROM "{table}") t'
            ).fetchone()
        return prints


def write_big_sales(path: Path, rows: int) -> None:
    """A canonical sales file: mostly valid rows, one in a thousand with a bad price."""
    duckdb.sql(
        f"""
        COPY (
            SELECT 'BIG-' || i AS event_id,
                   DATE '2023-01-01' + CAST(i % 365 AS INTEGER) AS occurred_at,
                   CASE WHEN i % 2 = 0 THEN 'ST01' ELSE 'WH' END AS location_id,
                   'SKU' || (1 + i % 3) AS sku,
                   i % 7 AS quantity,
                   CASE WHEN i % 1000 = 0 THEN 'abc'
                        ELSE CAST(round(1 + (i % 50) / 10, 1) AS VARCHAR) END AS unit_price
            FROM range({rows}) r(i)
        ) TO '{path}' (HEADER, DELIMITER ',')
        """
    )


SMALL_SALES = (
    "event_id,occurred_at,location_id,sku,quantity,unit_price,member_id\n"
    "S1,2024-03-01,ST01,SKU1,2,59.9,M-1\n"
    "S2,2024-03-01,WH,SKU2,1,,M-2\n"
    "S3,2024-03-02,ST01,SKU3,abc,16,\n"
)
"""Two valid sales and one with a bad quantity: what the database holds before the kill."""
