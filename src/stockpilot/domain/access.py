"""Who may do what (R-UI-3): the roles, the actions, and the one permission table.

Every door asks :func:`allowed` before it acts; nothing else grants a permission. The vendor
(the firm that supplies and supports Stock Pilot) sees the plan and the evidence but never
personal data (member ids, quarantined rows' content, staff records) and never the user list,
and it decides nothing. The verifier checks the evidence and decides nothing either.

Repeated failed log-ins are slowed down (:func:`login_wait`): after ``free`` failures in a row
each try waits ``delay * 2**(failures - free)`` seconds from the last failure, at most ``cap``
(exponential back-off, as OWASP's Authentication Cheat Sheet advises against password guessing).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    BUYER = "buyer"  # a store manager or buyer who orders
    FINANCE = "finance"
    EMPLOYEE_REP = "employee_rep"  # the staff's representative
    VENDOR = "vendor"
    VERIFIER = "verifier"  # the independent checker of the pilot's figures


class Action(StrEnum):
    VIEW_DATA = "view_data"  # import totals, quarantine reasons, readiness
    UPLOAD_DATA = "upload_data"  # upload files, push POS batches
    VIEW_PERSONAL_DATA = "view_personal_data"  # quarantined rows' content, member pseudonyms
    VIEW_ORDERS = "view_orders"
    DECIDE_ORDERS = "decide_orders"  # approve, edit, reject
    RUN_PLAN = "run_plan"  # forecast + plan
    DOWNLOAD_ORDERS = "download_orders"
    VIEW_EVIDENCE = "view_evidence"
    VIEW_SETTINGS = "view_settings"
    MANAGE_USERS = "manage_users"  # the users page, log-ins, integration tokens


_EVERYONE = frozenset({Action.VIEW_EVIDENCE, Action.VIEW_SETTINGS})
_READER = _EVERYONE | {Action.VIEW_DATA, Action.VIEW_ORDERS, Action.DOWNLOAD_ORDERS}

# The one table: a role may do exactly what its row lists.
PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.OWNER: frozenset(Action),
    Role.BUYER: _READER | {Action.UPLOAD_DATA, Action.VIEW_PERSONAL_DATA, Action.DECIDE_ORDERS, Action.RUN_PLAN},
    Role.FINANCE: _READER,
    Role.EMPLOYEE_REP: _EVERYONE | {Action.VIEW_DATA},
    Role.VENDOR: _READER,
    Role.VERIFIER: _READER,
}


def allowed(role: Role | str, action: Action) -> bool:
    """Whether ``role`` may do ``action`` (an unknown role may do nothing)."""
    try:
        return action in PERMISSIONS[Role(role)]
    except ValueError:
        return False


_MOST_DOUBLINGS = 1023  # 2.0 ** 1024 overflows a float; so many doublings pass any cap long before


def login_wait(
    failures: int, last_failed: dt.datetime | None, now: dt.datetime, *, free: int, delay: float, cap: float
) -> float:
    """Seconds a new log-in try of a name must still wait after ``failures`` failed ones in a row,
    the last at ``last_failed`` (0: it may try now)."""
    if failures < free or last_failed is None:
        return 0.0
    doublings = min(failures - free, _MOST_DOUBLINGS)
    wait = min(delay * 2.0**doublings, cap)
    return max(0.0, wait - (now - last_failed).total_seconds())
