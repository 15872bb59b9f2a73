"""Use case: show quarantined rows and hand them back for fixing (R-DATA-3).

A quarantined row is an open problem until a later import accepts a row with the same table and
key: then it is closed (``closed_at``, ``fixed_by_import``), kept for the record but no longer
listed, exported or counted by readiness unless asked for."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path, PurePath

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
    closed_at: dt.datetime | None = None
    fixed_by_import: int | None = None

    @property
    def file_name(self) -> str:
        """The source file's own name, without the folder it was read from (for a web upload, the
        name :func:`stockpilot.services.importing.upload_name` gave it, not its temporary folder)."""
        return PurePath(self.source).name

    @property
    def open(self) -> bool:
        """Whether no later import has fixed the row yet."""
        return self.closed_at is None

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
            "open": self.open,
            "closed_at": None if self.closed_at is None else self.closed_at.isoformat(),
            "fixed_by_import": self.fixed_by_import,
        }


def quarantined_rows(
    store: Storage, import_id: int | None = None, limit: int | None = None, *, include_closed: bool = False
) -> list[QuarantinedRow]:
    """Quarantined rows, newest import first, in file order: the open problems, and with
    ``include_closed`` also those a later import fixed."""
    return [
        QuarantinedRow(
            i,
            s,
            r,
            t,
            e,
            json.loads(raw),
            [Problem(**p) for p in json.loads(problems)],
            closed_at,
            None if fixed is None else int(fixed),
        )
        for i, s, r, t, e, raw, problems, closed_at, fixed in store.quarantine.rows(import_id, limit, include_closed)
    ]


def export_for_fixing(
    store: Storage, directory: str | Path, import_id: int | None = None, language: str = "en"
) -> dict[Path, int]:
    """One CSV per source file with the original columns plus its row and reason, for the open
    problems (a row a later import fixed is not handed back).

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
