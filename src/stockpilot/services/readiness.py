"""Measure the data-readiness facts in the database and give the verdict (R-DATA-4).

The measuring is the storage's (``store.readiness``); the judging is
:func:`stockpilot.domain.readiness.assess`.
"""

from __future__ import annotations

from stockpilot.domain.readiness import ReadinessFacts, ReadinessReport, assess
from stockpilot.services.parameters import readiness_limits
from stockpilot.services.ports import Storage
from stockpilot.settings import Settings


def gather_facts(store: Storage, settings: Settings) -> ReadinessFacts:
    """Every fact R-DATA-4 needs, measured in ``store``."""
    r = settings.readiness
    return store.readiness.gather(
        r.readiness_max_plausible_quantity, r.readiness_max_plausible_price, r.readiness_closed_weekday_share
    )


def check_readiness(store: Storage, settings: Settings) -> ReadinessReport:
    """The R-DATA-4 verdict on the data in ``store``."""
    return assess(gather_facts(store, settings), readiness_limits(settings))
