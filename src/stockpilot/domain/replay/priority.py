"""Which SKUs to move first: ABC by sales value x XYZ by demand stability (R-SIM-3).

The owner's rule in the focus group: rank by ABC (sales value) x XYZ (demand
volatility) and start with the "high value, unstable" top 50, then widen.

- ABC: cumulative share of sales value, A up to 80%, B up to 95%, C the rest
  (replenishment.policy.abc_classes).
- XYZ: coefficient of variation of weekly demand (standard deviation over mean),
  X up to 0.5, Y up to 1.0, Z above; a SKU that never sold is Z (Silver, Pyke &
  Thomas 2017, ch. 2, on classifying items by value and variability).
- Order: A before B before C; within a class, Z before Y before X (unstable first,
  where a forecast-driven policy has most to gain over a fixed rule); then by sales
  value, highest first.
- Left out of the order (the pilot lists): the series ``excluded``, those whose season has
  ended or that no longer sell (domain/replenishment/lifecycle.py): a pilot on them would
  measure nothing. They keep their classes: ABC and XYZ are of the whole assortment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray, IntArray, ObjectArray, StrArray
from stockpilot.domain.replenishment.policy import abc_classes

XYZ_RANK = {"Z": 0, "Y": 1, "X": 2}
ABC_RANK = {"A": 0, "B": 1, "C": 2}


def weekly_variation(weekly_demand: FloatArray) -> FloatArray:
    """Coefficient of variation of each row of weekly demand (inf where the mean is 0)."""
    y = np.atleast_2d(np.asarray(weekly_demand, dtype=float))
    mean = y.mean(axis=1)
    spread = y.std(axis=1, ddof=1) if y.shape[1] > 1 else np.zeros(len(y))
    variation: FloatArray = np.divide(spread, mean, out=np.full(len(y), np.inf), where=mean > 0)
    return variation


def xyz_classes(weekly_demand: FloatArray, x_max: float = 0.5, y_max: float = 1.0) -> ObjectArray:
    """X (stable), Y or Z (unstable) by the coefficient of variation of weekly demand."""
    cv = weekly_variation(weekly_demand)
    return np.where(cv <= x_max, "X", np.where(cv <= y_max, "Y", "Z")).astype(object)


@dataclass(frozen=True)
class Priority:
    order: IntArray  # series indices, first to move first, without the excluded
    abc: StrArray
    xyz: ObjectArray
    variation: FloatArray
    value_share: FloatArray  # each series' share of sales value

    def top(self, n: int) -> tuple[IntArray, float]:
        """The first ``n`` series and their share of sales value."""
        chosen = self.order[:n]
        return chosen, float(self.value_share[chosen].sum())


def prioritise(
    sales_value: FloatArray,
    weekly_demand: FloatArray,
    *,
    a_share: float = 0.8,
    b_share: float = 0.95,
    x_max: float = 0.5,
    y_max: float = 1.0,
    excluded: BoolArray | None = None,
) -> Priority:
    """Rank series: A before B before C, Z before Y before X within a class, then by value;
    the ``excluded`` ones left out of the order."""
    value = np.asarray(sales_value, dtype=float)
    abc = abc_classes(value, a_share, b_share)
    xyz = xyz_classes(weekly_demand, x_max, y_max)
    keys = (-value, np.array([XYZ_RANK[c] for c in xyz]), np.array([ABC_RANK[c] for c in abc]))  # last key first
    total = value.sum()
    share = value / total if total > 0 else np.zeros_like(value)
    order = np.lexsort(keys)
    if excluded is not None:
        order = order[~np.asarray(excluded, dtype=bool)[order]]
    return Priority(order, abc, xyz, weekly_variation(weekly_demand), share)
