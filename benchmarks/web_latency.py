"""Web latency: the orders and evidence pages with M5 store CA_1 loaded (3,049 SKUs).

Builds a DuckDB file from ``../shared/data/m5_ca1`` once (import through the M5 profile, a
supplier, a stock count, `run_forecast`, a plan, a replay of the last ``--replay-days`` days:
not timed; reused on the next run), then serves the app on loopback in this process and asks
each page ``--requests`` times as a logged-in owner, ``--clients`` at a time. Side by side, in
the same process, the same services are called directly (the page's data without HTTP, HTML or
log-in), and the ratio page / services says what the web door adds (the evidence page holds its
SKU priority until new data is imported or replayed, so after the first view it is far below the
service's time). Target: p95 under 300 ms for the orders and evidence pages on this machine.

    .venv/bin/python benchmarks/web_latency.py [--db PATH] [--requests 60] [--clients 1]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from plan_speed import prepare
from stockpilot.adapters.passwords import Argon2Hasher
from stockpilot.adapters.storage.store import open_store
from stockpilot.doors.web.app import WebConfig
from stockpilot.doors.web.server import form_token, free_port, start_in_thread
from stockpilot.services import access
from stockpilot.services.planning import make_plan
from stockpilot.services.prioritising import prioritise_skus
from stockpilot.services.replay import run_replay
from stockpilot.services.review import ReviewFilter, latest_plan, review_list
from stockpilot.settings import load_settings

PASSWORD = "web-latency-password"
SECRET = "web-latency-benchmark-secret-0123456789abcdef"
PAGES = ("/orders", "/evidence")


def build(db_path: Path, replay_days: int) -> None:
    """CA_1 imported, forecast, planned and replayed, with an owner to log in as (once)."""
    settings = load_settings({"pseudonym_key_file": "/tmp/web_latency.key"}, environ={})
    with open_store(db_path) as db:
        day = prepare(db)
        if db.plans.latest_plan_id() is None:
            make_plan(db, settings, day)
        if not db.engine.rows("SELECT count(*) FROM replay_runs")[0][0]:
            run_replay(db, settings, days=replay_days)
        if db.access.user("owner") is None:
            access.add_user(db, Argon2Hasher(), "owner", "owner", PASSWORD, language="en")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (Hyndman & Fan definition 1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]


def timed(run: Callable[[], object], requests: int, clients: int) -> list[float]:
    """Seconds of each of ``requests`` calls of ``run``, ``clients`` at a time."""

    def one(_: int) -> float:
        started = time.perf_counter()
        run()
        return time.perf_counter() - started

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, range(requests)))


def logged_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=120)
    page = client.get("/login").text
    csrf = form_token(page)
    answer = client.post("/login", data={"csrf": csrf, "name": "owner", "password": PASSWORD})
    assert answer.status_code == 303, f"log-in answered {answer.status_code}"
    return client


def services_for(db_path: Path) -> dict[str, Callable[[], object]]:
    """What each page reads, called directly: the plan's flagged-first review list, and the
    priority report (the replay's stored run is read by the page as well)."""
    settings = load_settings(environ={})

    def orders() -> object:
        with open_store(db_path, read_only=True) as db:
            return review_list(db, latest_plan(db), ReviewFilter())

    def evidence() -> object:
        with open_store(db_path, read_only=True) as db:
            return prioritise_skus(db, settings)

    return {"/orders": orders, "/evidence": evidence}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/web_latency.duckdb"))
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--replay-days", type=int, default=28)
    args = parser.parse_args()
    started = time.perf_counter()
    build(args.db, args.replay_days)
    print(f"database ready in {time.perf_counter() - started:.0f} s ({args.db})")
    direct = {}
    for path, run in services_for(args.db).items():
        run()  # warm
        direct[path] = timed(run, max(10, args.requests // 4), 1)
    settings = load_settings(environ={})
    server = start_in_thread(WebConfig(settings, str(args.db), SECRET), "127.0.0.1", free_port("127.0.0.1"))
    try:
        client = logged_in(server.url)
        print(f"{'page':<12}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}   {'services p50 ms':>16}{'page / services':>17}")
        for path in PAGES:
            client.get(path).raise_for_status()  # warm
            seconds = timed(lambda path=path: client.get(path).raise_for_status(), args.requests, args.clients)
            p50, p95 = statistics.median(seconds) * 1000, percentile(seconds, 0.95) * 1000
            service = statistics.median(direct[path]) * 1000
            verdict = "under 300 ms" if p95 < 300 else "OVER 300 ms"
            ratio = f"{p50 / service:.2f}x"
            print(f"{path:<12}{len(seconds):>9}{p50:>9.0f}{p95:>9.0f}   {service:>16.0f}{ratio:>17}   {verdict}")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
