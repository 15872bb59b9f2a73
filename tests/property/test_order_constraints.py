"""Order constraints (case pack, MOQ, shelf capacity, budget) by hand and as properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stockpilot.domain.replenishment.constraints import (
    Adjusted,
    OrderLine,
    adjust,
    apply_budget,
    apply_pack_and_moq,
    cap_to_shelf,
)

TOL = 1e-6


def total_cost(lines, originals):
    return sum(a.quantity * originals[a.key].unit_cost for a in lines)


def is_pack_multiple(quantity, pack):
    return abs(quantity / pack - round(quantity / pack)) < 1e-9


# --- by hand -------------------------------------------------------------------------


def test_pack_then_moq_by_hand():
    # 13 / 12 -> 2 packs = 24 (case_pack_up); 24 < MOQ 30 -> 3 packs = 36 (moq)
    line = OrderLine("ST01/SKU1", raw=13, case_pack=12, moq=30)
    assert apply_pack_and_moq(line) == Adjusted("ST01/SKU1", 36.0, ("case_pack_up", "moq"))


def test_exact_packs_and_zero_stay_as_they_are():
    assert apply_pack_and_moq(OrderLine("k", raw=24, case_pack=12)) == Adjusted("k", 24.0, ())
    # 0 stays 0 even with an MOQ
    assert apply_pack_and_moq(OrderLine("k", raw=0, case_pack=12, moq=30)) == Adjusted("k", 0.0, ())


def test_shelf_cap_by_hand():
    line = OrderLine("k", raw=36, case_pack=12, shelf_capacity=40, inventory_position=10)
    # room 40 - 10 = 30 holds floor(30 / 12) = 2 packs = 24
    assert cap_to_shelf(line, 36) == 24
    assert cap_to_shelf(line, 12) == 12  # fits, unchanged
    # room 40 - 35 = 5 < one pack of 12 -> 0
    assert cap_to_shelf(OrderLine("k", 36, 12, shelf_capacity=40, inventory_position=35), 36) == 0
    # position already above capacity -> 0, never negative
    assert cap_to_shelf(OrderLine("k", 36, 12, shelf_capacity=40, inventory_position=45), 36) == 0
    assert cap_to_shelf(OrderLine("k", 36, 12), 36) == 36  # no capacity given


def test_adjust_by_hand():
    # 13 -> 24 -> MOQ 36; room 30 -> 24 < MOQ 30 -> the supplier would refuse it: 0
    line = OrderLine("k", raw=13, case_pack=12, moq=30, shelf_capacity=40, inventory_position=10)
    assert adjust(line) == Adjusted("k", 0.0, ("case_pack_up", "moq", "shelf_cap", "shelf_below_moq"))
    # 13 -> 3 packs of 6 = 18; room 30 -> fits
    assert adjust(OrderLine("k", 13, 6, shelf_capacity=40, inventory_position=10)) == Adjusted(
        "k", 18.0, ("case_pack_up",)
    )
    # 50 -> 5 packs of 10 = 50; room 40 - 5 = 35 -> 3 packs = 30 >= MOQ 20
    assert adjust(OrderLine("k", 50, 10, moq=20, shelf_capacity=40, inventory_position=5)) == (
        Adjusted("k", 30.0, ("shelf_cap",))
    )


def _budget_case(*lines):
    originals = {o.key: o for o in lines}
    return [adjust(o) for o in lines], originals


def test_budget_cuts_class_c_before_a():
    # A: 24 x $1, C: 24 x $1 -> total $48, budget $30, excess $18
    # C loses ceil(18 / 12) = 2 packs -> 0, total $24 <= $30; A untouched
    adjusted, originals = _budget_case(
        OrderLine("A1", 24, 12, unit_cost=1, abc="A"),
        OrderLine("C1", 24, 12, unit_cost=1, abc="C"),
    )
    out = apply_budget(adjusted, originals, 30)
    assert out == [Adjusted("A1", 24.0, ()), Adjusted("C1", 0.0, ("budget_cut",))]


def test_budget_stops_as_soon_as_it_is_met():
    # total 2 x 36 x $1 = $72, budget $60: excess $12 = 1 pack of the first C line
    adjusted, originals = _budget_case(
        OrderLine("C1", 36, 12, unit_cost=1, priority=0),
        OrderLine("C2", 36, 12, unit_cost=1, priority=5),
    )
    out = apply_budget(adjusted, originals, 60)
    assert out == [Adjusted("C1", 24.0, ("budget_cut",)), Adjusted("C2", 36.0, ())]


def test_budget_lowest_priority_then_dearest_pack_then_key():
    # P1 and P2 share the lowest priority; P2's pack costs $24 against P1's $12, so P2 first
    adjusted, originals = _budget_case(
        OrderLine("P1", 24, 12, unit_cost=1, priority=1),  # $24
        OrderLine("P2", 24, 12, unit_cost=2, priority=1),  # $48
        OrderLine("P0", 12, 12, unit_cost=1, priority=3),  # $12
    )
    # total $84, budget $70 -> excess $14 -> P2 loses ceil(14 / 24) = 1 pack -> 12, total $60
    out = apply_budget(adjusted, originals, 70)
    assert [a.quantity for a in out] == [24, 12, 12]
    # equal packs: key order decides (P1 before P3)
    adjusted, originals = _budget_case(OrderLine("P3", 12, 12, unit_cost=1), OrderLine("P1", 12, 12, unit_cost=1))
    assert [a.quantity for a in apply_budget(adjusted, originals, 15)] == [12, 0]


def test_budget_cut_below_moq_drops_the_line():
    # 36 x $1 with MOQ 30, budget $30: excess $6 -> 1 pack -> 24 < 30 -> 0
    adjusted, originals = _budget_case(OrderLine("C1", 36, 12, moq=30, unit_cost=1))
    assert apply_budget(adjusted, originals, 30) == [Adjusted("C1", 0.0, ("budget_cut",))]


def test_no_budget_means_no_cap_and_free_lines_are_never_cut():
    adjusted, originals = _budget_case(OrderLine("C1", 36, 12, unit_cost=1), OrderLine("FREE", 12, 12, unit_cost=0))
    assert apply_budget(adjusted, originals, None) == adjusted
    assert apply_budget(adjusted, originals, 0) == adjusted
    assert apply_budget(adjusted, originals, -5) == adjusted
    out = apply_budget(adjusted, originals, 1)
    assert out == [Adjusted("C1", 0.0, ("budget_cut",)), Adjusted("FREE", 12.0, ())]


def test_invalid_lines_are_refused():
    for bad in (
        dict(raw=-1),
        dict(raw=1, case_pack=0),
        dict(raw=1, moq=-1),
        dict(raw=1, unit_cost=-1),
        dict(raw=1, abc="D"),
    ):
        with pytest.raises(ValueError):
            OrderLine("k", **bad)
    with pytest.raises(ValueError):
        apply_budget([Adjusted("x", 1.0, ())], {}, 10)


def test_budget_is_fast_for_5000_lines():
    lines = [
        OrderLine(
            f"S{i:04d}",
            raw=37 + i % 50,
            case_pack=1 + i % 12,
            moq=i % 40,
            unit_cost=1 + i % 7,
            abc="ABC"[i % 3],
            priority=i % 11,
        )
        for i in range(5000)
    ]
    adjusted, originals = _budget_case(*lines)
    budget = total_cost(adjusted, originals) / 3
    out = apply_budget(adjusted, originals, budget)
    assert total_cost(out, originals) <= budget + TOL


# --- properties ----------------------------------------------------------------------

line_fields = st.fixed_dictionaries(
    {
        "raw": st.one_of(st.just(0.0), st.floats(0, 500, allow_nan=False)),
        "case_pack": st.integers(1, 24),
        "moq": st.one_of(st.just(0.0), st.floats(0, 100, allow_nan=False)),
        "shelf_capacity": st.one_of(st.none(), st.floats(0, 600, allow_nan=False)),
        "inventory_position": st.floats(-50, 600, allow_nan=False),
        "unit_cost": st.one_of(st.just(0.0), st.floats(0, 50, allow_nan=False)),
        "abc": st.sampled_from("ABC"),
        "priority": st.floats(0, 10, allow_nan=False),
    }
)
order_lines = st.lists(line_fields, min_size=1, max_size=30).map(
    lambda fields: [OrderLine(f"K{i:02d}", **f) for i, f in enumerate(fields)]
)


@given(line_fields)
def test_an_adjusted_order_is_feasible(fields):
    line = OrderLine("k", **fields)
    out = adjust(line)
    assert out.quantity >= 0
    if out.quantity > 0:
        assert is_pack_multiple(out.quantity, line.case_pack)
        assert out.quantity >= line.moq - TOL
        if line.shelf_capacity is not None:
            assert line.inventory_position + out.quantity <= line.shelf_capacity + TOL
    if line.shelf_capacity is None or out.quantity > 0 and "shelf_cap" not in out.steps:
        assert out.quantity >= line.raw - TOL  # never below what the policy asked for
    packed = apply_pack_and_moq(line)
    assert packed.quantity < line.raw + line.case_pack + max(line.moq, 0) + TOL


@settings(max_examples=200)
@given(order_lines, st.floats(0.01, 20000, allow_nan=False))
def test_the_budget_is_met_by_cutting_c_then_b_then_a(lines, budget):
    adjusted, originals = [adjust(o) for o in lines], {o.key: o for o in lines}
    out = apply_budget(adjusted, originals, budget)
    assert [a.key for a in out] == [a.key for a in adjusted]
    assert total_cost(out, originals) <= budget + TOL
    if total_cost(adjusted, originals) <= budget:
        assert out == adjusted
    for before, after in zip(adjusted, out, strict=True):
        spec = originals[after.key]
        assert 0 <= after.quantity <= before.quantity  # never increases
        if after.quantity > 0:
            assert is_pack_multiple(after.quantity, spec.case_pack)
            assert after.quantity >= spec.moq - TOL
        cut = after.quantity < before.quantity
        assert ("budget_cut" in after.steps) == cut
        assert after.steps == (*before.steps, "budget_cut") if cut else after == before
    a_cut = any(b.quantity > a.quantity and originals[a.key].abc == "A" for b, a in zip(adjusted, out, strict=False))
    b_cut = any(b.quantity > a.quantity and originals[a.key].abc == "B" for b, a in zip(adjusted, out, strict=False))
    priced = [a for a in out if originals[a.key].unit_cost > 0]
    if a_cut:
        assert all(a.quantity == 0 for a in priced if originals[a.key].abc in "BC")
    if b_cut:
        assert all(a.quantity == 0 for a in priced if originals[a.key].abc == "C")


@given(order_lines, st.floats(0.01, 20000, allow_nan=False))
def test_at_most_one_line_is_left_partly_cut(lines, budget):
    adjusted, originals = [adjust(o) for o in lines], {o.key: o for o in lines}
    out = apply_budget(adjusted, originals, budget)
    partial = [a for b, a in zip(adjusted, out, strict=False) if 0 < a.quantity < b.quantity]
    assert len(partial) <= 1
    if partial:
        # it stopped as soon as the budget was met: one more pack back would break it
        pack_cost = originals[partial[0].key].unit_cost * originals[partial[0].key].case_pack
        assert total_cost(out, originals) + pack_cost > budget - TOL
        assert math.isfinite(pack_cost)
