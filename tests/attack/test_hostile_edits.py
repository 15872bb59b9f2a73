"""Hostile review input: an edit can never order a quantity that is not whole, not above zero or past
the limit, whatever number is typed (issue 13, finding 3). The same through the command line, and
filter values that look like SQL: tests/integration/test_plan_versions.py."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from attack_tally import tally
from stockpilot.domain.errors import Refusal
from stockpilot.domain.replenishment.decisions import check_edit

REFUSALS = {"refusal.edit_not_whole", "refusal.edit_not_above_zero", "refusal.edit_above_limit"}


@given(st.floats(allow_nan=True, allow_infinity=True), st.integers(0, 500), st.integers(1, 48))
def test_any_number_is_either_a_whole_quantity_within_the_limit_or_refused(quantity, proposed, pack):
    tally(rows_tried=1)
    try:
        check_edit(1, quantity, proposed, pack, 5.0)
    except Refusal as refused:
        assert refused.code in REFUSALS
        return
    assert math.isfinite(quantity) and quantity.is_integer() and 1 <= quantity <= 5.0 * max(proposed, pack)
