"""Open the product's storage: a DuckDB file (the default) or a PostgreSQL URL."""

from __future__ import annotations

from pathlib import Path

from stockpilot.adapters.storage.duckdb_engine import DuckDBEngine
from stockpilot.adapters.storage.engine import Engine
from stockpilot.adapters.storage.postgres_engine import PostgresEngine, is_postgres_url


def open_engine(target: str | Path, *, read_only: bool = False) -> Engine:
    """``postgresql://...`` opens that server's database; anything else is a DuckDB file path."""
    if isinstance(target, str) and is_postgres_url(target):
        return PostgresEngine(target, read_only=read_only)
    return DuckDBEngine(target, read_only=read_only)
