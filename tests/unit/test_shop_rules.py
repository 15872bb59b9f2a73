"""The shop's rule: its engine policy, its label, and the sweep's moved reorder level."""

from __future__ import annotations

import numpy as np
import pytest

from stockpilot.domain.replay import engine
from stockpilot.domain.replay.shop_rules import ShopRule


def test_min_max_moves_its_reorder_level_and_keeps_the_spread():
    rule = ShopRule("min_max", 1.0, 3.0, 28)
    assert rule.label == "1w/3w"
    moved = rule.at(2.5)
    assert (moved.min_weeks, moved.max_weeks, moved.label) == (2.5, 4.5, "2.5w/4.5w")
    assert moved.policy(np.zeros((2, 0))) == engine.MinMaxPolicy(2.5, 4.5, 28)


def test_weeks_of_cover_is_labelled_by_its_top():
    rule = ShopRule("weeks_of_cover", 1.0, 3.0, 14)
    assert rule.label == "3w" and rule.at(2.0).label == "4w"
    assert rule.policy(np.zeros((1, 0))) == engine.WeeksOfCoverPolicy(3.0, 14)


def test_fixed_quantity_orders_the_spread_of_average_sales_rounded_up():
    # 2 weeks (3 - 1) x 7 days x average daily sales: 14 x 1.5 = 21, 14 x 0.25 = 3.5 -> 4; no sales -> 0
    prior = np.array([[1.0, 2.0], [0.0, 0.5], [0.0, 0.0]])
    chosen = ShopRule("fixed_quantity", 1.0, 3.0, 28).policy(prior)
    assert isinstance(chosen, engine.FixedQuantityPolicy)
    assert chosen.quantity.tolist() == [21.0, 4.0, 0.0]
    assert (chosen.min_weeks, chosen.window) == (1.0, 28)


@pytest.mark.parametrize(
    "kind, low, high, window", [("gut_feeling", 1, 3, 28), ("min_max", 3, 1, 28), ("min_max", 1, 3, 0)]
)
def test_an_impossible_rule_is_refused(kind, low, high, window):
    with pytest.raises(ValueError):
        ShopRule(kind, low, high, window)
