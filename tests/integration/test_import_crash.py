"""A killed import leaves the database exactly as it was (R-DATA-3: all or nothing).

A child process imports a 1.5-million-row sales file into a file database and
is SIGKILLed while its transaction is writing rows into the database file. After
reopening, every table must hold exactly what it held before the import began.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from conftest import count_rows
from killed_import import SMALL_SALES, fingerprint, start_import, write_big_sales
from stockpilot.adapters.storage.store import open_store
from stockpilot.services.importing import import_file

BIG_ROWS = 1_500_000
MARKER = "checking"  # the progress step reported just before the transaction opens


def test_sigkill_during_import_leaves_every_table_unchanged(tmp_path, settings, master_files):
    db_path = tmp_path / "shop.duckdb"
    small = tmp_path / "sales.csv"
    small.write_text(SMALL_SALES, encoding="utf-8")
    big = tmp_path / "sales_big.csv"
    write_big_sales(big, BIG_ROWS)

    with open_store(db_path) as db:
        for path in (*master_files, small):
            report = import_file(db, path, settings)
            assert report.accepted + report.quarantined == report.received
        assert count_rows(db, "sales") == 2 and count_rows(db, "quarantine") == 1
    before = fingerprint(db_path)
    assert before["sales"][0] == 2 and before["import_runs"][0] == 3

    size_before = db_path.stat().st_size
    wal = Path(f"{db_path}.wal")
    child = start_import(db_path, big, settings.privacy.pseudonym_key_file, tmp_path / "no-such-config.toml")
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
    with open_store(db_path) as db:
        report = import_file(db, big, settings)
        assert report.received == BIG_ROWS
        assert report.quarantined == BIG_ROWS // 1000
        assert count_rows(db, "sales") == 2 + BIG_ROWS - BIG_ROWS // 1000


@pytest.mark.parametrize("fail_at", ["INSERT INTO quarantine", "INSERT INTO import_runs"])
def test_an_error_inside_the_import_rolls_everything_back(shop_db, settings, tmp_path, fail_at):
    """The same guarantee for an exception (not a crash) half-way through the import."""
    path = tmp_path / "sales.csv"
    path.write_text(
        "event_id,occurred_at,location_id,sku,quantity\nE1,2024-03-01,ST01,SKU1,2\nE2,2024-03-01,ST01,SKU1,abc\n",
        encoding="utf-8",
    )
    counts = {t: count_rows(shop_db, t) for t in ("sales", "quarantine", "import_runs", "import_table_stats")}

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

    real = shop_db.engine.connection
    shop_db.engine.connection = Failing(real)
    try:
        with pytest.raises(RuntimeError, match="simulated failure"):
            import_file(shop_db, path, settings)
    finally:
        shop_db.engine.connection = real
    assert {t: count_rows(shop_db, t) for t in counts} == counts
