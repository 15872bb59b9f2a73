"""POS API under load: many tills pushing sales batches at once, on DuckDB and on PostgreSQL.

The app is started in this process with uvicorn on loopback (127.0.0.1, never another address;
``doors/web/server.py`` ``start_in_thread``) on a prepared database: the demo chain (12 stores,
a warehouse, ``--skus`` SKUs) built once into an embedded DuckDB file and copied per run, or its
same files imported into a new database of a throwaway PostgreSQL server (``scratch_postgres``).
The app runs as `stockpilot serve` runs it (a pool of ``--pool`` stores, 4 by default).

``--clients`` threads (50), each with its own httpx client and integration token, push batches of
``--events`` sales events (50) for ``--seconds`` seconds (30), all together at most
``--max-requests`` requests. One batch in 5 holds 2 bad events (a negative quantity, an unknown
SKU), one in 4 is sent a second time at once (a till that did not see the answer); each till
starts at another point of both cycles, so bad batches and re-sends (of bad batches too) come
from the first seconds on. Per backend it prints:

- sent: events in every request, re-sends included; duplicates: the events of re-sends;
- stored: the run's events counted in the ``sales`` table afterwards;
- quarantined: the run's distinct event ids counted in the ``quarantine`` table;
- lost = sent - stored - quarantined - duplicates: must be 0 (the run fails otherwise);
- requests (and any that were not answered 200), p50 and p95 latency, events stored per second.

It also checks each answer (received = accepted + quarantined) and that the answers' ``new``
add up to what was stored. The tills are threads of the server's own process, so they share its
interpreter: the latencies are an upper bound on what separate tills would see.

    .venv/bin/python benchmarks/pos_load.py [--seconds 30] [--clients 50] [--backend duckdb,postgresql]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from stockpilot.adapters.storage import scratch_postgres
from stockpilot.adapters.storage.store import open_store
from stockpilot.doors.web.app import WebConfig
from stockpilot.doors.web.server import free_port, start_in_thread
from stockpilot.services import access
from stockpilot.services.demo_files import build_demo_chain
from stockpilot.services.importing import files_in_order, import_file
from stockpilot.settings import Settings, load_settings

HOST = "127.0.0.1"  # loopback only: the benchmark never listens on another address
BACKENDS = ("duckdb", "postgresql")
SECRET = "pos-load-benchmark-secret-0123456789abcdef"
BAD_EVERY, RESEND_EVERY = 5, 4


@dataclass
class Till:
    """What one till sent and was answered."""

    sent: int = 0
    duplicates: int = 0
    new: int = 0
    requests: int = 0
    failed: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


class Budget:
    """At most ``limit`` requests in all, until ``deadline``."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.left, self.deadline, self.lock = limit, time.monotonic() + seconds, threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True


def prepare(folder: Path, skus: int) -> tuple[Settings, Path, Path]:
    """The demo chain in a DuckDB file, once: (settings, the file, the folder of its files)."""
    settings = load_settings(
        {"pseudonym_key_file": str(folder / "pseudonym.key"), "demo_skus": skus},
        environ={},
        config_file=folder / "none.toml",
    )
    db, files = folder / "prepared.duckdb", folder / "files"
    with open_store(db) as store:
        build_demo_chain(store, files, settings)
    return settings, db, files


def batch(run: str, till: int, number: int, size: int, skus: list[str]) -> list[dict[str, Any]]:
    events = [
        {
            "event_id": f"{run}-{till}-{number}-{i}",
            "occurred_at": f"2025-11-{1 + (number + i) % 28:02d}T{10 + i % 10}:15:00+08:00",
            "location_id": f"ST{1 + (till + i) % 12:02d}",
            "sku": skus[(till * 7 + number * 3 + i) % len(skus)],
            "quantity": 1 + i % 4,
            "unit_price": 19.9,
            "member_id": f"M{till:03d}{i:04d}" if i % 3 == 0 else None,
        }
        for i in range(size)
    ]
    if (till + number) % BAD_EVERY == 0:
        events[0]["quantity"] = -1
        events[1]["sku"] = "NO-SUCH-SKU"
    return events


def push(client: httpx.Client, events: list[dict[str, Any]], till: Till) -> None:
    started = time.perf_counter()
    answer = client.post("/api/v1/events/sales", json={"batch_id": events[0]["event_id"], "events": events})
    till.latencies.append(time.perf_counter() - started)
    till.requests += 1
    till.sent += len(events)
    if answer.status_code != 200:
        till.failed.append(f"{answer.status_code} {answer.text[:200]}")
        return
    body = answer.json()
    if body["accepted"] + body["quarantined"] != body["received"] or body["received"] != len(events):
        till.failed.append(f"counts do not add up: {body}")
    till.new += body["new"]


def run_till(url: str, token: str, run: str, number: int, size: int, skus: list[str], budget: Budget) -> Till:
    till = Till()
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        sequence = 0
        while budget.take():
            events = batch(run, number, sequence, size, skus)
            push(client, events, till)
            if (3 * number + sequence) % RESEND_EVERY == 0 and budget.take():
                push(client, events, till)
                till.duplicates += len(events)
            sequence += 1
    return till


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def load(target: str, settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    """Serve ``target``, run the tills against it, count what the database holds."""
    run = f"L{uuid.uuid4().hex[:6]}"
    with open_store(target) as store:
        skus = [row[0] for row in store.engine.rows("SELECT sku FROM products ORDER BY sku")]
        tokens = [access.issue_token(store, f"till-{n:02d}", "buyer", "benchmark")[1] for n in range(args.clients)]
    started = start_in_thread(WebConfig(settings, target, SECRET, pool_size=args.pool), HOST, free_port(HOST))
    budget = Budget(args.max_requests, args.seconds)
    tills: list[Till] = [Till() for _ in range(args.clients)]

    def work(n: int) -> None:
        tills[n] = run_till(started.url, tokens[n], run, n, args.events, skus, budget)

    threads = [threading.Thread(target=work, args=(n,), name=f"till-{n}") for n in range(args.clients)]
    clock = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - clock
    finally:
        started.stop()
    with open_store(target) as store:
        stored = int(store.engine.rows("SELECT count(*) FROM sales WHERE event_id LIKE $1", [f"{run}-%"])[0][0])
        quarantined = int(
            store.engine.rows("SELECT count(DISTINCT event_id) FROM quarantine WHERE event_id LIKE $1", [f"{run}-%"])[
                0
            ][0]
        )
    latencies = [s for t in tills for s in t.latencies]
    sent, duplicates = sum(t.sent for t in tills), sum(t.duplicates for t in tills)
    return {
        "sent": sent,
        "duplicates": duplicates,
        "stored": stored,
        "quarantined": quarantined,
        "lost": sent - stored - quarantined - duplicates,
        "new_answered": sum(t.new for t in tills),
        "requests": sum(t.requests for t in tills),
        "failed": [f for t in tills for f in t.failed],
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "seconds": elapsed,
    }


def report(backend: str, result: dict[str, Any]) -> bool:
    ok = result["lost"] == 0 and not result["failed"] and result["new_answered"] == result["stored"]
    rows = [
        ("events sent", f"{result['sent']:,}", "every request's events, re-sends included"),
        ("stored", f"{result['stored']:,}", "the run's events counted in sales"),
        ("quarantined", f"{result['quarantined']:,}", "the run's event ids counted in quarantine"),
        ("duplicates", f"{result['duplicates']:,}", "the events of re-sent batches"),
        ("lost", f"{result['lost']:,}", "sent - stored - quarantined - duplicates: must be 0"),
        ("requests", f"{result['requests']:,}", f"{len(result['failed'])} not answered 200 as expected"),
        ("latency p50", f"{result['p50'] * 1000:,.0f} ms", ""),
        ("latency p95", f"{result['p95'] * 1000:,.0f} ms", ""),
        (
            "throughput",
            f"{result['stored'] / result['seconds']:,.0f}/s",
            f"events stored per second over {result['seconds']:.1f} s",
        ),
    ]
    print(f"{backend}{'' if ok else '  FAILED'}")
    for name, value, note in rows:
        print(f"  {name:<12} {value:>10}  {note}".rstrip())
    for failure in result["failed"][:5]:
        print(f"  ! {failure}")
    if result["new_answered"] != result["stored"]:
        print(f"  ! the answers said {result['new_answered']:,} new, the database holds {result['stored']:,}")
    sys.stdout.flush()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the tills push (default 30)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent tills (default 50)")
    parser.add_argument("--backend", default=",".join(BACKENDS), help="duckdb, postgresql or both (default)")
    parser.add_argument("--events", type=int, default=50, help="events per batch (default 50)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="requests at most, all tills together")
    parser.add_argument("--pool", type=int, default=4, help="stores in the app's pool (default 4, as serve)")
    parser.add_argument("--skus", type=int, default=24, help="SKUs of the demo chain (default 24)")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    unknown = sorted(set(backends) - set(BACKENDS))
    if unknown or not backends:
        parser.error(f"unknown backend {unknown}: use {', '.join(BACKENDS)}")
    folder = Path(tempfile.mkdtemp(prefix="stockpilot-pos-load-"))
    ok = True
    try:
        began = time.perf_counter()
        settings, prepared, files = prepare(folder, args.skus)
        print(
            f"demo chain prepared in {time.perf_counter() - began:.1f} s; {args.clients} tills, batches of "
            f"{args.events} events, {args.seconds:g} s, at most {args.max_requests:,} requests, pool {args.pool}",
            flush=True,
        )
        for backend in backends:
            if backend == "duckdb":
                target = folder / "load.duckdb"
                shutil.copyfile(prepared, target)
                ok &= report(backend, load(str(target), settings, args))
                continue
            with scratch_postgres.running() as server:
                url = server.create_database("pos_load")
                with open_store(url) as store:
                    for path in files_in_order(files):
                        import_file(store, path, settings)
                ok &= report(backend, load(url, settings, args))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
