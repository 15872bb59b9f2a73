"""Break-even accuracy (R-SIM-2) against the normal loss function, by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from stockpilot.domain.replay.break_even import accuracy_payoff, break_even_ratio, break_even_ratios, shortage


def test_shortage_is_sigma_times_the_normal_loss():
    # G(1) = phi(1) - 1 x (1 - Phi(1)) = 0.241971 - 0.158655 = 0.083316; sigma 10 -> 0.83316 units
    assert shortage(10.0, 10.0) == pytest.approx(10 * (stats.norm.pdf(1) - stats.norm.sf(1)), rel=1e-9)
    assert shortage(10.0, 10.0) == pytest.approx(0.83316, abs=1e-5)


def test_the_break_even_ratio_cuts_shortages_by_30_percent_at_the_same_safety_stock():
    ratio = break_even_ratio(10.0, 10.0, 0.3)
    assert 0 < ratio < 1
    assert shortage(10.0 * ratio, 10.0) == pytest.approx(0.7 * shortage(10.0, 10.0), rel=1e-6)
    # with no safety stock shortages are sigma x G(0), linear in sigma: exactly 30% less error
    assert break_even_ratio(10.0, 0.0, 0.3) == pytest.approx(0.7)


def test_more_safety_stock_needs_less_improvement_and_zero_error_has_nothing_to_gain():
    ratios = break_even_ratios(np.array([10.0, 10.0, 0.0]), np.array([0.0, 20.0, 5.0]))
    assert ratios[1] > ratios[0]  # shortages fall faster in sigma when k is large
    assert math.isnan(ratios[2])


def test_accuracy_payoff_by_hand():
    # sigma 10, safety stock 0: G(0) = 1/sqrt(2 pi) = 0.398942 -> 3.98942 units short a cycle;
    # 30% of it x 52 cycles x $5 = 311.175
    payoff = accuracy_payoff(np.array([10.0, 0.0]), np.array([0.0, 5.0]), np.array([5.0, 9.0]), 52)
    assert payoff[0] == pytest.approx(0.3 * 3.989423 * 52 * 5, rel=1e-5)
    assert payoff[1] == 0.0  # no error, nothing to gain
