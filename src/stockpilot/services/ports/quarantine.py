"""The quarantine (R-DATA-3): rows imports set aside, with where they came from and why."""

from __future__ import annotations

from typing import Any, Protocol


class QuarantineRepository(Protocol):
    def rows(self, import_id: int | None, limit: int | None, include_closed: bool = False) -> list[tuple[Any, ...]]:
        """(import_id, source, row_number, table_name, event_id, raw JSON, problems JSON, closed_at,
        fixed_by_import) of the quarantined rows (of one import, or all), newest import first, in
        file order: the open problems only, unless ``include_closed`` (those a later import fixed)."""
        ...
