"""Use case: show quarantined rows and hand them back for fixing (R-DATA-3)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from stockpilot.adapters.exports import make_folder, safe_names, write_csv
from stockpilot.domain.problems import Problem
from stockpilot.messages import render
from stockpilot.services.ports import Storage

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
        """All the row's problems in ``language``, joined for one line of a report."""
        return "; ".join(render(p.message, language) for p in self.problems)

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


def quarantined_rows(store: Storage, import_id: int | None = None, limit: int | None = None) -> list[QuarantinedRow]:
    """Quarantined rows, newest import first, in file order."""
    return [
        QuarantinedRow(i, s, r, t, e, json.loads(raw), [Problem(**p) for p in json.loads(problems)])
        for i, s, r, t, e, raw, problems in store.quarantine.rows(import_id, limit)
    ]


def export_for_fixing(
    store: Storage, directory: str | Path, import_id: int | None = None, language: str = "en"
) -> dict[Path, int]:
    """One CSV per source file with the original columns plus its row and reason.

    The files keep the source's stem (``sales.quarantine.csv``), so a fixed file imports again
    with the same profile; the two added columns are reported as unused and ignored. Two
    sources with the same stem (``jan/sales.csv``, ``feb/sales.csv``) each get a short hash of
    their full name (``sales~1a2b3c4d.quarantine.csv``), so no row is lost. Values are written
    by the safe export writer: a raw value that could run as a formula starts with ``'``.
    """
    out = make_folder(directory)
    by_source: dict[str, list[QuarantinedRow]] = {}
    for row in quarantined_rows(store, import_id):
        by_source.setdefault(row.source, []).append(row)
    names = safe_names(by_source, ".quarantine.csv", label=lambda source: Path(source).stem)
    written: dict[Path, int] = {}
    for source, rows in by_source.items():
        columns = list(dict.fromkeys(k for row in rows for k in row.raw))
        body = ([*(row.raw.get(c) for c in columns), row.row, row.reason(language)] for row in rows)
        written[write_csv(out, names[source], [*columns, *FIX_COLUMNS], body)] = len(rows)
    return written
