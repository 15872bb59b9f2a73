"""Plans, their proposal lines and the decisions on them (R-REP-2, R-REP-3), on either backend.

The reads are DuckDB SQL (see engine.py): on PostgreSQL the tables a read names are copied
into an in-process DuckDB first (the forecasts of the runs it needs only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from stockpilot.adapters.storage.engine import Engine, TableSlice
from stockpilot.domain.replenishment.lifecycle import YEAR
from stockpilot.services.ports.plans import Decision, OrderTerms

Columns = dict[str, np.ndarray]

# The chain's warehouse: a location of kind warehouse that is also a supplier (to its stores).
WAREHOUSE_CTE = """
WITH warehouse AS (
    SELECT min(l.location_id) AS id FROM locations l JOIN suppliers s ON s.supplier_id = l.location_id
    WHERE l.kind = 'warehouse'
)"""
# Who supplies a location, in one place for the plan and the replay: a store its chain's
# warehouse ``w`` when there is one, else the product's supplier (``l``: locations, ``p``: products).
SUPPLIER_OF = "CASE WHEN l.kind = 'store' AND w.id IS NOT NULL THEN w.id ELSE p.supplier_id END"

# The raw lead times of the receipts up to $last (order date known), per supplier, in days, in
# the order they were received (the replay draws from them with a seed: the same draws on any backend);
# which of them count is the domain's rule (line_plan.counted_lead_times).
LEAD_TIMES = """
SELECT supplier_id,
       list(date_diff('day', order_date, CAST(received_at AS DATE)) ORDER BY received_at, event_id) AS observed
FROM receipts WHERE order_date IS NOT NULL AND CAST(received_at AS DATE) <= $last GROUP BY ALL
"""

# The season and dead-stock facts of each series (domain/replenishment/lifecycle.py) from the CTE
# ``daily_units(location_id, sku, age, units)`` the query defines: units sold (quantity > 0) per
# day, ``age`` days before $day (1: the day before), over the last lifecycle.YEAR days. ``peak``
# is the trailing $season_days-day sum at each sale day; the season's end is the latest sale day
# where it is largest; ``dead_units`` those sold in the last $dead_days days.
SELLING_CTE = """season AS (
    SELECT location_id, sku, sum(units) AS year_units, max(peak) AS peak_units,
           arg_min(age, (-peak, age)) AS peak_end_age, min(age) AS last_sale_age,
           coalesce(sum(units) FILTER (WHERE age <= $dead_days), 0) AS dead_units
    FROM (SELECT *, sum(units) OVER (PARTITION BY location_id, sku ORDER BY age
                                     RANGE BETWEEN CURRENT ROW AND $season_days - 1 FOLLOWING) AS peak
          FROM daily_units)
    GROUP BY ALL
)"""
# The days of units sold before $day that SELLING_CTE reads, from the sales of table ``sales``.
SOLD_DAYS = """SELECT location_id, sku, date_diff('day', CAST(occurred_at AS DATE), $day) AS age, sum(quantity) AS units
    FROM sales WHERE quantity > 0 AND CAST(occurred_at AS DATE) < $day
      AND CAST(occurred_at AS DATE) >= $day - INTERVAL ($year) DAY GROUP BY ALL"""

_SERIES = (
    WAREHOUSE_CTE
    + f""", stores AS (
    SELECT DISTINCT location_id, sku FROM forecasts WHERE run_id = $run
), series AS (
    SELECT location_id, sku FROM stores
    UNION SELECT w.id, s.sku FROM stores s, warehouse w WHERE w.id IS NOT NULL
), supplied AS (
    SELECT x.location_id, x.sku,
           {SUPPLIER_OF} AS supplier_id,
           coalesce(p.case_pack, 1) AS case_pack, p.unit_cost,
           CASE WHEN l.kind = 'store' THEN p.shelf_capacity END AS shelf_capacity
    FROM series x JOIN locations l USING (location_id) LEFT JOIN products p USING (sku), warehouse w
), counted AS (
    SELECT location_id, sku, arg_max(on_hand, counted_at) AS on_hand, max(counted_at) AS at
    FROM stock_counts WHERE CAST(counted_at AS DATE) < $day GROUP BY ALL
), flows AS (
    SELECT x.location_id, x.sku,
      coalesce((SELECT sum(quantity) FROM receipts r WHERE r.location_id = x.location_id AND r.sku = x.sku
                AND r.received_at >= c.at AND CAST(r.received_at AS DATE) < $day), 0)
    - coalesce((SELECT sum(quantity) FROM sales t WHERE t.location_id = x.location_id AND t.sku = x.sku
                AND t.occurred_at >= c.at AND CAST(t.occurred_at AS DATE) < $day), 0) AS since_count
    FROM series x JOIN counted c USING (location_id, sku)
), ordered AS (
    SELECT o.location_id, o.sku, sum(o.quantity) - coalesce(sum(r.received), 0) AS on_order
    FROM purchase_orders o LEFT JOIN (
        SELECT po_id, location_id, sku, sum(quantity) AS received FROM receipts
        WHERE CAST(received_at AS DATE) < $day GROUP BY ALL
    ) r USING (po_id, location_id, sku)
    WHERE coalesce(o.status, 'open') = 'open' AND o.order_date < $day GROUP BY ALL
), usual AS (
    SELECT location_id, sku, median(quantity) AS usual FROM purchase_orders
    WHERE order_date BETWEEN $day - INTERVAL 90 DAY AND $day - INTERVAL 1 DAY GROUP BY ALL
), sold_here AS (
    SELECT location_id, sku, min(CAST(occurred_at AS DATE)) AS first_sale,
           sum(quantity) FILTER (WHERE CAST(occurred_at AS DATE) >= $day - INTERVAL 7 DAY) AS recent,
           sum(quantity * coalesce(unit_price, 0))
               FILTER (WHERE CAST(occurred_at AS DATE) >= $day - INTERVAL ($abc_days) DAY) AS value
    FROM sales WHERE CAST(occurred_at AS DATE) < $day GROUP BY ALL
), sold AS (  -- the warehouse sells what its stores sell
    SELECT * FROM sold_here
    UNION ALL SELECT w.id, sku, min(first_sale), sum(recent), sum(value) FROM sold_here, warehouse w
    WHERE w.id IS NOT NULL GROUP BY ALL
), promoted AS (
    SELECT x.location_id, x.sku, min(date_diff('day', $day, p.start_date)) AS promotion_in
    FROM series x JOIN promotions p ON p.sku = x.sku AND coalesce(p.location_id, '') IN ('', x.location_id)
    WHERE p.start_date >= $day GROUP BY ALL
), sold_days AS (
    """
    + SOLD_DAYS
    + """
), daily_units AS (  -- the warehouse sells what its stores sell
    SELECT location_id, sku, age, sum(units) AS units FROM (
        SELECT * FROM sold_days
        UNION ALL SELECT w.id, sku, age, units FROM sold_days, warehouse w WHERE w.id IS NOT NULL
    ) GROUP BY ALL
), """
    + SELLING_CTE
    + """, latest_here AS (
    SELECT location_id, max(CAST(occurred_at AS DATE)) AS latest FROM sales WHERE CAST(occurred_at AS DATE) < $day
    GROUP BY ALL
), latest_row AS (  -- the days before $day since the location's latest sale row (the warehouse: its stores')
    SELECT location_id, date_diff('day', max(latest), $day) - 1 AS days_without FROM (
        SELECT * FROM latest_here UNION ALL SELECT w.id, latest FROM latest_here, warehouse w WHERE w.id IS NOT NULL
    ) GROUP BY ALL
)
SELECT s.location_id, s.sku, coalesce(s.supplier_id, '') AS supplier_id, s.case_pack, s.unit_cost, s.shelf_capacity,
       coalesce(u.moq, 0) AS moq, coalesce(u.lead_time_days, 0) AS nominal_lead,
       c.on_hand IS NOT NULL AS counted, greatest(coalesce(c.on_hand + f.since_count, 0), 0) AS on_hand,
       greatest(coalesce(o.on_order, 0), 0) AS on_order, us.usual,
       coalesce(date_diff('day', d.first_sale, $day), 0) AS history_days,
       coalesce(d.recent, 0) AS recent, coalesce(d.value, 0) AS value, pr.promotion_in,
       coalesce(se.year_units, 0) AS year_units, coalesce(se.peak_units, 0) AS peak_units, se.peak_end_age,
       coalesce(se.dead_units, 0) AS dead_units, lr.days_without
FROM supplied s LEFT JOIN suppliers u USING (supplier_id)
LEFT JOIN counted c USING (location_id, sku) LEFT JOIN flows f USING (location_id, sku)
LEFT JOIN ordered o USING (location_id, sku) LEFT JOIN usual us USING (location_id, sku)
LEFT JOIN sold d USING (location_id, sku) LEFT JOIN promoted pr USING (location_id, sku)
LEFT JOIN season se USING (location_id, sku) LEFT JOIN latest_row lr USING (location_id)
ORDER BY supplier_id, location_id, sku
"""
)

_FORECASTS = (
    WAREHOUSE_CTE
    + """, days AS (
    SELECT location_id, sku, date_diff('day', $day, date) AS d, mean, mean + dispersion * mean * mean AS variance
    FROM forecasts WHERE run_id = $run AND date >= $day
)
SELECT * FROM days
UNION ALL SELECT w.id, sku, d, sum(mean), sum(variance) FROM days, warehouse w WHERE w.id IS NOT NULL GROUP BY ALL
"""
)


# The error of each earlier forecast run (first day within the look-back) over each series'
# R + L: actual sales minus forecast, day t weighted clip(cover - t, 0, 1) (policy.day_weights),
# only where all of its R + L days have passed; the warehouse's days are its stores' sums.
# A series without a forecast in a run has no error for it.
_EARLIER = (
    WAREHOUSE_CTE
    + """, runs AS (
    SELECT run_id, first_date FROM forecast_runs
    WHERE run_id <> $run AND first_date < $day AND first_date >= $day - INTERVAL ($lookback) DAY
), planned AS (
    SELECT unnest($locations) AS location_id, unnest($skus) AS sku, unnest($covers) AS cover, unnest($rows) AS i
), days AS (
    SELECT f.run_id, f.location_id, f.sku, f.date, date_diff('day', r.first_date, f.date) AS d, f.mean
    FROM forecasts f JOIN runs r USING (run_id) WHERE f.date < $day AND date_diff('day', r.first_date, f.date) < $span
), sold AS (
    SELECT location_id, sku, CAST(occurred_at AS DATE) AS date, sum(quantity) AS units FROM sales
    WHERE quantity > 0 AND CAST(occurred_at AS DATE) < $day
      AND CAST(occurred_at AS DATE) >= $day - INTERVAL ($lookback) DAY
    GROUP BY ALL
), scored AS (
    SELECT x.run_id, x.location_id, x.sku, x.d, x.mean, coalesce(s.units, 0) AS units
    FROM days x LEFT JOIN sold s USING (location_id, sku, date)
), located AS (
    SELECT * FROM scored
    UNION ALL SELECT run_id, w.id, sku, d, sum(mean), sum(units) FROM scored, warehouse w
    WHERE w.id IS NOT NULL GROUP BY ALL
)
SELECT p.i, x.run_id, sum(greatest(least(p.cover - x.d, 1), 0) * (x.units - x.mean)) AS error
FROM located x JOIN planned p USING (location_id, sku) JOIN runs r USING (run_id)
WHERE date_diff('day', r.first_date, $day) >= ceil(p.cover)
GROUP BY ALL
"""
)

# A plan's lines with the latest decision on each (who, when, why; carried_from: the earlier plan
# of the day a re-plan took it from), the product's and the location's names and the supplier's,
# and the case pack the line was rounded to (kept with its reason).
_LINES = """
WITH last AS (
    SELECT line, arg_max(decision, decided_at) AS decision, arg_max(quantity, decided_at) AS quantity,
           arg_max(decided_by, decided_at) AS decided_by, max(decided_at) AS decided_at,
           arg_max(reason, decided_at) AS decision_reason, arg_max(carried_from, decided_at) AS carried_from
    FROM review_decisions WHERE plan_id = $plan GROUP BY line
)
SELECT p.plan_id, p.line, p.supplier_id, p.location_id, p.sku, coalesce(l.quantity, p.quantity) AS quantity,
       p.flags, p.reason_code, p.reason_params, l.decision, l.decided_by, l.decided_at, l.decision_reason,
       l.carried_from, p.unit_cost, p.abc,
       p.demand, p.safety_stock, p.service_level, p.on_hand, p.on_order, p.order_up_to, p.raw_quantity,
       p.quantity AS proposed_quantity, p.steps,
       coalesce(TRY_CAST(json_extract_string(p.reason_params, '$.pack') AS DOUBLE), 1) AS case_pack,
       coalesce(pr.name_en, p.sku) AS product_name_en, pr.name_zh AS product_name_zh,
       coalesce(lo.name_en, p.location_id) AS location_name_en, lo.name_zh AS location_name_zh,
       coalesce(su.name, p.supplier_id) AS supplier_name
FROM proposals p LEFT JOIN last l USING (line)
LEFT JOIN products pr ON pr.sku = p.sku
LEFT JOIN locations lo ON lo.location_id = p.location_id
LEFT JOIN suppliers su ON su.supplier_id = p.supplier_id
WHERE p.plan_id = $plan {where}
ORDER BY p.flags = '', p.quantity = 0, p.supplier_id, p.location_id, p.sku
"""

_SERIES_TABLES = (
    "locations",
    "suppliers",
    "products",
    "receipts",
    "stock_counts",
    "sales",
    "purchase_orders",
    "promotions",
)
_LINE_WHERE = {
    "all": "",
    "ordered_or_flagged": " AND (p.quantity > 0 OR p.flags <> '')",
    "flagged": " AND p.flags <> ''",
}


def _columns(table: pa.Table) -> Columns:
    """A result's columns as numpy: numbers with SQL NULL as NaN, text with NULL as ""."""
    out: Columns = {}
    for name, column in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            out[name] = np.asarray(column.fill_null("").to_pylist(), dtype=object)
        elif column.null_count and (pa.types.is_integer(column.type) or pa.types.is_floating(column.type)):
            out[name] = column.cast(pa.float64()).fill_null(np.nan).to_numpy()
        else:
            out[name] = column.to_numpy()
    return out


def lead_times(engine: Engine, last: dt.date) -> dict[str, list[float]]:
    """Per supplier the raw lead times (days) of its receipts up to ``last``, in the order stored."""
    rows = engine.read(LEAD_TIMES, {"last": last}, tables=("receipts",)).to_pylist()
    return {r["supplier_id"]: [float(x) for x in r["observed"]] for r in rows}


class SqlPlanRepository:
    """Plans on any engine (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def forecast_run_covering(self, day: dt.date) -> int | None:
        """The latest forecast run whose days include ``day``."""
        row = self.engine.rows(
            "SELECT max(run_id) FROM forecast_runs WHERE first_date <= $1 AND first_date + horizon_days > $2",
            [day, day],
        )
        return None if not row or row[0][0] is None else int(row[0][0])

    def latest_forecast_first_day(self) -> dt.date | None:
        """The first forecast day of the latest forecast run."""
        row = self.engine.rows("SELECT first_date FROM forecast_runs ORDER BY run_id DESC LIMIT 1")
        return row[0][0] if row else None

    def series(
        self, run_id: int, day: dt.date, abc_days: int, *, season_days: int, dead_days: int
    ) -> tuple[Columns, Columns]:
        """Per location and SKU everything known on ``day`` (with the season facts of `SELLING_CTE`);
        and the daily forecast mean and variance of run ``run_id`` from ``day`` on (column ``d``:
        days after ``day``)."""
        forecasts = TableSlice("forecasts", "run_id = $1 AND date >= $2", (run_id, day))
        params = {"run": run_id, "day": day, "abc_days": abc_days, "year": YEAR}
        params |= {"season_days": season_days, "dead_days": dead_days}
        base = self.engine.read(_SERIES, params, tables=(*_SERIES_TABLES, forecasts))
        daily = self.engine.read(_FORECASTS, {"run": run_id, "day": day}, tables=("locations", "suppliers", forecasts))
        return _columns(base), _columns(daily)

    def lead_times(self, day: dt.date) -> dict[str, list[float]]:
        """Per supplier the raw lead times (days) of its receipts before ``day`` (see `LEAD_TIMES`)."""
        return lead_times(self.engine, day - dt.timedelta(days=1))

    def earlier_errors(
        self, run_id: int, day: dt.date, lookback_days: int, keys: Sequence[tuple[str, str]], cover: np.ndarray
    ) -> Columns:
        """Per series (``i``: its place in ``keys``) and earlier run: actual minus forecast demand over its cover."""
        start = day - dt.timedelta(days=lookback_days)
        runs = "run_id IN (SELECT run_id FROM forecast_runs WHERE first_date < $1 AND first_date >= $2)"
        params = {
            "run": run_id,
            "day": day,
            "lookback": lookback_days,
            "span": int(np.ceil(cover.max())) if len(cover) else 0,
            "locations": [k[0] for k in keys],
            "skus": [k[1] for k in keys],
            "covers": [float(c) for c in cover],
            "rows": list(range(len(cover))),
        }
        tables = (
            "locations",
            "suppliers",
            "forecast_runs",
            TableSlice("forecasts", runs, (day, start)),
            TableSlice("sales", "occurred_at >= $1 AND occurred_at < $2", (start, day)),
        )
        return _columns(self.engine.read(_EARLIER, params, tables=tables))

    def latest_sale_before(self, day: dt.date) -> dt.datetime | None:
        """The time of the last sale recorded before ``day``."""
        row = self.engine.rows(
            "SELECT max(occurred_at) FROM sales WHERE occurred_at < $1", [dt.datetime.combine(day, dt.time())]
        )
        return row[0][0] if row else None

    def save(
        self,
        created_at: dt.datetime,
        day: dt.date,
        forecast_run_id: int,
        lines: pa.Table,
        flagged: int,
        carried: Sequence[Decision] = (),
    ) -> int:
        """Store a plan and its lines (columns of ``proposals`` after plan_id, in order) as the current
        plan of ``day``, superseding the one before, with the decisions ``carried`` over; its id."""
        with self.engine.transaction():
            self.engine.lock(f"plan:{day.isoformat()}")  # two re-plans of a day at once: one after the other
            plan_id = self.engine.next_id("plan_seq")
            self.engine.execute(
                "INSERT INTO plans VALUES ($1, $2, $3, $4, $5, $6, NULL)",
                [plan_id, created_at, day, forecast_run_id, lines.num_rows, flagged],
            )
            ids = pa.array(np.full(lines.num_rows, plan_id, dtype=np.int64))
            self.engine.insert_arrow("proposals", lines.add_column(0, "plan_id", ids))
            self.engine.execute(
                "UPDATE plans SET superseded_by = $1 WHERE plan_date = $2 AND plan_id <> $3 AND superseded_by IS NULL",
                [plan_id, day, plan_id],
            )
            self._insert_decisions(plan_id, carried)
        return plan_id

    def latest_plan_id(self) -> int | None:
        """The newest plan that no re-plan has superseded."""
        row = self.engine.rows("SELECT max(plan_id) FROM plans WHERE superseded_by IS NULL")
        return None if not row or row[0][0] is None else int(row[0][0])

    def current_plan(self, day: dt.date) -> int | None:
        """The plan of ``day`` that no re-plan has superseded."""
        row = self.engine.rows("SELECT max(plan_id) FROM plans WHERE plan_date = $1 AND superseded_by IS NULL", [day])
        return None if not row or row[0][0] is None else int(row[0][0])

    def superseded_by(self, plan_id: int) -> int | None:
        """The plan that replaced ``plan_id``, if any."""
        row = self.engine.rows("SELECT superseded_by FROM plans WHERE plan_id = $1", [plan_id])
        return None if not row or row[0][0] is None else int(row[0][0])

    def lines(self, plan_id: int, which: str = "all") -> list[dict[str, Any]]:
        """A plan's lines with their latest decision, flagged first (``which``: all,
        ordered_or_flagged or flagged)."""
        sql = _LINES.format(where=_LINE_WHERE[which])
        tables = (
            TableSlice("proposals", "plan_id = $1", (plan_id,)),
            TableSlice("review_decisions", "plan_id = $1", (plan_id,)),
            "products",
            "locations",
            "suppliers",
        )
        return self.engine.read(sql, {"plan": plan_id}, tables=tables).to_pylist()

    def order_terms(self, plan_id: int) -> OrderTerms | None:
        """The plan's date, its suppliers' nominal lead times and its locations' addresses (see the port)."""
        day = self.engine.rows("SELECT plan_date FROM plans WHERE plan_id = $1", [plan_id])
        if not day:
            return None
        named = "IN (SELECT {} FROM proposals WHERE plan_id = $1)"
        leads = self.engine.rows(
            f"SELECT supplier_id, lead_time_days FROM suppliers WHERE supplier_id {named.format('supplier_id')}",
            [plan_id],
        )
        addresses = self.engine.rows(
            "SELECT location_id, address FROM locations WHERE address IS NOT NULL "
            f"AND location_id {named.format('location_id')}",
            [plan_id],
        )
        return OrderTerms(day[0][0], {s: float(d) for s, d in leads}, dict(addresses))

    def record_decisions(self, plan_id: int, rows: Sequence[Decision]) -> None:
        """Append decisions on lines of ``plan_id`` in one transaction."""
        with self.engine.transaction():
            self._insert_decisions(plan_id, rows)

    def _insert_decisions(self, plan_id: int, rows: Sequence[Decision]) -> None:
        for d in rows:
            self.engine.execute(
                "INSERT INTO review_decisions VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                [plan_id, d.line, d.decision, d.quantity, d.reason, d.decided_by, d.decided_at, d.carried_from],
            )
