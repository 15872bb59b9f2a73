"""How a long job reports its steps: a step key and its values; the caller words them.

The command line turns each key into a line of its spinner in the user's language
(``step_<key>`` in ``messages/cli.py``); the Python API reports nothing by default.
"""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def __call__(self, step: str, /, **values: object) -> None: ...


def silent(step: str, /, **values: object) -> None:
    """Report nothing."""
