"""Plans: the facts a plan is made from, the plans and lines stored, and the decisions on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

Columns = dict[str, np.ndarray]


@dataclass(frozen=True)
class Decision:
    """One decision on a line of a plan, as ``review_decisions`` keeps it (the plan id aside)."""

    line: int
    decision: str  # approve, edit or reject
    quantity: float  # what it orders: as proposed, as edited, or 0
    reason: str | None  # the person's reason
    decided_by: str
    decided_at: dt.datetime
    carried_from: int | None = None  # the earlier plan of the day it was made on, when a re-plan kept it


@dataclass(frozen=True)
class OrderTerms:
    """What a plan's purchase orders need beside its lines: the plan's date, the nominal lead
    time (days) of each supplier and the address of each location its lines name (a location
    without an address is left out)."""

    plan_date: dt.date
    lead_times: dict[str, float]
    addresses: dict[str, str]


class PlanRepository(Protocol):
    def forecast_run_covering(self, day: dt.date) -> int | None:
        """The latest forecast run whose days include ``day``."""
        ...

    def latest_forecast_first_day(self) -> dt.date | None: ...

    def series(
        self, run_id: int, day: dt.date, abc_days: int, *, season_days: int, dead_days: int
    ) -> tuple[Columns, Columns]:
        """Per location and SKU what is known on ``day`` (supplier, pack, nominal lead time, stock, sales
        value, promotions, the season and dead-stock facts of domain/replenishment/lifecycle.py over
        ``season_days`` and ``dead_days``, the days without data at the location...); and the run's
        daily forecast mean and variance from ``day`` on."""
        ...

    def lead_times(self, day: dt.date) -> dict[str, list[float]]:
        """Per supplier the raw lead times (days, order date to receipt date) of its receipts
        before ``day``; which count is the domain's rule (line_plan.counted_lead_times)."""
        ...

    def earlier_errors(
        self, run_id: int, day: dt.date, lookback_days: int, keys: Sequence[tuple[str, str]], cover: np.ndarray
    ) -> Columns:
        """Per series and earlier forecast run: actual minus forecast demand over the series' cover."""
        ...

    def latest_sale_before(self, day: dt.date) -> dt.datetime | None: ...

    def save(
        self,
        created_at: dt.datetime,
        day: dt.date,
        forecast_run_id: int,
        lines: pa.Table,
        flagged: int,
        carried: Sequence[Decision] = (),
    ) -> int:
        """Store a plan with its lines as the current plan of ``day`` (the plan of ``day`` before it is
        marked superseded by it) and the decisions ``carried`` over to its lines; returns its id."""
        ...

    def latest_plan_id(self) -> int | None:
        """The newest plan that no re-plan has superseded."""
        ...

    def current_plan(self, day: dt.date) -> int | None:
        """The plan of ``day`` that no re-plan has superseded."""
        ...

    def superseded_by(self, plan_id: int) -> int | None:
        """The plan that replaced ``plan_id`` (None while it is current, or when there is no such plan)."""
        ...

    def lines(self, plan_id: int, which: str = "all") -> list[dict[str, Any]]:
        """The plan's lines with their latest decision (``which``: all, ordered_or_flagged, flagged)."""
        ...

    def order_terms(self, plan_id: int) -> OrderTerms | None:
        """The plan's date, its suppliers' lead times and its locations' addresses; None: no such plan."""
        ...

    def record_decisions(self, plan_id: int, rows: Sequence[Decision]) -> None:
        """Append decisions on lines of ``plan_id`` at once."""
        ...
