"""`stockpilot plan`: order proposals per supplier and location for one day (R-REP-1, R-REP-2).

For every SKU at every location with a forecast:
- **Supplier:** a store is supplied by the warehouse when the chain has one (the
  supplier whose id is the warehouse's location id). The warehouse, or a store of a
  chain without one, is supplied by the product's supplier. The warehouse's demand is
  the sum of its stores' forecasts.
- **Lead time:** mean and standard deviation of the supplier's observed lead times
  (receipts: order date to receipt date), or its nominal lead time when it has fewer
  than three.
- **Demand over the review period plus the lead time:** from the latest forecast that
  covers the plan date. Daily variance is ``mean + phi * mean**2`` (negative binomial).
- **Measured sigma:** the sd of demand over R + L is measured on the earlier forecast
  runs of the last ``lead_time_error_days`` whose R + L days have passed (actual sales
  minus forecast), shrunk toward the forecast's own sd (``policy.tracked_sd``).
- **Policy:** periodic review (R, S). The service level comes from the SKU's ABC class
  at the location, by sales value over ``abc_days``.
  - S = expected demand over R + L, plus k x sigma.
  - Order = S minus the inventory position: on hand (the last stock count, plus
    receipts, minus sales since) plus on order (open purchase-order lines not yet
    received).
- **Constraints:** rounded to case packs and the supplier's MOQ, capped by a store's
  shelf capacity (products.shelf_capacity), then cut to the supplier budget, C before B
  before A (domain/replenishment/constraints.py).
- **Reasons and review flags:** domain/replenishment/reasons.py and review.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from stockpilot.adapters.storage.database import Database
from stockpilot.domain.replenishment import constraints, policy
from stockpilot.domain.replenishment.reasons import LineFacts, reason
from stockpilot.domain.replenishment.review import ReviewLimits, review_flags
from stockpilot.settings import Settings

RECENT_DAYS = 7  # last week's sales (SQL below), checked against the forecast's band
# The usual order (SQL below): the median purchase-order line of the last 90 days.


@dataclass(frozen=True)
class Plan:
    plan_id: int
    plan_date: dt.date
    forecast_run_id: int
    lines: list[dict[str, object]]

    @property
    def flagged(self) -> int:
        return sum(1 for line in self.lines if line["flags"])

    def as_dict(self) -> dict[str, object]:
        return {
            "plan_id": self.plan_id,
            "plan_date": self.plan_date.isoformat(),
            "forecast_run_id": self.forecast_run_id,
            "flagged": self.flagged,
            "lines": self.lines,
        }


def _rows(db: Database, sql: str, params: list[object]) -> dict[str, np.ndarray]:
    return db.connection.execute(sql, params).fetchnumpy()


def _forecast_run(db: Database, day: dt.date) -> int:
    row = db.connection.execute(
        "SELECT max(run_id) FROM forecast_runs WHERE first_date <= ? AND first_date + horizon_days > ?", [day, day]
    ).fetchone()
    if not row or row[0] is None:
        raise ValueError(f"no forecast covers {day}: run `stockpilot forecast` with data up to the day before")
    return int(row[0])


def latest_forecast_day(db: Database) -> dt.date:
    """The first forecast day of the latest forecast run: the natural day to plan for."""
    row = db.connection.execute("SELECT first_date FROM forecast_runs ORDER BY run_id DESC LIMIT 1").fetchone()
    if not row:
        raise ValueError("no forecast yet: run `stockpilot forecast` first")
    return row[0]


def make_plan(db: Database, settings: Settings, day: dt.date) -> Plan:
    """Proposals for ``day`` from the stored forecast and stock; stored as a new plan."""
    run_id = _forecast_run(db, day)
    base = _series(db, run_id, day, settings)
    if not len(base["sku"]):
        raise ValueError(f"nothing to plan on {day}")
    return _store(db, day, run_id, _propose(db, settings, day, run_id, base))


# The chain's warehouse: a location of kind warehouse that is also a supplier (to its stores).
WAREHOUSE_CTE = """
WITH warehouse AS (
    SELECT min(l.location_id) AS id FROM locations l JOIN suppliers s ON s.supplier_id = l.location_id
    WHERE l.kind = 'warehouse'
)"""

_SERIES = (
    WAREHOUSE_CTE
    + """, stores AS (
    SELECT DISTINCT location_id, sku FROM forecasts WHERE run_id = $run
), series AS (
    SELECT location_id, sku FROM stores
    UNION SELECT w.id, s.sku FROM stores s, warehouse w WHERE w.id IS NOT NULL
), supplied AS (
    SELECT x.location_id, x.sku,
           CASE WHEN l.kind = 'store' AND w.id IS NOT NULL THEN w.id ELSE p.supplier_id END AS supplier_id,
           coalesce(p.case_pack, 1) AS case_pack, p.unit_cost,
           CASE WHEN l.kind = 'store' THEN p.shelf_capacity END AS shelf_capacity
    FROM series x JOIN locations l USING (location_id) LEFT JOIN products p USING (sku), warehouse w
), lead AS (
    SELECT supplier_id, count(*) AS n,
           avg(date_diff('day', order_date, CAST(received_at AS DATE))) AS mean,
           stddev_samp(date_diff('day', order_date, CAST(received_at AS DATE))) AS sd
    FROM receipts WHERE order_date IS NOT NULL AND CAST(received_at AS DATE) < $day GROUP BY ALL
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
)
SELECT s.location_id, s.sku, coalesce(s.supplier_id, '') AS supplier_id, s.case_pack, s.unit_cost, s.shelf_capacity,
       coalesce(u.moq, 0) AS moq, coalesce(u.lead_time_days, 0) AS nominal_lead,
       coalesce(ld.n, 0) AS lead_n, coalesce(ld.mean, 0) AS lead_mean, coalesce(ld.sd, 0) AS lead_sd,
       c.on_hand IS NOT NULL AS counted, greatest(coalesce(c.on_hand + f.since_count, 0), 0) AS on_hand,
       greatest(coalesce(o.on_order, 0), 0) AS on_order, us.usual,
       coalesce(date_diff('day', d.first_sale, $day), 0) AS history_days,
       coalesce(d.recent, 0) AS recent, coalesce(d.value, 0) AS value, pr.promotion_in
FROM supplied s LEFT JOIN suppliers u USING (supplier_id) LEFT JOIN lead ld USING (supplier_id)
LEFT JOIN counted c USING (location_id, sku) LEFT JOIN flows f USING (location_id, sku)
LEFT JOIN ordered o USING (location_id, sku) LEFT JOIN usual us USING (location_id, sku)
LEFT JOIN sold d USING (location_id, sku) LEFT JOIN promoted pr USING (location_id, sku)
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


def _earlier_errors(
    db: Database, run_id: int, day: dt.date, settings: Settings, s: dict[str, np.ndarray], cover: np.ndarray
) -> np.ndarray:
    """Series x earlier runs: actual minus forecast demand over each series' R + L (NaN where
    a run's R + L days have not all passed, or it did not forecast the series)."""
    params = {
        "run": run_id,
        "day": day,
        "lookback": settings.lead_time_error_days,
        "span": int(np.ceil(cover.max())) if len(cover) else 0,
        "locations": list(s["location_id"].astype(str)),
        "skus": list(s["sku"].astype(str)),
        "covers": [float(c) for c in cover],
        "rows": list(range(len(cover))),
    }
    found = db.connection.execute(_EARLIER, params).fetchnumpy()
    runs, column = np.unique(found["run_id"], return_inverse=True)
    errors = np.full((len(cover), len(runs)), np.nan)
    errors[found["i"], column] = found["error"]
    return errors


def _series(db: Database, run_id: int, day: dt.date, settings: Settings) -> dict[str, np.ndarray]:
    """Everything known per location and SKU, and its daily forecast mean and variance."""
    params = {"run": run_id, "day": day, "abc_days": settings.abc_days}
    base = db.connection.execute(_SERIES, params).fetchnumpy()
    daily = db.connection.execute(_FORECASTS, {"run": run_id, "day": day}).fetchnumpy()
    index = {(loc, sku): i for i, (loc, sku) in enumerate(zip(base["location_id"], base["sku"], strict=True))}
    rows = np.array([index[(loc, sku)] for loc, sku in zip(daily["location_id"], daily["sku"], strict=True)])
    days = int(daily["d"].max()) + 1 if len(rows) else 0
    mean, variance = np.zeros((len(index), days)), np.zeros((len(index), days))
    mean[rows, daily["d"]], variance[rows, daily["d"]] = daily["mean"], daily["variance"]
    return {**{k: _filled(v) for k, v in base.items()}, "daily_mean": mean, "daily_variance": variance}


def _filled(column: np.ndarray) -> np.ndarray:
    """A query column with SQL NULL as NaN (numbers) or "" (text)."""
    if not isinstance(column, np.ma.MaskedArray):
        return np.asarray(column)
    if column.dtype.kind in "iufb":
        return np.ma.filled(column.astype(float), np.nan)
    return np.ma.filled(column.astype(object), "")


def review_limits(settings: Settings) -> ReviewLimits:
    """The review thresholds in force (stale data: the readiness sync-delay limit)."""
    return ReviewLimits(
        settings.review_band,
        settings.review_order_multiple,
        settings.review_new_sku_days,
        settings.readiness_max_sync_delay_hours,
    )


def service_levels(settings: Settings, classes: np.ndarray) -> np.ndarray:
    """The target cycle service level of each ABC class (settings ``service_level_*``)."""
    by_class = {"A": settings.service_level_a, "B": settings.service_level_b, "C": settings.service_level_c}
    return np.array([by_class[c] for c in classes])


def abc_by_location(settings: Settings, locations: np.ndarray, value: np.ndarray) -> np.ndarray:
    """ABC class of every SKU within its location, by sales value over ``abc_days``."""
    classes = np.full(len(value), "C", dtype=object)
    for location in np.unique(locations):
        here = locations == location
        classes[here] = policy.abc_classes(value[here], settings.abc_a_share, settings.abc_b_share)
    return classes


def _propose(
    db: Database, settings: Settings, day: dt.date, run_id: int, s: dict[str, np.ndarray]
) -> list[dict[str, object]]:
    review = settings.review_period_days
    enough = s["lead_n"] >= policy.MINIMUM_LEAD_TIME_OBSERVATIONS
    lead_mean = np.maximum(np.where(enough, s["lead_mean"], s["nominal_lead"]), 1.0)
    lead_sd = np.where(enough, np.nan_to_num(s["lead_sd"]), 0.0)
    available = s["daily_mean"].shape[1]
    classes = abc_by_location(settings, s["location_id"], s["value"].astype(float))
    service = service_levels(settings, classes)
    cover = np.minimum(lead_mean + review, available)
    demand, sigma = policy.lead_time_demand_many(s["daily_mean"], s["daily_variance"], cover, lead_sd)
    errors = _earlier_errors(db, run_id, day, settings, s, cover)
    sigma = policy.tracked_sd(errors, sigma, settings.lead_time_error_prior_windows)
    safety = np.array(
        [policy.safety_stock(policy.safety_factor_for_cycle_service(p), g) for p, g in zip(service, sigma, strict=True)]
    )
    up_to = demand + safety
    position = s["on_hand"] + s["on_order"]
    raw = np.maximum(up_to - position, 0.0)
    keys = [f"{loc}/{sku}" for loc, sku in zip(s["location_id"], s["sku"], strict=True)]
    cost = np.nan_to_num(s["unit_cost"])
    promotion_in = np.nan_to_num(s["promotion_in"], nan=np.inf)  # days until the next promotion starts
    originals = {
        key: constraints.OrderLine(
            key=key,
            raw=float(raw[i]),
            case_pack=int(s["case_pack"][i]),
            moq=float(s["moq"][i]),
            shelf_capacity=None if np.isnan(s["shelf_capacity"][i]) else float(s["shelf_capacity"][i]),
            inventory_position=float(position[i]),
            unit_cost=float(cost[i]),
            abc=str(classes[i]),
            priority=float(s["value"][i]),
        )
        for i, key in enumerate(keys)
    }
    adjusted = {a.key: a for a in (constraints.adjust(line) for line in originals.values())}
    budget = settings.supplier_budget or None
    for supplier in np.unique(s["supplier_id"]):
        group = [adjusted[k] for k, sup in zip(keys, s["supplier_id"], strict=True) if sup == supplier]
        adjusted.update({a.key: a for a in constraints.apply_budget(group, originals, budget)})
    quantity = np.array([adjusted[k].quantity for k in keys])

    week = slice(0, min(RECENT_DAYS, available))
    week_mean, week_sd = s["daily_mean"][:, week].sum(axis=1), np.sqrt(s["daily_variance"][:, week].sum(axis=1))
    z = policy.safety_factor_for_cycle_service(0.5 + settings.review_band / 2)
    limits = review_limits(settings)
    flags = review_flags(
        recent_sales=s["recent"].astype(float),
        band_low=np.maximum(week_mean - z * week_sd, 0.0),
        band_high=week_mean + z * week_sd,
        quantity=quantity,
        usual_order=s["usual"],
        history_days=s["history_days"].astype(float),
        promotion_soon=promotion_in <= lead_mean,
        counted=s["counted"].astype(bool),
        budget_cut=np.array(["budget_cut" in adjusted[k].steps for k in keys]),
        data_age_hours=_data_age_hours(db, day),
        limits=limits,
    )
    lines = []
    for i, key in enumerate(keys):
        days = int(np.ceil(cover[i]))
        facts = LineFacts(
            days=days,
            demand=float(demand[i]),
            promotion=bool(promotion_in[i] < days),
            safety_stock=float(safety[i]),
            service_level=float(service[i]),
            on_hand=float(s["on_hand"][i]),
            on_order=float(s["on_order"][i]),
            order_up_to=float(up_to[i]),
            raw=float(raw[i]),
            quantity=float(quantity[i]),
            pack=float(s["case_pack"][i]),
            moq=float(s["moq"][i]),
            steps=adjusted[key].steps,
        )
        lines.append(
            {
                "line": i + 1,
                "supplier_id": str(s["supplier_id"][i]),
                "location_id": str(s["location_id"][i]),
                "sku": str(s["sku"][i]),
                "abc": str(classes[i]),
                "service_level": facts.service_level,
                "demand": facts.demand,
                "safety_stock": facts.safety_stock,
                "on_hand": facts.on_hand,
                "on_order": facts.on_order,
                "order_up_to": facts.order_up_to,
                "raw_quantity": facts.raw,
                "quantity": facts.quantity,
                "unit_cost": float(cost[i]),
                "steps": ",".join(facts.steps),
                "flags": ",".join(flags[i]),
                "reason_en": reason(facts, "en"),
                "reason_zh": reason(facts, "zh-HK"),
            }
        )
    return lines


def _data_age_hours(db: Database, day: dt.date) -> float:
    """Hours from the latest sale to the start of the plan day."""
    row = db.connection.execute(
        "SELECT max(occurred_at) FROM sales WHERE CAST(occurred_at AS DATE) < ?", [day]
    ).fetchone()
    if not row or row[0] is None:
        return float("inf")
    return (dt.datetime.combine(day, dt.time()) - row[0]).total_seconds() / 3600


def _store(db: Database, day: dt.date, run_id: int, lines: list[dict[str, object]]) -> Plan:
    with db.transaction() as connection:
        plan = Plan(db.next_id("plans", "plan_id"), day, run_id, lines)
        connection.execute(
            "INSERT INTO plans VALUES (?, now(), ?, ?, ?, ?)", [plan.plan_id, day, run_id, len(lines), plan.flagged]
        )
        columns = {k: [line[k] for line in lines] for k in lines[0]}
        db.insert_arrow("proposals", pa.table({"plan_id": [plan.plan_id] * len(lines), **columns}))
    return plan
