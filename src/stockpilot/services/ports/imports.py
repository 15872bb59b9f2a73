"""Imports: files read, checked and stored, with every rejected row quarantined (R-DATA-2, R-DATA-3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from stockpilot.domain.imports import ImportReport, Limits
from stockpilot.domain.progress import Progress
from stockpilot.services.ports.clock import Clock


@dataclass(frozen=True)
class ImportRequest:
    """One file to import: where it is, how to read it (a profile and an encoding, or ``None``
    to recognise them), the pseudonym key and the bounds of possible values."""

    path: Path
    key: bytes = field(repr=False)
    limits: Limits
    profile: str | None = None
    encoding: str | None = None


class Importer(Protocol):
    def import_file(self, request: ImportRequest, *, progress: Progress, clock: Clock) -> ImportReport:
        """Import ``request.path`` all or nothing; received = accepted + quarantined. The import's start
        and finish are stamped from ``clock``."""
        ...
