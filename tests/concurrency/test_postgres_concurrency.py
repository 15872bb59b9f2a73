"""Several processes write to one PostgreSQL database at once, over loopback: nothing is lost or
stored twice.

For DURATION seconds, PROCESSES processes loop: most import one of a few sales files whose
event ids overlap (some rows conflict on purpose), the rest approve or edit lines of a plan.
Afterwards: no event id stored twice, every event of every file stored or quarantined, every
import's received = accepted + quarantined, and every decision recorded.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import time
from pathlib import Path

import pyarrow as pa

from conftest import make_settings, write_master_data
from stockpilot.adapters.storage.store import open_store
from stockpilot.domain.model import TABLES
from stockpilot.services import review as review_service
from stockpilot.services.importing import import_file

PROCESSES = 20
DURATION = 30.0
APPROVERS = 4  # of the processes; the others import
FILES = 4
ROWS = 60
PLAN_LINES = 50


def _sales_file(folder: Path, number: int) -> Path:
    """File ``number`` holds events E0..E{ROWS+10*number}: each shares most ids with the others;
    the event E5 has a different quantity in every file (a conflict for all but the first)."""
    path = folder / f"sales-{number}.csv"
    lines = ["event_id,occurred_at,location_id,sku,quantity,unit_price"]
    for i in range(ROWS + 10 * number):
        quantity = 1 + number if i == 5 else 1 + i % 3
        lines.append(f"E{i},2024-01-{1 + i % 28:02d} 10:00,ST01,SKU{1 + i % 3},{quantity},10")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _worker(url: str, folder: str, number: int, until: float, plan_id: int) -> int:
    """Import files or decide lines until ``until``; the number of operations done."""
    os.environ["STOCKPILOT_PSEUDONYM_KEY"] = "concurrency-test-key"
    settings = make_settings(Path(folder))
    done = 0
    with open_store(url) as store:
        while done == 0 or time.time() < until:  # at least once, however slow the start on a busy machine
            if number < APPROVERS:
                line = 1 + (number * 7 + done) % PLAN_LINES
                review_service.decide(store, plan_id, [line], "approve", f"buyer-{number}")
            else:
                import_file(store, Path(folder) / f"sales-{(number + done) % FILES}.csv", settings)
            done += 1
    return done


def _plan(store) -> int:
    n = PLAN_LINES
    layout = store.engine.rows(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'proposals' "
        "AND table_schema = current_schema() ORDER BY ordinal_position"
    )
    given = {"line": pa.array(range(1, n + 1), pa.int32()), "quantity": [2.0] * n, "reason_params": ["{}"] * n}
    columns = {
        name: given.get(name, ["x"] * n if kind in ("character varying", "json") else [1.0] * n)
        for name, kind in layout[1:]
    }
    return store.plans.save(dt.datetime(2024, 2, 1), dt.date(2024, 2, 1), 1, pa.table(columns), 0)


def test_twenty_processes_write_at_once_without_losing_or_doubling_a_row(pg_url, tmp_path, monkeypatch):
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "concurrency-test-key")
    settings = make_settings(tmp_path)
    for number in range(FILES):
        _sales_file(tmp_path, number)
    with open_store(pg_url) as store:
        for path in write_master_data(tmp_path / "master"):
            import_file(store, path, settings)
        plan_id = _plan(store)
    until = time.time() + DURATION
    context = multiprocessing.get_context("spawn")
    with context.Pool(PROCESSES) as pool:
        jobs = [pool.apply_async(_worker, (pg_url, str(tmp_path), n, until, plan_id)) for n in range(PROCESSES)]
        done = [job.get(timeout=DURATION + 120) for job in jobs]
    assert all(count > 0 for count in done), done
    imports = sum(done[APPROVERS:])
    with open_store(pg_url) as store:
        rows = store.engine.rows
        for name, table in TABLES.items():  # no key stored twice, in any table
            assert rows(f'SELECT count(*) - count(DISTINCT "{table.key}") FROM "{name}"') == [(0,)], name
        stored = {event for (event,) in rows("SELECT event_id FROM sales")}
        quarantined = {
            event for (event,) in rows("SELECT DISTINCT event_id FROM quarantine WHERE event_id IS NOT NULL")
        }
        every = {f"E{i}" for i in range(ROWS + 10 * (FILES - 1))}
        assert every <= stored | quarantined  # no row lost
        assert stored == every  # and each event stored once, from whichever file came first
        assert quarantined == {"E5"}  # the one event the files disagree on
        per_import = dict(rows("SELECT import_id, count(*) FROM quarantine GROUP BY import_id"))
        logged = rows("SELECT import_id, quarantined FROM import_runs")
        # each import counts its conflicts; one still open is not stored again by the next import
        assert all(int(per_import.get(i, 0)) <= int(q) for i, q in logged)
        open_e5 = rows("SELECT problem_key, count(*) FROM quarantine WHERE closed_at IS NULL GROUP BY problem_key")
        assert all(int(n) == 1 for _, n in open_e5)  # each open problem once, though imported at once
        ((e5,),) = rows("SELECT quantity FROM sales WHERE event_id = 'E5'")  # the first file's, once
        assert e5 in {1.0 + number for number in range(FILES)}
        runs = rows("SELECT received, accepted, quarantined FROM import_runs WHERE source LIKE '%sales-%'")
        assert len(runs) == imports
        assert all(int(r) == int(a) + int(q) for r, a, q in runs)
        assert int(rows("SELECT count(*) FROM review_decisions")[0][0]) == sum(done[:APPROVERS])
