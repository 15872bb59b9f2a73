"""Presenters: a service's typed result, worded in a language, as plain rows and headlines.

Shared by the doors (the command line prints them; the web app will show them in a
template): a presenter formats, it never reads the database or settings. A `Line` is one
printed line with an optional style (``bold``, ``yellow``...), which a door may ignore.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One line of a report: its text and how to stress it (None: plain)."""

    text: str
    style: str | None = None


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide and full-width characters take two
    (Unicode Standard Annex #11, East Asian Width)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
