"""The replay engine: hand-computed days, KPIs by hand, and conservation / no-peeking properties."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stockpilot.domain.forecasting.censoring import fill_censored
from stockpilot.domain.replay.engine import (
    FixedQuantityPolicy,
    MinMaxPolicy,
    OrderingMinutes,
    OrderUpTo,
    PolicyView,
    RecordedOrders,
    ReplayInput,
    WeeksOfCoverPolicy,
    kpis,
    pack_and_moq,
    replay,
)
from stockpilot.domain.replenishment.constraints import OrderLine, apply_pack_and_moq

TOL = 1e-9
MINUTES = OrderingMinutes(manual_line=3.0, reviewed_flag=2.0, routine_approval=0.5)
NAN = np.nan


def one_series(demand, opening, lead, review=None, pack=1, moq=0, cost=1.0, price=1.0):
    days = len(demand)
    return ReplayInput(
        demand=np.array([demand], dtype=float),
        opening_stock=np.array([opening]),
        lead_days=np.full((1, days), lead),
        review=np.ones(days, dtype=bool) if review is None else np.array(review),
        unit_cost=np.array([cost]),
        unit_price=np.array([price]),
        case_pack=np.array([pack]),
        moq=np.array([moq]),
    )


class Fixed:
    """Orders the given raw quantities (series x days) on review days."""

    def __init__(self, raw):
        self.raw = np.asarray(raw, dtype=float)

    def order(self, day, view):
        return self.raw[:, day]


# --- by hand -------------------------------------------------------------------------


def test_min_max_ten_days_by_hand():
    # min = 1 week = 7 x avg, max = 2 weeks = 14 x avg, avg over the last 3 days' SALES;
    # opening 5, lead 2 days, case pack 5, review every day
    inputs = one_series([2, 2, 2, 2, 2, 4, 4, 4, 1, 1], opening=5, lead=2, pack=5)
    result = replay(inputs, MinMaxPolicy(min_weeks=1, max_weeks=2, window=3))
    # day 0: no history, avg 0 -> no order; sell 2 -> 3
    # day 1: avg 2 -> min 14, max 28; position 3 <= 14 -> raw 28 - 3 = 25 = 5 packs, due day 3; sell 2 -> 1
    # day 2: position 1 + 25 = 26 > 14; demand 2, sell 1, lose 1 -> 0
    # day 3: receive 25 -> 25; sales [2, 2, 1] avg 5/3, min 11.67; 25 > min; sell 2 -> 23
    # day 4: sales [2, 1, 2] avg 5/3; 23 > 11.67; sell 2 -> 21
    # day 5: sales [1, 2, 2] avg 5/3; 21 > 11.67; sell 4 -> 17
    # day 6: sales [2, 2, 4] avg 8/3 -> min 18.67, max 37.33; 17 <= min -> raw 20.33 -> 5 packs = 25, due day 8
    #        sell 4 -> 13
    # day 7: sales [2, 4, 4] avg 10/3 -> min 23.33; position 13 + 25 = 38 > min; sell 4 -> 9
    # day 8: receive 25 -> 34; sales [4, 4, 4] avg 4 -> min 28; 34 > 28; sell 1 -> 33
    # day 9: sales [4, 4, 1] avg 3 -> min 21; 33 > 21; sell 1 -> 32
    assert result.ordered.tolist() == [[0, 25, 0, 0, 0, 0, 25, 0, 0, 0]]
    assert result.received.tolist() == [[0, 0, 0, 25, 0, 0, 0, 0, 25, 0]]
    assert result.sold.tolist() == [[2, 2, 1, 2, 2, 4, 4, 4, 1, 1]]
    assert result.lost.tolist() == [[0, 0, 1, 0, 0, 0, 0, 0, 0, 0]]
    assert result.closing.tolist() == [[3, 1, 0, 23, 21, 17, 13, 9, 33, 32]]
    assert result.outstanding.tolist() == [0]


def test_orders_only_on_review_days_and_late_arrivals_stay_on_order():
    # order 1 unit every day; review on days 0 and 3 only; lead 3 on a 5-day horizon
    inputs = one_series([0, 0, 0, 0, 0], opening=0, lead=3, review=[True, False, False, True, False], pack=4)
    result = replay(inputs, Fixed(np.ones((1, 5))))
    # day 0: raw 1 -> 1 pack of 4, due day 3; day 3: 4 more, due day 6 > last day 4
    assert result.ordered.tolist() == [[4, 0, 0, 4, 0]]
    assert result.received.tolist() == [[0, 0, 0, 4, 0]]
    assert result.outstanding.tolist() == [4]
    assert result.final_stock.tolist() == [4]


def test_censored_days_are_filled_with_the_recent_known_mean():
    # day 2 is censored: filled with mean(4, 2) = 3; day 0 censored with no history: 0
    inputs = one_series([NAN, 4, 2, NAN, 5], opening=20, lead=1)
    result = replay(inputs, Fixed(np.zeros((1, 5))))
    assert result.demand.tolist() == [[0, 4, 2, 3, 5]]
    np.testing.assert_array_equal(result.demand, fill_censored(inputs.demand, 28))
    # 20 - 0 - 4 - 2 - 3 - 5 = 6
    assert result.closing.tolist() == [[20, 16, 14, 11, 6]]


def test_kpis_by_hand():
    # A: opening 5, demand 2 a day, cost $10, price $15, never ordered (target 0)
    # B: opening 1, demand [0, 1, 1, 0], cost $4, price $6, pack 6, target 6, lead 1, reviews on days 0 and 3
    inputs = ReplayInput(
        demand=np.array([[2, 2, 2, 2], [0, 1, 1, 0]], dtype=float),
        opening_stock=np.array([5, 1]),
        lead_days=np.ones((2, 4), dtype=int),
        review=np.array([True, False, False, True]),
        unit_cost=np.array([10.0, 4.0]),
        unit_price=np.array([15.0, 6.0]),
        case_pack=np.array([1, 6]),
        moq=np.array([0, 0]),
    )
    result = replay(inputs, OrderUpTo(lambda view: np.array([0.0, 6.0])))
    # A: sells 2, 2, 1, 0 and loses 0, 0, 1, 2; closes 3, 1, 0, 0
    # B: day 0 raw 6 - 1 = 5 -> 6 (pack), arrives day 1: 1 + 6 - 1 = 6; day 2: 6 - 1 = 5;
    #    day 3: raw 6 - 5 = 1 -> 6, due day 4, after the last day; no sale -> 5
    assert result.closing.tolist() == [[3, 1, 0, 0], [1, 6, 5, 5]]
    assert result.ordered.tolist() == [[0, 0, 0, 0], [6, 0, 0, 6]]
    assert result.outstanding.tolist() == [0, 6]
    out = kpis(result, inputs, minutes=MINUTES)
    # demand 8 + 2 = 10, sold 5 + 2 = 7
    assert out.fill_rate == pytest.approx(0.7)
    assert out.lost_units == 3
    assert out.lost_value == pytest.approx(45.0)  # 3 x $15
    # stock value: day 0 3x10 + 1x4 = 34; day 1 10 + 24 = 34; day 2 0 + 20 = 20; day 3 0 + 20 = 20 -> 108 / 4
    assert out.average_stock_value == pytest.approx(27.0)
    # demand > 0 on A's 4 days and B's days 1 and 2 = 6; closing 0 on A's days 2 and 3 -> 2 / 6
    assert out.stockout_rate == pytest.approx(1 / 3)
    # cost of goods sold 5 x $10 + 2 x $4 = $58 over 4 days
    assert out.turnover == pytest.approx(58 / 27 * 365 / 4)
    assert out.days_of_cover == pytest.approx(27 / (58 / 4))
    assert out.order_lines == 2
    assert out.ordering_hours == pytest.approx(0.1)  # a rule: 2 manual lines x 3 min / 60
    # proposed lines: B's day-3 line flagged (2 min), its day-0 line routine (0.5 min)
    flagged = np.zeros((2, 4), dtype=bool)
    flagged[1, 3] = flagged[0, 1] = True  # a flag where nothing was ordered costs nothing
    proposed = kpis(result, inputs, minutes=MINUTES, flagged=flagged)
    assert proposed.flagged_lines == 1
    assert proposed.ordering_hours == pytest.approx(2.5 / 60)
    figures = out.to_dict()  # the figures by name, as the replay's JSON gives them
    assert list(figures) == [
        "stockout_rate",
        "fill_rate",
        "lost_units",
        "lost_value",
        "average_stock_value",
        "turnover",
        "days_of_cover",
        "order_lines",
        "flagged_lines",
        "ordering_hours",
    ]
    assert figures["order_lines"] == out.order_lines == 2 and isinstance(figures["order_lines"], int)


def test_kpis_with_nothing_to_divide_by():
    inputs = one_series([0, 0], opening=0, lead=1)
    out = kpis(replay(inputs, Fixed(np.zeros((1, 2)))), inputs, minutes=MINUTES)
    assert math.isnan(out.fill_rate) and math.isnan(out.stockout_rate) and math.isnan(out.turnover)
    held = one_series([0, 0], opening=3, lead=1)
    assert kpis(replay(held, Fixed(np.zeros((1, 2)))), held, minutes=MINUTES).days_of_cover == math.inf


def test_bad_inputs_and_orders_are_refused():
    with pytest.raises(ValueError):
        one_series([1, 2], opening=0, lead=0)  # lead must be >= 1
    with pytest.raises(ValueError):
        one_series([1, -2], opening=0, lead=1)
    with pytest.raises(ValueError):
        one_series([1, 2], opening=0, lead=1, pack=0)
    with pytest.raises(ValueError):
        one_series([1, 2], opening=0, lead=1, review=[1, 0])  # not bool
    with pytest.raises(ValueError):
        replay(one_series([1, 2], opening=0, lead=1), Fixed([[-1, 0]]))
    with pytest.raises(ValueError):
        replay(one_series([1, 2], opening=0, lead=1), Fixed([[NAN, 0]]))
    with pytest.raises(ValueError):
        MinMaxPolicy(min_weeks=3, max_weeks=1)


# --- properties ----------------------------------------------------------------------


@st.composite
def replay_inputs(draw):
    series = draw(st.integers(1, 4))
    days = draw(st.integers(1, 20))
    cells = series * days
    demand = draw(st.lists(st.one_of(st.integers(0, 12).map(float), st.just(NAN)), min_size=cells, max_size=cells))
    lead = draw(st.lists(st.integers(1, 6), min_size=cells, max_size=cells))
    review = draw(st.lists(st.booleans(), min_size=days, max_size=days))
    return ReplayInput(
        demand=np.array(demand).reshape(series, days),
        opening_stock=np.array(draw(st.lists(st.integers(0, 40), min_size=series, max_size=series))),
        lead_days=np.array(lead).reshape(series, days),
        review=np.array(review, dtype=bool),
        unit_cost=np.array(draw(st.lists(st.floats(0, 50), min_size=series, max_size=series))),
        unit_price=np.array(draw(st.lists(st.floats(0, 90), min_size=series, max_size=series))),
        case_pack=np.array(draw(st.lists(st.integers(1, 12), min_size=series, max_size=series))),
        moq=np.array(draw(st.lists(st.integers(0, 30), min_size=series, max_size=series))),
    )


policies = st.one_of(
    st.builds(
        MinMaxPolicy,
        min_weeks=st.floats(0, 2),
        max_weeks=st.floats(2, 4),
        window=st.integers(1, 10),
    ),
    st.floats(0, 60).map(lambda level: OrderUpTo(lambda view: np.full(view.on_hand.shape, level))),
    # a target from the view itself: twice the last 3 days' sales
    st.just(OrderUpTo(lambda view: 2.0 * view.sales_history[:, -3:].sum(axis=1))),
)


@settings(max_examples=200)
@given(replay_inputs(), policies)
def test_units_are_conserved_and_stock_never_negative(inputs, policy):
    result = replay(inputs, policy)
    # day by day: closing = opening + received so far - sold so far
    flow = np.cumsum(result.received - result.sold, axis=1)
    np.testing.assert_allclose(result.closing, inputs.opening_stock[:, None] + flow, atol=1e-6)
    # at the end: opening + received = sold + closing; ordered = received + still on the way
    np.testing.assert_allclose(
        inputs.opening_stock + result.total_received, result.total_sold + result.final_stock, atol=1e-6
    )
    np.testing.assert_allclose(result.total_ordered, result.total_received + result.outstanding)
    assert np.all(result.closing >= 0)
    assert np.all(result.outstanding >= 0)


@settings(max_examples=200)
@given(replay_inputs(), policies)
def test_lost_sales_accounting(inputs, policy):
    result = replay(inputs, policy)
    assert not np.isnan(result.demand).any()
    np.testing.assert_array_equal(result.demand, fill_censored(inputs.demand, 28))
    assert np.all(result.sold >= 0) and np.all(result.sold <= result.demand + TOL)
    np.testing.assert_allclose(result.lost, result.demand - result.sold)
    # what was sold is what the shelf allowed: min(demand, stock after the day's deliveries)
    before = np.hstack([inputs.opening_stock[:, None], result.closing[:, :-1]])
    np.testing.assert_allclose(result.sold, np.minimum(result.demand, before + result.received))
    # a sale is lost only when the shelf ran empty
    assert np.all(result.closing[result.lost > TOL] == 0)


@settings(max_examples=200)
@given(replay_inputs(), policies)
def test_orders_are_pack_multiples_at_or_above_the_moq_on_review_days(inputs, policy):
    result = replay(inputs, policy)
    pack, moq = inputs.case_pack[:, None], inputs.moq[:, None]
    placed = result.ordered > 0
    assert np.all(result.ordered >= 0)
    np.testing.assert_allclose(np.where(placed, result.ordered % pack, 0), 0)
    assert np.all(result.ordered[placed] >= np.broadcast_to(moq, placed.shape)[placed])
    assert not placed[:, ~inputs.review].any()


@given(
    st.floats(0, 500, allow_nan=False),
    st.integers(1, 24),
    st.one_of(st.just(0.0), st.floats(0, 100, allow_nan=False)),
)
def test_pack_and_moq_matches_the_constraints_module(raw, pack, moq):
    expected = apply_pack_and_moq(OrderLine("k", raw=raw, case_pack=pack, moq=moq)).quantity
    assert pack_and_moq(np.array([raw]), np.array([pack]), np.array([moq]))[0] == expected


class Recording:
    """Wraps a policy; checks each view holds the past only and keeps the orders it saw."""

    def __init__(self, inner, series):
        self.inner, self.series, self.days_asked = inner, series, []

    def order(self, day, view: PolicyView):
        assert view.day == day
        assert view.sales_history.shape == (self.series, day)
        assert view.stockout_history.shape == (self.series, day)
        assert view.on_hand.shape == view.on_order.shape == (self.series,)
        assert not view.sales_history.flags.writeable and not view.stockout_history.flags.writeable
        self.days_asked.append(day)
        return self.inner.order(day, view)


@settings(max_examples=200)
@given(replay_inputs(), policies, st.data())
def test_a_policy_never_sees_the_future(inputs, policy, data):
    recording = Recording(policy, inputs.series)
    result = replay(inputs, recording)
    assert recording.days_asked == np.flatnonzero(inputs.review).tolist()
    # garble all demand from the decision day on (that day's sales come after its order) and all later leads
    decision = data.draw(st.integers(0, inputs.days - 1))
    garbage = data.draw(st.one_of(st.just(NAN), st.floats(0, 1e6)))
    demand, lead = inputs.demand.copy(), inputs.lead_days.copy()
    demand[:, decision:] = garbage
    lead[:, decision + 1 :] = 1
    garbled = ReplayInput(
        demand=demand,
        opening_stock=inputs.opening_stock,
        lead_days=lead,
        review=inputs.review,
        unit_cost=inputs.unit_cost,
        unit_price=inputs.unit_price,
        case_pack=inputs.case_pack,
        moq=inputs.moq,
    )
    again = replay(garbled, Recording(policy, inputs.series))
    np.testing.assert_array_equal(again.ordered[:, : decision + 1], result.ordered[:, : decision + 1])
    np.testing.assert_array_equal(again.sold[:, :decision], result.sold[:, :decision])


def test_min_max_starts_warm_from_the_sales_before_the_replay():
    # 28 days of 2 a day before the replay: avg 2, min 14, max 42; opening stock 10 <= 14 -> order 32 on day 0
    inputs = ReplayInput(
        demand=np.full((1, 3), 2.0),
        opening_stock=np.array([10.0]),
        lead_days=np.full((1, 3), 1),
        review=np.array([True, False, False]),
        unit_cost=np.array([1.0]),
        unit_price=np.array([2.0]),
        case_pack=np.array([1]),
        moq=np.array([0.0]),
        prior_sales=np.full((1, 28), 2.0),
    )
    result = replay(inputs, MinMaxPolicy(1.0, 3.0))
    assert result.ordered[0, 0] == 32 and result.received[0, 1] == 32
    cold = replay(replace(inputs, prior_sales=None), MinMaxPolicy(1.0, 3.0))
    assert cold.ordered[0, 0] == 0  # without the earlier sales the rule starts blind


def _warm(prior_rate: float, opening: float, days: int = 8) -> ReplayInput:
    return ReplayInput(
        demand=np.full((1, days), prior_rate),
        opening_stock=np.array([opening]),
        lead_days=np.full((1, days), 2),
        review=np.arange(days) % 7 == 0,
        unit_cost=np.array([1.0]),
        unit_price=np.array([2.0]),
        case_pack=np.array([1]),
        moq=np.array([0.0]),
        prior_sales=np.full((1, 28), prior_rate),
    )


def test_weeks_of_cover_and_fixed_quantity_by_hand():
    # avg 3 a day: 2 weeks of cover = 42; opening 10 -> order 32 on day 0, and on day 7
    # position 10 + 32 - 7 x 3 = 21 -> order 21
    cover = replay(_warm(3.0, 10.0), WeeksOfCoverPolicy(2.0))
    assert list(cover.ordered[0, [0, 7]]) == [32, 21]
    # fixed 50 when the position is at or below 1 week (21): 10 -> 50 on day 0; day 7: 10 + 50 - 21 = 39 -> none
    fixed = replay(_warm(3.0, 10.0), FixedQuantityPolicy(np.array([50.0])))
    assert list(fixed.ordered[0, [0, 7]]) == [50, 0]


def test_recorded_orders_are_replayed_as_placed():
    inputs = replace(_warm(3.0, 5.0), review=np.ones(8, dtype=bool))
    placed = np.zeros((1, 8))
    placed[0, [1, 4]] = [12, 6]
    result = replay(inputs, RecordedOrders(placed))
    np.testing.assert_array_equal(result.ordered, placed)
    # 12 arrives on day 3, 6 on day 6; conservation: 5 + 18 = sold + closing
    assert list(np.flatnonzero(result.received[0])) == [3, 6]
    assert 5 + 18 == result.sold.sum() + result.closing[0, -1]
