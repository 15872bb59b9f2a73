"""The facts R-DATA-4 judges, measured in the database (the verdict is domain/readiness.py).

The data as it now stands: each table's stored rows and its open quarantine problems (one a
later import fixed is closed, migration 009, and no longer counts), by the kind of problem
(domain/problems.py). A location's "sale day" is a day on which its sales add up to more than
zero units (a row with quantity 0 records a day with no sale).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from stockpilot.adapters.storage.engine import Engine, TableSlice
from stockpilot.domain.model import TABLES
from stockpilot.domain.problems import PROBLEMS, ProblemKind
from stockpilot.domain.readiness import LocationFacts, ReadinessFacts, TableFacts


def _kind(kind: ProblemKind) -> str:
    """SQL true when a problem's ``codes`` hold one of ``kind``."""
    codes = ", ".join(f"'{code}'" for code, problem in PROBLEMS.items() if problem.kind is kind)
    return f"list_has_any(codes, [{codes}])"


# Per table: its open quarantine problems, and those with a problem of each counted kind (the
# slice sends only the open ones over from a server).
_OPEN_WHERE = "closed_at IS NULL AND table_name IS NOT NULL"
_OPEN_PROBLEMS = f"""
SELECT table_name, count(*) FILTER (WHERE {_kind(ProblemKind.MISSING)}),
       count(*) FILTER (WHERE {_kind(ProblemKind.INVALID)}),
       count(*) FILTER (WHERE {_kind(ProblemKind.DUPLICATE)}), count(*)
FROM (SELECT table_name, list_transform(from_json(problems, '[{{"code": "VARCHAR"}}]'), p -> p.code) AS codes
      FROM quarantine WHERE {_OPEN_WHERE})
GROUP BY table_name
"""
_OPEN = TableSlice("quarantine", _OPEN_WHERE)

# Per location: its sale days, the calendar from first to last sale, and per
# weekday the share of that weekday's dates with no sale. A weekday is a regular
# closing day when that share is at least $share. weekday: 0 = Monday.
_LOCATIONS = """
WITH days AS (
    SELECT location_id, CAST(occurred_at AS DATE) AS day
    FROM sales GROUP BY ALL HAVING sum(quantity) > 0
), bounds AS (
    SELECT location_id, min(day) AS first_day, max(day) AS last_day, count(*) AS sale_days
    FROM days GROUP BY location_id
), calendar AS (
    SELECT location_id,
           CAST(unnest(generate_series(first_day, last_day, INTERVAL 1 DAY)) AS DATE) AS day
    FROM bounds
), marked AS (
    SELECT c.location_id, c.day, isodow(c.day) - 1 AS weekday, d.day IS NOT NULL AS sold
    FROM calendar c LEFT JOIN days d ON d.location_id = c.location_id AND d.day = c.day
), closed AS (
    SELECT location_id, weekday FROM marked GROUP BY location_id, weekday
    HAVING count(*) FILTER (WHERE NOT sold) / count(*) >= $share
), gaps AS (
    SELECT location_id, median(day - previous) AS median_gap
    FROM (SELECT location_id, day, lag(day) OVER (PARTITION BY location_id ORDER BY day)
                 AS previous FROM days)
    WHERE previous IS NOT NULL GROUP BY location_id
)
SELECT b.location_id, b.first_day, b.last_day, b.sale_days,
       (SELECT count(*) FROM marked m WHERE m.location_id = b.location_id AND NOT m.sold
            AND m.weekday NOT IN (SELECT weekday FROM closed x
                                  WHERE x.location_id = b.location_id)) AS gap_days,
       (SELECT list(weekday ORDER BY weekday) FROM closed x
            WHERE x.location_id = b.location_id) AS closed_weekdays,
       g.median_gap
FROM bounds b LEFT JOIN gaps g USING (location_id)
ORDER BY b.location_id
"""

_SYNC_DELAY = """
SELECT quantile_cont(hours, 0.95), count(*) FROM (
    SELECT date_diff('second', occurred_at, recorded_at) / 3600.0 AS hours
    FROM sales WHERE recorded_at IS NOT NULL
    UNION ALL
    SELECT date_diff('second', occurred_at, recorded_at) / 3600.0
    FROM returns WHERE recorded_at IS NOT NULL
)
"""


QUANTITIES = ("quantity", "on_hand", "moq", "shelf_capacity", "case_pack")
PRICES = ("unit_price", "unit_cost")


def _implausible(engine: Engine, table: str, max_quantity: float, max_price: float) -> tuple[int, float | None]:
    """Stored rows of ``table`` with a quantity or price beyond the plausible limits, and the largest."""
    names = {c.name for c in TABLES[table].columns}
    limits = [(c, max_quantity) for c in QUANTITIES if c in names]
    limits += [(c, max_price) for c in PRICES if c in names]
    if not limits:
        return 0, None
    beyond = " OR ".join(f'"{c}" > {limit!r}' for c, limit in limits)
    largest = ", ".join(f'coalesce("{c}", 0)' for c, _ in limits)
    row = engine.rows(f'SELECT count(*), max(greatest({largest}, 0)) FROM "{table}" WHERE {beyond}')
    return (int(row[0][0]), row[0][1]) if row else (0, None)


def _count(engine: Engine, table: str) -> int:
    return int(engine.rows(f'SELECT count(*) FROM "{table}"')[0][0])


class SqlReadinessFacts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def gather(self, max_quantity: float, max_price: float, closed_weekday_share: float) -> ReadinessFacts:
        """Measure every fact R-DATA-4 needs; values above the plausible limits are counted."""
        return _gather(self.engine, max_quantity, max_price, closed_weekday_share)


def _gather(engine: Engine, max_quantity: float, max_price: float, closed_weekday_share: float) -> ReadinessFacts:
    problems = {row[0]: [int(v or 0) for v in row[1:]] for row in _tuples(engine.read(_OPEN_PROBLEMS, tables=(_OPEN,)))}
    names = list(TABLES) + sorted(set(problems) - set(TABLES))
    tables = []
    for name in names:
        implausible, largest = _implausible(engine, name, max_quantity, max_price) if name in TABLES else (0, None)
        stored = _count(engine, name) if name in TABLES else 0
        missing, invalid, conflicts, quarantined = problems.get(name, [0, 0, 0, 0])
        tables.append(TableFacts(name, missing, invalid, conflicts, quarantined, stored, implausible, largest))
    locations = tuple(
        LocationFacts(
            location_id=str(lid),
            first_day=first,
            last_day=last,
            sale_days=int(sale_days),
            gap_days=int(gap_days),
            closed_weekdays=tuple(int(d) for d in closed or ()),
            median_gap_days=None if median is None else float(median),
        )
        for lid, first, last, sale_days, gap_days, closed, median in _tuples(
            engine.read(_LOCATIONS, {"share": closed_weekday_share}, tables=("sales",))
        )
    )
    p95, delay_rows = _tuples(engine.read(_SYNC_DELAY, tables=("sales", "returns")))[0]
    return ReadinessFacts(
        tables=tuple(tables),
        locations=locations,
        promotions_rows=_count(engine, "promotions"),
        imported_tables=tuple(
            str(name) for (name,) in engine.rows("SELECT DISTINCT table_name FROM import_table_stats ORDER BY 1")
        ),
        stock_count_rows=_count(engine, "stock_counts"),
        sync_delay_p95_hours=None if p95 is None else float(p95),
        sync_delay_rows=int(delay_rows),
    )


def _tuples(table: pa.Table) -> list[tuple[Any, ...]]:
    return [tuple(row.values()) for row in table.to_pylist()]
