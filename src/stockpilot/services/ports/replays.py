"""Replays: the supplier and item facts a replay reads, the orders the shop placed, the runs stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import pyarrow as pa

Supplier = tuple[float, float, list[float]]  # MOQ, nominal lead time, raw observed lead times (days)


class ReplayRepository(Protocol):
    def suppliers(self, cutoff: dt.date | None) -> dict[str, Supplier]:
        """Per supplier: MOQ, nominal lead time and the raw lead times its receipts up to ``cutoff`` show
        (which count is the domain's rule: line_plan.counted_lead_times)."""
        ...

    def items(self, keys: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
        """Per (location, SKU): supplier_id, unit_cost, unit_price, case_pack."""
        ...

    def orders_placed(self, first: dt.date, last: dt.date) -> list[tuple[str, str, int, float]]:
        """(location, SKU, day number from ``first``, quantity) of the purchase orders placed."""
        ...

    def next_run_id(self) -> int: ...

    def save(
        self,
        run_id: int,
        created_at: dt.datetime,
        first: dt.date,
        last: dt.date,
        report: dict[str, Any],
        rows: pa.Table,
    ) -> None: ...

    def latest_report(self) -> tuple[dt.datetime, dict[str, Any]] | None:
        """When the latest replay was run and its report as ``save`` stored it; None before any replay."""
        ...

    def latest_cash_improvement(self) -> tuple[int | None, dict[str, float] | None]:
        """The latest replay's id and cash improvement per SKU; (None, None) before any replay."""
        ...
