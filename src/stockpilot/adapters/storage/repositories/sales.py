"""The sales history the demand panel is made from (see ``services/ports/sales.py``), on either backend.

The counting is DuckDB SQL (see engine.py), one GROUP BY per table keyed by series and day;
on PostgreSQL the rows of the days asked for are copied into an in-process DuckDB first. The
series are found once (sorted by location, then SKU) and handed to the other reads as lists.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pyarrow as pa

from stockpilot.adapters.storage.engine import Engine, TableSlice
from stockpilot.adapters.storage.repositories.plans import SELLING_CTE, SOLD_DAYS
from stockpilot.domain.replenishment.lifecycle import YEAR
from stockpilot.services.ports.sales import DemandFacts, SaleDays

_SERIES = """
WITH series AS (
    SELECT location_id, sku, row_number() OVER (ORDER BY location_id, sku) - 1 AS s
    FROM sales WHERE quantity > 0 AND CAST(occurred_at AS DATE) <= $cutoff
    GROUP BY location_id, sku
)
SELECT x.location_id, x.sku, coalesce(p.category, '') AS category,
       coalesce(p.department, '') AS department, p.unit_price
FROM series x LEFT JOIN products p USING (sku) ORDER BY x.s
"""

# The series found by _SERIES, handed back as JSON lists (one text parameter each binds far
# faster than a list of thousands of values).
_LISTED = """
WITH series AS (
    SELECT unnest(from_json($locations, '["VARCHAR"]')) AS location_id,
           unnest(from_json($skus, '["VARCHAR"]')) AS sku, unnest(range($series)) AS s
)
"""

# One row per series and history day of an event table; {values} are aggregates over t.
_DAILY = (
    _LISTED
    + """
SELECT x.s, date_diff('day', $start, CAST(t.{time} AS DATE)) AS d, {values}
FROM {table} t JOIN series x USING (location_id, sku)
WHERE CAST(t.{time} AS DATE) BETWEEN $start AND $cutoff
GROUP BY ALL
"""
)

_PROMOTIONS = (
    _LISTED
    + """
, covered AS (
    SELECT x.s, coalesce(p.discount_pct / 100, $unknown) AS discount,
           CAST(unnest(generate_series(greatest(p.start_date, $start), least(p.end_date, $last),
                                       INTERVAL 1 DAY)) AS DATE) AS day
    FROM promotions p JOIN series x
      ON x.sku = p.sku AND coalesce(p.location_id, '') IN ('', x.location_id)
    WHERE p.start_date <= $last AND p.end_date >= $start
)
SELECT s, date_diff('day', $start, day) AS d, max(discount) FROM covered GROUP BY ALL
"""
)

_EVENT_KINDS = "SELECT DISTINCT coalesce(kind, '') AS kind FROM calendar_events WHERE coalesce(location_id, '') = ''"
_EVENTS = """
SELECT date_diff('day', $start, date) AS d, min(coalesce(kind, '')) AS kind
FROM calendar_events
WHERE coalesce(location_id, '') = '' AND date BETWEEN $start AND $last
GROUP BY ALL
"""


def _floats(column: pa.ChunkedArray) -> np.ndarray:
    """A numeric column as float, SQL NULL as NaN."""
    return column.cast(pa.float64()).fill_null(np.nan).to_numpy()


def _texts(column: pa.ChunkedArray) -> np.ndarray:
    return np.asarray(column.to_pylist(), dtype=object)


_WEEKS = """
SELECT s.sku, date_diff('day', CAST(s.occurred_at AS DATE), $cutoff) // 7 AS week, sum(s.quantity) AS units,
       sum(s.quantity * coalesce(s.unit_price, p.unit_price, 0)) AS value
FROM sales s LEFT JOIN products p USING (sku)
WHERE s.quantity > 0 AND CAST(s.occurred_at AS DATE) BETWEEN $first AND $cutoff
GROUP BY ALL ORDER BY s.sku
"""


# Per SKU over the whole chain, the season and dead-stock facts of domain/replenishment/lifecycle.py
# (the same SQL as the plan's, plans.SELLING_CTE), ``age`` counted back from $day.
_SELLING = (
    "WITH sold_days AS (\n    "
    + SOLD_DAYS
    + """
), daily_units AS (
    SELECT '' AS location_id, sku, age, sum(units) AS units FROM sold_days GROUP BY ALL
), """
    + SELLING_CTE
    + """
SELECT sku, year_units, peak_units, peak_end_age, last_sale_age, dead_units FROM season ORDER BY sku
"""
)


class SqlSalesHistory:
    """The demand facts on any engine (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _read(self, sql: str, params: dict[str, Any], *tables: str | TableSlice) -> pa.Table:
        """Run ``sql`` with only the parameters it names (DuckDB refuses the others)."""
        return self.engine.read(sql, {k: v for k, v in params.items() if f"${k}" in sql}, tables=tables)

    def sale_days(self, cutoff: dt.date | None = None) -> SaleDays | None:
        """The first and last day with a sale, on or before ``cutoff`` if given; None without sales."""
        sql = "SELECT min(occurred_at), max(occurred_at) FROM sales WHERE quantity > 0"
        if cutoff is None:
            row = self.engine.rows(sql)
        else:
            row = self.engine.rows(sql + " AND occurred_at < $1", [cutoff + dt.timedelta(days=1)])
        if not row or row[0][0] is None:
            return None
        first, last = row[0]
        return SaleDays(first.date(), last.date())

    def weekly_sales(self, first: dt.date, cutoff: dt.date) -> dict[str, np.ndarray]:
        """Per SKU and week counted back from ``cutoff`` (0 = the last 7 days): units sold and
        their value (price paid, else the product's price), from ``first`` on; by SKU."""
        table = TableSlice(
            "sales", "quantity > 0 AND occurred_at >= $1 AND occurred_at < $2", (first, cutoff + dt.timedelta(days=1))
        )
        found = self._read(_WEEKS, {"first": first, "cutoff": cutoff}, table, "products")
        return {
            "sku": _texts(found["sku"]),
            "week": found["week"].to_numpy(),
            "units": _floats(found["units"]),
            "value": _floats(found["value"]),
        }

    def product_names(self) -> dict[str, tuple[str | None, str | None]]:
        """Per SKU its English and Chinese names."""
        return {sku: (en, zh) for sku, en, zh in self.engine.rows("SELECT sku, name_en, name_zh FROM products")}

    def selling_facts(self, cutoff: dt.date, *, season_days: int, dead_days: int) -> dict[str, np.ndarray]:
        """Per SKU sold in the ``YEAR`` days up to ``cutoff``, over the whole chain: the season and
        dead-stock facts (ages in days before the day after ``cutoff``; see plans.SELLING_CTE)."""
        day = cutoff + dt.timedelta(days=1)
        start = day - dt.timedelta(days=YEAR)
        table = TableSlice("sales", "quantity > 0 AND occurred_at >= $1 AND occurred_at < $2", (start, day))
        params = {"day": day, "year": YEAR, "season_days": season_days, "dead_days": dead_days}
        found = self._read(_SELLING, params, table)
        return {"sku": _texts(found["sku"]), **{name: _floats(found[name]) for name in found.column_names[1:]}}

    def demand_facts(
        self, start: dt.date, cutoff: dt.date, last: dt.date, *, unknown_discount: float, returns: bool = False
    ) -> DemandFacts:
        """Every series sold on or before ``cutoff`` and its daily counts from ``start``; a promotion
        line without a discount counts as ``unknown_discount``; returns are read if ``returns``."""
        after = cutoff + dt.timedelta(days=1)
        params: dict[str, Any] = {"cutoff": cutoff, "start": start, "last": last, "unknown": unknown_discount}
        sold_before = TableSlice("sales", "quantity > 0 AND occurred_at < $1", (after,))
        info = self._read(_SERIES, params, sold_before, "products")
        locations, skus = _texts(info["location_id"]), _texts(info["sku"])
        params |= {"locations": json.dumps(list(locations)), "skus": json.dumps(list(skus)), "series": len(skus)}
        shape = (len(skus), (cutoff - start).days + 1)

        def daily(table: str, time: str, *values: str, fill: float = 0.0) -> list[np.ndarray]:
            """Series x history-day arrays of the aggregates ``values`` over ``table``."""
            window = TableSlice(table, f"{time} >= $1 AND {time} < $2", (start, after))
            result = self._read(_DAILY.format(table=table, time=time, values=", ".join(values)), params, window)
            s, d = (result.column(i).to_numpy().astype(np.int64) for i in (0, 1))
            grids = []
            for column in result.columns[2:]:
                grid = np.full(shape, fill)
                grid[s, d] = _floats(column)
                grids.append(grid)
            return grids

        sold, value, priced = daily(
            "sales",
            "occurred_at",
            "sum(t.quantity)",
            "coalesce(sum(t.quantity * t.unit_price), 0)",
            "coalesce(sum(t.quantity) FILTER (WHERE t.unit_price IS NOT NULL), 0)",
        )
        (receipts,) = daily("receipts", "received_at", "sum(t.quantity)")
        (counts,) = daily("stock_counts", "counted_at", "arg_max(t.on_hand, t.counted_at)", fill=np.nan)
        returned = daily("returns", "occurred_at", "sum(t.quantity)")[0] if returns else None

        covering = TableSlice("promotions", "start_date <= $1 AND end_date >= $2", (last, start))
        promotions = self._read(_PROMOTIONS, params, covering)
        kinds = self._read(_EVENT_KINDS, params, "calendar_events")
        events = self._read(_EVENTS, params, "calendar_events")
        return DemandFacts(
            start=start,
            cutoff=cutoff,
            last=last,
            locations=locations,
            skus=skus,
            categories=_texts(info["category"]),
            departments=_texts(info["department"]),
            regular_price=_floats(info["unit_price"]),
            sold=sold,
            value=value,
            priced=priced,
            receipts=receipts,
            counts=counts,
            returned=returned,
            promotion_series=promotions.column(0).to_numpy().astype(np.int64),
            promotion_days=promotions.column(1).to_numpy().astype(np.int64),
            promotion_discount=_floats(promotions.column(2)),
            event_kinds=tuple(str(k) for k in kinds["kind"].to_pylist()),
            event_days=events["d"].to_numpy().astype(np.int64),
            event_kind=np.asarray(events["kind"].to_pylist(), dtype=str),
        )
