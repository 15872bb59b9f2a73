"""Imports: files read, checked and stored, with every rejected row quarantined (R-DATA-2, R-DATA-3)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from stockpilot.domain.imports import ImportReport, Limits
from stockpilot.domain.progress import Progress


class Importer(Protocol):
    def import_file(
        self, path: Path, *, profile: str | None, encoding: str | None, key: bytes, limits: Limits, progress: Progress
    ) -> ImportReport:
        """Import one file all or nothing; received = accepted + quarantined."""
        ...
