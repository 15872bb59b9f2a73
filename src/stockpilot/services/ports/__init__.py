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

from stockpilot.services.ports.access import AccessRepository
from stockpilot.services.ports.backtests import BacktestRepository
from stockpilot.services.ports.clock import Clock, SystemClock
from stockpilot.services.ports.forecasts import ForecastRepository
from stockpilot.services.ports.imports import Importer
from stockpilot.services.ports.plans import PlanRepository
from stockpilot.services.ports.quarantine import QuarantineRepository
from stockpilot.services.ports.readiness import ReadinessFactsSource
from stockpilot.services.ports.replays import ReplayRepository
from stockpilot.services.ports.retention import RetentionRepository
from stockpilot.services.ports.sales import SalesHistory

__all__ = ["Clock", "Storage", "SystemClock"]


class Storage(Protocol):
    """The product's records (see each repository) and one transaction around several writes."""

    @property
    def backend(self) -> str:
        """ "duckdb" or "postgresql"."""
        ...

    @property
    def location(self) -> str:
        """The file or the server URL (no password), for messages."""
        ...

    @property
    def file(self) -> str | None:
        """The database file (a key file may live beside it); None for a server or memory."""
        ...

    @property
    def imports(self) -> Importer: ...

    @property
    def quarantine(self) -> QuarantineRepository: ...

    @property
    def retention(self) -> RetentionRepository: ...

    @property
    def plans(self) -> PlanRepository: ...

    @property
    def replays(self) -> ReplayRepository: ...

    @property
    def sales(self) -> SalesHistory: ...

    @property
    def forecasts(self) -> ForecastRepository: ...

    @property
    def backtests(self) -> BacktestRepository: ...

    @property
    def readiness(self) -> ReadinessFactsSource: ...

    @property
    def access(self) -> AccessRepository: ...

    def transaction(self) -> AbstractContextManager[None]:
        """All-or-nothing around the writes inside (repositories join it)."""
        ...

    def close(self) -> None: ...
