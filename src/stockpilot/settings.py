"""Every default of the product in one declarative place (SPEC.md numbers in bold).

Each setting is a field of :class:`Settings` with its documentation in the
field's metadata. Values are overridden, in increasing priority, by a TOML file
(``stockpilot.toml`` in the working directory, or the path in
``STOCKPILOT_CONFIG``), by environment variables ``STOCKPILOT_<NAME>``, and by
keyword overrides given to :func:`load_settings`.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from stockpilot.domain.forecasting.models import MODEL_NAMES

ENV_PREFIX = "STOCKPILOT_"
CONFIG_FILE = "stockpilot.toml"


def _setting(default: Any, help: str, source: str = "") -> Any:
    return field(default=default, metadata={"help": help, "source": source})


@dataclass(frozen=True)
class Settings:
    """The product's settings; see ``docs/settings.md`` (generated from this class)."""

    # --- storage -----------------------------------------------------------------
    db_path: str = _setting(
        "stockpilot.duckdb",
        "Embedded DuckDB database file used when no --db is given.",
        "R-SCALE-1",
    )
    language: str = _setting("en", "Language of messages and reports: 'en' or 'zh-HK'.", "R-UI-1")

    # --- privacy (PDPO) ------------------------------------------------------------
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
    )
    export_interval_days: int = _setting(30, "A full data export is due every this many days.", "R-DATA-5")

    # --- import ------------------------------------------------------------------
    future_tolerance_days: int = _setting(
        1,
        "An event dated more than this many days after the import is refused as impossible.",
        "R-DATA-3",
    )
    timezone: str = _setting(
        "Asia/Hong_Kong",
        "The shop's local time zone: times sent with a zone (e.g. ending in Z) are "
        "converted to it; times without one are taken as local.",
        "R-DATA-2",
    )
    earliest_event_date: str = _setting(
        "2000-01-01", "An event dated before this day is refused as impossible.", "R-DATA-3"
    )
    import_memory_limit: str = _setting(
        "1GB",
        "Memory DuckDB may use while a file is imported (a DuckDB size: '512MB', '2GB'); "
        "beyond it the import's working tables spill to a private temporary folder, so a "
        "file of any size imports in bounded memory.",
        "R-SCALE-1",
    )
    import_max_code_length: int = _setting(
        100, "An id or code (event id, SKU, location, supplier) longer than this is refused.", "R-DATA-3"
    )
    import_max_text_length: int = _setting(
        1000, "A free-text value (a name, a reason) longer than this is refused.", "R-DATA-3"
    )

    # --- readiness ---------------------------------------------------------------
    readiness_min_completeness: float = _setting(
        0.95, "Share of received rows that must carry every required field.", "R-DATA-4"
    )
    readiness_pilot_history_days: int = _setting(90, "Days of sales history needed to run a pilot.", "R-DATA-4")
    readiness_min_history_days: int = _setting(
        30, "Days of sales history below which nothing can be estimated.", "R-DATA-4"
    )
    readiness_max_sync_delay_hours: float = _setting(
        24.0,
        "Largest acceptable 95th-percentile delay between an event and its arrival.",
        "R-DATA-4",
    )
    readiness_max_granularity_days: float = _setting(
        1.0,
        "Sales must be dated at least this finely: the typical gap between "
        "consecutive trading days of a location, in days.",
        "R-DATA-4",
    )
    readiness_max_duplicate_share: float = _setting(
        0.01,
        "Largest acceptable share of received rows that repeat an id with other values.",
        "R-DATA-4",
    )
    readiness_max_invalid_share: float = _setting(
        0.05,
        "Largest acceptable share of received rows with negative or impossible values.",
        "R-DATA-4",
    )
    readiness_max_plausible_quantity: float = _setting(
        100_000.0,
        "A stored quantity (sold, returned, received, ordered or counted) above this is reported as implausible.",
        "R-DATA-4",
    )
    readiness_max_plausible_price: float = _setting(
        1_000_000.0, "A stored unit price or cost (HK$) above this is reported as implausible.", "R-DATA-4"
    )
    readiness_max_gap_share: float = _setting(
        0.10,
        "Largest acceptable share of a location's trading days with no sale at all "
        "(days it regularly closes are not counted).",
        "R-DATA-4",
    )
    readiness_closed_weekday_share: float = _setting(
        0.8,
        "A weekday with no sale in at least this share of weeks is taken as a day the location regularly closes.",
        "R-DATA-4",
    )

    # --- forecasting ---------------------------------------------------------------
    forecast_min_horizon_days: int = _setting(
        28,
        "Forecast horizon in days: the longest supplier lead time plus the review period, and at least this.",
        "R-FC-1",
    )
    review_period_days: int = _setting(
        7, "Days between two order reviews of the same SKU (periodic review).", "R-REP-1"
    )
    forecast_quantiles: str = _setting(
        "0.5,0.8,0.9,0.95,0.99", "Quantile levels stored with every forecast (comma-separated).", "R-FC-1"
    )
    forecast_models: str = _setting(
        ",".join(MODEL_NAMES),
        "Candidate models, chosen per series by backtest (comma-separated; see docs/forecasting.md).",
        "R-FC-3",
    )
    forecast_backtest_windows: int = _setting(
        1,
        "Backtest windows of one horizon each, just before the cut-off, that choose each series' model "
        "and measure its spread.",
        "R-FC-3",
    )
    forecast_switch_margin: float = _setting(
        0.5,
        "A series leaves the first candidate model only for one whose backtest error, scaled as RMSSE "
        "squared, is lower by more than this (docs/forecasting.md: the margin against the winner's curse).",
        "R-FC-3",
    )
    forecast_combination: str = _setting(
        "global_boosted,exponential_smoothing",
        "Two models whose blend (the first's days at the mean of both totals) is a candidate too, first "
        "when it backtests better pooled over all series (docs/forecasting.md); empty: no blend.",
        "R-FC-1",
    )
    forecast_history_days: int = _setting(1095, "Days of history a forecast learns from at most.", "R-FC-2")
    forecast_returns: str = _setting(
        "ignore",
        "How returns count in demand: 'ignore' (a return does not unsell: demand is what customers took) "
        "or 'net' (returns are subtracted on the day they come back).",
        "R-FC-2",
    )
    backtest_origins: int = _setting(
        4, "Forecast origins, one horizon apart, that `stockpilot backtest` evaluates.", "R-FC-3"
    )

    # --- replenishment -------------------------------------------------------------
    service_level_a: float = _setting(
        0.98, "Target cycle service level of class A SKUs (the top 80% of sales value).", "R-REP-1"
    )
    service_level_b: float = _setting(0.95, "Target cycle service level of class B SKUs (the next 15%).", "R-REP-1")
    service_level_c: float = _setting(0.90, "Target cycle service level of class C SKUs (the last 5%).", "R-REP-1")
    abc_a_share: float = _setting(0.80, "Class A: the SKUs that make this share of sales value.", "R-REP-1")
    abc_b_share: float = _setting(0.95, "Class B: the SKUs up to this cumulative share (the rest are C).", "R-REP-1")
    abc_days: int = _setting(90, "Days of sales value that rank SKUs into A, B and C.", "R-REP-1")
    lead_time_error_prior_windows: float = _setting(
        4.0,
        "The sd of demand over review + lead time is measured on the errors of earlier forecasts of it, "
        "shrunk toward the forecast's own sd with the weight of this many forecasts.",
        "R-REP-1",
    )
    lead_time_error_days: int = _setting(
        182, "Earlier forecasts made in this many days before the plan date count for that sd.", "R-REP-1"
    )
    supplier_budget: float = _setting(
        0.0,
        "Most a day's proposals may spend per supplier, HK$ (0: no cap). Cuts go C before B before A.",
        "R-REP-1",
    )
    review_order_multiple: float = _setting(
        3.0, "A line is flagged when it orders more than this multiple of the usual order.", "R-REP-3"
    )
    review_new_sku_days: int = _setting(
        28, "A SKU with less sales history than this at the location is new and flagged.", "R-REP-3"
    )
    review_band: float = _setting(
        0.98,
        "Central interval of the forecast for last week: a week's sales outside it flags the line. "
        "A well-forecast SKU leaves a 98% band one week in fifty by chance (a 90% band: one in ten, "
        "which the M5 replay showed buries the real misses).",
        "R-REP-3",
    )

    # --- replay --------------------------------------------------------------------
    replay_days: int = _setting(365, "Days of history `stockpilot replay` replays (the most recent).", "R-SIM-1")
    replay_refit_days: int = _setting(
        28, "In a replay, the forecast is refitted every this many days, from the history before.", "R-SIM-1"
    )
    replay_seed: int = _setting(
        1, "Seed of the lead times a replay draws from the receipts: the same seed, the same replay.", "R-SIM-1"
    )
    replay_rule: str = _setting(
        "min_max",
        "The shop's current rule the replay compares with: min_max, weeks_of_cover (order up to max weeks "
        "at every review) or fixed_quantity (order (max - min) weeks of sales when stock falls to min).",
        "R-SIM-1",
    )
    replay_rule_min_weeks: float = _setting(
        1.0, "The shop's min/max rule: order when stock on hand and on order falls to this many weeks.", "R-SIM-1"
    )
    replay_rule_max_weeks: float = _setting(
        3.0, "The shop's min/max rule: order up to this many weeks of average sales.", "R-SIM-1"
    )
    replay_rule_window_days: int = _setting(
        28, "The shop's rule averages sales over this many days (a moving average).", "R-SIM-1"
    )
    replay_rule_sweep: str = _setting(
        "0.25,0.5,0.75,1,1.5,2,3",
        "Min weeks swept for the rule's trade-off curve (max = min + the usual max - min).",
        "R-SIM-1",
    )
    replay_service_sweep: str = _setting(
        "0.5,0.6,0.7,0.8,0.9,0.95,0.98,0.99,0.995",
        "Cycle service levels swept for the forecast policy's trade-off curve.",
        "R-SIM-1",
    )
    replay_minutes_per_manual_line: float = _setting(
        2.0,
        "Buyer's minutes to work out and write one order line by hand (the shop's rule). "
        "An estimate: measure it in the pilot.",
        "R-SIM-1",
    )
    replay_minutes_per_reviewed_flag: float = _setting(
        2.0, "Buyer's minutes to review one flagged proposal line (read the reason, check, decide).", "R-SIM-1"
    )
    replay_minutes_per_routine_approval: float = _setting(
        0.25, "Buyer's minutes to approve one unflagged proposal line in the review list.", "R-SIM-1"
    )
    pilot_stockout_reduction: float = _setting(
        0.30, "Pilot target: stockout rate this much lower than under the shop's rule (the seed's KPI).", "R-PIL-1"
    )
    pilot_turnover_increase: float = _setting(
        0.10, "Pilot target: stock turnover this much higher than under the shop's rule (the seed's KPI).", "R-PIL-1"
    )
    pilot_hours_reduction: float = _setting(
        0.40,
        "Pilot target: buyers' ordering hours this much lower than under the shop's rule (the seed's KPI).",
        "R-PIL-1",
    )
    break_even_reduction: float = _setting(
        0.30, "Break-even accuracy: the fall in stockouts the forecast error must bring.", "R-SIM-2"
    )
    break_even_top: int = _setting(
        20, "Break-even accuracy: how many SKUs to list where accuracy pays most.", "R-SIM-2"
    )
    xyz_x_max: float = _setting(
        0.5, "Class X: coefficient of variation of weekly demand up to this (stable).", "R-SIM-3"
    )
    xyz_y_max: float = _setting(1.0, "Class Y: coefficient of variation up to this; Z above (unstable).", "R-SIM-3")
    priority_tops: str = _setting("50,200", "The priority lists' lengths (the pilot starts with the first).", "R-SIM-3")

    # --- demo chain ----------------------------------------------------------------
    demo_seed: int = _setting(
        20260220, "Seed of the demo chain: the same seed builds the same files, byte for byte.", "issue 3"
    )
    demo_skus: int = _setting(400, "Number of SKUs in the demo chain (300 to 600).", "issue 3")
    demo_start_date: str = _setting(
        "2023-12-01",
        "First day of the demo history (moved to the nearest day with the source's weekday); "
        "the history runs 739 days, the length of the Online Retail II source.",
        "issue 3",
    )
    demo_chain_file: str = _setting(
        "",
        "TOML file with the demo chain's stores, warehouse and suppliers (empty: the shipped sample/demo_chain.toml).",
        "issue 3",
    )
    demo_promotion_share: float = _setting(
        0.03, "Share of the demo SKUs that start a promotion in each 4-week period.", "R-DATA-1"
    )
    demo_promotion_elasticity: float = _setting(
        2.5, "Demo promotion uplift per unit of discount: 20% off sells 1 + 2.5 x 0.2 = 1.5 times as much.", "R-FC-2"
    )


def documented_settings() -> list[dataclasses.Field[Any]]:
    """The fields of :class:`Settings`, in declaration order."""
    return list(fields(Settings))


def _coerce(value: Any, to: Any, name: str) -> Any:
    kind = {"int": int, "float": float, "str": str}[to if isinstance(to, str) else to.__name__]
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"setting {name}: cannot read {value!r} as {kind.__name__}") from exc


def listed(text: str, name: str, kind: type = str, *, required: bool = False) -> tuple[Any, ...]:
    """The items of the comma-separated setting ``name``, each as ``kind``; blanks are skipped.
    A value that is not a ``kind``, or no item where ``required``, is refused naming the setting."""
    try:
        items = tuple(kind(x.strip()) for x in text.split(",") if x.strip())
    except ValueError as exc:
        raise ValueError(f"setting {name} must be comma-separated {kind.__name__} values, got {text!r}") from exc
    if required and not items:
        raise ValueError(f"setting {name} needs at least one value")
    return items


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    config_file: str | Path | None = None,
) -> Settings:
    """Settings from defaults, then the TOML file, then the environment, then ``overrides``."""
    environ = os.environ if environ is None else environ
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    path = Path(config_file or environ.get(f"{ENV_PREFIX}CONFIG", CONFIG_FILE))
    if path.is_file():
        with path.open("rb") as handle:
            values.update(tomllib.load(handle))
    for name in known:
        env_value = environ.get(ENV_PREFIX + name.upper())
        if env_value is not None:
            values[name] = env_value
    values.update(overrides or {})
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(unknown)} (see docs/settings.md)")
    return Settings(**{k: _coerce(v, known[k].type, k) for k, v in values.items()})


def settings_markdown() -> str:
    """docs/settings.md, generated from the fields above (a test keeps the file in step)."""
    lines = [
        "# Settings",
        "",
        "Every default of Stock Pilot, generated from `src/stockpilot/settings.py` by",
        "`stockpilot settings --markdown > docs/settings.md`. Override a setting in",
        f"`{CONFIG_FILE}` (TOML, `name = value`), with the environment variable",
        f"`{ENV_PREFIX}<NAME>` (upper case), or in Python with `load_settings({{...}})`.",
        "",
        "| setting | default | source | meaning |",
        "|---|---|---|---|",
    ]
    for f in fields(Settings):
        lines.append(f"| `{f.name}` | `{f.default}` | {f.metadata['source']} | {f.metadata['help']} |")
    return "\n".join(lines) + "\n"
