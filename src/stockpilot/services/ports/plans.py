"""Plans: the facts a plan is made from, the plans and lines stored, and the decisions on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import pyarrow as pa

Columns = dict[str, np.ndarray]
Decision = tuple[int, int, str, float, str | None, str, dt.datetime]


class PlanRepository(Protocol):
    def forecast_run_covering(self, day: dt.date) -> int | None:
        """The latest forecast run whose days include ``day``."""
        ...

    def latest_forecast_first_day(self) -> dt.date | None: ...

    def series(self, run_id: int, day: dt.date, abc_days: int) -> tuple[Columns, Columns]:
        """Per location and SKU what is known on ``day`` (supplier, pack, nominal lead time, stock, sales
        value, promotions...); and the run's daily forecast mean and variance from ``day`` on."""
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

    def save(self, created_at: dt.datetime, day: dt.date, forecast_run_id: int, lines: pa.Table, flagged: int) -> int:
        """Store a plan with its lines; returns the new plan id."""
        ...

    def latest_plan_id(self) -> int | None: ...

    def lines(self, plan_id: int, which: str = "all") -> list[dict[str, Any]]:
        """The plan's lines with their latest decision (``which``: all, ordered_or_flagged, flagged)."""
        ...

    def proposed_quantities(self, plan_id: int) -> dict[int, float]: ...

    def record_decisions(self, rows: Sequence[Decision]) -> None:
        """Append (plan_id, line, decision, quantity, reason, decided_by, decided_at) rows at once."""
        ...
