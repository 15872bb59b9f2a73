"""Daily demand forecasting on M5 store CA_1, peers side by side, scored with our metrics.

Data: the M5 competition's store CA_1 (3,049 item series, d_1..d_1913), read-only from
``../shared/data/m5_ca1`` (Kaggle / MOFC terms: benchmarking only, never copied into the
repo or shipped). Standard split: train d_1..d_1885, test d_1886..d_1913 (28 days).

Scoring is ``stockpilot.domain.forecasting.metrics``:

* WRMSSE over 4 levels (store, category, department, item; one store, so item is the
  bottom level), weights = each series' sales value over the last 28 training days
  (units x sell price, a missing price counts 0), total = mean of the 4 levels;
* the mean item-level RMSSE (unweighted, over series with a valid scale);
* the mean scaled pinball loss over the quantile levels a system gives (over series with
  a valid scale and levels), and the share of test days inside the 80% (q0.1..q0.9) and
  95% (q0.025..q0.975) intervals, pooled over all series and days;
* wall seconds for the system's fit + 28-day forecast (data frame building included).

Peers (`.venv/bin/pip install -e ".[bench]"`, not needed by the product): statsforecast
SeasonalNaive(7), CrostonSBA, AutoETS(season_length=7) (437 s here on 2 cores, 525 s in NOTES: only
with ``--with-ets``), and a plain mlforecast + LightGBM baseline (Tweedie, lags 7/14/21/28,
rolling means of lag 7 over 7 and 28 days, day of week and month, 300 trees, n_jobs=2,
recursive 28-day forecast). statsforecast intervals (level=[80, 95], where the model has
them) map lo-80/hi-80 to q0.1/q0.9 and lo-95/hi-95 to q0.025/q0.975.

Demand cannot be negative, so every system's mean and quantiles are clipped at zero before
scoring and writing (``--no-clip`` scores them raw). The issue's reference numbers were
measured that way: AutoETS scores 0.550 raw and 0.557 clipped (reference 0.557); the other
peers give no negative means. The plain LightGBM baseline trains on every day, leading zeros
before an item's first sale included, and scores 0.533 against the reference 0.525;
``--trim-leading-zeros`` drops those days from its training frame and scores 0.524.

Adding a system: put ``name -> callable(train: TrainArrays, horizon: int) -> (mean,
quantiles)`` into ``SYSTEMS`` (``mean`` is series x horizon; ``quantiles`` maps a
probability to a series x horizon array, or is None), e.g. from another script that
imports this module and calls ``main()``.

    .venv/bin/python benchmarks/forecast_m5.py [--with-ets] [--out DIR] [--data PATH]
        [--systems NAME,NAME] [--n-jobs 2] [--no-clip] [--trim-leading-zeros]
"""

from __future__ import annotations

import argparse
import csv
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from stockpilot.domain.forecasting import metrics
from stockpilot.domain.forecasting.global_model import GlobalBoosted, Panel

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "m5_ca1"
TRAIN_DAYS, HORIZON = 1885, 28
WEIGHT_DAYS = 28
INTERVALS = {80: (0.1, 0.9), 95: (0.025, 0.975)}
# The reference WRMSSE (4 levels), measured with the same scoring.
REFERENCE = {"SeasonalNaive": 0.908, "CrostonSBA": 1.041, "AutoETS": 0.557, "LightGBM": 0.525}

Quantiles = dict[float, np.ndarray]
Forecast = tuple[np.ndarray, Quantiles | None]


@dataclass(frozen=True)
class M5Data:
    """Store CA_1 as arrays; rows are series, columns are days d_1..d_N."""

    ids: np.ndarray  # series id, e.g. HOBBIES_1_001_CA_1_validation
    item_ids: np.ndarray
    dept_ids: np.ndarray
    cat_ids: np.ndarray
    store_id: str
    y: np.ndarray  # series x days, float units sold
    dates: np.ndarray  # days, datetime64[D]
    price: np.ndarray  # series x days, sell price; NaN before the item is on sale
    calendar: dict[str, np.ndarray]  # per day: wm_yr_wk, wday, month, year, snap, events


@dataclass(frozen=True)
class TrainArrays:
    """What a system may see: sales up to the cut-off, and known-in-advance covariates
    (prices and calendar) for the training days and the forecast horizon."""

    ids: np.ndarray
    item_ids: np.ndarray
    dept_ids: np.ndarray
    cat_ids: np.ndarray
    y: np.ndarray  # series x train days
    dates: np.ndarray  # train days + horizon, datetime64[D]
    price: np.ndarray  # series x (train days + horizon)
    calendar: dict[str, np.ndarray]  # per day, train days + horizon

    @property
    def train_dates(self) -> np.ndarray:
        return self.dates[: self.y.shape[1]]


def load_m5(data_dir: Path) -> M5Data:
    """Read the three parquet files into numpy arrays."""
    sales = pq.read_table(data_dir / "sales_ca1.parquet")
    day_cols = [c for c in sales.column_names if c.startswith("d_")]
    day_cols.sort(key=lambda c: int(c[2:]))
    n_days = len(day_cols)
    y = np.column_stack([sales.column(c).to_numpy().astype(float) for c in day_cols])
    ids = np.asarray(sales.column("id").to_pylist(), dtype=object)
    item_ids = np.asarray(sales.column("item_id").to_pylist(), dtype=object)
    stores = set(sales.column("store_id").to_pylist())
    if len(stores) != 1:
        raise ValueError(f"expected one store, got {sorted(stores)}")
    store_id = stores.pop()

    cal = pq.read_table(data_dir / "calendar.parquet").to_pydict()
    position = {d: i for i, d in enumerate(cal["d"])}
    rows = [position[c] for c in day_cols]

    def per_day(column: str, dtype: object = None) -> np.ndarray:
        values = [cal[column][r] for r in rows]
        return np.asarray(values, dtype=dtype) if dtype else np.asarray(values, dtype=object)

    calendar = {
        "wm_yr_wk": per_day("wm_yr_wk", np.int64),
        "wday": per_day("wday", np.int64),  # M5: 1 = Saturday
        "month": per_day("month", np.int64),
        "year": per_day("year", np.int64),
        "snap": per_day("snap_CA", np.int64),
        "event_name_1": per_day("event_name_1"),
        "event_type_1": per_day("event_type_1"),
        "event_name_2": per_day("event_name_2"),
        "event_type_2": per_day("event_type_2"),
    }
    calendar["event"] = np.array([e is not None for e in calendar["event_name_1"]], dtype=np.int64)
    dates = np.asarray(per_day("date", None).astype(str), dtype="datetime64[D]")

    prices = pq.read_table(data_dir / "sell_prices_ca1.parquet").to_pydict()
    item_row = {item: i for i, item in enumerate(item_ids)}
    weeks = np.unique(calendar["wm_yr_wk"])
    week_col = {w: j for j, w in enumerate(weeks)}
    weekly = np.full((len(ids), len(weeks)), np.nan)
    for store, item, week, value in zip(
        prices["store_id"], prices["item_id"], prices["wm_yr_wk"], prices["sell_price"], strict=True
    ):
        if store == store_id and item in item_row and week in week_col:
            weekly[item_row[item], week_col[week]] = value
    price = weekly[:, np.searchsorted(weeks, calendar["wm_yr_wk"])]
    assert price.shape == (len(ids), n_days)

    return M5Data(
        ids=ids,
        item_ids=item_ids,
        dept_ids=np.asarray(sales.column("dept_id").to_pylist(), dtype=object),
        cat_ids=np.asarray(sales.column("cat_id").to_pylist(), dtype=object),
        store_id=store_id,
        y=y,
        dates=dates,
        price=price,
        calendar=calendar,
    )


def train_arrays(data: M5Data, train_days: int = TRAIN_DAYS, horizon: int = HORIZON) -> TrainArrays:
    end = train_days + horizon
    return TrainArrays(
        ids=data.ids,
        item_ids=data.item_ids,
        dept_ids=data.dept_ids,
        cat_ids=data.cat_ids,
        y=data.y[:, :train_days].copy(),
        dates=data.dates[:end],
        price=data.price[:, :end],
        calendar={k: v[:end] for k, v in data.calendar.items()},
    )


def revenue_weights(data: M5Data, train_days: int = TRAIN_DAYS, days: int = WEIGHT_DAYS) -> np.ndarray:
    """Sales value per series over the last ``days`` training days (a missing price counts 0)."""
    window = slice(train_days - days, train_days)
    return np.nansum(data.y[:, window] * np.nan_to_num(data.price[:, window], nan=0.0), axis=1)


def wrmsse_levels(data: M5Data) -> dict[str, list[str]]:
    """The group of every bottom series at each level (one store: item is the bottom)."""
    return {
        "store": [data.store_id] * len(data.ids),
        "category": list(data.cat_ids),
        "department": list(data.dept_ids),
        "item": list(data.item_ids),
    }


class Scorer:
    """Scores forecasts of the test window against the held-out sales."""

    def __init__(self, data: M5Data, train_days: int = TRAIN_DAYS, horizon: int = HORIZON):
        self.history = data.y[:, :train_days]
        self.actual = data.y[:, train_days : train_days + horizon]
        self.revenue = revenue_weights(data, train_days)
        self.levels = wrmsse_levels(data)
        self.scales = np.array([metrics.rmsse_scale(h) for h in self.history])

    def score(self, name: str, forecast_mean: np.ndarray, quantiles: Quantiles | None, seconds: float) -> dict:
        mean = np.asarray(forecast_mean, dtype=float)
        if mean.shape != self.actual.shape:
            raise ValueError(f"{name}: forecast shape {mean.shape}, expected {self.actual.shape}")
        if not np.isfinite(mean).all():
            raise ValueError(f"{name}: {int((~np.isfinite(mean)).sum())} forecasts are not finite")
        w = metrics.wrmsse(self.history, self.actual, mean, self.revenue, self.levels)
        item_rmsse = [metrics.rmsse(h, a, f) for h, a, f in zip(self.history, self.actual, mean, strict=True)]
        row = {
            "system": name,
            "wrmsse": w["total"],
            **{f"wrmsse_{level}": w[level] for level in self.levels},
            "rmsse_item": float(np.nanmean(item_rmsse)),
            "spl": float("nan"),
            "coverage_80": float("nan"),
            "coverage_95": float("nan"),
            "quantile_levels": "",
            "seconds": seconds,
        }
        if quantiles:
            losses = [
                metrics.scaled_pinball(h, a, q[i], p)
                for p, q in quantiles.items()
                for i, (h, a) in enumerate(zip(self.history, self.actual, strict=True))
            ]
            row["spl"] = float(np.nanmean(losses))
            row["quantile_levels"] = " ".join(f"{p:g}" for p in sorted(quantiles))
            for level, (lo, hi) in INTERVALS.items():
                if lo in quantiles and hi in quantiles:
                    row[f"coverage_{level}"] = metrics.interval_coverage(self.actual, quantiles[lo], quantiles[hi])
        return row


# --- peers -------------------------------------------------------------------------------------


def _long_frame(train: TrainArrays, from_first_sale: bool = False):
    """statsforecast / mlforecast long format: unique_id, ds, y (optionally without the days
    before each series' first sale)."""
    import pandas as pd

    n, t = train.y.shape
    frame = pd.DataFrame(
        {
            "unique_id": np.repeat(train.ids, t),
            "ds": np.tile(train.train_dates, n).astype("datetime64[ns]"),
            "y": train.y.ravel(),
        }
    )
    if not from_first_sale:
        return frame
    first = np.where((train.y > 0).any(axis=1), (train.y > 0).argmax(axis=1), t - 1)
    keep = np.arange(t)[None, :] >= first[:, None]
    return frame[keep.ravel()].reset_index(drop=True)


def _to_matrix(frame, column: str, train: TrainArrays, horizon: int) -> np.ndarray:
    """A long forecast frame's column back to series x horizon, in the data's series order."""
    import pandas as pd

    rows = pd.Index(train.ids).get_indexer(frame["unique_id"].astype(str))
    start = np.datetime64(train.train_dates[-1], "D") + 1
    days = (frame["ds"].to_numpy().astype("datetime64[D]") - start).astype(int)
    if (rows < 0).any() or (days < 0).any() or (days >= horizon).any():
        raise ValueError(f"{column}: forecast rows outside the series or the horizon")
    out = np.full((len(train.ids), horizon), np.nan)
    out[rows, days] = frame[column].to_numpy(dtype=float)
    return out


def _statsforecast(model_factory: Callable[[], object], alias: str, intervals: bool, n_jobs: int):
    def run(train: TrainArrays, horizon: int) -> Forecast:
        from statsforecast import StatsForecast

        sf = StatsForecast(models=[model_factory()], freq="D", n_jobs=n_jobs)
        kwargs = {"level": sorted(INTERVALS)} if intervals else {}
        frame = sf.forecast(df=_long_frame(train), h=horizon, **kwargs)
        mean = _to_matrix(frame, alias, train, horizon)
        if not intervals:
            return mean, None
        quantiles: Quantiles = {}
        for level, (lo, hi) in INTERVALS.items():
            quantiles[lo] = _to_matrix(frame, f"{alias}-lo-{level}", train, horizon)
            quantiles[hi] = _to_matrix(frame, f"{alias}-hi-{level}", train, horizon)
        return mean, quantiles

    return run


def seasonal_naive(n_jobs: int):
    from statsforecast.models import SeasonalNaive

    return _statsforecast(lambda: SeasonalNaive(season_length=7), "SeasonalNaive", True, n_jobs)


def croston_sba(n_jobs: int):
    from statsforecast.models import CrostonSBA

    return _statsforecast(CrostonSBA, "CrostonSBA", False, n_jobs)  # no native intervals


def auto_ets(n_jobs: int):
    from statsforecast.models import AutoETS

    return _statsforecast(lambda: AutoETS(season_length=7), "AutoETS", True, n_jobs)


def mlforecast_lightgbm(train: TrainArrays, horizon: int, from_first_sale: bool = False) -> Forecast:
    """The plain baseline: Tweedie LightGBM, 4 lags, 2 rolling means, 2 date features."""
    import lightgbm as lgb
    from mlforecast import MLForecast
    from mlforecast.lag_transforms import RollingMean

    model = lgb.LGBMRegressor(objective="tweedie", n_estimators=300, n_jobs=2, verbosity=-1)
    mlf = MLForecast(
        models={"LightGBM": model},
        freq="D",
        lags=[7, 14, 21, 28],
        lag_transforms={7: [RollingMean(window_size=7), RollingMean(window_size=28)]},
        date_features=["dayofweek", "month"],
    )
    mlf.fit(_long_frame(train, from_first_sale))
    frame = mlf.predict(h=horizon)  # recursive
    return _to_matrix(frame, "LightGBM", train, horizon), None


def _codes(values: np.ndarray) -> np.ndarray:
    """Integer codes of labels (None -> 0)."""
    labels = sorted({v for v in values if v is not None})
    index = {v: i + 1 for i, v in enumerate(labels)}
    return np.array([index.get(v, 0) for v in values], dtype=np.int64)


def stockpilot_panel(train: TrainArrays) -> Panel:
    """The M5 arrays as Stock Pilot's forecasting panel (calendar known over the horizon)."""
    days = train.dates.astype("datetime64[D]")
    events = _codes(train.calendar["event_type_1"])
    calendar = {
        "weekday": (days.astype(np.int64) + 3) % 7,  # 1970-01-01 was a Thursday; Monday = 0
        "day_of_month": (days - days.astype("datetime64[M]")).astype(np.int64) + 1,
        "month": train.calendar["month"],
        "snap": train.calendar["snap"],
        "event": events,
        "event_tomorrow": np.append(events[1:], 0),
        "event_yesterday": np.insert(events[:-1], 0, 0),
    }
    groups = {"item": _codes(train.item_ids), "department": _codes(train.dept_ids), "category": _codes(train.cat_ids)}
    return Panel(train.y, train.price, calendar, groups, ("event", "event_tomorrow", "event_yesterday"))


def stockpilot_global(train: TrainArrays, horizon: int) -> Forecast:
    """Stock Pilot's global gradient-boosted model (domain/forecasting/global_model.py)."""
    return GlobalBoosted().fit(stockpilot_panel(train)).predict(horizon), None


SystemFn = Callable[[TrainArrays, int], Forecast]
# The hook: name -> callable(train, horizon) -> (mean, quantiles). Filled by build_systems()
# with the peers; add your own system here (or pass extra= to main()).
SYSTEMS: dict[str, SystemFn] = {}


def build_systems(with_ets: bool, n_jobs: int, trim_leading_zeros: bool = False) -> dict[str, SystemFn]:
    peers: dict[str, SystemFn] = {
        "StockPilot": stockpilot_global,
        "SeasonalNaive": seasonal_naive(n_jobs),
        "CrostonSBA": croston_sba(n_jobs),
    }
    if with_ets:
        peers["AutoETS"] = auto_ets(n_jobs)
    peers["LightGBM"] = partial(mlforecast_lightgbm, from_first_sale=trim_leading_zeros)
    return {**peers, **SYSTEMS}


# --- output ------------------------------------------------------------------------------------

COLUMNS = [
    ("system", "system", "{}"),
    ("wrmsse", "WRMSSE", "{:.3f}"),
    ("ref", "ref", "{}"),
    ("wrmsse_store", "store", "{:.3f}"),
    ("wrmsse_category", "cat", "{:.3f}"),
    ("wrmsse_department", "dept", "{:.3f}"),
    ("wrmsse_item", "item", "{:.3f}"),
    ("rmsse_item", "RMSSE", "{:.3f}"),
    ("spl", "SPL", "{:.3f}"),
    ("coverage_80", "cov80", "{:.3f}"),
    ("coverage_95", "cov95", "{:.3f}"),
    ("seconds", "seconds", "{:.1f}"),
]


def format_table(rows: list[dict], references: dict[str, float] = REFERENCE) -> str:
    """The comparison table; ``references`` are the issue's scores (standard split only)."""

    def cell(row: dict, key: str, fmt: str) -> str:
        if key == "ref":
            value = references.get(row["system"])
            return "" if value is None else f"{value:.3f}"
        value = row[key]
        return "-" if isinstance(value, float) and np.isnan(value) else fmt.format(value)

    body = [[cell(r, k, f) for k, _, f in COLUMNS] for r in rows]
    header = [h for _, h, _ in COLUMNS]
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=True)]
    lines = []
    for r in [header, *body]:
        cells = [x.ljust(w) if i == 0 else x.rjust(w) for i, (x, w) in enumerate(zip(r, widths, strict=True))]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def write_forecast_csv(
    path: Path, data: M5Data, train_days: int, mean: np.ndarray, quantiles: Quantiles | None
) -> None:
    probs = sorted(quantiles) if quantiles else []
    horizon = mean.shape[1]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "d", "date", "mean", *(f"q{p:g}" for p in probs)])
        for i, series in enumerate(data.ids):
            for h in range(horizon):
                day = train_days + h
                qs = [repr(float(quantiles[p][i, h])) for p in probs] if quantiles else []
                out.writerow([series, f"d_{day + 1}", str(data.dates[day]), repr(float(mean[i, h])), *qs])


def main(argv: list[str] | None = None, extra: dict[str, SystemFn] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with the three M5 CA_1 parquet files")
    parser.add_argument("--out", type=Path, help="write each system's forecasts as CSV here")
    parser.add_argument("--with-ets", action="store_true", help="also run AutoETS (7 to 9 minutes)")
    parser.add_argument("--systems", help="comma-separated names to run (default: all)")
    parser.add_argument("--n-jobs", type=int, default=min(2, os.cpu_count() or 1), help="statsforecast n_jobs")
    parser.add_argument("--no-clip", action="store_true", help="score forecasts raw, not clipped at zero")
    parser.add_argument(
        "--train-days",
        type=int,
        default=TRAIN_DAYS,
        help="forecast origin: train on d_1..d_N, score the next 28 days (earlier windows choose settings)",
    )
    parser.add_argument(
        "--trim-leading-zeros", action="store_true", help="LightGBM trains from each series' first sale on"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    data = load_m5(args.data)
    train = train_arrays(data, args.train_days)
    scorer = Scorer(data, args.train_days)
    print(
        f"M5 {data.store_id}: {len(data.ids)} series, train d_1..d_{args.train_days}, "
        f"test d_{args.train_days + 1}..d_{args.train_days + HORIZON}; loaded in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    systems = {**build_systems(args.with_ets, args.n_jobs, args.trim_leading_zeros), **(extra or {})}
    if args.systems:
        wanted = [s.strip() for s in args.systems.split(",") if s.strip()]
        unknown = sorted(set(wanted) - set(systems))
        if unknown:
            parser.error(f"unknown systems {unknown}; known: {sorted(systems)}")
        systems = {k: v for k, v in systems.items() if k in wanted}
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)

    rows = []
    for name, system in systems.items():
        t0 = time.perf_counter()
        mean, quantiles = system(train, HORIZON)
        seconds = time.perf_counter() - t0
        negative = int((np.asarray(mean) < 0).sum())
        if not args.no_clip:
            mean = np.clip(mean, 0.0, None)
            quantiles = {p: np.clip(q, 0.0, None) for p, q in quantiles.items()} if quantiles else quantiles
        row = scorer.score(name, mean, quantiles, seconds)
        rows.append(row)
        note = f" ({negative} negative means {'scored raw' if args.no_clip else 'clipped'})" if negative else ""
        print(f"  {name}: WRMSSE {row['wrmsse']:.3f} in {seconds:.1f} s{note}", flush=True)
        if args.out:
            write_forecast_csv(args.out / f"{name}.csv", data, args.train_days, mean, quantiles)
    print()
    print(format_table(rows, REFERENCE if args.train_days == TRAIN_DAYS else {}))
    return rows


if __name__ == "__main__":
    main()
