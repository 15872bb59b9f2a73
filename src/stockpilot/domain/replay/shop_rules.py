"""The shop's current ordering rule, as the replay runs it and as a person reads its setting.

The rule has a reorder level of ``min_weeks`` of average daily sales (over the
``window_days`` before each review) and a top of ``max_weeks``; the replay's sweep moves
the reorder level and keeps max - min as set:

- ``min_max``: when stock on hand and on order falls to min weeks, order up to max weeks;
- ``weeks_of_cover``: at every review, order up to max weeks;
- ``fixed_quantity``: when it falls to min weeks, order the shop's usual quantity,
  (max - min) weeks of the average daily sales before the replay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from stockpilot.domain.arrays import FloatArray
from stockpilot.domain.replay import engine

RULES = ("min_max", "weeks_of_cover", "fixed_quantity")


@dataclass(frozen=True)
class ShopRule:
    """One of :data:`RULES` at its reorder level ``min_weeks`` and top ``max_weeks``."""

    kind: str
    min_weeks: float
    max_weeks: float
    window_days: int

    def __post_init__(self) -> None:
        if self.kind not in RULES:
            raise ValueError(f"a shop rule is one of {', '.join(RULES)}, not {self.kind!r}")
        if not 0 <= self.min_weeks <= self.max_weeks or self.window_days < 1:
            raise ValueError("need 0 <= min_weeks <= max_weeks and a window of at least one day")

    def at(self, min_weeks: float) -> ShopRule:
        """The same rule with its reorder level moved to ``min_weeks`` (max - min kept)."""
        return replace(self, min_weeks=min_weeks, max_weeks=min_weeks + self.max_weeks - self.min_weeks)

    @property
    def label(self) -> str:
        """Its setting as a buyer writes it: ``2w/4w`` (min/max), or ``4w`` for weeks of cover."""
        if self.kind == "weeks_of_cover":
            return f"{self.max_weeks:g}w"
        return f"{self.min_weeks:g}w/{self.max_weeks:g}w"

    def policy(self, prior_sales: FloatArray) -> engine.Policy:
        """The rule for the replay engine; ``prior_sales`` (series x days before the replay) sets
        the fixed quantity."""
        if self.kind == "min_max":
            return engine.MinMaxPolicy(self.min_weeks, self.max_weeks, self.window_days)
        if self.kind == "weeks_of_cover":
            return engine.WeeksOfCoverPolicy(self.max_weeks, self.window_days)
        daily = prior_sales.mean(axis=1) if prior_sales.shape[1] else np.zeros(prior_sales.shape[0])
        spread = self.max_weeks - self.min_weeks
        return engine.FixedQuantityPolicy(np.ceil(spread * 7 * daily), self.min_weeks, self.window_days)
