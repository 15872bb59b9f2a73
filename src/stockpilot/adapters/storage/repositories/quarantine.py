"""The quarantine (R-DATA-3): the rows imports set aside, read back with their reasons."""

from __future__ import annotations

from typing import Any

from stockpilot.adapters.storage.engine import Engine


class SqlQuarantine:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def rows(self, import_id: int | None, limit: int | None, include_closed: bool = False) -> list[tuple[Any, ...]]:
        """(import_id, source, row_number, table_name, event_id, raw, problems, closed_at,
        fixed_by_import), newest import first, in file order; only the open problems unless
        ``include_closed``."""
        sql = (
            "SELECT import_id, source, row_number, table_name, event_id, raw, problems, closed_at, fixed_by_import "
            "FROM quarantine WHERE ($1 OR closed_at IS NULL)"
        )
        params: list[Any] = [include_closed]
        if import_id is not None:
            sql += " AND import_id = $2"
            params.append(import_id)
        sql += " ORDER BY import_id DESC, row_number"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.engine.rows(sql, params)
