"""Which decisions survive a re-plan, and which edits are allowed (domain/replenishment/decisions.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.errors import Refusal
from stockpilot.domain.replenishment.decisions import VersionedLine, carry_over, check_edit, edit_limit
from stockpilot.domain.replenishment.review import FLAGS
from stockpilot.messages import render


def test_an_unchanged_line_keeps_its_decision_and_a_changed_one_is_flagged():
    earlier = [
        VersionedLine(1, "WH", "ST01", "SKU1", 16, decided=True),
        VersionedLine(2, "WH", "ST01", "SKU2", 12, decided=True),
        VersionedLine(3, "WH", "ST01", "SKU3", 6, decided=False),  # not decided: nothing to keep or flag
        VersionedLine(4, "S1", "WH", "SKU1", 48, decided=True),
    ]
    later = [
        VersionedLine(1, "S1", "WH", "SKU1", 48),  # same key and quantity, another line number
        VersionedLine(2, "WH", "ST01", "SKU1", 16),
        VersionedLine(3, "WH", "ST01", "SKU2", 24),  # changed since decided
        VersionedLine(4, "WH", "ST01", "SKU3", 12),  # changed, but nobody decided on it
        VersionedLine(5, "WH", "ST02", "SKU1", 16),  # new
    ]
    over = carry_over(earlier, later)
    assert over.carried == {1: 4, 2: 1}
    assert over.changed == {3}
    assert "changed_since_decision" in FLAGS


def test_a_changed_line_stays_flagged_until_someone_decides():
    earlier = [
        VersionedLine(1, "WH", "ST01", "SKU1", 28, changed=True),  # changed on the last re-plan, not decided since
        VersionedLine(2, "WH", "ST01", "SKU2", 12, decided=True, changed=True),  # decided since: it counts again
    ]
    later = [VersionedLine(1, "WH", "ST01", "SKU1", 28), VersionedLine(2, "WH", "ST01", "SKU2", 12)]
    over = carry_over(earlier, later)
    assert over.carried == {2: 2} and over.changed == {1}


def test_a_line_of_another_supplier_is_another_line():
    over = carry_over(
        [VersionedLine(1, "S1", "WH", "SKU1", 48, decided=True)], [VersionedLine(1, "S2", "WH", "SKU1", 48)]
    )
    assert over.carried == {} and over.changed == frozenset()


line_key = st.tuples(st.sampled_from(["S1", "WH"]), st.sampled_from(["ST01", "WH"]), st.sampled_from(["A", "B"]))


@given(
    st.dictionaries(line_key, st.tuples(st.integers(0, 3), st.booleans()), max_size=8),
    st.dictionaries(line_key, st.integers(0, 3), max_size=8),
)
def test_every_new_line_is_carried_changed_or_left_alone_never_two(before, after):
    earlier = [VersionedLine(i, *k, q, d) for i, (k, (q, d)) in enumerate(before.items(), start=1)]
    later = [VersionedLine(i, *k, q) for i, (k, q) in enumerate(after.items(), start=1)]
    over = carry_over(earlier, later)
    assert not set(over.carried) & over.changed
    for new, old in over.carried.items():
        a, b = later[new - 1], earlier[old - 1]
        assert b.decided and (a.supplier_id, a.location_id, a.sku, a.quantity) == (
            b.supplier_id,
            b.location_id,
            b.sku,
            b.quantity,
        )
    for new in over.changed:
        a = later[new - 1]
        quantity, decided = before[(a.supplier_id, a.location_id, a.sku)]
        assert decided and quantity != a.quantity


def _refusal(quantity: float, proposed: float = 16, pack: float = 4, multiple: float = 5) -> Refusal:
    with pytest.raises(Refusal) as raised:
        check_edit(7, quantity, proposed, pack, multiple)
    return raised.value


def test_an_edit_is_whole_units_above_zero_and_within_the_limit():
    # the limit is 5 x max(16 proposed, a case of 4) = 80
    assert edit_limit(16, 4, 5) == 80 and edit_limit(0, 6, 5) == 30 and edit_limit(3, 12, 2) == 24
    check_edit(7, 80, 16, 4, 5)
    check_edit(7, 1, 16, 4, 5)
    half = _refusal(7.5)
    assert half.code == "refusal.edit_not_whole"
    assert render(half.message, "en") == "line 7: 7.5 is not a whole number of units"
    zero = _refusal(0)
    assert zero.code == "refusal.edit_not_above_zero" and "reject" in render(zero.message, "en")
    assert "拒絕" in render(zero.message, "zh-HK")
    huge = _refusal(1e9)
    assert huge.code == "refusal.edit_above_limit" and huge.params == {
        "line": 7,
        "value": 1e9,
        "limit": 80,
        "multiple": 5,
    }
    assert render(huge.message, "en").startswith("line 7: 1000000000 is above the limit of 80")
    assert _refusal(81).code == "refusal.edit_above_limit"
    assert _refusal(31, proposed=0, pack=6).params["limit"] == 30  # nothing proposed: a case pack counts
    assert _refusal(float("nan")).code == "refusal.edit_not_whole"
    assert _refusal(float("inf")).code == "refusal.edit_not_whole"
    assert _refusal(-4).code == "refusal.edit_not_above_zero"
