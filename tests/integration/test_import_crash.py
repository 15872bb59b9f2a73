"""A killed import leaves the database exactly as it was (R-DATA-3: all or nothing).

A child process imports a 1.5-million-row sales file into a file database and
is SIGKILLed while its transaction is writing rows into the database file. After
reopening, every table must hold exactly what it held before the import began.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from stockpilot.adapters.storage.database import Database
from stockpilot.services.importing import import_file

BIG_ROWS = 1_500_000
MARKER = "checking"  # the progress step reported just before the transaction opens

CHILD = r"""
import sys
from stockpilot.adapters.storage.database import Database
from stockpilot.services.importing import import_file
from stockpilot.settings import load_settings

db_path, file_path, key_file, config = sys.argv[1:5]
settings = load_settings({"pseudonym_key_file": key_file}, environ={}, config_file=config)
db = Database(db_path)

def progress(step, **values):
    print(step, flush=True)

report = import_file(db, file_path, settings, progress=progress)
print("FINISHED", report.received, flush=True)
db.close()
"""


def fingerprint(db_path: Path) -> dict[str, tuple]:
    """Per stored table: row count and an order-independent checksum of its content."""
    with Database(db_path) as db:
        con = db.connection
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = current_database() AND table_schema = 'main' ORDER BY 1"
            ).fetchall()
        ]
        return {
            table: con.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::VARCHAR, chr(10) "
                f"ORDER BY t::VARCHAR), '')) FROM \"{table}\" t"
            ).fetchone()
            for table in tables
        }


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


def test_sigkill_during_import_leaves_every_table_unchanged(tmp_path, settings, master_files):
    db_path = tmp_path / "shop.duckdb"
    small = tmp_path / "sales.csv"
    small.write_text(
        "event_id,occurred_at,location_id,sku,quantity,unit_price,member_id\n"
        "S1,2024-03-01,ST01,SKU1,2,59.9,M-1\n"
        "S2,2024-03-01,WH,SKU2,1,,M-2\n"
        "S3,2024-03-02,ST01,SKU3,abc,16,\n",
        encoding="utf-8",
    )
    big = tmp_path / "sales_big.csv"
    write_big_sales(big, BIG_ROWS)

    with Database(db_path) as db:
        for path in (*master_files, small):
            report = import_file(db, path, settings)
            assert report.accepted + report.quarantined == report.received
        assert db.count("sales") == 2 and db.count("quarantine") == 1
    before = fingerprint(db_path)
    assert before["sales"][0] == 2 and before["import_runs"][0] == 3

    size_before = db_path.stat().st_size
    wal = Path(f"{db_path}.wal")
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            CHILD,
            str(db_path),
            str(big),
            settings.pseudonym_key_file,
            str(tmp_path / "no-such-config.toml"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        seen = []
        for line in child.stdout:  # blocks until the child prints (or dies)
            seen.append(line.strip())
            if line.strip() == MARKER:
                break
        assert MARKER in seen, (seen, child.stderr.read() if child.poll() is not None else "")
        # Inside the transaction the rows are written into the database file (or its
        # WAL) before COMMIT: wait for that, so the kill lands mid-transaction.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            grown = db_path.stat().st_size - size_before + (wal.stat().st_size if wal.exists() else 0)
            if grown > 1 << 20:
                break
            time.sleep(0.01)
        time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        rest = child.stdout.read()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, (
        f"the child was not killed mid-import (returncode {child.returncode}): {rest!r}"
    )
    assert "FINISHED" not in rest, "the import finished before the kill: make the file bigger"

    after = fingerprint(db_path)
    assert after == before

    # The database is still usable: the same big import now runs to the end.
    with Database(db_path) as db:
        report = import_file(db, big, settings)
        assert report.received == BIG_ROWS
        assert report.quarantined == BIG_ROWS // 1000
        assert db.count("sales") == 2 + BIG_ROWS - BIG_ROWS // 1000


@pytest.mark.parametrize("fail_at", ["INSERT INTO quarantine", "INSERT INTO import_runs"])
def test_an_error_inside_the_import_rolls_everything_back(shop_db, settings, tmp_path, fail_at):
    """The same guarantee for an exception (not a crash) half-way through the import."""
    path = tmp_path / "sales.csv"
    path.write_text(
        "event_id,occurred_at,location_id,sku,quantity\nE1,2024-03-01,ST01,SKU1,2\nE2,2024-03-01,ST01,SKU1,abc\n",
        encoding="utf-8",
    )
    counts = {t: shop_db.count(t) for t in ("sales", "quarantine", "import_runs", "import_table_stats")}

    class Failing:
        """Wraps the connection; the first statement starting with ``fail_at`` fails."""

        def __init__(self, con):
            self._con = con

        def execute(self, sql, *args, **kwargs):
            if sql.lstrip().startswith(fail_at):
                raise RuntimeError("simulated failure")
            return self._con.execute(sql, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(self._con, name)

    real = shop_db.connection
    shop_db.connection = Failing(real)
    try:
        with pytest.raises(RuntimeError, match="simulated failure"):
            import_file(shop_db, path, settings)
    finally:
        shop_db.connection = real
    assert {t: shop_db.count(t) for t in counts} == counts
