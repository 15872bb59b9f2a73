"""When a proposal needs a person's eyes, and why (R-REP-3).

Each flag is a stable code (``FLAGS``); :func:`review_flags` gives each line's codes and the
values its flags name (:data:`FLAG_VALUES`), :func:`flag_message` the flag with the thresholds
and values it names, and the catalogue (``stockpilot.messages.flags``) words it in both languages.
The thresholds come from settings.py (``review_*``).

- ``forecast_off_band``: last week's sales outside the forecast's central ``band`` interval;
  not when ``no_recent_data`` fires (no data is not a band breach).
- ``order_jump``: more than ``order_multiple`` x the usual order.
- ``new_sku``: under ``new_sku_days`` days of sales history.
- ``rounding_dominated``: the need is below ``rounding_share`` of the order that rounding to
  case packs and the MOQ made of it (a need of 0.04 ordered as a case of 12).
- ``shortfall_suppressed``: a positive need cut below itself by the shelf (the shelf caps the
  order, or cannot hold the MOQ, so the order is 0); the budget has its own ``budget_cut``.
- ``dead_stock``, ``season_ended``, ``no_recent_data``: domain/replenishment/lifecycle.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from stockpilot.domain.arrays import BoolArray, FloatArray
from stockpilot.domain.messages import Message
from stockpilot.domain.replenishment import lifecycle
from stockpilot.domain.replenishment.lifecycle import SellingRules

FLAGS = (
    "forecast_off_band",
    "order_jump",
    "new_sku",
    "promotion_soon",
    "stale_data",
    "budget_cut",
    "no_stock_count",
    "rounding_dominated",
    "shortfall_suppressed",
    "dead_stock",
    "season_ended",
    "no_recent_data",
    "changed_since_decision",  # set by a re-plan (decisions.py), not by review_flags
)
"""The flag codes, in the order a line lists them; each is the catalogue code ``flag.<code>``."""

FLAG_VALUES: Mapping[str, tuple[str, ...]] = {
    "rounding_dominated": ("need", "order"),
    "shortfall_suppressed": ("need", "order", "constraint"),
    "dead_stock": ("units", "value", "sold"),
    "season_ended": ("share", "ago"),
    "no_recent_data": ("days",),
}
"""The values of one line that a flag names (stored with the line: proposals.reason_params)."""

SHELF_STEPS = ("shelf_below_moq", "shelf_cap")
"""The constraint steps that can cut a need (constraints.py), the one named first when both apply."""


@dataclass(frozen=True)
class ReviewLimits:
    """The thresholds, from settings."""

    band: float = 0.98
    order_multiple: float = 3.0
    new_sku_days: int = 28
    max_age_hours: float = 24.0
    rounding_share: float = 0.25
    selling: SellingRules = field(default_factory=SellingRules)


@dataclass(frozen=True)
class LineFlags:
    """One line's flag codes (in the order of ``FLAGS``) and, per flag that names any, its values."""

    codes: tuple[str, ...]
    values: Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class FlagFacts:
    """Per line (arrays: one value per line) what the flags are decided on."""

    recent_sales: FloatArray  # units sold in the last week
    band_low: FloatArray
    band_high: FloatArray
    raw: FloatArray  # the need before constraints
    quantity: FloatArray  # the order after constraints
    steps: Sequence[tuple[str, ...]]  # the constraint steps applied
    usual_order: FloatArray  # NaN when unknown
    history_days: FloatArray
    promotion_soon: BoolArray
    counted: BoolArray
    budget_cut: BoolArray
    on_hand: FloatArray
    unit_cost: FloatArray
    dead_window_units: FloatArray  # units sold in the last ``dead_days``
    year_units: FloatArray  # season facts (lifecycle.season_ended)
    peak_units: FloatArray
    peak_end_age: FloatArray
    days_without_data: FloatArray  # at the line's location (lifecycle.no_recent_data)
    data_age_hours: float


def review_flags(facts: FlagFacts, limits: ReviewLimits) -> list[LineFlags]:
    """The flags of every line, with the values each names."""
    f, rules = facts, limits.selling
    raw, quantity = np.asarray(f.raw, dtype=float), np.asarray(f.quantity, dtype=float)
    shelf = np.array([any(step in SHELF_STEPS for step in steps) for steps in f.steps], dtype=bool)
    no_data = lifecycle.no_recent_data(f.days_without_data, rules)
    with np.errstate(invalid="ignore"):
        off_band = (f.recent_sales < f.band_low) | (f.recent_sales > f.band_high)
        checks = {
            "forecast_off_band": off_band & ~no_data,
            "order_jump": (quantity > limits.order_multiple * f.usual_order) & (f.usual_order > 0),
            "new_sku": f.history_days < limits.new_sku_days,
            "promotion_soon": f.promotion_soon,
            # the more precise "no data for the last N days" says it instead (one cause, one flag)
            "stale_data": np.full(len(quantity), f.data_age_hours > limits.max_age_hours) & ~no_data,
            "budget_cut": f.budget_cut,
            "no_stock_count": ~f.counted,
            "rounding_dominated": (raw > 0) & (raw < limits.rounding_share * quantity),
            "shortfall_suppressed": (raw > 0) & (quantity < raw) & shelf,
            "dead_stock": lifecycle.dead_or_slow(f.on_hand, f.dead_window_units, rules),
            "season_ended": lifecycle.season_ended(f.year_units, f.peak_units, f.peak_end_age, rules),
            "no_recent_data": no_data,
        }
    return [_line(f, i, tuple(code for code in FLAGS if code in checks and checks[code][i])) for i in range(len(raw))]


def _line(f: FlagFacts, i: int, codes: tuple[str, ...]) -> LineFlags:
    """Line ``i``'s flags and the values those of :data:`FLAG_VALUES` name."""
    return LineFlags(codes, {code: _values(code, f, i) for code in codes if code in FLAG_VALUES})


def _values(code: str, f: FlagFacts, i: int) -> dict[str, Any]:
    """The values of line ``i`` that flag ``code`` names, rounded as a person reads them."""
    need, order = round(float(f.raw[i]), 2), float(f.quantity[i])
    if code == "rounding_dominated":
        return {"need": need, "order": order}
    if code == "shortfall_suppressed":
        return {"need": need, "order": order, "constraint": next(s for s in SHELF_STEPS if s in f.steps[i])}
    if code == "dead_stock":
        units = float(f.on_hand[i])
        return {
            "units": units,
            "value": round(units * float(f.unit_cost[i]), 2),
            "sold": max(float(f.dead_window_units[i]), 0.0),
        }
    if code == "season_ended":
        return lifecycle.season_values(f.year_units[i], f.peak_units[i], f.peak_end_age[i])
    return {"days": int(f.days_without_data[i])}  # no_recent_data


def flag_message(code: str, limits: ReviewLimits, values: Mapping[str, Any] | None = None) -> Message:
    """A flag with the thresholds it names and the line's own ``values`` (:data:`FLAG_VALUES`),
    for the catalogue to word."""
    if code not in FLAGS:
        raise ValueError(f"unknown review flag {code!r}")
    values = dict(values or {})
    missing = [name for name in FLAG_VALUES.get(code, ()) if name not in values]
    if missing:
        raise ValueError(f"review flag {code!r} needs the line's {missing}")
    if isinstance(values.get("constraint"), str):
        values["constraint"] = Message(f"step.{values['constraint']}")
    named: dict[str, dict[str, float]] = {
        "forecast_off_band": {"band": limits.band},
        "order_jump": {"multiple": limits.order_multiple},
        "new_sku": {"days": limits.new_sku_days},
        "stale_data": {"hours": limits.max_age_hours},
        "rounding_dominated": {"share": limits.rounding_share},
        "dead_stock": {"days": limits.selling.dead_days},
        "season_ended": {"window": limits.selling.season_window_days},
    }
    return Message(f"flag.{code}", {**named.get(code, {}), **values})


FLAG_VALUES_KEY = "flag_values"
"""Where a stored line keeps its flags' values: this key of its reason's JSON (proposals.reason_params)."""


def stored_flag_values(flags: LineFlags) -> dict[str, Any]:
    """What a stored line keeps of its flags beside their codes: ``{FLAG_VALUES_KEY: values}``, or
    nothing when no flag of it names a value."""
    return {FLAG_VALUES_KEY: {code: dict(v) for code, v in flags.values.items()}} if flags.values else {}
