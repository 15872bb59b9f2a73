"""What one import did, in words: received = accepted + quarantined, and what was protected;
and the rows the quarantine holds."""

from __future__ import annotations

import json
from pathlib import PurePath

from stockpilot.domain.imports import ImportReport
from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.services.quarantine import QuarantinedRow


def import_summary(report: ImportReport, language: str, chosen: bool) -> list[Line]:
    """The headline and the notes of one file's import (``chosen``: the profile came from --profile)."""
    data = report.to_dict()
    how = render("chosen" if chosen else "recognised", language)
    shown = [
        Line(render("summary", language, **{**data, "source": PurePath(report.source).name})),
        Line("  " + render("profile", language, profile=report.profile, how=how)),
        Line("  " + render("new_unchanged", language, new=data["new"], unchanged=data["unchanged"])),
    ]
    shown += [
        Line("  " + render("refused", language, column=column, kind=kind), "yellow")
        for column, kind in report.refused_columns.items()
    ]
    derived = ", ".join(f"{n} {k}" for k, n in report.derived.items() if n)
    notes = (
        ("pseudonymised", {"columns": ", ".join(report.pseudonymised_columns)}, report.pseudonymised_columns),
        ("masked", {"count": report.masked_values}, report.masked_values),
        ("set_aside", {"count": report.set_aside}, report.set_aside),
        ("derived", {"items": derived}, derived),
        ("ignored", {"columns": ", ".join(report.ignored_columns)}, report.ignored_columns),
        ("see_quarantine", {"import_id": report.import_id}, report.quarantined),
    )
    return shown + [Line("  " + render(code, language, **values)) for code, values, present in notes if present]


def quarantine_listing(rows: list[QuarantinedRow], language: str) -> list[Line]:
    """Per quarantined row its file and row number with the reasons, then its content; a row a
    later import fixed says which import and when (dimmed); one line saying so when there are none."""
    if not rows:
        return [Line(render("quarantine.empty", language))]
    shown = []
    for row in rows:
        head = f"{PurePath(row.source).name}:{row.row}  {row.reason(language)}"
        if row.closed_at is None:
            shown.append(Line(head))
        else:
            fixed = render("quarantine.fixed", language, import_id=row.fixed_by_import, at=row.closed_at)
            shown.append(Line(f"{head}  ({fixed})", "dim"))
        shown.append(Line(f"    {json.dumps(row.raw, ensure_ascii=False)}"))
    return shown
