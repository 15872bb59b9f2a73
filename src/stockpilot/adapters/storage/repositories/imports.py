"""Imports (the ``Importer`` port): one file read, checked and stored all or nothing, on a DuckDB
file in place or on PostgreSQL through a scratch DuckDB (importers/targets.py)."""

from __future__ import annotations

from stockpilot.adapters.importers.pipeline import FileImport
from stockpilot.adapters.importers.targets import open_target
from stockpilot.adapters.storage.engine import Engine
from stockpilot.domain.imports import ImportReport
from stockpilot.domain.progress import Progress
from stockpilot.services.ports.clock import Clock
from stockpilot.services.ports.imports import ImportRequest, ImportRun


class SqlImports:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def import_file(self, request: ImportRequest, *, progress: Progress, clock: Clock) -> ImportReport:
        target = open_target(self.engine)
        try:
            return FileImport(target, request, progress=progress, clock=clock).run()
        finally:
            target.close()

    def recent(self, limit: int) -> list[ImportRun]:
        rows = self.engine.rows(
            "SELECT import_id, source, profile, started_at, received, accepted, quarantined FROM import_runs "
            f"ORDER BY import_id DESC LIMIT {int(limit)}"
        )
        return [ImportRun(*row) for row in rows]

    def latest_import_id(self) -> int | None:
        found = self.engine.rows("SELECT max(import_id) FROM import_runs")[0][0]
        return None if found is None else int(found)
