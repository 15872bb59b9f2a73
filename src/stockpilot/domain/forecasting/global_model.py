"""A global gradient-boosted demand model, one model for every series (R-FC-3).

Direct, not recursive, and bucketed by horizon: the days of the horizon fall into buckets
(``lags``: days 1-7 and 8-28 by default), and each bucket has its own model whose every
feature of a target day is taken at least the bucket's lag days before it. Day 3 is forecast
from sales up to four days before the cut-off, not from sales four weeks old, so the near
days, the ones orders are sized on, read the last week; no forecast is fed back in
(Ben Taieb et al., "A review and comparison of strategies for multi-step ahead time series
forecasting", Expert Systems with Applications 39, 2012: the direct strategy; the M5
winners' horizon-grouped models, Makridakis et al., IJF 38, 2022).
LightGBM with a Tweedie objective suits daily retail counts: many zeros and a long right tail
(Januschowski et al., "Forecasting with trees", IJF 2022, on the M5 winners).

Inputs are a :class:`Panel` of numpy arrays; nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass

import lightgbm as lgb
import numpy as np

from stockpilot.domain.arrays import Float32Array, FloatArray, IntArray
from stockpilot.domain.forecasting.panel import Panel

SEASONS_BACK = 8  # same-weekday (same-month) mean over this many seasons
TRAIN_CHUNK_DAYS = 100  # training features are built this many days at a time


@dataclass(frozen=True)
class BoostedParams:
    """Settings of the global model. Chosen by rolling-origin backtests on windows before every
    test window the benchmark reports (``benchmarks/choose_boosted_params.py`` says which
    windows chose which setting; docs/forecasting.md has the table)."""

    lag: int = 28  # the longest bucket's lag; it grows to the horizon (models.make_model)
    near_lags: tuple[int, ...] = (7,)  # shorter buckets: days 1-7 from features at least 7 days old
    windows: tuple[int, ...] = (7, 14, 28, 56, 112, 364)  # rolling means, in periods
    train_rows: int = 1_200_000  # a bucket learns from all history while series x days stay within this ...
    train_days: int = 1100  # ... else from a random share of the rows of the latest this many days
    rounds: int = 150
    learning_rate: float = 0.14
    leaves: int = 15
    min_data_in_leaf: int = 100
    tweedie_power: float = 1.1
    fraction: float = 0.8
    seed: int = 0
    threads: int = 2

    @property
    def lags(self) -> tuple[int, ...]:
        """Each bucket's lag, shortest first; bucket ``k`` forecasts the days after ``lags[k - 1]``
        up to ``lags[k]``."""
        return tuple(sorted({lag for lag in self.near_lags if 0 < lag < self.lag} | {self.lag}))


class LaggedFeatures:
    """Feature columns for target days, from data at least ``lag`` days older."""

    def __init__(self, panel: Panel, lag: int, windows: tuple[int, ...] = BoostedParams.windows) -> None:
        self.panel, self.lag, self.windows = panel, lag, windows
        units = panel.units.astype(np.float64)  # NaN: a censored day (censoring.py), not known demand
        known = np.nan_to_num(units)
        zero = np.zeros((units.shape[0], 1))
        self.sums = np.hstack([zero, np.cumsum(known, axis=1)])
        self.squares = np.hstack([zero, np.cumsum(known**2, axis=1)])
        self.sold = np.hstack([zero, np.cumsum(known > 0, axis=1)])
        self.observed = np.hstack([zero, np.cumsum(~np.isnan(units), axis=1)])
        self.units = units
        history_price = panel.price[:, : panel.history_days]
        priced = (~np.isnan(history_price)).sum(axis=1)
        with np.errstate(all="ignore"):
            self.max_price = np.where(priced > 0, np.nan_to_num(history_price, nan=-np.inf).max(axis=1), np.nan)
            self.mean_price = np.where(priced > 0, np.nansum(history_price, axis=1) / priced, np.nan)
        on_sale = ~np.isnan(panel.price)
        self.release = np.where(on_sale.any(axis=1), on_sale.argmax(axis=1), 0)

    def _window(self, cumulative: FloatArray, last: IntArray, width: int) -> FloatArray:
        """Mean over the uncensored days among the ``width`` days ending at ``last``."""
        start = np.maximum(last + 1 - width, 0)
        days = self.observed[:, last + 1] - self.observed[:, start]
        with np.errstate(all="ignore"):
            return np.where(days > 0, (cumulative[:, last + 1] - cumulative[:, start]) / days, np.nan)

    def columns(self, days: IntArray) -> dict[str, FloatArray | IntArray]:
        panel, last, season = self.panel, days - self.lag, self.panel.season
        if last.min() < 0 or last.max() >= panel.history_days:
            raise ValueError("target days must lie between lag and history + lag")
        out: dict[str, FloatArray | IntArray] = {}
        for k in range(4):
            out[f"lag_{self.lag + season * k}"] = self.units[:, np.maximum(last - season * k, 0)]
        for width in self.windows:
            out[f"mean_{width}"] = self._window(self.sums, last, width)
        recent = self.windows[min(2, len(self.windows) - 1)]  # 28 days for daily data
        mean_recent = self._window(self.sums, last, recent)
        out[f"sd_{recent}"] = np.sqrt(np.maximum(self._window(self.squares, last, recent) - mean_recent**2, 0))
        out[f"sold_share_{recent}"] = self._window(self.sold, last, recent)
        season_lag = -(-self.lag // season) * season
        same_weekday = np.stack(
            [self.units[:, np.maximum(days - season_lag - season * k, 0)] for k in range(SEASONS_BACK)]
        )
        seen = (~np.isnan(same_weekday)).sum(axis=0)
        with np.errstate(all="ignore"):
            out["weekday_mean"] = np.where(seen > 0, np.nansum(same_weekday, axis=0) / seen, np.nan)
        price = panel.price[:, days]
        with np.errstate(all="ignore"):
            out["price"] = price
            out["price_to_max"] = price / self.max_price[:, None]
            out["price_to_mean"] = price / self.mean_price[:, None]
            for back in (season, recent):
                out[f"price_change_{back}"] = price / panel.price[:, np.maximum(days - back, 0)]
        shape = (self.units.shape[0], len(days))
        for name, values in panel.covariates.items():
            out[name] = values[:, days]
        for name, per_day in panel.calendar.items():
            out[name] = np.broadcast_to(per_day[days], shape)
        for name, codes in panel.groups.items():
            out[name] = np.broadcast_to(codes[:, None], shape)
        out["age"] = days[None, :] - self.release[:, None]
        return out

    def matrix(self, days: IntArray) -> tuple[list[str], Float32Array]:
        columns = self.columns(days)
        return list(columns), np.column_stack([np.asarray(v, np.float32).ravel() for v in columns.values()])


class GlobalBoosted:
    """Fit on a panel's history, then forecast the mean for the next ``horizon`` days."""

    name = "global_boosted"

    def __init__(self, params: BoostedParams | None = None) -> None:
        self.params = params or BoostedParams()

    def fit(self, panel: Panel) -> GlobalBoosted:
        self.panel_ = panel
        self.features_ = {lag: LaggedFeatures(panel, lag, self.params.windows) for lag in self.params.lags}
        self.boosters_ = {lag: self._train(features) for lag, features in self.features_.items()}
        return self

    def _train(self, features: LaggedFeatures) -> lgb.Booster:
        """One bucket's booster on its training rows (a series on a day after its release, the
        day not censored), from all history while it holds at most ``train_rows`` rows. Beyond
        that, from the latest ``train_days`` days, each row kept with the same chance (seeded) so
        that about ``train_rows`` remain: every day, a rare event's day included, keeps its share
        of series. Sampling whole days instead could leave out last year's Christmas, and the
        model would not know the shops close on it."""
        p, panel = self.params, self.panel_
        first = features.lag
        if panel.series * (panel.history_days - first) > p.train_rows:
            first = max(first, panel.history_days - p.train_days)
        days = np.arange(first, panel.history_days)
        if not len(days):
            raise ValueError(f"{panel.history_days} days of history leave none to learn from at lag {features.lag}")
        share = min(1.0, p.train_rows / (panel.series * len(days)))
        rng = np.random.default_rng(p.seed)
        names: list[str] = []
        xs: list[Float32Array] = []
        targets: list[FloatArray] = []
        for chunk in np.array_split(days, -(-len(days) // TRAIN_CHUNK_DAYS)):  # bounded memory
            names, x = features.matrix(chunk)
            target = panel.units[:, chunk].ravel()
            rows = (chunk[None, :] >= features.release[:, None]).ravel() & ~np.isnan(target)
            if share < 1:
                rows &= rng.random(rows.size) < share
            xs.append(x[rows])
            targets.append(target[rows])
        data = lgb.Dataset(
            np.vstack(xs),
            np.concatenate(targets),
            feature_name=names,
            categorical_feature=[*panel.groups, *panel.categorical],
        )
        return lgb.train(
            {
                "objective": "tweedie",
                "tweedie_variance_power": p.tweedie_power,
                "learning_rate": p.learning_rate,
                "num_leaves": p.leaves,
                "min_data_in_leaf": p.min_data_in_leaf,
                "feature_fraction": p.fraction,
                "bagging_fraction": p.fraction,
                "bagging_freq": 1,
                "lambda_l2": 0.1,
                "seed": p.seed,
                "num_threads": p.threads,
                "verbose": -1,
            },
            data,
            num_boost_round=p.rounds,
        )

    def _day_means(self, lag: int, days: IntArray) -> FloatArray:
        _, x = self.features_[lag].matrix(days)
        mean = np.asarray(self.boosters_[lag].predict(x), dtype=float)
        return mean.reshape(self.panel_.series, len(days))

    def predict(self, horizon: int) -> FloatArray:
        """Mean demand, series x horizon (never negative): each day from the bucket with the
        shortest lag that reaches it."""
        lags = self.params.lags
        if horizon > lags[-1]:
            raise ValueError(f"horizon {horizon} is beyond the model's lag {lags[-1]}")
        ahead = np.arange(1, horizon + 1)
        bucket = np.searchsorted(np.asarray(lags), ahead)  # the first lag >= the day ahead
        days = self.panel_.history_days + ahead - 1
        mean = np.empty((self.panel_.series, horizon))
        for k, lag in enumerate(lags):
            here = bucket == k
            if here.any():
                mean[:, here] = self._day_means(lag, days[here])
        return np.maximum(mean, 0.0)
