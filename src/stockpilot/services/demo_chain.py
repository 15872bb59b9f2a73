"""Use case: build the Hong Kong demo chain and write it as the canonical files a shop exports.

See docs/demo-chain.md. Everything random draws from one seeded generator, so a
seed gives the same files byte for byte. The files then go through the front
door (`stockpilot import`), deliberate mistakes and a refused phone column included.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import holidays
import numpy as np

from stockpilot.domain.demochain.catalogue import CatalogueEntry, catalogue_entry
from stockpilot.domain.demochain.demand import fill_shut_days, scale_counts, split_across_stores
from stockpilot.domain.demochain.legacy import History, run_legacy_rule
from stockpilot.domain.demochain.profiles import Chain, Store, StoreProfile, Supplier, Warehouse
from stockpilot.domain.progress import Progress, silent
from stockpilot.errors import Refusal
from stockpilot.settings import Settings

SAMPLE = resources.files("stockpilot") / "sample"
SOURCE_START = dt.date(2009, 12, 1)
SOURCE_DAYS = 739  # 2009-12-01 .. 2011-12-09
PROMOTION_DAYS, PROMOTION_BLOCK = 10, 28
DISCOUNTS = (10, 15, 20, 25, 30)
HOLIDAY_UPLIFT, NEW_YEAR_RUSH, NEW_YEAR_DAYS_OFF = 1.15, 1.4, 0.35
RETURN_SHARE = 0.002  # of sale rows that see one unit come back (not restocked)
WAREHOUSE_SUPPLIER = "WH"


@dataclass(frozen=True)
class SourceSeries:
    """Daily units of the real SKUs (SKU x day) and the days the source shop traded."""

    codes: tuple[str, ...]
    descriptions: tuple[str, ...]
    units: np.ndarray
    trading: np.ndarray


def load_chain(path: str | Path | None = None) -> Chain:
    """The chain's stores, warehouse and suppliers from TOML (default: the shipped file)."""
    text = Path(path).read_text(encoding="utf-8") if path else (SAMPLE / "demo_chain.toml").read_text("utf-8")
    data = tomllib.loads(text)
    stores = tuple(
        Store(**{**s, "profile": StoreProfile(s["profile"]), "weekday": tuple(s["weekday"])}) for s in data["stores"]
    )
    suppliers = tuple(Supplier(**{**s, "categories": tuple(s["categories"])}) for s in data["suppliers"])
    return Chain(Warehouse(**data["warehouse"]), stores, suppliers)


def load_source() -> SourceSeries:
    """The shipped Online Retail II daily series (CC BY 4.0; see sample/README.md)."""
    trading = np.zeros(SOURCE_DAYS, dtype=bool)
    with (SAMPLE / "online_retail_trading_days.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            trading[(dt.date.fromisoformat(row["date"]) - SOURCE_START).days] = True
    series: dict[str, dict[int, int]] = {}
    names: dict[str, str] = {}
    with (SAMPLE / "online_retail_daily.csv.gz").open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            day = (dt.date.fromisoformat(row["date"]) - SOURCE_START).days
            series.setdefault(row["stock_code"], {})[day] = int(row["units"])
            names[row["stock_code"]] = row["description"]
    codes = tuple(series)
    units = np.zeros((len(codes), SOURCE_DAYS), dtype=np.int64)
    for i, code in enumerate(codes):
        for day, value in series[code].items():
            units[i, day] = value
    return SourceSeries(codes, tuple(names[c] for c in codes), units, trading)


def chain_dates(start: dt.date) -> list[dt.date]:
    """The demo's days: the source's, moved by whole weeks to start near ``start``."""
    weeks = round((start - SOURCE_START).days / 7)
    first = SOURCE_START + dt.timedelta(weeks=weeks)
    return [first + dt.timedelta(days=d) for d in range(SOURCE_DAYS)]


def hong_kong_calendar(dates: list[dt.date]) -> tuple[np.ndarray, list[tuple[dt.date, str]]]:
    """Day factors for Hong Kong public and general holidays and Lunar New Year, and the
    holidays as (day, 'English 中文') for the calendar_events file."""
    years = sorted({d.year for d in dates})
    english = holidays.HongKong(years=years, categories=("public", "optional"), language="en_HK")
    chinese = holidays.HongKong(years=years, categories=("public", "optional"), language="zh_HK")
    factor = np.ones(len(dates))
    index = {d: i for i, d in enumerate(dates)}
    events = []
    for day in sorted(english):
        if day in index:
            factor[index[day]] = HOLIDAY_UPLIFT
            events.append((day, f"{english[day]} {chinese.get(day, '')}".strip()))
    for year in years:
        new_year = min((d for d, name in english.items() if d.year == year and "Lunar New Year" in name), default=None)
        if new_year is None:
            continue
        for offset in range(-7, 0):
            if (day := new_year + dt.timedelta(days=offset)) in index:
                factor[index[day]] = NEW_YEAR_RUSH
        for offset in range(2):
            if (day := new_year + dt.timedelta(days=offset)) in index:
                factor[index[day]] = NEW_YEAR_DAYS_OFF
    return factor, events


def promotion_plan(n_skus: int, n_days: int, share: float, rng: np.random.Generator) -> list[tuple[int, int, int, int]]:
    """(sku, first day, last day, discount %) for each promotion, a few SKUs every 4 weeks."""
    plan = []
    per_block = max(1, round(share * n_skus))
    for block in range(0, n_days - PROMOTION_DAYS, PROMOTION_BLOCK):
        for sku in sorted(rng.choice(n_skus, per_block, replace=False)):
            first = min(block + int(rng.integers(0, PROMOTION_BLOCK - PROMOTION_DAYS)), n_days - PROMOTION_DAYS)
            plan.append((int(sku), first, first + PROMOTION_DAYS - 1, int(rng.choice(DISCOUNTS))))
    return plan


@dataclass(frozen=True)
class DemoChain:
    """Everything the demo files are written from."""

    chain: Chain
    dates: list[dt.date]
    skus: tuple[str, ...]
    source_codes: tuple[str, ...]
    catalogue: tuple[CatalogueEntry, ...]
    sku_supplier: np.ndarray
    price: np.ndarray
    cost: np.ndarray
    promotions: list[tuple[int, int, int, int]]
    discount: np.ndarray  # SKU x day, percent
    holidays: list[tuple[dt.date, str]]
    history: History


def simulate_chain(settings: Settings, progress: Progress = silent) -> DemoChain:
    """Build demand from the real series and run the legacy rule over it."""
    rng = np.random.default_rng(settings.demo.demo_seed)
    chain = load_chain(settings.demo.demo_chain_file or None)
    source = load_source()
    if not 1 <= settings.demo.demo_skus <= len(source.codes):
        raise Refusal("refusal.between", name="demo_skus", low=1, high=len(source.codes))
    picked = np.sort(rng.choice(len(source.codes), settings.demo.demo_skus, replace=False))
    codes = tuple(source.codes[i] for i in picked)
    catalogue = tuple(catalogue_entry(source.descriptions[i], source.codes[i]) for i in picked)
    sku_supplier = np.array([chain.suppliers.index(chain.supplier_for(c.category)) for c in catalogue])
    dates = chain_dates(dt.date.fromisoformat(settings.demo.demo_start_date))
    weekdays = np.array([d.weekday() for d in dates])

    progress("building_demand")
    base = fill_shut_days(source.units[picked], source.trading, rng)
    day_factor, holiday_list = hong_kong_calendar(dates)
    promotions = promotion_plan(len(codes), len(dates), settings.demo.demo_promotion_share, rng)
    discount = np.zeros(base.shape)
    for sku, first, last, pct in promotions:
        discount[sku, first : last + 1] = pct
    uplift = 1.0 + settings.demo.demo_promotion_elasticity * discount / 100.0
    chain_units = scale_counts(base, day_factor[None, :] * uplift, rng)
    demand = split_across_stores(chain_units, chain.stores, weekdays, rng)

    progress("running_rule")
    history = run_legacy_rule(demand, chain, sku_supplier, weekdays, rng)
    price = np.round(np.exp(rng.normal(np.log(45.0), 0.6, len(codes))), 0) - 0.1
    cost = np.round(price * rng.uniform(0.45, 0.6, len(codes)), 1)
    skus = tuple(f"R{code}" for code in codes)
    return DemoChain(
        chain, dates, skus, codes, catalogue, sku_supplier, price, cost, promotions, discount, holiday_list, history
    )
