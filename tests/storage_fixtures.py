"""The storage contract's fixtures: a throwaway PostgreSQL server for the run, a fresh database
per test on either backend, and the count of contract tests that passed on each backend.

The server comes from Debian's postgresql package, which `make install` installs: when it
cannot start, every PostgreSQL test errors (it is never skipped).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from stockpilot.adapters.storage import scratch_postgres
from stockpilot.adapters.storage.store import Store, open_store

BACKENDS = ("duckdb", "postgresql")
CONTRACT = "tests/contract/"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[scratch_postgres.ScratchServer]:
    server = scratch_postgres.start()
    yield server
    scratch_postgres.stop(server)


@pytest.fixture
def pg_url(pg_server: scratch_postgres.ScratchServer) -> str:
    """The URL of a new, empty database on the run's server."""
    return pg_server.create_database(f"t_{uuid.uuid4().hex[:16]}")


@pytest.fixture(params=BACKENDS)
def backend_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's fresh store lives: a DuckDB file, or a new PostgreSQL database."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    return str(tmp_path / "store.duckdb")


@pytest.fixture
def any_store(backend_target: str) -> Iterator[Store]:
    """A fresh, migrated store on each backend in turn."""
    store = open_store(backend_target)
    yield store
    store.close()


def contract_counts(terminalreporter: pytest.TerminalReporter) -> Counter[str]:
    """Passed storage contract tests per backend (from the test ids)."""
    counts: Counter[str] = Counter()
    for report in terminalreporter.stats.get("passed", []):
        nodeid = getattr(report, "nodeid", "")
        if nodeid.startswith(CONTRACT) and getattr(report, "when", "call") == "call":
            for backend in BACKENDS:
                if f"[{backend}" in nodeid or f"-{backend}]" in nodeid or f"-{backend}-" in nodeid:
                    counts[backend] += 1
    return counts
