"""Every default of the product in one declarative place, in sections, checked when loaded.

Each setting is a field of one section (a frozen dataclass: :class:`StorageSettings`,
:class:`ReplenishmentSettings`, ...) with its documentation and what it allows in the
field's metadata; :class:`Settings` holds one instance of each section, so a value
reads ``settings.replenishment.service_level_a``. Field names are unique over all
sections. Values are overridden, in increasing priority, by a TOML file
(``stockpilot.toml`` in the working directory, or the path in ``STOCKPILOT_CONFIG``;
each setting under its ``[section]``), by environment variables ``STOCKPILOT_<NAME>``,
and by keyword overrides given to :func:`load_settings` (flat, by field name).
Every value is checked when loaded: one of the wrong type, outside its range or not
among its choices is refused with a :class:`SettingsError` naming where it came from.
Lists are parsed once, into tuples.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_type_hints

from stockpilot.domain.forecasting.models import MODEL_NAMES
from stockpilot.domain.replay.shop_rules import RULES
from stockpilot.errors import Detailed, Refusal
from stockpilot.messages import LANGUAGES

ENV_PREFIX = "STOCKPILOT_"
CONFIG_FILE = "stockpilot.toml"
RETURNS = ("ignore", "net")


class SettingsError(Detailed, Refusal):
    """A setting that is unknown, misplaced, or not what it allows; the message names where it came from."""

    code = "refusal.setting"


@dataclass(frozen=True)
class Check:
    """A test a value must pass beyond its range and choices, with what it allows in words."""

    allowed: str
    passes: Callable[[Any], bool]


@dataclass(frozen=True)
class Rule:
    """What one setting allows (for a list: each item). ``minimum``/``maximum`` are
    inclusive bounds, ``above``/``below`` exclusive ones."""

    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None
    below: float | None = None
    choices: tuple[str, ...] = ()
    required: bool = False  # a list needs at least one item
    check: Check | None = None
    any_case: bool = False  # a choice matches whatever its case, and reads as the choice is spelt

    def spelt(self, item: Any) -> Any:
        """``item`` as its choice is spelt, where choices match in any case; else ``item``."""
        if self.any_case and isinstance(item, str):
            return next((choice for choice in self.choices if choice.lower() == item.lower()), item)
        return item

    def admits(self, item: Any) -> bool:
        """Whether one scalar value (or list item) is inside the range and among the choices."""
        if self.choices and item not in self.choices:
            return False
        return not (
            (self.minimum is not None and not item >= self.minimum)
            or (self.maximum is not None and not item <= self.maximum)
            or (self.above is not None and not item > self.above)
            or (self.below is not None and not item < self.below)
        )

    def range_text(self) -> str:
        """The range in words: 'in (0, 1) exclusive', 'in [0, 1]', '>= 1', ... ('' when unbounded)."""
        low, low_open = (self.above, True) if self.above is not None else (self.minimum, False)
        high, high_open = (self.below, True) if self.below is not None else (self.maximum, False)
        if low is not None and high is not None:
            if low_open and high_open:
                return f"in ({low:g}, {high:g}) exclusive"
            return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
        if low is not None:
            return f"{'>' if low_open else '>='} {low:g}"
        if high is not None:
            return f"{'<' if high_open else '<='} {high:g}"
        return ""


def _is_zone(text: str) -> bool:
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# DuckDB's memory sizes (https://duckdb.org/docs/stable/configuration/overview): a number and a unit.
_SIZE = re.compile(r"\s*\d+(\.\d+)?\s*([kmgt]i?b|b|bytes?)\s*", re.IGNORECASE)

ZONE = Check("a time zone of the IANA database, such as 'Asia/Hong_Kong'", _is_zone)
ISO_DATE = Check("an ISO date, such as '2000-01-01'", _is_date)
DUCKDB_SIZE = Check("a DuckDB size, such as '512MB' or '2GB'", lambda text: _SIZE.fullmatch(text) is not None)
NOT_EMPTY = Check("non-empty text", lambda text: text.strip() != "")
NONE_OR_TWO = Check("two models or none", lambda items: len(items) in (0, 2))


def _setting(default: Any, help: str, source: str, **rule: Any) -> Any:
    """A field with its documentation and what it allows (keyword arguments of :class:`Rule`)."""
    return field(default=default, metadata={"help": help, "source": source, "rule": Rule(**rule)})


# --- sections ----------------------------------------------------------------------


@dataclass(frozen=True)
class StorageSettings:
    """Where the data lives and the language Stock Pilot speaks."""

    db_path: str = _setting(
        "stockpilot.duckdb",
        "Where the data lives when no --db is given: a DuckDB file (the embedded default), or a "
        "postgresql://user@host:port/name URL for several users and processes at once.",
        "R-SCALE-1",
        check=NOT_EMPTY,
    )
    language: str = _setting(
        "en",
        "Language of messages and reports: en (English) or zh-HK (Traditional Chinese, Hong Kong), in any case.",
        "R-UI-1",
        choices=LANGUAGES,
        any_case=True,
    )


@dataclass(frozen=True)
class PrivacySettings:
    """Personal data (PDPO): the pseudonym key, how long events are kept, how often they are exported."""

    pseudonym_key_file: str = _setting(
        "",
        "File holding the secret key for pseudonymising member ids (created on first "
        "use, readable by its owner only). Empty: the file `<database file>.key` beside "
        "the database, wherever the command runs from; a relative path is taken from the "
        "database's folder. An in-memory database needs this setting or the environment "
        "variable STOCKPILOT_PSEUDONYM_KEY, which takes precedence. Never stored in the database.",
        "R-DATA-5",
    )
    retention_days: int = _setting(
        2557,
        "Events older than this many days are removed by `stockpilot purge` "
        "(7 years: the period Hong Kong business records are kept for).",
        "R-DATA-5",
        minimum=1,
    )
    export_interval_days: int = _setting(30, "A full data export is due every this many days.", "R-DATA-5", minimum=1)


@dataclass(frozen=True)
class ImportingSettings:
    """What an import accepts: dates, time zone, sizes and the memory it may use."""

    future_tolerance_days: int = _setting(
        1,
        "An event dated more than this many days after the import is refused as impossible.",
        "R-DATA-3",
        minimum=0,
    )
    planned_horizon_days: int = _setting(
        366,
        "How far ahead a planned event (an expected delivery, a promotion, a calendar event) may be "
        "dated: a planned date more than this many days after the import is refused as beyond the horizon.",
        "R-DATA-3",
        minimum=0,
    )
    timezone: str = _setting(
        "Asia/Hong_Kong",
        "The shop's local time zone: times sent with a zone (e.g. ending in Z) are "
        "converted to it; times without one are taken as local.",
        "R-DATA-2",
        check=ZONE,
    )
    earliest_event_date: str = _setting(
        "2000-01-01", "An event dated before this day is refused as impossible.", "R-DATA-3", check=ISO_DATE
    )
    import_memory_limit: str = _setting(
        "1GB",
        "Memory DuckDB may use while a file is imported; beyond it the import's working tables "
        "spill to a private temporary folder, so a file of any size imports in bounded memory.",
        "R-SCALE-1",
        check=DUCKDB_SIZE,
    )
    import_max_code_length: int = _setting(
        100,
        "An id or code (event id, SKU, location, supplier) longer than this is refused.",
        "R-DATA-3",
        minimum=1,
    )
    import_max_text_length: int = _setting(
        1000, "A free-text value (a name, a reason) longer than this is refused.", "R-DATA-3", minimum=1
    )


@dataclass(frozen=True)
class ReadinessSettings:
    """The thresholds of `stockpilot readiness`: is the data good enough to estimate, or to pilot?"""

    readiness_min_completeness: float = _setting(
        0.95, "Share of received rows that must carry every required field.", "R-DATA-4", minimum=0, maximum=1
    )
    readiness_pilot_history_days: int = _setting(
        90, "Days of sales history needed to run a pilot.", "R-DATA-4", minimum=1
    )
    readiness_min_history_days: int = _setting(
        30, "Days of sales history below which nothing can be estimated.", "R-DATA-4", minimum=1
    )
    readiness_max_sync_delay_hours: float = _setting(
        24.0,
        "Largest acceptable 95th-percentile delay between an event and its arrival.",
        "R-DATA-4",
        minimum=0,
    )
    readiness_max_granularity_days: float = _setting(
        1.0,
        "Sales must be dated at least this finely: the typical gap between "
        "consecutive trading days of a location, in days.",
        "R-DATA-4",
        above=0,
    )
    readiness_max_duplicate_share: float = _setting(
        0.01,
        "Largest acceptable share of received rows that repeat an id with other values.",
        "R-DATA-4",
        minimum=0,
        maximum=1,
    )
    readiness_max_invalid_share: float = _setting(
        0.05,
        "Largest acceptable share of received rows with negative or impossible values.",
        "R-DATA-4",
        minimum=0,
        maximum=1,
    )
    readiness_max_plausible_quantity: float = _setting(
        100_000.0,
        "A stored quantity (sold, returned, received, ordered or counted) above this is reported as implausible.",
        "R-DATA-4",
        above=0,
    )
    readiness_max_plausible_price: float = _setting(
        1_000_000.0,
        "A stored unit price or cost (HK$) above this is reported as implausible.",
        "R-DATA-4",
        above=0,
    )
    readiness_max_gap_share: float = _setting(
        0.10,
        "Largest acceptable share of a location's trading days with no sale at all "
        "(days it regularly closes are not counted).",
        "R-DATA-4",
        minimum=0,
        maximum=1,
    )
    readiness_closed_weekday_share: float = _setting(
        0.8,
        "A weekday with no sale in at least this share of weeks is taken as a day the location regularly closes.",
        "R-DATA-4",
        above=0,
        maximum=1,
    )


@dataclass(frozen=True)
class ForecastingSettings:
    """How demand is forecast: horizon, quantiles, candidate models and their backtest."""

    forecast_min_horizon_days: int = _setting(
        28,
        "Forecast horizon in days: the longest supplier lead time plus the review period, and at least this.",
        "R-FC-1",
        minimum=1,
    )
    forecast_quantiles: tuple[float, ...] = _setting(
        (0.5, 0.8, 0.9, 0.95, 0.99),
        "Quantile levels stored with every forecast.",
        "R-FC-1",
        above=0,
        below=1,
        required=True,
    )
    forecast_models: tuple[str, ...] = _setting(
        MODEL_NAMES,
        "Candidate models, chosen per series by backtest (see docs/forecasting.md).",
        "R-FC-3",
        choices=MODEL_NAMES,
        required=True,
    )
    forecast_backtest_windows: int = _setting(
        1,
        "Backtest windows of one horizon each, just before the cut-off, that choose each series' model "
        "and measure its spread.",
        "R-FC-3",
        minimum=0,
    )
    forecast_switch_margin: float = _setting(
        0.5,
        "A series leaves the first candidate model only for one whose backtest error, scaled as RMSSE "
        "squared, is lower by more than this (docs/forecasting.md: the margin against the winner's curse).",
        "R-FC-3",
        minimum=0,
    )
    forecast_combination: tuple[str, ...] = _setting(
        ("global_boosted", "exponential_smoothing"),
        "Two models whose blend (the first's days at the mean of both totals) is a candidate too, first "
        "when it backtests better pooled over all series (docs/forecasting.md); empty: no blend.",
        "R-FC-1",
        choices=MODEL_NAMES,
        check=NONE_OR_TWO,
    )
    forecast_history_days: int = _setting(1095, "Days of history a forecast learns from at most.", "R-FC-2", minimum=1)
    forecast_returns: str = _setting(
        "ignore",
        "How returns count in demand: 'ignore' (a return does not unsell: demand is what customers took) "
        "or 'net' (returns are subtracted on the day they come back).",
        "R-FC-2",
        choices=RETURNS,
    )
    backtest_origins: int = _setting(
        4, "Forecast origins, one horizon apart, that `stockpilot backtest` evaluates.", "R-FC-3", minimum=1
    )
    forecast_show_history_days: int = _setting(
        56,
        "Days of actual sales before the forecast's first day that `stockpilot forecast show` lists and charts.",
        "R-UI-1",
        minimum=0,
    )


@dataclass(frozen=True)
class ReplenishmentSettings:
    """How orders are proposed and reviewed: review period, service levels, ABC classes, budget, flags."""

    review_period_days: int = _setting(
        7, "Days between two order reviews of the same SKU (periodic review).", "R-REP-1", minimum=1
    )
    service_level_a: float = _setting(
        0.98,
        "Target cycle service level of class A SKUs (the top 80% of sales value).",
        "R-REP-1",
        above=0,
        below=1,
    )
    service_level_b: float = _setting(
        0.95, "Target cycle service level of class B SKUs (the next 15%).", "R-REP-1", above=0, below=1
    )
    service_level_c: float = _setting(
        0.90, "Target cycle service level of class C SKUs (the last 5%).", "R-REP-1", above=0, below=1
    )
    abc_a_share: float = _setting(
        0.80, "Class A: the SKUs that make this share of sales value.", "R-REP-1", above=0, below=1
    )
    abc_b_share: float = _setting(
        0.95,
        "Class B: the SKUs up to this cumulative share (the rest are C).",
        "R-REP-1",
        above=0,
        maximum=1,
    )
    abc_days: int = _setting(90, "Days of sales value that rank SKUs into A, B and C.", "R-REP-1", minimum=1)
    lead_time_error_prior_windows: float = _setting(
        4.0,
        "The sd of demand over review + lead time is measured on the errors of earlier forecasts of it, "
        "shrunk toward the forecast's own sd with the weight of this many forecasts.",
        "R-REP-1",
        minimum=0,
    )
    lead_time_error_days: int = _setting(
        182,
        "Earlier forecasts made in this many days before the plan date count for that sd.",
        "R-REP-1",
        minimum=1,
    )
    supplier_budget: float = _setting(
        0.0,
        "Most a day's proposals may spend per supplier, HK$ (0: no cap). Cuts go C before B before A.",
        "R-REP-1",
        minimum=0,
    )
    review_order_multiple: float = _setting(
        3.0,
        "A line is flagged when it orders more than this multiple of the usual order.",
        "R-REP-3",
        above=0,
    )
    review_new_sku_days: int = _setting(
        28,
        "A SKU with less sales history than this at the location is new and flagged.",
        "R-REP-3",
        minimum=0,
    )
    review_band: float = _setting(
        0.98,
        "Central interval of the forecast for last week: a week's sales outside it flags the line. "
        "A well-forecast SKU leaves a 98% band one week in fifty by chance (a 90% band: one in ten, "
        "which the M5 replay showed buries the real misses).",
        "R-REP-3",
        above=0,
        below=1,
    )
    review_edit_max_multiple: float = _setting(
        5.0,
        "`review edit` refuses a quantity above this multiple of max(proposed quantity, one case pack) "
        "(a mistyped 1e9 is never ordered); an edit is also whole units and above zero (to order nothing, reject).",
        "R-REP-3",
        above=1,
    )
    review_rounding_share: float = _setting(
        0.25,
        "A line is flagged as mostly rounding when its need is below this share of the order that "
        "rounding to case packs and the minimum order made of it (a need of 0.04 ordered as a case of 12).",
        "R-REP-3",
        above=0,
        below=1,
    )
    review_dead_days: int = _setting(
        56,
        "Stock on hand with no sale in this many days is dead stock and flagged; a SKU unsold this long "
        "is also left out of the pilot lists.",
        "R-REP-3",
        minimum=1,
        maximum=365,
    )
    review_slow_days: int = _setting(
        180,
        "Stock on hand that covers more than this many days at the last review_dead_days' rate of sale "
        "is slow stock and flagged.",
        "R-REP-3",
        minimum=1,
    )
    review_season_share: float = _setting(
        0.8,
        "A SKU is seasonal when at least this share of its last 365 days' units sold fell within "
        "review_season_days days (its season); it is flagged, and left out of the pilot lists, once that has ended.",
        "R-REP-3",
        above=0,
        maximum=1,
    )
    review_season_days: int = _setting(
        90,
        "The longest season: the window of days that holds review_season_share of a year's units.",
        "R-REP-3",
        minimum=1,
        maximum=365,
    )
    review_season_gap_days: int = _setting(
        14,
        "A season has ended when the last sale in its window is at least this many days before the plan date.",
        "R-REP-3",
        minimum=1,
    )
    review_no_data_days: int = _setting(
        2,
        "A line is flagged 'no data for the last N days' when its location has no sale rows for more than "
        "this many days before the plan date (then its forecast band is not checked: no data is no breach).",
        "R-REP-3",
        minimum=0,
    )


@dataclass(frozen=True)
class ReplaySettings:
    """`stockpilot replay`: the shop's rule it compares with, the trade-off sweeps, buyers' minutes,
    break-even accuracy and the priority lists."""

    replay_days: int = _setting(
        365, "Days of history `stockpilot replay` replays (the most recent).", "R-SIM-1", minimum=1
    )
    replay_refit_days: int = _setting(
        28,
        "In a replay, the forecast is refitted every this many days, from the history before.",
        "R-SIM-1",
        minimum=1,
    )
    replay_seed: int = _setting(
        1,
        "Seed of the lead times a replay draws from the receipts: the same seed, the same replay.",
        "R-SIM-1",
        minimum=0,
    )
    replay_rule: str = _setting(
        "min_max",
        "The shop's current rule the replay compares with: min_max, weeks_of_cover (order up to max weeks "
        "at every review) or fixed_quantity (order (max - min) weeks of sales when stock falls to min).",
        "R-SIM-1",
        choices=RULES,
    )
    replay_rule_min_weeks: float = _setting(
        1.0,
        "The shop's min/max rule: order when stock on hand and on order falls to this many weeks.",
        "R-SIM-1",
        minimum=0,
    )
    replay_rule_max_weeks: float = _setting(
        3.0, "The shop's min/max rule: order up to this many weeks of average sales.", "R-SIM-1", above=0
    )
    replay_rule_window_days: int = _setting(
        28, "The shop's rule averages sales over this many days (a moving average).", "R-SIM-1", minimum=1
    )
    replay_rule_sweep: tuple[float, ...] = _setting(
        (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0),
        "Min weeks swept for the rule's trade-off curve (max = min + the usual max - min).",
        "R-SIM-1",
        minimum=0,
        required=True,
    )
    replay_service_sweep: tuple[float, ...] = _setting(
        (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995),
        "Cycle service levels swept for the forecast policy's trade-off curve.",
        "R-SIM-1",
        above=0,
        below=1,
        required=True,
    )
    replay_minutes_per_manual_line: float = _setting(
        2.0,
        "Buyer's minutes to work out and write one order line by hand (the shop's rule). "
        "An estimate: measure it in the pilot.",
        "R-SIM-1",
        minimum=0,
    )
    replay_minutes_per_reviewed_flag: float = _setting(
        2.0,
        "Buyer's minutes to review one flagged proposal line (read the reason, check, decide).",
        "R-SIM-1",
        minimum=0,
    )
    replay_minutes_per_routine_approval: float = _setting(
        0.25,
        "Buyer's minutes to approve one unflagged proposal line in the review list.",
        "R-SIM-1",
        minimum=0,
    )
    break_even_reduction: float = _setting(
        0.30,
        "Break-even accuracy: the fall in stockouts the forecast error must bring.",
        "R-SIM-2",
        above=0,
        below=1,
    )
    break_even_top: int = _setting(
        20, "Break-even accuracy: how many SKUs to list where accuracy pays most.", "R-SIM-2", minimum=1
    )
    xyz_x_max: float = _setting(
        0.5, "Class X: coefficient of variation of weekly demand up to this (stable).", "R-SIM-3", above=0
    )
    xyz_y_max: float = _setting(
        1.0, "Class Y: coefficient of variation up to this; Z above (unstable).", "R-SIM-3", above=0
    )
    priority_tops: tuple[int, ...] = _setting(
        (50, 200), "The priority lists' lengths (the pilot starts with the first).", "R-SIM-3", minimum=1
    )


@dataclass(frozen=True)
class PilotSettings:
    """The pilot's targets against the shop's rule (the seed's KPIs)."""

    pilot_stockout_reduction: float = _setting(
        0.30,
        "Pilot target: stockout rate this much lower than under the shop's rule (the seed's KPI).",
        "R-PIL-1",
        minimum=0,
        maximum=1,
    )
    pilot_turnover_increase: float = _setting(
        0.10,
        "Pilot target: stock turnover this much higher than under the shop's rule (the seed's KPI).",
        "R-PIL-1",
        minimum=0,
    )
    pilot_hours_reduction: float = _setting(
        0.40,
        "Pilot target: buyers' ordering hours this much lower than under the shop's rule (the seed's KPI).",
        "R-PIL-1",
        minimum=0,
        maximum=1,
    )


@dataclass(frozen=True)
class DemoSettings:
    """The demo chain `stockpilot demo build` makes from real demand."""

    demo_seed: int = _setting(
        20260220,
        "Seed of the demo chain: the same seed builds the same files, byte for byte.",
        "issue 3",
        minimum=0,
    )
    demo_skus: int = _setting(400, "Number of SKUs in the demo chain (300 to 600).", "issue 3", minimum=1)
    demo_start_date: str = _setting(
        "2023-12-01",
        "First day of the demo history (moved to the nearest day with the source's weekday); "
        "the history runs 739 days, the length of the Online Retail II source.",
        "issue 3",
        check=ISO_DATE,
    )
    demo_chain_file: str = _setting(
        "",
        "TOML file with the demo chain's stores, warehouse and suppliers (empty: the shipped sample/demo_chain.toml).",
        "issue 3",
    )
    demo_promotion_share: float = _setting(
        0.03,
        "Share of the demo SKUs that start a promotion in each 4-week period.",
        "R-DATA-1",
        minimum=0,
        maximum=1,
    )
    demo_promotion_elasticity: float = _setting(
        2.5,
        "Demo promotion uplift per unit of discount: 20% off sells 1 + 2.5 x 0.2 = 1.5 times as much.",
        "R-FC-2",
        minimum=0,
    )


@dataclass(frozen=True)
class GovernanceSettings:
    """Room for the settings of governance (approvals, audit); none yet."""


@dataclass(frozen=True)
class FinanceSettings:
    """Room for the settings of finance (costs, budgets); none yet."""


@dataclass(frozen=True)
class WebSettings:
    """The web app and the POS API (`stockpilot serve`): where it listens, its sessions, log-in
    throttling and the limits on what a POS may send."""

    web_host: str = _setting(
        "127.0.0.1",
        "Address `stockpilot serve` listens on (loopback by default: only this machine; "
        "0.0.0.0 for the shop's network, behind HTTPS).",
        "R-UI-1",
        check=NOT_EMPTY,
    )
    web_port: int = _setting(8000, "Port `stockpilot serve` listens on.", "R-UI-1", minimum=1, maximum=65535)
    web_secret_file: str = _setting(
        "",
        "File holding the secret that signs session cookies (at least 32 characters; readable by its owner "
        "only). The environment variable STOCKPILOT_WEB_SECRET takes precedence. The server refuses to start "
        "without one, or with a known default, except in demo mode (`serve --demo`: a new secret per start).",
        "R-UI-3",
    )
    web_session_hours: float = _setting(
        12, "A log-in lasts this long (hours), then the person logs in again.", "R-UI-3", above=0, maximum=720
    )
    login_free_failures: int = _setting(
        3, "Failed log-ins in a row allowed before each further try must wait.", "R-UI-3", minimum=1
    )
    login_delay_seconds: float = _setting(
        2,
        "The wait after the first failed log-in beyond the free ones; it doubles with each further failure.",
        "R-UI-3",
        above=0,
    )
    login_delay_max_seconds: float = _setting(
        900, "The longest wait between log-in tries of one user name (seconds).", "R-UI-3", above=0
    )
    api_max_events: int = _setting(
        5000, "Most events one POS batch may carry; a larger batch is refused whole.", "R-DATA-2", minimum=1
    )
    api_max_request_bytes: int = _setting(
        5_000_000,
        "Largest body (bytes) a POS request or an upload may send; a larger one is refused before it is read "
        "whole (an upload may be 20 times larger).",
        "R-DATA-2",
        minimum=1_000,
    )


@dataclass(frozen=True)
class Settings:
    """The product's settings, one instance of each section; see ``docs/settings.md``
    (generated from these classes)."""

    storage: StorageSettings = field(default_factory=StorageSettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    importing: ImportingSettings = field(default_factory=ImportingSettings)
    readiness: ReadinessSettings = field(default_factory=ReadinessSettings)
    forecasting: ForecastingSettings = field(default_factory=ForecastingSettings)
    replenishment: ReplenishmentSettings = field(default_factory=ReplenishmentSettings)
    replay: ReplaySettings = field(default_factory=ReplaySettings)
    pilot: PilotSettings = field(default_factory=PilotSettings)
    demo: DemoSettings = field(default_factory=DemoSettings)
    governance: GovernanceSettings = field(default_factory=GovernanceSettings)
    finance: FinanceSettings = field(default_factory=FinanceSettings)
    web: WebSettings = field(default_factory=WebSettings)

    def replace(self, **changes: Any) -> Settings:
        """A copy with the settings named (flat, by field name) changed, checked like overrides."""
        raw = {name: (getattr(getattr(self, spec.section), name), name) for name, spec in _specs().items()}
        return _build(raw | _overrides(changes))


# Settings across fields: the first must be below the second.
ORDERED: tuple[tuple[str, str], ...] = (
    ("abc_a_share", "abc_b_share"),
    ("xyz_x_max", "xyz_y_max"),
    ("replay_rule_min_weeks", "replay_rule_max_weeks"),
)


# --- what each field is --------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    section: str
    declaration: Field[Any]
    kind: type  # int, float or str; for a list, the kind of its items
    listed: bool

    @property
    def rule(self) -> Rule:
        return self.declaration.metadata["rule"]

    def allowed(self) -> str:
        """What the setting allows, in words."""
        rule = self.rule
        if rule.choices:
            what = ("names among " if self.listed else "one of ") + ", ".join(rule.choices)
        elif self.listed:
            what = {int: "integers", float: "numbers", str: "texts"}[self.kind]
        else:
            what = {int: "an integer", float: "a number", str: "text"}[self.kind]
        if rule.range_text():
            what += " " + rule.range_text()
        if self.listed:
            what = "a list of " + what + (", at least one" if rule.required else "")
        if rule.check is not None:
            what = rule.check.allowed if what == "text" else f"{what}, {rule.check.allowed}"
        return what


def sections() -> dict[str, type]:
    """The section classes of :class:`Settings` by section name, in declaration order."""
    hints = get_type_hints(Settings)
    return {f.name: hints[f.name] for f in fields(Settings)}


@cache
def _specs() -> dict[str, _Spec]:
    specs: dict[str, _Spec] = {}
    for section, cls in sections().items():
        hints = get_type_hints(cls)
        for f in fields(cls):
            kind = hints[f.name]
            listed = getattr(kind, "__origin__", None) is tuple
            specs[f.name] = _Spec(section, f, get_args(kind)[0] if listed else kind, listed)
    return specs


def documented_settings() -> list[Field[Any]]:
    """The fields of every section, in declaration order."""
    return [spec.declaration for spec in _specs().values()]


def section_of(name: str) -> str:
    """The section that holds the setting ``name``."""
    return _specs()[name].section


# --- reading and checking -------------------------------------------------------------


def _scalar(raw: Any, kind: type) -> Any:
    """``raw`` as ``kind``; ValueError when it is not one (a bool is never a number)."""
    if isinstance(raw, bool):
        raise ValueError
    if kind is str:
        if not isinstance(raw, str):
            raise ValueError
        return raw
    if isinstance(raw, str):
        return kind(raw.strip())
    if kind is int and isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if not isinstance(raw, int | float) or (kind is int and not isinstance(raw, int)):
        raise ValueError
    return kind(raw)


def _parse(name: str, raw: Any, origin: str) -> Any:
    """The value of setting ``name`` read from ``raw``, or a SettingsError naming ``origin``."""
    spec = _specs()[name]
    rule = spec.rule
    refused = SettingsError(f"{origin} = {raw!r} refused: {name} must be {spec.allowed()}")
    try:
        if spec.listed:
            items = raw.split(",") if isinstance(raw, str) else raw
            if not isinstance(items, list | tuple):
                raise ValueError
            texts = [x.strip() if isinstance(x, str) else x for x in items]
            value: Any = tuple(_scalar(x, spec.kind) for x in texts if x != "")
            ok = (bool(value) or not rule.required) and all(rule.admits(x) for x in value)
        else:
            value = rule.spelt(_scalar(raw, spec.kind))
            ok = rule.admits(value)
    except (TypeError, ValueError):
        raise refused from None
    if not ok or (rule.check is not None and not rule.check.passes(value)):
        raise refused
    return value


def _overrides(overrides: Mapping[str, Any]) -> dict[str, tuple[Any, str]]:
    unknown = sorted(set(overrides) - set(_specs()))
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(unknown)} (see docs/settings.md)")
    return {name: (value, f"override {name}") for name, value in overrides.items()}


def _build(raw: Mapping[str, tuple[Any, str]]) -> Settings:
    """Settings from ``raw`` (name -> (value, where it came from)); missing names take their default."""
    specs = _specs()
    given = {name: raw.get(name, (spec.declaration.default, f"default {name}")) for name, spec in specs.items()}
    values = {name: _parse(name, value, origin) for name, (value, origin) in given.items()}
    for low, high in ORDERED:
        if not values[low] < values[high]:
            raise SettingsError(
                f"{given[low][1]} = {values[low]!r} and {given[high][1]} = {values[high]!r} refused: "
                f"{low} must be below {high}"
            )
    return Settings(
        **{
            section: cls(**{n: values[n] for n, s in specs.items() if s.section == section})
            for section, cls in sections().items()
        }
    )


def _read_file(path: Path) -> dict[str, tuple[Any, str]]:
    """The settings of the TOML file ``path``, each under its section."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from exc
    specs, names = _specs(), sections()
    values: dict[str, tuple[Any, str]] = {}
    for key, content in data.items():
        if key in specs:
            raise SettingsError(f"{path}: put {key} under [{specs[key].section}]")
        if key not in names:
            raise SettingsError(f"{path}: unknown section or setting {key!r}; the sections are {', '.join(names)}")
        if not isinstance(content, dict):
            raise SettingsError(f"{path}: {key} is a section: write [{key}] and its settings below it")
        for name, value in content.items():
            if name not in specs:
                held = ", ".join(n for n, s in specs.items() if s.section == key) or "no settings yet"
                raise SettingsError(f"{path}: unknown setting {key}.{name}; [{key}] holds {held}")
            if specs[name].section != key:
                raise SettingsError(f"{path}: put {name} under [{specs[name].section}], not [{key}]")
            values[name] = (value, f"{path}: {key}.{name}")
    return values


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    config_file: str | Path | None = None,
) -> Settings:
    """Settings from defaults, then the TOML file, then the environment, then ``overrides``
    (flat, by field name), every value checked; a bad one raises :class:`SettingsError`."""
    environ = os.environ if environ is None else environ
    raw: dict[str, tuple[Any, str]] = {}
    path = Path(config_file or environ.get(f"{ENV_PREFIX}CONFIG", CONFIG_FILE))
    if path.is_file():
        raw |= _read_file(path)
    for name in _specs():
        variable = ENV_PREFIX + name.upper()
        if variable in environ:
            raw[name] = (environ[variable], f"environment variable {variable}")
    return _build(raw | _overrides(overrides or {}))


# --- documentation --------------------------------------------------------------------


def _shown(value: Any) -> str:
    text = ",".join(str(x) for x in value) if isinstance(value, tuple) else str(value)
    return f"`{text}`" if text else "(empty)"


def settings_markdown() -> str:
    """docs/settings.md, generated from the sections above (a test keeps the file in step)."""
    lines = [
        "# Settings",
        "",
        "Every default of Stock Pilot, generated from `src/stockpilot/settings.py` by",
        "`stockpilot settings --markdown > docs/settings.md`. Override a setting in",
        f"`{CONFIG_FILE}` (TOML) under its section, e.g. `[replenishment]` then `service_level_a = 0.97`;",
        f"with the environment variable `{ENV_PREFIX}<NAME>` (upper case, e.g. `{ENV_PREFIX}SERVICE_LEVEL_A`);",
        'or in Python with `load_settings({"service_level_a": 0.97})`. A list is written comma-separated',
        '(`"0.5,0.8"`) or, in TOML, as an array. Every value is checked when the settings load: one of the',
        "wrong type, outside its range or not among its choices is refused, naming where it came from.",
        "",
        "Rules across settings: " + "; ".join(f"`{low}` < `{high}`" for low, high in ORDERED) + ".",
    ]
    specs = _specs()
    for section, cls in sections().items():
        lines += ["", f"## {section}", "", " ".join((cls.__doc__ or "").split()), ""]
        names = [n for n, s in specs.items() if s.section == section]
        if not names:
            lines.append("No settings yet.")
            continue
        lines += ["| setting | default | allowed | source | meaning |", "|---|---|---|---|---|"]
        for name in names:
            spec = specs[name]
            meta, default = spec.declaration.metadata, _shown(spec.declaration.default)
            lines.append(f"| `{name}` | {default} | {spec.allowed()} | {meta['source']} | {meta['help']} |")
    return "\n".join(lines) + "\n"
