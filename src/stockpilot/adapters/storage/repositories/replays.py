"""Replays of the shop's history (R-SIM-1..3): what they read and the runs they store."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from stockpilot.adapters.storage.engine import Engine, TableSlice
from stockpilot.adapters.storage.repositories.plans import SUPPLIER_OF, WAREHOUSE_CTE, lead_times

_ITEMS = (
    WAREHOUSE_CTE
    + f""", series AS (SELECT unnest($locations) AS location_id, unnest($skus) AS sku)
SELECT s.location_id, s.sku,
       coalesce({SUPPLIER_OF}, '') AS supplier_id,
       p.unit_cost, p.unit_price, coalesce(p.case_pack, 1) AS case_pack
FROM series s LEFT JOIN locations l USING (location_id) LEFT JOIN products p USING (sku), warehouse w
"""
)
_ORDERS = """
SELECT location_id, sku, date_diff('day', $first, order_date) AS d, sum(quantity) AS quantity
FROM purchase_orders WHERE order_date BETWEEN $first AND $last AND quantity > 0 GROUP BY ALL
"""

Supplier = tuple[float, float, list[float]]  # MOQ, nominal lead time, observed lead times


class SqlReplayRepository:
    """Replay inputs and runs on any engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def suppliers(self, cutoff: dt.date | None) -> dict[str, Supplier]:
        """Per supplier: MOQ, nominal lead time and the raw lead times its receipts up to ``cutoff``
        show (which count is the domain's rule: line_plan.counted_lead_times)."""
        observed = lead_times(self.engine, cutoff or dt.date.max)
        rows = self.engine.rows("SELECT supplier_id, coalesce(moq, 0), lead_time_days FROM suppliers")
        return {
            supplier: (float(moq), 0.0 if nominal is None else float(nominal), observed.get(supplier, []))
            for supplier, moq, nominal in rows
        }

    def items(self, keys: Sequence[tuple[str, str]]) -> list[dict[str, Any]]:
        """Per (location, SKU): its supplier, unit cost and price, and case pack (in no order)."""
        params = {"locations": [k[0] for k in keys], "skus": [k[1] for k in keys]}
        return self.engine.read(_ITEMS, params, tables=("locations", "suppliers", "products")).to_pylist()

    def orders_placed(self, first: dt.date, last: dt.date) -> list[tuple[str, str, int, float]]:
        """(location, SKU, day number from ``first``, quantity) of the purchase orders placed."""
        table = TableSlice("purchase_orders", "order_date BETWEEN $1 AND $2", (first, last))
        rows = self.engine.read(_ORDERS, {"first": first, "last": last}, tables=(table,)).to_pylist()
        return [(r["location_id"], r["sku"], int(r["d"]), float(r["quantity"])) for r in rows]

    def next_run_id(self) -> int:
        return self.engine.next_id("replay_run_seq")

    def save(
        self,
        run_id: int,
        created_at: dt.datetime,
        first: dt.date,
        last: dt.date,
        report: dict[str, Any],
        rows: pa.Table,
    ) -> None:
        """Store the run's report (as JSON) and its per-series rows, in one transaction."""
        with self.engine.transaction():
            self.engine.execute(
                "INSERT INTO replay_runs VALUES ($1, $2, $3, $4, $5, CAST($6 AS JSON))",
                [run_id, created_at, first, last, report["series"], json.dumps(report, allow_nan=False, default=str)],
            )
            self.engine.insert_arrow("replay_series", rows)

    def latest_report(self) -> tuple[dt.datetime, dict[str, Any]] | None:
        """When the latest replay was run and its report (the JSON ``save`` stored), or None."""
        rows = self.engine.rows(
            "SELECT created_at, CAST(report AS VARCHAR) FROM replay_runs ORDER BY run_id DESC LIMIT 1"
        )
        if not rows:
            return None
        created_at, report = rows[0]
        return created_at, json.loads(report)

    def latest_cash_improvement(self) -> tuple[int | None, dict[str, float] | None]:
        """The latest replay's id and its cash improvement per SKU (all locations summed)."""
        row = self.engine.rows("SELECT max(run_id) FROM replay_runs")
        if not row or row[0][0] is None:
            return None, None
        run_id = int(row[0][0])
        sums = self.engine.rows(
            "SELECT sku, sum(cash_improvement) FROM replay_series WHERE run_id = $1 GROUP BY sku", [run_id]
        )
        return run_id, {sku: float(total) for sku, total in sums}
