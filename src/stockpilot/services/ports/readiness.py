"""Readiness: the facts R-DATA-4 judges, measured in the stored data."""

from __future__ import annotations

from typing import Protocol

from stockpilot.domain.readiness import ReadinessFacts


class ReadinessFactsSource(Protocol):
    def gather(self, max_quantity: float, max_price: float, closed_weekday_share: float) -> ReadinessFacts:
        """Per table what came in and what is stored (values beyond the plausible limits counted),
        per location its sale days, gaps and closing weekdays, and the sync delay."""
        ...
