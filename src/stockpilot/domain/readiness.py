"""Data-readiness verdict (R-DATA-4): measured facts in, checks and a verdict out.

Pure: no database, no I/O. :mod:`stockpilot.services.readiness` measures the
facts; :func:`assess` compares them with the thresholds in
:class:`ReadinessLimits` (the ``readiness_*`` settings) and says what passes, what blocks
and why, as messages (``readiness.<finding>``) the catalogue words in English and
Traditional Chinese (Hong Kong): ``stockpilot.messages.readiness``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stockpilot.domain.messages import Message

BLOCKER = "blocker"
WARNING = "warning"

PILOT = "pilot"
ESTIMATES_ONLY = "estimates_only"
NOT_READY = "not_ready"

Words = Callable[[Message], str]
"""How a report's messages become text: the catalogue's ``render`` in the reader's language."""


def weekday(day: int) -> Message:
    """A weekday (0 = Monday ... 6 = Sunday) as the catalogue code ``weekday.<day>``."""
    return Message(f"weekday.{day}")


# --- facts -----------------------------------------------------------------------


@dataclass(frozen=True)
class TableFacts:
    """One table as the data now stands: its stored rows and its open quarantine problems (a
    problem a later import fixed is closed and no longer counted), by kind; a row may have
    problems of several kinds."""

    name: str
    missing_required: int = 0  # open problems with a required field empty
    invalid_values: int = 0  # open problems with a negative, impossible or unreadable value
    id_conflicts: int = 0  # open problems reusing an id with other values
    quarantined: int = 0  # open problems of any kind
    stored: int = 0
    implausible: int = 0  # stored rows with a quantity or price beyond the plausible limits
    largest: float | None = None  # the largest such value

    @property
    def rows(self) -> int:
        """The rows the table's shares are of: stored, or quarantined and not yet fixed."""
        return self.stored + self.quarantined


@dataclass(frozen=True)
class LocationFacts:
    """One location's sales calendar.

    ``gap_days`` counts days in [first_day, last_day] with no sale, not counting
    the regular closing weekdays (0 = Monday ... 6 = Sunday).
    ``median_gap_days`` is the median of the day differences between consecutive
    sale days; None when there is a single sale day.
    """

    location_id: str
    first_day: date
    last_day: date
    sale_days: int
    gap_days: int
    closed_weekdays: tuple[int, ...] = ()
    median_gap_days: float | None = None

    @property
    def history_days(self) -> int:
        """Calendar days from the first to the last sale, both included."""
        return (self.last_day - self.first_day).days + 1

    @property
    def trading_days(self) -> int:
        """Days in [first_day, last_day] that are not regular closing weekdays."""
        closed = set(self.closed_weekdays)
        return sum((self.first_day + timedelta(days=i)).weekday() not in closed for i in range(self.history_days))

    @property
    def gap_share(self) -> float:
        return self.gap_days / self.trading_days if self.trading_days else 0.0


@dataclass(frozen=True)
class ReadinessFacts:
    """Everything the verdict is computed from."""

    tables: tuple[TableFacts, ...] = ()
    locations: tuple[LocationFacts, ...] = ()
    promotions_rows: int = 0
    imported_tables: tuple[str, ...] = ()  # the tables some import's file was for, even with no rows
    stock_count_rows: int = 0
    sync_delay_p95_hours: float | None = None
    sync_delay_rows: int = 0

    @property
    def promotions_imported(self) -> bool:
        """Whether a promotions file was imported: one with only its header says the shop ran none."""
        return "promotions" in self.imported_tables


@dataclass(frozen=True)
class ReadinessLimits:
    """The thresholds of the verdict; the service builds them from the ``readiness_*`` settings."""

    min_completeness: float
    max_duplicate_share: float
    max_invalid_share: float
    max_plausible_quantity: float
    max_plausible_price: float
    max_granularity_days: float
    min_history_days: int
    pilot_history_days: int
    max_gap_share: float
    max_sync_delay_hours: float


# --- result ----------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One measured check: value against threshold, with what it found as a message."""

    id: str
    scope: str  # "overall", "table:<name>" or "location:<id>"
    measured: float | None
    threshold: float | None
    passed: bool
    severity: str  # BLOCKER or WARNING (what a failure means)
    finding: Message

    def to_dict(self, words: Words) -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": self.scope,
            "measured": self.measured,
            "threshold": self.threshold,
            "passed": self.passed,
            "severity": self.severity,
            "message": words(self.finding),
            "finding": self.finding.to_dict(),
        }


@dataclass(frozen=True)
class ReadinessReport:
    """The verdict: ``ready`` when no blocker failed; ``level`` says for what."""

    ready: bool
    level: str  # PILOT, ESTIMATES_ONLY or NOT_READY
    reasons: list[Message]  # the findings of the failed checks, blockers first, warnings marked
    checks: list[Check]
    facts: ReadinessFacts

    def to_dict(self, words: Words) -> dict[str, Any]:
        """JSON-ready summary, each message as ``words`` gives it (the catalogue in one language)."""
        f = self.facts
        return {
            "ready": self.ready,
            "level": self.level,
            "reasons": [words(r) for r in self.reasons],
            "checks": [c.to_dict(words) for c in self.checks],
            "locations": [
                {
                    "location_id": loc.location_id,
                    "first_day": loc.first_day.isoformat(),
                    "last_day": loc.last_day.isoformat(),
                    "history_days": loc.history_days,
                    "sale_days": loc.sale_days,
                    "trading_days": loc.trading_days,
                    "gap_days": loc.gap_days,
                    "gap_share": loc.gap_share,
                    "closed_weekdays": [words(weekday(d)) for d in loc.closed_weekdays],
                    "median_gap_days": loc.median_gap_days,
                }
                for loc in f.locations
            ],
            "tables": [
                {
                    "name": t.name,
                    "rows": t.rows,
                    "missing_required": t.missing_required,
                    "invalid_values": t.invalid_values,
                    "id_conflicts": t.id_conflicts,
                    "quarantined": t.quarantined,
                    "stored": t.stored,
                }
                for t in f.tables
            ],
            "overall": {
                "promotions_rows": f.promotions_rows,
                "promotions_imported": f.promotions_imported,
                "stock_count_rows": f.stock_count_rows,
                "sync_delay_p95_hours": f.sync_delay_p95_hours,
                "sync_delay_rows": f.sync_delay_rows,
            },
        }


def _reasons(checks: list[Check]) -> list[Message]:
    failed = [c for c in checks if not c.passed]
    return [c.finding for c in failed if c.severity == BLOCKER] + [
        Message("readiness.warning", {"finding": c.finding}) for c in failed if c.severity != BLOCKER
    ]


# --- checks ----------------------------------------------------------------------


def _table_checks(t: TableFacts, s: ReadinessLimits) -> list[Check]:
    """R-DATA-4: completeness, duplicates and impossible values of one table, as shares of its rows
    as the data now stands (:attr:`TableFacts.rows`)."""
    if t.rows <= 0:
        return []
    scope, n = f"table:{t.name}", t.rows
    complete = (n - t.missing_required) / n
    duplicates = t.id_conflicts / n
    invalid = t.invalid_values / n
    lim_c, lim_d, lim_i = (
        s.min_completeness,
        s.max_duplicate_share,
        s.max_invalid_share,
    )
    return _implausible_check(t, s) + [
        # R-DATA-4: required-field completeness >= readiness_min_completeness.
        Check(
            "completeness",
            scope,
            complete,
            lim_c,
            complete >= lim_c,
            BLOCKER,
            Message("readiness.completeness", {"table": t.name, "share": complete, "rows": n, "limit": lim_c}),
        ),
        # R-DATA-4: duplicates -- ids re-sent with other values.
        Check(
            "duplicates",
            scope,
            duplicates,
            lim_d,
            duplicates <= lim_d,
            BLOCKER,
            Message("readiness.duplicates", {"table": t.name, "share": duplicates, "rows": n, "limit": lim_d}),
        ),
        # R-DATA-4: negative or impossible values.
        Check(
            "invalid_values",
            scope,
            invalid,
            lim_i,
            invalid <= lim_i,
            BLOCKER,
            Message("readiness.invalid_values", {"table": t.name, "share": invalid, "rows": n, "limit": lim_i}),
        ),
    ]


def _implausible_check(t: TableFacts, s: ReadinessLimits) -> list[Check]:
    """R-DATA-4 (impossible values): stored values that can be stored but are hardly real,
    such as a quantity of 1e20; a warning, shown only when there are some."""
    if not t.implausible:
        return []
    values = {
        "table": t.name,
        "rows": t.implausible,
        "quantity": s.max_plausible_quantity,
        "price": s.max_plausible_price,
        "largest": t.largest,
    }
    return [
        Check(
            "implausible_values",
            f"table:{t.name}",
            t.implausible,
            0,
            False,
            WARNING,
            Message("readiness.implausible_values", values),
        )
    ]


def _location_checks(loc: LocationFacts, s: ReadinessLimits) -> list[Check]:
    """R-DATA-4: granularity, history length and gaps of one location's sales."""
    scope, lid = f"location:{loc.location_id}", loc.location_id
    checks = []

    # R-DATA-4: timestamp granularity -- sales at least daily (median gap between sale days).
    lim_g = s.max_granularity_days
    if loc.median_gap_days is None:
        checks.append(
            Check(
                "granularity",
                scope,
                None,
                lim_g,
                False,
                WARNING,
                Message("readiness.granularity_unmeasured", {"location": lid}),
            )
        )
    else:
        g = loc.median_gap_days
        checks.append(
            Check(
                "granularity",
                scope,
                g,
                lim_g,
                g <= lim_g,
                BLOCKER,
                Message("readiness.granularity", {"location": lid, "gap": g, "limit": lim_g}),
            )
        )

    # R-DATA-4: history length -- min_history_days to estimate, pilot_history_days to pilot.
    h, lo, hi = loc.history_days, s.min_history_days, s.pilot_history_days
    history = {"location": lid, "days": h, "minimum": lo, "pilot": hi}
    if h < lo:
        finding = Message("readiness.history_short", history)
        threshold: float = lo
    elif h < hi:
        finding = Message("readiness.history_estimates", history)
        threshold = hi
    else:
        finding = Message("readiness.history_pilot", history)
        threshold = hi
    checks.append(Check("history", scope, h, threshold, h >= hi, BLOCKER, finding))

    # R-DATA-4: gaps -- trading days with no sale; regular closing weekdays not counted.
    lim_s, share = s.max_gap_share, loc.gap_share
    gaps = {
        "location": lid,
        "gap_days": loc.gap_days,
        "trading_days": loc.trading_days,
        "share": share,
        "limit": lim_s,
        "closed": [weekday(d) for d in loc.closed_weekdays],
    }
    checks.append(
        Check(
            "gaps",
            scope,
            share,
            lim_s,
            share <= lim_s,
            BLOCKER,
            Message("readiness.gaps", gaps),
        )
    )
    return checks


def _overall_checks(f: ReadinessFacts, s: ReadinessLimits) -> list[Check]:
    """R-DATA-4: sales present, promotion log, stock counts and sync delay."""
    checks = []
    # R-DATA-4: without any sale there is nothing to assess or forecast.
    n_loc = len(f.locations)
    checks.append(
        Check(
            "sales_present",
            "overall",
            n_loc,
            1,
            n_loc >= 1,
            BLOCKER,
            Message("readiness.sales_present", {"locations": n_loc}) if n_loc else Message("readiness.no_sales"),
        )
    )
    # R-DATA-4: promotion log present, or promotion spikes look like normal demand. A log
    # imported with no rows (only its header) is present: the shop ran no promotion.
    p = f.promotions_rows
    if p:
        promotions = Message("readiness.promotions", {"rows": p})
    elif f.promotions_imported:
        promotions = Message("readiness.promotions_none")
    else:
        promotions = Message("readiness.no_promotions")
    checks.append(Check("promotions", "overall", p, 1, p >= 1 or f.promotions_imported, BLOCKER, promotions))
    # R-DATA-4 (with R-FC-2): stock counts tell stockout days apart from no-demand days.
    c = f.stock_count_rows
    checks.append(
        Check(
            "stock_counts",
            "overall",
            c,
            1,
            c >= 1,
            WARNING,
            Message("readiness.stock_counts", {"rows": c}) if c else Message("readiness.no_stock_counts"),
        )
    )
    # R-DATA-4: sync delay (event time vs arrival), 95th percentile under a limit.
    lim = s.max_sync_delay_hours
    d = f.sync_delay_p95_hours
    if d is None:
        checks.append(
            Check(
                "sync_delay",
                "overall",
                None,
                lim,
                False,
                WARNING,
                Message("readiness.sync_unmeasured"),
            )
        )
    else:
        checks.append(
            Check(
                "sync_delay",
                "overall",
                d,
                lim,
                d <= lim,
                BLOCKER,
                Message("readiness.sync_delay", {"hours": d, "rows": f.sync_delay_rows, "limit": lim}),
            )
        )
    return checks


def assess(facts: ReadinessFacts, limits: ReadinessLimits) -> ReadinessReport:
    """The R-DATA-4 verdict on ``facts`` with the thresholds ``limits``.

    ``ready`` is true when no blocker failed (level "pilot"). When the only failed
    blockers are locations whose history is at least the minimum but short of the
    pilot length, the level is "estimates_only"; otherwise "not_ready".
    """
    checks = _overall_checks(facts, limits)
    for table in facts.tables:
        checks += _table_checks(table, limits)
    for loc in facts.locations:
        checks += _location_checks(loc, limits)

    blockers = [c for c in checks if not c.passed and c.severity == BLOCKER]
    if not blockers:
        level = PILOT
    elif all(c.id == "history" and (c.measured or 0) >= limits.min_history_days for c in blockers):
        level = ESTIMATES_ONLY
    else:
        level = NOT_READY
    return ReadinessReport(not blockers, level, _reasons(checks), checks, facts)
