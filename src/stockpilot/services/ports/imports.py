"""Imports: files read, checked and stored, with every rejected row quarantined (R-DATA-2, R-DATA-3)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePath
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


@dataclass(frozen=True)
class ImportRun:
    """One import as the import log holds it (table ``import_runs``): received = accepted + quarantined."""

    import_id: int
    source: str
    profile: str
    started_at: dt.datetime
    received: int
    accepted: int
    quarantined: int

    @property
    def name(self) -> str:
        """The file's own name, without the folder it was read from."""
        return PurePath(self.source).name


class Importer(Protocol):
    def import_file(self, request: ImportRequest, *, progress: Progress, clock: Clock) -> ImportReport:
        """Import ``request.path`` all or nothing; received = accepted + quarantined. The import's start
        and finish are stamped from ``clock``."""
        ...

    def recent(self, limit: int) -> list[ImportRun]:
        """The ``limit`` latest imports, newest first."""
        ...

    def latest_import_id(self) -> int | None:
        """The id of the latest import (None before any): what a view of the data was made from."""
        ...
