"""The retention purge worded (``stockpilot purge``): what it removed, or would remove, per table."""

from __future__ import annotations

from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.services.retention import PurgeResult


def purge_report(result: PurgeResult, language: str) -> list[Line]:
    """The total and the cutoff (a dry run: what would go), then one line per table that has rows
    to remove, the table named in ``language``."""
    headline = "purge_dry_run" if result.dry_run else "purged"
    lines = [Line(render(headline, language, count=result.total, cutoff=result.cutoff), "bold")]
    lines += [
        Line("  " + render("purge_table", language, table=table, count=count))
        for table, count in result.removed.items()
        if count
    ]
    return lines
