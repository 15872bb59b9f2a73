"""Compare replenishment policies at equal inventory (R-SIM-1).

A policy can always cut stockouts by holding more stock, so comparing two policies at
their own settings says little. Sweeping each policy's service parameter traces its
trade-off curve: lost sales (or stockout rate) against average stock value. The fair
comparison reads both curves at the same average stock value (the "efficient frontier"
comparison of inventory policies, Silver, Pyke & Thomas 2017, ch. 7; Gardner 1990,
"Evaluating forecast performance in an inventory control system", Management Science
36(4), which introduced trade-off curves for comparing forecasting methods in inventory).
Between swept points each KPI is interpolated linearly in stock value; outside the swept
range nothing is read off (NaN), rather than extrapolated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

KPIS = ("lost_units", "lost_value", "stockout_rate", "fill_rate", "order_lines")


@dataclass(frozen=True)
class CurvePoint:
    """One setting of a policy and its replay KPIs."""

    parameter: float  # e.g. a service level, or weeks of cover
    average_stock_value: float
    kpis: dict[str, float]


def read_at(curve: Sequence[CurvePoint], stock_value: float) -> dict[str, float]:
    """Every KPI of ``curve`` interpolated at ``stock_value`` (NaN outside the swept range)."""
    points = sorted(curve, key=lambda p: p.average_stock_value)
    x = np.array([p.average_stock_value for p in points])
    out = {}
    for name in KPIS:
        y = np.array([p.kpis[name] for p in points], dtype=float)
        inside = x[0] <= stock_value <= x[-1]
        out[name] = float(np.interp(stock_value, x, y)) if inside else float("nan")
    return out


def headline(ours: Sequence[CurvePoint], theirs: Sequence[CurvePoint], stock_value: float) -> dict[str, float]:
    """At ``stock_value``: both policies' KPIs and our changes against theirs.

    ``stockouts_change`` and ``lost_units_change`` are relative (-0.3 = 30% fewer);
    ``lost_units_saved`` and ``lost_value_saved`` are absolute.
    """
    a, b = read_at(ours, stock_value), read_at(theirs, stock_value)
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "average_stock_value": stock_value,
            "ours": a,
            "theirs": b,
            "stockouts_change": float(np.divide(a["stockout_rate"] - b["stockout_rate"], b["stockout_rate"])),
            "lost_units_change": float(np.divide(a["lost_units"] - b["lost_units"], b["lost_units"])),
            "lost_units_saved": b["lost_units"] - a["lost_units"],
            "lost_value_saved": b["lost_value"] - a["lost_value"],
            "order_lines_change": float(np.divide(a["order_lines"] - b["order_lines"], b["order_lines"])),
        }
