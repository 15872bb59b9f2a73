"""Use case: show quarantined rows and hand them back for fixing (R-DATA-3)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from stockpilot.adapters.storage.database import Database
from stockpilot.domain.problems import Problem, describe

FIX_COLUMNS = ("source_row", "reason")


@dataclass(frozen=True)
class QuarantinedRow:
    import_id: int
    source: str
    row: int
    table: str | None
    event_id: str | None
    raw: dict[str, object]
    problems: list[Problem]

    def reason(self, language: str = "en") -> str:
        return describe(self.problems, language)

    def to_dict(self, language: str = "en") -> dict[str, object]:
        return {
            "import_id": self.import_id,
            "source": self.source,
            "row": self.row,
            "table": self.table,
            "event_id": self.event_id,
            "raw": self.raw,
            "codes": [p.code for p in self.problems],
            "reason": self.reason(language),
        }


def quarantined_rows(db: Database, import_id: int | None = None, limit: int | None = None) -> list[QuarantinedRow]:
    """Quarantined rows, newest import first, in file order."""
    sql = "SELECT import_id, source, row_number, table_name, event_id, raw, problems FROM quarantine"
    params: list[object] = []
    if import_id is not None:
        sql += " WHERE import_id = ?"
        params.append(import_id)
    sql += " ORDER BY import_id DESC, row_number"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return [
        QuarantinedRow(i, s, r, t, e, json.loads(raw), [Problem(**p) for p in json.loads(problems)])
        for i, s, r, t, e, raw, problems in db.connection.execute(sql, params).fetchall()
    ]


def export_for_fixing(
    db: Database, directory: str | Path, import_id: int | None = None, language: str = "en"
) -> dict[Path, int]:
    """One CSV per source file with the original columns plus its row and reason.

    The files keep the source's name, so a fixed file imports again with the same
    profile; the two added columns are reported as unused and ignored.
    """
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    by_source: dict[str, list[QuarantinedRow]] = {}
    for row in quarantined_rows(db, import_id):
        by_source.setdefault(row.source, []).append(row)
    written: dict[Path, int] = {}
    for source, rows in by_source.items():
        target = out / f"{Path(source).stem}.quarantine.csv"
        columns = list(dict.fromkeys(k for row in rows for k in row.raw))
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([*columns, *FIX_COLUMNS])
            for row in rows:
                writer.writerow([*(row.raw.get(c) for c in columns), row.row, row.reason(language)])
        written[target] = len(rows)
    return written
