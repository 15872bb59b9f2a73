"""Example values of one line for each review flag that names any (domain/replenishment/review.py FLAG_VALUES)."""

from __future__ import annotations

from typing import Any

FLAG_EXAMPLES: dict[str, dict[str, Any]] = {
    "rounding_dominated": {"need": 0.04, "order": 12.0},
    "shortfall_suppressed": {"need": 18.0, "order": 0.0, "constraint": "shelf_below_moq"},
    "dead_stock": {"units": 40.0, "value": 7200.0, "sold": 0.0},
    "season_ended": {"share": 0.9, "ago": 60},
    "no_recent_data": {"days": 5},
}
