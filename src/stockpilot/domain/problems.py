"""Why a row was quarantined (R-DATA-3).

A problem is a code plus the field, the offending value and a limit. The importer
records codes; people read its :attr:`Problem.message` as the catalogue words it
(``stockpilot.messages.problems``), in English or Traditional Chinese (HK).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from stockpilot.domain.messages import Message


class ProblemKind(str, Enum):
    """How readiness counts a problem (R-DATA-4)."""

    MISSING = "missing"  # a required field is empty: completeness
    INVALID = "invalid"  # negative, impossible or unreadable values
    DUPLICATE = "duplicate"  # an id already used with other values
    STRUCTURE = "structure"  # the row itself cannot be read
    EXCLUDED = "excluded"  # set aside on purpose by the import profile
    REFERENCE = "reference"  # names a product or location that is not known


@dataclass(frozen=True)
class ProblemType:
    kind: ProblemKind


PROBLEMS: dict[str, ProblemType] = {
    "missing_required": ProblemType(ProblemKind.MISSING),
    "not_a_number": ProblemType(ProblemKind.INVALID),
    "not_an_integer": ProblemType(ProblemKind.INVALID),
    "not_a_date": ProblemType(ProblemKind.INVALID),
    "too_large": ProblemType(ProblemKind.INVALID),
    "too_long": ProblemType(ProblemKind.INVALID),
    "invisible_characters": ProblemType(ProblemKind.INVALID),
    "lookalike_characters": ProblemType(ProblemKind.INVALID),
    "bad_time_zone": ProblemType(ProblemKind.INVALID),
    "below_minimum": ProblemType(ProblemKind.INVALID),
    "above_maximum": ProblemType(ProblemKind.INVALID),
    "not_a_choice": ProblemType(ProblemKind.INVALID),
    "too_early": ProblemType(ProblemKind.INVALID),
    "in_future": ProblemType(ProblemKind.INVALID),
    "beyond_horizon": ProblemType(ProblemKind.INVALID),
    "out_of_order": ProblemType(ProblemKind.INVALID),
    "unknown_reference": ProblemType(ProblemKind.REFERENCE),
    "id_conflict": ProblemType(ProblemKind.DUPLICATE),
    "malformed_row": ProblemType(ProblemKind.STRUCTURE),
    "unreadable_characters": ProblemType(ProblemKind.STRUCTURE),
    "not_a_product": ProblemType(ProblemKind.EXCLUDED),
}
"""Every problem code, and how readiness counts it; each is the catalogue code ``problem.<code>``."""


@dataclass(frozen=True)
class Problem:
    """One reason a row was not accepted."""

    code: str
    field: str = ""
    value: str = ""
    limit: str = ""

    def __post_init__(self) -> None:
        if self.code not in PROBLEMS:
            raise ValueError(f"unknown problem code {self.code!r}")

    @property
    def kind(self) -> ProblemKind:
        return PROBLEMS[self.code].kind

    @property
    def message(self) -> Message:
        """The problem for the catalogue to word (``problem.<code>``)."""
        return Message(f"problem.{self.code}", {"field": self.field, "value": self.value, "limit": self.limit})
