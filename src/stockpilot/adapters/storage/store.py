"""The product's storage: repositories over one engine (a DuckDB file or a PostgreSQL database).

:func:`open_store` is what the doors call: ``postgresql://...`` opens that server's
database, anything else is a DuckDB file path (``:memory:`` for a throwaway one). The
:class:`Store` it returns implements ``stockpilot.services.ports.Storage``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from stockpilot.adapters.storage.duckdb_engine import DuckDBEngine
from stockpilot.adapters.storage.engine import Engine
from stockpilot.adapters.storage.postgres_engine import PostgresEngine, is_postgres_url
from stockpilot.adapters.storage.repositories.access import SqlAccess
from stockpilot.adapters.storage.repositories.backtests import SqlBacktestRepository
from stockpilot.adapters.storage.repositories.forecasts import SqlForecastRepository
from stockpilot.adapters.storage.repositories.imports import SqlImports
from stockpilot.adapters.storage.repositories.plans import SqlPlanRepository
from stockpilot.adapters.storage.repositories.quarantine import SqlQuarantine
from stockpilot.adapters.storage.repositories.readiness import SqlReadinessFacts
from stockpilot.adapters.storage.repositories.replays import SqlReplayRepository
from stockpilot.adapters.storage.repositories.retention import SqlRetention
from stockpilot.adapters.storage.repositories.sales import SqlSalesHistory


def open_engine(target: str | Path, *, read_only: bool = False) -> Engine:
    """The engine for ``target``: a PostgreSQL URL or a DuckDB file path."""
    if isinstance(target, str) and is_postgres_url(target):
        return PostgresEngine(target, read_only=read_only)
    return DuckDBEngine(target, read_only=read_only)


class Store:
    """Every repository over one engine; one transaction spans them all."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.backend = engine.backend
        self.location = engine.location
        self.file = engine.location if isinstance(engine, DuckDBEngine) and engine.on_disk else None
        self.imports = SqlImports(engine)
        self.plans = SqlPlanRepository(engine)
        self.replays = SqlReplayRepository(engine)
        self.readiness = SqlReadinessFacts(engine)
        self.quarantine = SqlQuarantine(engine)
        self.retention = SqlRetention(engine)
        self.sales = SqlSalesHistory(engine)
        self.forecasts = SqlForecastRepository(engine)
        self.backtests = SqlBacktestRepository(engine)
        self.access = SqlAccess(engine)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.engine.transaction():
            yield

    def close(self) -> None:
        self.engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_store(target: str | Path, *, read_only: bool = False) -> Store:
    return Store(open_engine(target, read_only=read_only))
