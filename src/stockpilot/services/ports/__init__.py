"""What the services need from the outside world, as protocols (ports).

The services speak only to these: a :class:`Storage` made of repositories, one per kind
of record, with a unit of work (:meth:`Storage.transaction`), and a :class:`Clock`. The
adapters in ``stockpilot.adapters.storage`` implement them on DuckDB and on PostgreSQL;
the composition (which implementation, which database) happens at the doors (command
line, web app).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from stockpilot.services.ports.clock import Clock, SystemClock

__all__ = ["Clock", "Storage", "SystemClock"]


class Storage(Protocol):
    """The product's records (see each repository) and one transaction around several writes."""

    backend: str  # "duckdb" or "postgresql"
    location: str  # the file or the server URL (no password), for messages
    file: str | None  # the database file (a key file may live beside it); None for a server or memory

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing around the writes inside (repositories join it)."""
        ...

    def close(self) -> None: ...
