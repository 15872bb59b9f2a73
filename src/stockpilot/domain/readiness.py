"""Data-readiness verdict (R-DATA-4): measured facts in, checks and a verdict out.

Pure: no database, no I/O. :mod:`stockpilot.services.readiness` measures the
facts; :func:`assess` compares them with the thresholds in
:class:`ReadinessLimits` (the ``readiness_*`` settings) and says, in English and Traditional
Chinese (Hong Kong), what passes, what blocks and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

BLOCKER = "blocker"
WARNING = "warning"

PILOT = "pilot"
ESTIMATES_ONLY = "estimates_only"
NOT_READY = "not_ready"

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


# --- facts -----------------------------------------------------------------------


@dataclass(frozen=True)
class TableFacts:
    """One table's import counts, summed over every import, and its stored rows."""

    name: str
    received: int = 0
    missing_required: int = 0
    invalid_values: int = 0
    id_conflicts: int = 0
    quarantined: int = 0
    stored: int = 0
    implausible: int = 0  # stored rows with a quantity or price beyond the plausible limits
    largest: float | None = None  # the largest such value


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
    stock_count_rows: int = 0
    sync_delay_p95_hours: float | None = None
    sync_delay_rows: int = 0


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
    """One measured check: value against threshold, with a message in both languages."""

    id: str
    scope: str  # "overall", "table:<name>" or "location:<id>"
    measured: float | None
    threshold: float | None
    passed: bool
    severity: str  # BLOCKER or WARNING (what a failure means)
    message_en: str
    message_zh: str

    def message(self, language: str = "en") -> str:
        return self.message_zh if language.startswith("zh") else self.message_en

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": self.scope,
            "measured": self.measured,
            "threshold": self.threshold,
            "passed": self.passed,
            "severity": self.severity,
            "message": self.message(language),
        }


@dataclass(frozen=True)
class ReadinessReport:
    """The verdict: ``ready`` when no blocker failed; ``level`` says for what."""

    ready: bool
    level: str  # PILOT, ESTIMATES_ONLY or NOT_READY
    reasons: list[str]
    checks: list[Check]
    facts: ReadinessFacts

    def reasons_in(self, language: str = "en") -> list[str]:
        """Messages of the failed checks in ``language``, blockers first."""
        return _reasons(self.checks, language)

    def to_dict(self, language: str = "en") -> dict[str, Any]:
        """JSON-ready summary, messages in ``language`` ('en' or 'zh-HK')."""
        names = WEEKDAYS_ZH if language.startswith("zh") else WEEKDAYS_EN
        f = self.facts
        return {
            "ready": self.ready,
            "level": self.level,
            "reasons": self.reasons_in(language),
            "checks": [c.to_dict(language) for c in self.checks],
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
                    "closed_weekdays": [names[d] for d in loc.closed_weekdays],
                    "median_gap_days": loc.median_gap_days,
                }
                for loc in f.locations
            ],
            "tables": [
                {
                    "name": t.name,
                    "received": t.received,
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
                "stock_count_rows": f.stock_count_rows,
                "sync_delay_p95_hours": f.sync_delay_p95_hours,
                "sync_delay_rows": f.sync_delay_rows,
            },
        }


def _reasons(checks: list[Check], language: str) -> list[str]:
    prefix = "警告：" if language.startswith("zh") else "warning: "
    failed = [c for c in checks if not c.passed]
    return [c.message(language) for c in failed if c.severity == BLOCKER] + [
        prefix + c.message(language) for c in failed if c.severity != BLOCKER
    ]


# --- checks ----------------------------------------------------------------------


def _pct(x: float) -> str:
    return f"{x * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _table_checks(t: TableFacts, s: ReadinessLimits) -> list[Check]:
    """R-DATA-4: completeness, duplicates and impossible values of one table."""
    if t.received <= 0:
        return []
    scope, n = f"table:{t.name}", t.received
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
            f"{t.name}: {_pct(complete)} of {n} rows received over all imports have every required field "
            f"filled in (at least {_pct(lim_c)} needed).",
            f"{t.name}：所有匯入共收到的 {n} 行中，{_pct(complete)} 填齊了所有必填欄位（最少需要 {_pct(lim_c)}）。",
        ),
        # R-DATA-4: duplicates -- ids re-sent with other values.
        Check(
            "duplicates",
            scope,
            duplicates,
            lim_d,
            duplicates <= lim_d,
            BLOCKER,
            f"{t.name}: {_pct(duplicates)} of {n} rows received over all imports reuse an id with different "
            f"values (at most {_pct(lim_d)} allowed).",
            f"{t.name}：所有匯入共收到的 {n} 行中，{_pct(duplicates)} 重用了已有編號但內容不同"
            f"（最多容許 {_pct(lim_d)}）。",
        ),
        # R-DATA-4: negative or impossible values.
        Check(
            "invalid_values",
            scope,
            invalid,
            lim_i,
            invalid <= lim_i,
            BLOCKER,
            f"{t.name}: {_pct(invalid)} of {n} rows received over all imports have negative or impossible "
            f"values (at most {_pct(lim_i)} allowed).",
            f"{t.name}：所有匯入共收到的 {n} 行中，{_pct(invalid)} 含負數或不合理的數值（最多容許 {_pct(lim_i)}）。",
        ),
    ]


def _implausible_check(t: TableFacts, s: ReadinessLimits) -> list[Check]:
    """R-DATA-4 (impossible values): stored values that can be stored but are hardly real,
    such as a quantity of 1e20; a warning, shown only when there are some."""
    if not t.implausible:
        return []
    q, p, big = _num(s.max_plausible_quantity), _num(s.max_plausible_price), f"{t.largest:g}"
    return [
        Check(
            "implausible_values",
            f"table:{t.name}",
            t.implausible,
            0,
            False,
            WARNING,
            f"{t.name}: {t.implausible} stored rows have a quantity above {q} or a price above HK${p} "
            f"(the largest is {big}); check them before a pilot.",
            f"{t.name}：已儲存的 {t.implausible} 行數量超過 {q} 或價格超過 HK${p}（最大為 {big}），請在試行前核對。",
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
                f"{lid}: sales on a single day only, so how finely they are dated cannot be measured yet.",
                f"{lid}：只有一日的銷售，暫時無法量度銷售記錄的時間精細度。",
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
                f"{lid}: consecutive sale days are typically {_num(g)} day(s) apart; sales must "
                f"be dated at least every {_num(lim_g)} day(s).",
                f"{lid}：相鄰兩個有銷售的日子通常相隔 {_num(g)} 日；銷售記錄最少要每 {_num(lim_g)} 日一筆。",
            )
        )

    # R-DATA-4: history length -- min_history_days to estimate, pilot_history_days to pilot.
    h, lo, hi = loc.history_days, s.min_history_days, s.pilot_history_days
    if h < lo:
        en = (
            f"{lid}: only {h} days of sales history; at least {lo} days are needed for any estimate ({hi} for a pilot)."
        )
        zh = f"{lid}：只有 {h} 日銷售紀錄；任何估算最少需要 {lo} 日（試行需要 {hi} 日）。"
        threshold: float = lo
    elif h < hi:
        en = f"{lid}: {h} days of sales history: enough for estimates, but a pilot needs {hi} days."
        zh = f"{lid}：有 {h} 日銷售紀錄，足以作估算，但試行需要 {hi} 日。"
        threshold = hi
    else:
        en = f"{lid}: {h} days of sales history, enough for a pilot ({hi} needed)."
        zh = f"{lid}：有 {h} 日銷售紀錄，足夠試行（需要 {hi} 日）。"
        threshold = hi
    checks.append(Check("history", scope, h, threshold, h >= hi, BLOCKER, en, zh))

    # R-DATA-4: gaps -- trading days with no sale; regular closing weekdays not counted.
    lim_s, share = s.max_gap_share, loc.gap_share
    closed_en = ", ".join(WEEKDAYS_EN[d] for d in loc.closed_weekdays) or "none"
    closed_zh = "、".join(WEEKDAYS_ZH[d] for d in loc.closed_weekdays) or "沒有"
    checks.append(
        Check(
            "gaps",
            scope,
            share,
            lim_s,
            share <= lim_s,
            BLOCKER,
            f"{lid}: {loc.gap_days} of {loc.trading_days} trading days ({_pct(share)}) have no "
            f"sale at all (at most {_pct(lim_s)} allowed). Regular closing days detected and "
            f"not counted: {closed_en}.",
            f"{lid}：{loc.trading_days} 個營業日中有 {loc.gap_days} 日（{_pct(share)}）完全沒有"
            f"銷售（最多容許 {_pct(lim_s)}）。偵測到並已不計算的固定休息日：{closed_zh}。",
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
            f"Sales found at {n_loc} location(s)."
            if n_loc
            else "No sales at all: import sales before anything can be estimated.",
            f"{n_loc} 個地點有銷售紀錄。" if n_loc else "完全沒有銷售紀錄：請先匯入銷售資料，才可作任何估算。",
        )
    )
    # R-DATA-4: promotion log present, or promotion spikes look like normal demand.
    p = f.promotions_rows
    checks.append(
        Check(
            "promotions",
            "overall",
            p,
            1,
            p >= 1,
            BLOCKER,
            f"Promotion log present ({p} rows)."
            if p
            else "No promotion log: forecasts cannot separate promotion spikes from normal "
            "demand. Import the promotions.",
            f"已有推廣紀錄（{p} 行）。"
            if p
            else "沒有推廣紀錄：預測無法把推廣帶來的銷量高峰與平常需求分開。請匯入推廣資料。",
        )
    )
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
            f"Stock counts present ({c} rows)."
            if c
            else "No stock counts: days out of stock will have to be inferred from the sales.",
            f"已有存貨盤點紀錄（{c} 行）。" if c else "沒有存貨盤點紀錄：缺貨的日子只能從銷售推斷。",
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
                "Sync delay cannot be measured yet (no row says when it was sent); it will be "
                "measured on the data the POS pushes.",
                "暫時無法量度同步延誤（沒有記錄資料何時送出）；將以收銀系統傳送的資料量度。",
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
                f"95% of sales and returns arrive within {_num(d)} hours of happening "
                f"(measured on {f.sync_delay_rows} rows; at most {_num(lim)} hours allowed).",
                f"95% 的銷售及退貨在發生後 {_num(d)} 小時內送達"
                f"（以 {f.sync_delay_rows} 行量度；最多容許 {_num(lim)} 小時）。",
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
    return ReadinessReport(not blockers, level, _reasons(checks, "en"), checks, facts)
