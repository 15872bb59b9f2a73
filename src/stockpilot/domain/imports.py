"""What one import did: every received row accepted or quarantined, counted per table (R-DATA-3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class TableCounts:
    """What happened to the rows bound for one canonical table."""

    received: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    missing_required: int = 0
    invalid_values: int = 0
    id_conflicts: int = 0

    @property
    def accepted(self) -> int:
        return self.new + self.updated + self.unchanged


@dataclass
class ImportReport:
    """The result of one import: received = accepted + quarantined, always."""

    import_id: int
    source: str
    profile: str
    format: str
    encoding: str
    received: int
    accepted: int
    quarantined: int
    tables: dict[str, TableCounts]
    set_aside: int = 0
    unreadable: int = 0
    malformed: int = 0
    derived: dict[str, int] = field(default_factory=dict)
    refused_columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    masked_values: int = 0
    pseudonymised_columns: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "import_id": self.import_id,
            "source": self.source,
            "profile": self.profile,
            "format": self.format,
            "encoding": self.encoding,
            "received": self.received,
            "accepted": self.accepted,
            "quarantined": self.quarantined,
            "new": sum(t.new for t in self.tables.values()),
            "unchanged": sum(t.unchanged for t in self.tables.values()),
            "tables": {name: {**vars(c), "accepted": c.accepted} for name, c in self.tables.items()},
            "set_aside": self.set_aside,
            "unreadable": self.unreadable,
            "malformed": self.malformed,
            "derived": self.derived,
            "refused_columns": self.refused_columns,
            "ignored_columns": self.ignored_columns,
            "masked_values": self.masked_values,
            "pseudonymised_columns": self.pseudonymised_columns,
        }


@dataclass(frozen=True)
class Limits:
    """How to read dates, and the bounds outside which values are impossible (settings:
    earliest_event_date, future_tolerance_days, planned_horizon_days, timezone,
    import_max_code_length, import_max_text_length).

    ``latest`` bounds what has happened (a sale, a receipt, a count, the day an order was
    placed); ``planned_latest`` bounds the dates of planned events (the columns the model marks
    ``planned``: an expected delivery, a promotion's days, a calendar event), the last day one
    may be dated."""

    earliest: dt.date
    latest: dt.datetime
    planned_latest: dt.date
    timezone: str = "Asia/Hong_Kong"
    date_formats: tuple[str, ...] = ()
    max_code_length: int = 100
    max_text_length: int = 1000
