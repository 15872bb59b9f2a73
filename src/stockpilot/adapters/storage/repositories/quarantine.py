"""The quarantine (R-DATA-3): the rows imports set aside, read back with their reasons."""

from __future__ import annotations

from typing import Any

from stockpilot.adapters.storage.engine import Engine


class SqlQuarantine:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def rows(self, import_id: int | None, limit: int | None) -> list[tuple[Any, ...]]:
        """(import_id, source, row_number, table_name, event_id, raw, problems), newest import
        first, in file order."""
        sql = "SELECT import_id, source, row_number, table_name, event_id, raw, problems FROM quarantine"
        params: list[Any] = []
        if import_id is not None:
            sql += " WHERE import_id = $1"
            params.append(import_id)
        sql += " ORDER BY import_id DESC, row_number"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.engine.rows(sql, params)
