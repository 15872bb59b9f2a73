"""``kill -9`` at random moments of an import: afterwards the database holds what it held
before, or the whole import, never a part of it (R-DATA-3: all or nothing).

One uninterrupted run in a child process gives the import's duration (from its first
progress step to the process's end, the closing checkpoint included) and the state it
leaves. Then each of :data:`KILLS` children runs the same import on a copy of the same
database and is SIGKILLed at a moment drawn in its own slice of that duration, so the
kills spread over reading, checking, writing, committing and closing.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

from attack_tally import tally
from conftest import count_rows
from killed_import import SMALL_SALES, fingerprint, start_import, write_big_sales
from stockpilot.adapters.storage.store import open_store
from stockpilot.services.importing import import_file

ROWS = 200_000
KILLS = 8
SEED = int(os.environ.get("STOCKPILOT_KILL_SEED") or random.SystemRandom().randrange(10**6))
"""New moments on every run; a failure names its seed, to be replayed with STOCKPILOT_KILL_SEED."""


def _run_to_first_step(db_path: Path, big: Path, settings, config: Path):
    child = start_import(db_path, big, settings.privacy.pseudonym_key_file, config)
    first = child.stdout.readline()  # blocks until the import reports its first step
    assert first.strip() == "reading", (first, child.stderr.read() if child.poll() is not None else "")
    return child, time.monotonic()


def test_a_kill_at_any_moment_leaves_all_or_nothing(tmp_path, settings, master_files):
    base, config = tmp_path / "base.duckdb", tmp_path / "no-such-config.toml"
    small, big = tmp_path / "sales.csv", tmp_path / "sales_big.csv"
    small.write_text(SMALL_SALES, encoding="utf-8")
    write_big_sales(big, ROWS)
    with open_store(base) as db:
        for path in (*master_files, small):
            import_file(db, path, settings)
    before = fingerprint(base)

    whole_db = tmp_path / "whole.duckdb"
    shutil.copy(base, whole_db)
    child, started = _run_to_first_step(whole_db, big, settings, config)
    out, err = child.communicate(timeout=600)
    duration = time.monotonic() - started
    assert child.returncode == 0 and "FINISHED" in out, err
    after = fingerprint(whole_db)
    assert after["sales"][0] == before["sales"][0] + ROWS - ROWS // 1000
    assert after["import_runs"][0] == before["import_runs"][0] + 1

    rng = random.Random(SEED)
    outcomes = []
    for k in range(KILLS):
        moment = (k + rng.random()) * duration / KILLS
        db_path = tmp_path / f"killed{k}.duckdb"
        shutil.copy(base, db_path)
        child, started = _run_to_first_step(db_path, big, settings, config)
        time.sleep(max(0.0, started + moment - time.monotonic()))
        if child.poll() is not None:  # done before its moment: the first run was slowed by a busy machine
            duration = min(duration, time.monotonic() - started)  # later moments fall inside this pace
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        state = fingerprint(db_path)  # reopening replays or discards the write-ahead log
        whole = "nothing" if state == before else "all" if state == after else "a part"
        outcomes.append((round(moment, 2), child.returncode, whole))
        tally(kills=1, crashes=int(whole == "a part"))
        assert whole != "a part", f"killed {moment:.2f} s into the import (seed {SEED}), a part of it is stored"
    print("kills (seconds in, exit code, what the database holds):", outcomes)
    killed = [o for o in outcomes if o[1] == -signal.SIGKILL]
    assert len(killed) >= KILLS // 2, f"most children must die mid-import (seed {SEED}): {outcomes}"
    assert any(o[2] == "nothing" for o in killed), outcomes

    # A killed database is still usable: the same import now runs to the end.
    with open_store(tmp_path / "killed0.duckdb") as db:
        report = import_file(db, big, settings)
        assert (report.received, report.quarantined) == (ROWS, ROWS // 1000)
        assert count_rows(db, "sales") == after["sales"][0]
