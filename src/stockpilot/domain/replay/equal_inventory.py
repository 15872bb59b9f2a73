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
from dataclasses import asdict, dataclass, fields

import numpy as np

from stockpilot.domain.replay.engine import ReplayKpis


@dataclass(frozen=True)
class CurvePoint:
    """One setting of a policy and its replay KPIs."""

    parameter: float  # e.g. a service level, or weeks of cover
    average_stock_value: float
    kpis: ReplayKpis


@dataclass(frozen=True)
class KpisAt:
    """The KPIs a trade-off curve reads at one stock value, interpolated between its swept
    points (NaN outside them); counts such as order_lines interpolate to fractions."""

    lost_units: float
    lost_value: float
    stockout_rate: float
    fill_rate: float
    order_lines: float

    def to_dict(self) -> dict[str, float]:
        """The figures by name, in field order."""
        return asdict(self)  # every field is a plain value


def read_at(curve: Sequence[CurvePoint], stock_value: float) -> KpisAt:
    """Every KPI of `KpisAt` interpolated along ``curve`` at ``stock_value`` (NaN outside the swept range)."""
    points = sorted(curve, key=lambda p: p.average_stock_value)
    x = np.array([p.average_stock_value for p in points])
    figures = [p.kpis.to_dict() for p in points]
    inside = x[0] <= stock_value <= x[-1]
    out: dict[str, float] = {}
    for field in fields(KpisAt):
        y = np.array([f[field.name] for f in figures], dtype=float)
        out[field.name] = float(np.interp(stock_value, x, y)) if inside else float("nan")
    return KpisAt(**out)


def headline(
    ours: Sequence[CurvePoint], theirs: Sequence[CurvePoint], stock_value: float
) -> dict[str, float | dict[str, float]]:
    """At ``stock_value``: both policies' KPIs and our changes against theirs.

    ``stockouts_change`` and ``lost_units_change`` are relative (-0.3 = 30% fewer);
    ``lost_units_saved`` and ``lost_value_saved`` are absolute.
    """
    a, b = read_at(ours, stock_value), read_at(theirs, stock_value)
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "average_stock_value": stock_value,
            "ours": a.to_dict(),
            "theirs": b.to_dict(),
            "stockouts_change": float(np.divide(a.stockout_rate - b.stockout_rate, b.stockout_rate)),
            "lost_units_change": float(np.divide(a.lost_units - b.lost_units, b.lost_units)),
            "lost_units_saved": b.lost_units - a.lost_units,
            "lost_value_saved": b.lost_value - a.lost_value,
            "order_lines_change": float(np.divide(a.order_lines - b.order_lines, b.order_lines)),
        }


@dataclass(frozen=True)
class PilotTargets:
    """The seed's pilot KPIs as relative changes against the shop's rule: stockouts -30%,
    stock turnover +10%, buyers' ordering hours -40%, all at once."""

    stockouts: float = -0.30
    turnover: float = 0.10
    ordering_hours: float = -0.40

    def check(self, ours: ReplayKpis, rule: ReplayKpis) -> dict[str, dict[str, float | bool]]:
        """Each KPI's change against the rule and whether it meets its target."""
        out: dict[str, dict[str, float | bool]] = {}
        for kpi, theirs, mine, target in (
            ("stockouts", rule.stockout_rate, ours.stockout_rate, self.stockouts),
            ("turnover", rule.turnover, ours.turnover, self.turnover),
            ("ordering_hours", rule.ordering_hours, ours.ordering_hours, self.ordering_hours),
        ):
            change = mine / theirs - 1 if theirs else float("nan")
            met = bool(change <= target) if target < 0 else bool(change >= target)
            out[kpi] = {"rule": theirs, "ours": mine, "change": change, "target": target, "met": met}
        return out

    def met(self, ours: ReplayKpis, rule: ReplayKpis) -> bool:
        return all(entry["met"] for entry in self.check(ours, rule).values())


def pilot_setting(curve: Sequence[CurvePoint], rule: ReplayKpis, targets: PilotTargets) -> CurvePoint | None:
    """The swept setting that meets every pilot target with the fewest lost units (None if none does)."""
    meeting = [p for p in curve if targets.met(p.kpis, rule)]
    return min(meeting, key=lambda p: p.kpis.lost_units) if meeting else None
