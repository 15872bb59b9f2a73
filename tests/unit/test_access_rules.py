"""The permission table (domain/access.py PERMISSIONS) line by line, and the log-in back-off.

The expected table is written out here, one role per line, so that a permission granted or taken
away in the product shows in this file's diff as a deliberate change.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.access import PERMISSIONS, Action, Role, allowed, login_wait

A = Action
# role -> every action it may do; any action not listed is refused.
EXPECTED: dict[str, set[Action]] = {
    "owner": set(Action),
    "buyer": {
        A.VIEW_DATA,
        A.UPLOAD_DATA,
        A.VIEW_PERSONAL_DATA,
        A.VIEW_ORDERS,
        A.DECIDE_ORDERS,
        A.RUN_PLAN,
        A.DOWNLOAD_ORDERS,
        A.VIEW_EVIDENCE,
        A.VIEW_SETTINGS,
    },
    "finance": {A.VIEW_DATA, A.VIEW_ORDERS, A.DOWNLOAD_ORDERS, A.VIEW_EVIDENCE, A.VIEW_SETTINGS},
    "employee_rep": {A.VIEW_DATA, A.VIEW_EVIDENCE, A.VIEW_SETTINGS},
    "vendor": {A.VIEW_DATA, A.VIEW_ORDERS, A.DOWNLOAD_ORDERS, A.VIEW_EVIDENCE, A.VIEW_SETTINGS},
    "verifier": {A.VIEW_DATA, A.VIEW_ORDERS, A.DOWNLOAD_ORDERS, A.VIEW_EVIDENCE, A.VIEW_SETTINGS},
}
CELLS = [(role, action) for role in EXPECTED for action in Action]


def test_the_table_has_the_six_roles_and_the_ten_actions():
    assert set(PERMISSIONS) == {Role(r) for r in EXPECTED}
    assert {a.value for a in Action} == {
        "view_data",
        "upload_data",
        "view_personal_data",
        "view_orders",
        "decide_orders",
        "run_plan",
        "download_orders",
        "view_evidence",
        "view_settings",
        "manage_users",
    }


@pytest.mark.parametrize(("role", "action"), CELLS, ids=[f"{r}-{a.value}" for r, a in CELLS])
def test_each_cell_of_the_table(role, action):
    assert allowed(role, action) is (action in EXPECTED[role])
    assert (action in PERMISSIONS[Role(role)]) is (action in EXPECTED[role])


def test_the_lines_that_matter_most():
    assert allowed("buyer", Action.DECIDE_ORDERS)
    assert not allowed("vendor", Action.DECIDE_ORDERS)
    assert not allowed("vendor", Action.VIEW_PERSONAL_DATA)
    assert not allowed("vendor", Action.MANAGE_USERS)
    assert not allowed("verifier", Action.DECIDE_ORDERS)
    assert [r.value for r in Role if allowed(r, Action.MANAGE_USERS)] == ["owner"]


@pytest.mark.parametrize("role", ["", "admin", "OWNER", "owner ", "root"])
def test_an_unknown_role_may_do_nothing(role):
    assert not any(allowed(role, action) for action in Action)


# --- the log-in back-off -----------------------------------------------------------------------

NOW = dt.datetime(2024, 6, 1, 9, 0, 0)
FREE, DELAY, CAP = 3, 2.0, 900.0


def wait(failures: int, seconds_ago: float = 0.0, last: dt.datetime | None = NOW) -> float:
    failed = None if last is None else last - dt.timedelta(seconds=seconds_ago)
    return login_wait(failures, failed, NOW, free=FREE, delay=DELAY, cap=CAP)


@pytest.mark.parametrize("failures", [0, 1, 2])
def test_the_free_failures_wait_nothing(failures):
    assert wait(failures) == 0.0


@pytest.mark.parametrize(("failures", "expected"), [(3, 2.0), (4, 4.0), (5, 8.0), (6, 16.0), (11, 512.0)])
def test_each_further_failure_doubles_the_wait(failures, expected):
    assert wait(failures) == expected


@pytest.mark.parametrize("failures", [12, 13, 40, 10_000])
def test_the_wait_is_capped(failures):
    assert wait(failures) == CAP


def test_the_time_already_waited_is_subtracted():
    assert wait(5, seconds_ago=3) == 5.0
    assert wait(5, seconds_ago=7.5) == 0.5
    assert wait(5, seconds_ago=8) == 0.0
    assert wait(5, seconds_ago=3600) == 0.0
    assert wait(40, seconds_ago=100) == CAP - 100


def test_no_failure_on_record_waits_nothing():
    assert wait(7, last=None) == 0.0


@given(
    failures=st.integers(min_value=0, max_value=200),
    seconds_ago=st.floats(min_value=0, max_value=10_000, allow_nan=False),
    free=st.integers(min_value=1, max_value=10),
    delay=st.floats(min_value=0.01, max_value=100, allow_nan=False),
    cap=st.floats(min_value=0.01, max_value=100_000, allow_nan=False),
)
def test_the_wait_is_never_negative_nor_above_the_cap_grows_with_failures_and_shrinks_with_time(
    failures, seconds_ago, free, delay, cap
):
    last = NOW - dt.timedelta(seconds=seconds_ago)

    def at(count: int) -> float:
        return login_wait(count, last, NOW, free=free, delay=delay, cap=cap)

    assert 0.0 <= at(failures) <= cap
    assert at(failures) <= at(failures + 1)
    later = login_wait(failures, last, NOW + dt.timedelta(seconds=1), free=free, delay=delay, cap=cap)
    assert later <= at(failures)
