"""Demand as a count distribution around the forecast mean (R-FC-1).

Daily demand of one SKU in one store is a small count, often zero, more spread
than Poisson. Each day's demand is taken as negative binomial with the
forecast mean ``mu`` and variance ``mu + phi * mu**2`` (``phi = 0``: Poisson);
the over-dispersion ``phi`` of a series comes from its own backtest errors.
This gives every quantile at once, never crossing, and sums over a lead time
for the replenishment policy.

- Dispersion by moments (Cameron & Trivedi, "Regression Analysis of Count Data",
  2nd ed., 2013, section 3.2.3): ``phi = sum((y - mu)**2 - mu) / sum(mu**2)``,
  pooled over the series of similar volume (``dispersion``).
- Quantiles of a count are steps: the smallest integer ``k`` with ``F(k) >= p``
  covers more than ``p`` whenever the step is large (a slow mover's q0.8 is
  often 1, covering 95%). The product reports *mid-quantiles* instead: the
  inverse of the mid-distribution function ``F(k) - P(k) / 2``, interpolated
  linearly between integers (Parzen, "Quantile probability and statistical data
  modeling", Statistical Science 19(4), 2004; Ma, Genton & Parzen, Bernoulli
  17(1), 2011). They are not integers; a buyer reads q0.9 = 2.4 as "2 covers a
  little under 90% of days, 3 a little over". Quantiles below zero are 0.
- A central band of coverage ``c`` runs from the mid-quantile at ``(1 - c) / 2`` to the one at
  ``(1 + c) / 2`` (80%: q0.10 to q0.90; 95%: q0.025 to q0.975), both from the same distribution.

scipy's ``nbinom(n, p)`` has ``P(k) = C(k + n - 1, n - 1) p**n (1 - p)**k`` (the failures before
the ``n``-th success; scipy.stats.nbinom reference), mean ``n (1 - p) / p`` and variance
``n (1 - p) / p**2``; with ``n = 1 / phi`` and ``p = n / (n + mu)`` these are ``mu`` and
``mu + phi * mu**2``, the NB2 form of Cameron & Trivedi.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

from stockpilot.domain.arrays import BoolArray, FloatArray

POISSON_LIMIT = 1e-6  # below this phi the negative binomial is taken as Poisson
VOLUME_BANDS = 10  # phi is measured per band of series of similar volume (deciles) ...
BAND_SERIES = 30  # ... each band holding at least this many series


def dispersion(actual: FloatArray, mean: FloatArray) -> FloatArray:
    """Over-dispersion ``phi`` per series from backtest actuals and forecasts (series x days),
    by moments pooled within bands of similar volume: the series are ranked by their forecast
    total and cut into ``VOLUME_BANDS`` bands of equal size (fewer where a band would hold
    under ``BAND_SERIES``); every series of a band gets the band's phi.

    Why not each series' own: the days of one backtest window are wrong together (a level the
    model misjudged stays misjudged), so a series' window holds about one draw of its level
    error. An estimate from one draw is below its mean for most series and far above it for a
    few, and intervals from it cover too little: on M5's earlier windows the 80% interval of
    14-day totals covered 71-73% (docs/forecasting.md). Why not one phi for all: it is set by
    the best sellers, whose relative errors are the smallest, and slow movers' intervals come
    out too narrow. Series of one volume band have errors of one size.

    NaN actuals (censored days) are left out. A series forecast zero on every day gives no
    evidence and is left out of its band's estimate. Never negative.
    """
    known = ~np.isnan(actual)
    y, mu = np.where(known, actual, 0.0), np.where(known, mean, 0.0)
    excess = ((y - mu) ** 2 - mu).sum(axis=1)
    evidence = (mu**2).sum(axis=1)
    bands = max(1, min(VOLUME_BANDS, len(excess) // BAND_SERIES))
    rank = stats.rankdata(mu.sum(axis=1), method="ordinal") - 1  # 0 .. series - 1, ties in series order
    band = rank * bands // max(len(excess), 1)
    informative = evidence > 0
    band_excess = np.bincount(band[informative], excess[informative], bands)
    band_evidence = np.bincount(band[informative], evidence[informative], bands)
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.where(band_evidence > 0, band_excess / band_evidence, 0.0)
    result: FloatArray = np.maximum(phi, 0.0)[band]
    return result


def cdf(k: FloatArray, mean: FloatArray, phi: FloatArray) -> FloatArray:
    """P(Y <= k) for each day (``k`` and ``mean``: series x days; ``phi``: per series)."""
    mu, phi = _per_day(mean, phi)
    return _cdf(np.asarray(k, dtype=float), mu, phi)


def _per_day(mean: FloatArray, phi: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The mean (kept off zero) and each series' phi, both series x days."""
    mu = np.maximum(np.asarray(mean, dtype=float), 1e-12)
    return mu, np.broadcast_to(np.asarray(phi, dtype=float).reshape(-1, 1), mu.shape)


def _negative_binomial(mu: FloatArray, phi: FloatArray) -> tuple[BoolArray, FloatArray, FloatArray]:
    """Where phi is ~0 (Poisson), and scipy's size and success probability elsewhere."""
    poisson = phi < POISSON_LIMIT
    size = 1.0 / np.where(poisson, 1.0, phi)
    return poisson, size, size / (size + mu)


def _cdf(k: FloatArray, mu: FloatArray, phi: FloatArray) -> FloatArray:
    """P(Y <= k) under the negative binomial (Poisson where phi is ~0)."""
    poisson, size, success = _negative_binomial(mu, phi)
    probability: FloatArray = np.where(poisson, stats.poisson.cdf(k, mu), stats.nbinom.cdf(k, size, success))
    return probability


def _ppf(p: float, mu: FloatArray, phi: FloatArray) -> FloatArray:
    """The smallest k with P(Y <= k) >= p."""
    poisson, size, success = _negative_binomial(mu, phi)
    k: FloatArray = np.where(poisson, stats.poisson.ppf(p, mu), stats.nbinom.ppf(p, size, success))
    return k


def mid_quantile(p: float, mean: FloatArray, phi: FloatArray) -> FloatArray:
    """The mid-quantile at probability ``p`` of each day's demand (mean: series x days)."""
    mu, phi = _per_day(mean, phi)
    k = _ppf(p, mu, phi)  # F(k - 1) < p <= F(k)
    below, at = _cdf(k - 1, mu, phi), _cdf(k, mu, phi)
    mid_k = (below + at) / 2  # mid-distribution at k
    # p lies between the mid-distribution at k - 1 and k, or between k and k + 1
    upper = p >= mid_k
    lower_mid = np.where(upper, mid_k, (_cdf(k - 2, mu, phi) + below) / 2)
    upper_mid = np.where(upper, (at + _cdf(k + 1, mu, phi)) / 2, mid_k)
    start = np.where(upper, k, k - 1)
    step = upper_mid - lower_mid
    with np.errstate(invalid="ignore", divide="ignore"):
        fraction = np.where(step > 0, (p - lower_mid) / step, 0.0)
    quantile: FloatArray = np.maximum(start + np.clip(fraction, 0.0, 1.0), 0.0)
    return quantile


def quantiles(mean: FloatArray, phi: FloatArray, levels: tuple[float, ...]) -> dict[float, FloatArray]:
    """Mid-quantiles at every level, made non-decreasing in the level."""
    out: dict[float, FloatArray] = {}
    previous = np.zeros_like(np.asarray(mean, dtype=float))
    for p in sorted(levels):
        previous = np.maximum(previous, mid_quantile(p, mean, phi))
        out[p] = previous
    return out


def central_band(mean: FloatArray, phi: FloatArray, coverage: float) -> tuple[FloatArray, FloatArray]:
    """The low and high ends of each day's central band holding ``coverage`` of the demand: the
    mid-quantiles at ``(1 - coverage) / 2`` and ``(1 + coverage) / 2`` (mean: series x days)."""
    if not 0 < coverage < 1:
        raise ValueError(f"a band's coverage is between 0 and 1, not {coverage}")
    low, high = (1 - coverage) / 2, (1 + coverage) / 2
    ends = quantiles(mean, phi, (low, high))
    return ends[low], ends[high]
