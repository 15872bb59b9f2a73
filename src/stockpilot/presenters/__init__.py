"""Presenters: a service's typed result, worded in a language, as plain rows and headlines.

Shared by the doors (the command line prints them; the web app will show them in a
template): a presenter formats, it never reads the database or settings. A `Line` is one
printed line with an optional style (``bold``, ``yellow``...), which a door may ignore.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One line of a report: its text and how to stress it (None: plain)."""

    text: str
    style: str | None = None
