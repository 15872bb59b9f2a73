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
- **Left out of the pilot lists** (``left_out``, each with its reason): a SKU whose season has
  ended, or with no sale over the chain in the last ``review_dead_days`` days up to the cutoff,
  by the rules of the review flags (domain/replenishment/lifecycle.py, over the chain's sales
  of the 365 days to the cutoff). It keeps its classes; the lists rank the others.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass

import numpy as np

from stockpilot.domain.messages import Message
from stockpilot.domain.replay.priority import prioritise
from stockpilot.domain.replenishment import lifecycle
from stockpilot.domain.replenishment.review import flag_message
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.parameters import review_limits, selling_rules
from stockpilot.services.ports import Storage
from stockpilot.settings import Settings

WEEK = 7
NO_REPLAY = "no replay yet: run `stockpilot replay` for each SKU's expected cash improvement"


@dataclass(frozen=True)
class PriorityRow:
    """One SKU of a priority list."""

    rank: int
    sku: str
    name_en: str | None
    name_zh: str | None
    abc: str
    xyz: str
    cv: float | None  # None: no sale in the full weeks
    sales_value: float
    share: float  # of the chain's sales value
    cash_improvement: float | None  # HK$, from the latest replay; None before any replay

    def to_dict(self) -> dict[str, object]:
        return asdict(self)  # every field is a plain value


@dataclass(frozen=True)
class PriorityList:
    """The first ``top`` SKUs in priority order (fewer when the chain sells fewer)."""

    top: int
    rows: list[PriorityRow]
    share: float  # of the chain's sales value
    cash_improvement: float | None  # HK$, from the latest replay

    def to_dict(self) -> dict[str, object]:
        return {
            "top": self.top,
            "count": len(self.rows),
            "share": self.share,
            "cash_improvement": self.cash_improvement,
            "skus": [row.to_dict() for row in self.rows],
        }


@dataclass(frozen=True)
class LeftOut:
    """A SKU left out of the pilot lists, and why (``flag.season_ended`` or ``priority.unsold``)."""

    sku: str
    name_en: str | None
    name_zh: str | None
    reason: Message

    def to_dict(self) -> dict[str, object]:
        return {
            "sku": self.sku,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "reason": self.reason.to_dict(),
            "reason_en": render(self.reason, "en"),
            "reason_zh": render(self.reason, "zh-HK"),
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
    left_out: list[LeftOut]  # by SKU

    @property
    def window_days(self) -> int:
        return (self.cutoff - self.first_day).days + 1

    @property
    def note(self) -> str | None:
        return NO_REPLAY if self.replay_run_id is None else None

    def to_dict(self) -> dict[str, object]:
        return {
            "cutoff": self.cutoff.isoformat(),
            "first_day": self.first_day.isoformat(),
            "window_days": self.window_days,
            "weeks": self.weeks,
            "skus": self.skus,
            "matrix": self.matrix,
            "replay_run_id": self.replay_run_id,
            "note": self.note,
            "lists": [{**x.to_dict(), "replay_run_id": self.replay_run_id} for x in self.lists],
            "left_out": [x.to_dict() for x in self.left_out],
        }


def prioritise_skus(
    store: Storage, settings: Settings, *, cutoff: dt.date | None = None, tops: tuple[int, ...] | None = None
) -> PriorityReport:
    """ABC x XYZ classes of every SKU sold, and the top lists with their share and cash improvement."""
    tops = settings.replay.priority_tops if tops is None else tops
    if any(n < 1 for n in tops):
        raise Refusal("refusal.priority_tops", tops=list(tops))
    cutoff, first = _window(store, settings.replay.replay_days, cutoff)
    weeks = ((cutoff - first).days + 1) // WEEK
    if weeks < 2:
        raise Refusal("refusal.priority_weeks", weeks=weeks, cutoff=cutoff.isoformat())
    rows = store.sales.weekly_sales(first, cutoff)
    skus, index = np.unique(rows["sku"].astype(str), return_inverse=True)
    value = np.asarray(np.bincount(index, weights=rows["value"], minlength=len(skus)), dtype=float)
    weekly = np.zeros((len(skus), weeks))
    full = rows["week"] < weeks
    np.add.at(weekly, (index[full], weeks - 1 - rows["week"][full]), rows["units"][full])
    names = store.sales.product_names()
    reasons = _left_out(store, settings, cutoff, skus)
    priority = prioritise(
        value,
        weekly,
        a_share=settings.replenishment.abc_a_share,
        b_share=settings.replenishment.abc_b_share,
        x_max=settings.replay.xyz_x_max,
        y_max=settings.replay.xyz_y_max,
        excluded=np.array([reason is not None for reason in reasons], dtype=bool),
    )
    run_id, cash = store.replays.latest_cash_improvement()

    def row(rank: int, i: int) -> PriorityRow:
        cv = float(priority.variation[i])
        name_en, name_zh = names.get(skus[i], (None, None))
        return PriorityRow(
            rank=rank,
            sku=str(skus[i]),
            name_en=name_en,
            name_zh=name_zh,
            abc=str(priority.abc[i]),
            xyz=str(priority.xyz[i]),
            cv=cv if math.isfinite(cv) else None,
            sales_value=float(value[i]),
            share=float(priority.value_share[i]),
            cash_improvement=None if cash is None else cash.get(skus[i], 0.0),
        )

    lists = []
    for n in tops:
        chosen, share = priority.top(n)
        members = [row(rank, i) for rank, i in enumerate(chosen, 1)]
        total = None if cash is None else sum(cash.get(skus[i], 0.0) for i in chosen)
        lists.append(PriorityList(n, members, share, total))
    matrix = {a: {x: int(((priority.abc == a) & (priority.xyz == x)).sum()) for x in "XYZ"} for a in "ABC"}
    left_out = [
        LeftOut(str(sku), *names.get(sku, (None, None)), reason)
        for sku, reason in zip(skus, reasons, strict=True)
        if reason is not None
    ]
    return PriorityReport(cutoff, first, weeks, len(skus), matrix, lists, run_id, left_out)


def _left_out(store: Storage, settings: Settings, cutoff: dt.date, skus: np.ndarray) -> list[Message | None]:
    """Per SKU why it is left out of the pilot lists (None: it is not): its season has ended, or it
    has not sold over the chain in the last ``review_dead_days`` days (domain/replenishment/lifecycle.py)."""
    rules, limits = selling_rules(settings), review_limits(settings)
    facts = store.sales.selling_facts(cutoff, season_days=rules.season_window_days, dead_days=rules.dead_days)
    at = {str(sku): i for i, sku in enumerate(facts["sku"])}
    found = np.array([at.get(str(sku), -1) for sku in skus], dtype=np.int64)

    def column(name: str, missing: float) -> np.ndarray:
        values = np.append(facts[name], missing)  # index -1: a SKU without a sale in the year
        return np.asarray(values[found], dtype=float)

    year, peak, end = column("year_units", 0.0), column("peak_units", 0.0), column("peak_end_age", np.nan)
    ended = lifecycle.season_ended(year, peak, end, rules)
    quiet = lifecycle.unsold(column("last_sale_age", np.nan), rules.dead_days)

    def why(i: int) -> Message | None:
        if ended[i]:
            return flag_message("season_ended", limits, lifecycle.season_values(year[i], peak[i], end[i]))
        return Message("priority.unsold", {"days": rules.dead_days}) if quiet[i] else None

    return [why(i) for i in range(len(skus))]


def _window(store: Storage, days: int, cutoff: dt.date | None) -> tuple[dt.date, dt.date]:
    """The cutoff (default: the last sale day) and the window's first day, never before the first sale."""
    sold = store.sales.sale_days(cutoff)
    if sold is None:
        if cutoff is None:
            raise Refusal("refusal.no_sales_to_rank")
        raise Refusal("refusal.no_sales_to_rank_by", cutoff=cutoff.isoformat())
    cutoff = cutoff or sold.last
    return cutoff, max(sold.first, cutoff - dt.timedelta(days=days - 1))
