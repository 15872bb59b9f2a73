"""Negative binomial quantiles around the forecast mean, against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from stockpilot.domain.forecasting.distribution import cdf, central_band, dispersion, mid_quantile, quantiles
from stockpilot.domain.forecasting.metrics import pit_interval_coverage


def test_poisson_mid_quantiles_by_hand():
    # Poisson(0.5): P(0) = e^-0.5 = 0.60653, P(1) = 0.30327; F(0) = 0.60653, F(1) = 0.90980
    # mid-distribution: 0 -> 0.60653 / 2 = 0.30327, 1 -> (0.60653 + 0.90980) / 2 = 0.75816
    # p = 0.5 lies between them: 0 + (0.5 - 0.30327) / (0.75816 - 0.30327) = 0.43248
    mean = np.array([[0.5]])
    assert mid_quantile(0.5, mean, np.array([0.0]))[0, 0] == pytest.approx(0.43248, abs=1e-5)
    # p = 0.1 is below the mid-distribution at 0: the quantile is 0, never negative
    assert mid_quantile(0.1, mean, np.array([0.0]))[0, 0] == 0.0
    # p = 0.9: mid at 2 = (0.90980 + 0.98561) / 2 = 0.94771 -> 1 + (0.9 - 0.75816) / (0.94771 - 0.75816) = 1.74831
    assert mid_quantile(0.9, mean, np.array([0.0]))[0, 0] == pytest.approx(1.74831, abs=1e-4)


def test_negative_binomial_mid_quantile_by_hand():
    # mean 2, phi 1 (size 1): geometric, P(k) = (1/3)(2/3)^k; F(0) = 1/3, F(1) = 5/9, F(2) = 19/27
    # mid: 0 -> 1/6, 1 -> (1/3 + 5/9) / 2 = 4/9, 2 -> (5/9 + 19/27) / 2 = 17/27
    # p = 0.5 lies between mid 1 and mid 2: 1 + (0.5 - 4/9) / (17/27 - 4/9) = 1.3
    assert mid_quantile(0.5, np.array([[2.0]]), np.array([1.0]))[0, 0] == pytest.approx(1.3)


def test_large_counts_cover_like_a_continuous_distribution():
    rng = np.random.default_rng(0)
    draws = rng.poisson(200.0, 20_000)
    q90 = mid_quantile(0.9, np.array([[200.0]]), np.array([0.0]))[0, 0]
    assert np.mean(draws <= q90) == pytest.approx(0.9, abs=0.01)


def test_dispersion_recovers_phi_and_is_zero_for_poisson_data():
    rng = np.random.default_rng(1)
    mean = rng.uniform(0.5, 6, (400, 56))
    size = 1 / 0.4
    nb = rng.negative_binomial(size, size / (size + mean)).astype(float)
    assert np.median(dispersion(nb, mean)) == pytest.approx(0.4, abs=0.08)
    poisson = rng.poisson(mean).astype(float)
    assert np.median(dispersion(poisson, mean)) < 0.05
    censored = nb.copy()
    censored[:, :10] = np.nan  # unknown days are left out, not taken as zero
    assert np.median(dispersion(censored, mean)) == pytest.approx(0.4, abs=0.1)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.0, 50.0), min_size=1, max_size=8),
    st.floats(0.0, 3.0),
    st.lists(st.floats(0.01, 0.99), min_size=1, max_size=6),
)
def test_quantiles_never_cross_and_are_never_negative(means, phi, levels):
    mean = np.array([means])
    result = quantiles(mean, np.array([phi]), tuple(levels))
    previous = np.zeros_like(mean)
    for level in sorted(result):
        assert (result[level] >= previous).all() and np.isfinite(result[level]).all()
        previous = result[level]


def test_central_bands_of_a_negative_binomial_by_hand():
    # mean 4, phi 0.25: scipy's nbinom(n = 1 / phi = 4, p = n / (n + mu) = 0.5), mean 4, variance 4 + 0.25 * 16 = 8
    assert (stats.nbinom.mean(4, 0.5), stats.nbinom.var(4, 0.5)) == (4.0, 8.0)
    # P(k) = C(k + 3, 3) / 2**(k + 4): P(0), P(1) = 1/16, 1/8 -> mid-distribution 1/32, 1/8;
    # F(6) = 0.828125, P(7) = 120 / 2048, P(8) = 165 / 4096 -> mid at 7 = 0.857422, at 8 = 0.906860
    # q0.10 = (0.10 - 1/32) / (1/8 - 1/32) = 0.73333; q0.90 = 7 + (0.9 - 0.857422) / (0.906860 - 0.857422) = 7.86123
    low, high = central_band(np.array([[4.0]]), np.array([0.25]), 0.80)
    assert (low[0, 0], high[0, 0]) == (pytest.approx(0.73333, abs=1e-5), pytest.approx(7.86123, abs=1e-5))
    # the plain quantiles are the integer steps around them
    assert list(stats.nbinom.ppf([0.1, 0.9], 4, 0.5)) == [1.0, 8.0]
    # 95%: q0.025 lies below the mid-distribution at 0 (1/32): 0; q0.975 between mid at 10 and 11
    # (F(10) = 0.971313, P(10) = 286 / 16384; F(11) = 0.982422, P(11) = 364 / 32768): 10.86923
    low, high = central_band(np.array([[4.0]]), np.array([0.25]), 0.95)
    assert (low[0, 0], high[0, 0]) == (0.0, pytest.approx(10.86923, abs=1e-5))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 80.0), min_size=1, max_size=8), st.floats(0.0, 3.0))
def test_a_wider_band_holds_the_narrower_one(means, phi):
    mean = np.array([means])
    low80, high80 = central_band(mean, np.array([phi]), 0.80)
    low95, high95 = central_band(mean, np.array([phi]), 0.95)
    assert (0 <= low95).all() and (low95 <= low80).all() and (low80 <= high80).all() and (high80 <= high95).all()
    assert (high80 == quantiles(mean, np.array([phi]), (0.9,))[0.9]).all()  # the same quantiles the forecast stores


def test_a_band_needs_a_coverage_between_zero_and_one():
    with pytest.raises(ValueError, match="between 0 and 1"):
        central_band(np.array([[4.0]]), np.array([0.25]), 1.0)


def test_dispersion_is_measured_per_volume_band():
    """Slow movers with phi 1.0 beside fast movers with phi 0.1: each band finds its own. One phi
    for all would be set by the fast movers (their mu**2 outweighs), about 0.1 for everybody."""
    rng = np.random.default_rng(4)
    mean = np.vstack([np.full((300, 56), 0.8), np.full((300, 56), 12.0)])
    phi = np.repeat([1.0, 0.1], 300)
    size = 1 / phi[:, None]
    actual = rng.negative_binomial(size, size / (size + mean)).astype(float)
    measured = dispersion(actual, mean)
    assert np.median(measured[:300]) == pytest.approx(1.0, abs=0.2)
    assert np.median(measured[300:]) == pytest.approx(0.1, abs=0.02)


def test_totals_cover_as_promised_when_each_window_misjudges_a_level():
    """Each series' level is misjudged by a factor drawn anew for every window (gamma, mean 1,
    variance 0.12), the same for all its days: the days of a window are wrong together, and a
    window's total is negative binomial with phi 0.12 (a gamma mixture of Poissons). phi of weekly
    totals measured on one backtest window gives the next window's 14-day totals their promised
    coverage; each series' own estimate (one draw of its level error) covers far too little."""
    rng = np.random.default_rng(5)
    series = 2000
    rate = rng.uniform(0.5, 20, series)

    def window(days: int) -> np.ndarray:
        level = rng.gamma(1 / 0.12, 0.12, series)[:, None]
        return rng.poisson(rate[:, None] * level * np.ones(days)).astype(float)

    weekly = window(28).reshape(series, 4, 7).sum(axis=2)
    forecast = np.repeat(7 * rate[:, None], 4, axis=1)
    pooled = dispersion(weekly, forecast)
    excess, evidence = ((weekly - forecast) ** 2 - forecast).sum(axis=1), (forecast**2).sum(axis=1)
    own = np.maximum(excess / evidence, 0.0)
    total, mean = window(14).sum(axis=1, keepdims=True), 14 * rate[:, None]

    def coverage(phi: np.ndarray) -> float:
        return pit_interval_coverage(cdf(total - 1, mean, phi), cdf(total, mean, phi), 0.1, 0.9)

    assert coverage(pooled) == pytest.approx(0.80, abs=0.03)
    assert coverage(own) < 0.7  # 0.61-0.63 over five seeds; the band 0.78-0.81
