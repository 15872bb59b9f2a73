"""The time a service reads, injected so deadlines and stamps can be tested."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The shop's local time, naive (times are stored in local time)."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now()


SYSTEM_CLOCK = SystemClock()
