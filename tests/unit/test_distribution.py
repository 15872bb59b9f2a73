"""Negative binomial quantiles around the forecast mean, against hand-computed values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stockpilot.domain.forecasting.distribution import dispersion, mid_quantile, quantiles


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
