"""`stockpilot prioritise`: which SKUs to hand to Stock Pilot first (R-SIM-3).

Per SKU over the whole chain (every location summed), from the sales on the days
``first_day .. cutoff``: the last ``replay_days`` days up to the cutoff (default: the
last day with a sale), or from the first sale if the history is shorter.

- **Sales value:** sum of quantity x price paid, or ``products.unit_price`` where a
  line has no price. Only lines with quantity > 0 count: a return does not unsell.
- **Weekly demand:** units per 7-day week counted back from the cutoff, full weeks
  only (the days before the first full week count for the value, not the weeks); a
  week without a sale is 0.
- **Classes and order:** ABC by sales value, XYZ by the coefficient of variation of
  weekly demand, "high value, unstable" first (domain/replay/priority.py; Silver,
  Pyke & Thomas 2017, ch. 2). The SKUs are those sold at least once in the window.
- **Cash improvement:** per SKU, the sum over its locations of
  ``replay_series.cash_improvement`` in the latest replay (`stockpilot replay`): the
  margin on lost sales recovered in a year plus the stock value released, Stock Pilot at
  its usual setting against the shop's min/max rule. A list's
  cash improvement is the sum over its SKUs; ``None`` until a replay has been run.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from stockpilot.adapters.storage.database import Database
from stockpilot.domain.replay.priority import prioritise
from stockpilot.settings import Settings, listed

WEEK = 7
NO_REPLAY = "no replay yet: run `stockpilot replay` for each SKU's expected cash improvement"

_WEEKS = """
SELECT s.sku, date_diff('day', CAST(s.occurred_at AS DATE), $cutoff) // 7 AS week, sum(s.quantity) AS units,
       sum(s.quantity * coalesce(s.unit_price, p.unit_price, 0)) AS value
FROM sales s LEFT JOIN products p USING (sku)
WHERE s.quantity > 0 AND CAST(s.occurred_at AS DATE) BETWEEN $first AND $cutoff
GROUP BY ALL ORDER BY s.sku
"""


@dataclass(frozen=True)
class PriorityList:
    """The first ``top`` SKUs in priority order (fewer when the chain sells fewer)."""

    top: int
    rows: list[dict[str, object]]  # rank, sku, name_en, abc, xyz, cv, sales_value, share, cash_improvement
    share: float  # of the chain's sales value
    cash_improvement: float | None  # HK$, from the latest replay

    def as_dict(self) -> dict[str, object]:
        return {
            "top": self.top,
            "count": len(self.rows),
            "share": self.share,
            "cash_improvement": self.cash_improvement,
            "skus": self.rows,
        }


@dataclass(frozen=True)
class PriorityReport:
    cutoff: dt.date
    first_day: dt.date
    weeks: int  # full weeks the coefficient of variation is measured on
    skus: int
    matrix: dict[str, dict[str, int]]  # ABC class -> XYZ class -> number of SKUs
    lists: list[PriorityList]
    replay_run_id: int | None

    @property
    def window_days(self) -> int:
        return (self.cutoff - self.first_day).days + 1

    @property
    def note(self) -> str | None:
        return NO_REPLAY if self.replay_run_id is None else None

    def as_dict(self) -> dict[str, object]:
        return {
            "cutoff": self.cutoff.isoformat(),
            "first_day": self.first_day.isoformat(),
            "window_days": self.window_days,
            "weeks": self.weeks,
            "skus": self.skus,
            "matrix": self.matrix,
            "replay_run_id": self.replay_run_id,
            "note": self.note,
            "lists": [{**x.as_dict(), "replay_run_id": self.replay_run_id} for x in self.lists],
        }


def prioritise_skus(
    db: Database, settings: Settings, *, cutoff: dt.date | None = None, tops: tuple[int, ...] | None = None
) -> PriorityReport:
    """ABC x XYZ classes of every SKU sold, and the top lists with their share and cash improvement."""
    tops = listed(settings.priority_tops, "priority_tops", int) if tops is None else tops
    if any(n < 1 for n in tops):
        raise ValueError(f"a priority list needs at least one SKU, got {tops}")
    cutoff, first = _window(db, settings.replay_days, cutoff)
    weeks = ((cutoff - first).days + 1) // WEEK
    if weeks < 2:
        raise ValueError(f"{weeks} full week(s) of sales up to {cutoff}: at least 2 are needed to measure variability")
    rows = db.connection.execute(_WEEKS, {"first": first, "cutoff": cutoff}).fetchnumpy()
    skus, index = np.unique(rows["sku"].astype(str), return_inverse=True)
    value = np.bincount(index, weights=rows["value"], minlength=len(skus))
    weekly = np.zeros((len(skus), weeks))
    full = rows["week"] < weeks
    np.add.at(weekly, (index[full], weeks - 1 - rows["week"][full]), rows["units"][full])
    priority = prioritise(
        value,
        weekly,
        a_share=settings.abc_a_share,
        b_share=settings.abc_b_share,
        x_max=settings.xyz_x_max,
        y_max=settings.xyz_y_max,
    )
    run_id, cash = _cash_improvement(db)
    names = dict(db.connection.execute("SELECT sku, name_en FROM products").fetchall())

    def row(rank: int, i: int) -> dict[str, object]:
        cv = float(priority.variation[i])
        return {
            "rank": rank,
            "sku": str(skus[i]),
            "name_en": names.get(skus[i]),
            "abc": str(priority.abc[i]),
            "xyz": str(priority.xyz[i]),
            "cv": cv if math.isfinite(cv) else None,  # None: no sale in the full weeks
            "sales_value": float(value[i]),
            "share": float(priority.value_share[i]),
            "cash_improvement": None if cash is None else cash.get(skus[i], 0.0),
        }

    lists = []
    for n in tops:
        chosen, share = priority.top(n)
        members = [row(rank, i) for rank, i in enumerate(chosen, 1)]
        total = None if cash is None else sum(float(x["cash_improvement"]) for x in members)
        lists.append(PriorityList(n, members, share, total))
    matrix = {a: {x: int(((priority.abc == a) & (priority.xyz == x)).sum()) for x in "XYZ"} for a in "ABC"}
    return PriorityReport(cutoff, first, weeks, len(skus), matrix, lists, run_id)


def _window(db: Database, days: int, cutoff: dt.date | None) -> tuple[dt.date, dt.date]:
    """The cutoff (default: the last sale day) and the window's first day, never before the first sale."""
    first_sale, last_sale = db.connection.execute(
        "SELECT min(CAST(occurred_at AS DATE)), max(CAST(occurred_at AS DATE)) FROM sales "
        "WHERE quantity > 0 AND CAST(occurred_at AS DATE) <= coalesce($cutoff, DATE '9999-12-31')",
        {"cutoff": cutoff},
    ).fetchone()
    if last_sale is None:
        raise ValueError(f"no sales{f' on or before {cutoff}' if cutoff else ''} to rank SKUs by: import sales first")
    cutoff = cutoff or last_sale
    return cutoff, max(first_sale, cutoff - dt.timedelta(days=days - 1))


def _cash_improvement(db: Database) -> tuple[int | None, dict[str, float] | None]:
    """The latest replay's id and cash improvement per SKU (all locations); (None, None) before any."""
    row = db.connection.execute("SELECT max(run_id) FROM replay_runs").fetchone()
    if row is None or row[0] is None:
        return None, None
    run_id = int(row[0])
    sums = db.connection.execute(
        "SELECT sku, sum(cash_improvement) FROM replay_series WHERE run_id = $run GROUP BY sku", {"run": run_id}
    ).fetchall()
    return run_id, {sku: float(total) for sku, total in sums}
