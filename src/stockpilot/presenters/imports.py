"""What one import did, in words: received = accepted + quarantined, and what was protected."""

from __future__ import annotations

from pathlib import PurePath

from stockpilot.domain.imports import ImportReport
from stockpilot.messages import render
from stockpilot.presenters import Line


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
