"""SKU priority (R-SIM-3): ABC x XYZ, high value and unstable first, on hand-made series."""

from __future__ import annotations

import numpy as np
import pytest

from stockpilot.domain.replay.priority import prioritise, weekly_variation, xyz_classes


def test_weekly_variation_and_xyz_by_hand():
    weekly = np.array(
        [
            [10, 10, 10, 10],  # cv 0 -> X
            [10, 20, 10, 20],  # mean 15, sd (sample) 5.77 -> cv 0.385 -> X
            [0, 20, 0, 20],  # mean 10, sd 11.55 -> cv 1.155 -> Z
            [5, 15, 5, 15],  # mean 10, sd 5.77 -> cv 0.577 -> Y
            [0, 0, 0, 0],  # never sold -> Z
        ]
    )
    cv = weekly_variation(weekly)
    assert cv[:4] == pytest.approx([0.0, 0.3849, 1.1547, 0.5774], abs=1e-4)
    assert np.isinf(cv[4])
    assert list(xyz_classes(weekly)) == ["X", "X", "Z", "Y", "Z"]


def test_high_value_unstable_first_then_value():
    # values: 500 and 300 make 80% of 1000 -> A; 100 + 50 reach 95% -> B; 50 -> C
    value = np.array([300.0, 500.0, 100.0, 50.0, 50.0])
    weekly = np.array([[0, 20, 0, 20], [10, 10, 10, 10], [0, 20, 0, 20], [10, 10, 10, 10], [0, 9, 0, 9]])
    p = prioritise(value, weekly)
    assert list(p.abc) == ["A", "A", "B", "B", "C"]
    assert list(p.xyz) == ["Z", "X", "Z", "X", "Z"]
    # A-Z (0) before A-X (1), then B-Z (2), B-X (3), then C (4)
    assert list(p.order) == [0, 1, 2, 3, 4]
    chosen, share = p.top(2)
    assert list(chosen) == [0, 1] and share == pytest.approx(0.8)


def test_excluded_series_leave_the_order_but_keep_their_classes():
    value = np.array([300.0, 500.0, 100.0, 50.0, 50.0])
    weekly = np.array([[0, 20, 0, 20], [10, 10, 10, 10], [0, 20, 0, 20], [10, 10, 10, 10], [0, 9, 0, 9]])
    p = prioritise(value, weekly, excluded=np.array([True, False, False, True, False]))
    assert list(p.abc) == ["A", "A", "B", "B", "C"]  # classed over every series, as before
    assert list(p.order) == [1, 2, 4]  # the first, A-Z, is left out: A-X now leads
    chosen, share = p.top(2)
    assert list(chosen) == [1, 2] and share == pytest.approx(0.6)
