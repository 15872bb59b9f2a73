"""Equal-inventory read-off between two trade-off curves, by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from stockpilot.domain.replay.engine import ReplayKpis
from stockpilot.domain.replay.equal_inventory import CurvePoint, PilotTargets, headline, pilot_setting, read_at


def figures(**values) -> ReplayKpis:
    """KPIs of 1 throughout (0 order lines), but for ``values``."""
    return replace(ReplayKpis(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0, 0, 1.0), **values)


def point(parameter, stock, lost, stockout, lines=100):
    kpis = figures(
        lost_units=lost,
        lost_value=10 * lost,
        stockout_rate=stockout,
        fill_rate=1 - lost / 1000,
        average_stock_value=stock,
        order_lines=lines,
    )
    return CurvePoint(parameter, stock, kpis)


OURS = [point(0.90, 1000, 200, 0.10), point(0.95, 1400, 100, 0.05), point(0.99, 2000, 20, 0.01)]
THEIRS = [point(1.0, 1200, 400, 0.20, 50), point(2.0, 1600, 250, 0.12, 50), point(3.0, 2400, 100, 0.06, 50)]


def test_read_at_interpolates_in_stock_value_and_refuses_to_extrapolate():
    # halfway between 1000 and 1400: lost (200 + 100) / 2 = 150, stockouts 0.075
    mid = read_at(OURS, 1200)
    assert mid.lost_units == pytest.approx(150) and mid.stockout_rate == pytest.approx(0.075)
    assert math.isnan(read_at(OURS, 900).lost_units) and math.isnan(read_at(OURS, 2100).lost_units)


def test_headline_at_equal_stock_value():
    # at 1600: ours between 1400 (100) and 2000 (20) -> 100 - 80 x 200/600 = 73.33; theirs 250
    h = headline(OURS, THEIRS, 1600)
    assert h["ours"]["lost_units"] == pytest.approx(73.333, abs=1e-3)
    assert h["lost_units_saved"] == pytest.approx(250 - 73.333, abs=1e-3)
    assert h["lost_units_change"] == pytest.approx(73.333 / 250 - 1, abs=1e-4)
    # stockouts: ours 0.05 - 0.04 x 200/600 = 0.03667 against 0.12 -> -69.4%
    assert h["stockouts_change"] == pytest.approx(0.036667 / 0.12 - 1, abs=1e-4)
    assert h["order_lines_change"] == pytest.approx(1.0)  # 100 lines against 50: twice the ordering work
    assert h["lost_value_saved"] == pytest.approx(10 * (250 - 73.333), abs=1e-2)


def test_pilot_targets_by_hand():
    rule = figures(stockout_rate=0.20, turnover=10.0, ordering_hours=100.0, lost_units=900.0)
    good = figures(stockout_rate=0.13, turnover=11.5, ordering_hours=55.0, lost_units=500.0)
    checked = PilotTargets().check(good, rule)
    assert checked["stockouts"]["change"] == pytest.approx(-0.35) and checked["stockouts"]["met"]
    assert checked["turnover"]["change"] == pytest.approx(0.15) and checked["turnover"]["met"]
    assert checked["ordering_hours"]["change"] == pytest.approx(-0.45) and checked["ordering_hours"]["met"]
    short = replace(good, turnover=10.9)  # +9%: one target missed is a miss
    assert PilotTargets().met(good, rule) and not PilotTargets().met(short, rule)
    fewer_lost = replace(good, lost_units=400.0)
    curve = [CurvePoint(0.7, 1.0, good), CurvePoint(0.8, 1.0, fewer_lost), CurvePoint(0.9, 2.0, short)]
    assert pilot_setting(curve, rule, PilotTargets()).parameter == 0.8
    assert pilot_setting([CurvePoint(0.9, 2.0, short)], rule, PilotTargets()) is None
