"""The error log: what a bug in Stock Pilot left behind, for whoever fixes it, and no personal data.

An exception nobody meant a person to see (anything that is not a
:class:`~stockpilot.errors.StockPilotError`) is appended to ``errors.log`` in the folder
``.stockpilot/logs`` beside the database file (in the working directory for a server or an
in-memory database), created mode 0700, the file 0600 (docs/errors.md).

What is written: the time, the version, the command's name (never its arguments), and for
each exception of the chain its type, the frames of its traceback (file, line, function and
the line of code: never the values of variables) and its message *scrubbed*. A message can
hold what the code was working on (``not a member id: '91234567'``, DuckDB's ``Could not
convert string 'Chan Tai Man'``), so before it is written every quoted text becomes ``'…'``,
every run of 4 or more digits becomes ``#``s, every non-ASCII word (a Chinese name, an
address) becomes ``…``, and what :func:`~stockpilot.domain.privacy.mask_personal_data` finds
(e-mail addresses, phone and card numbers, HKIDs, names after an honorific) is masked.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import traceback
from importlib import metadata
from pathlib import Path

from stockpilot.adapters.storage.duckdb_engine import MEMORY
from stockpilot.adapters.storage.files import make_private, make_private_folder
from stockpilot.domain.privacy import mask_personal_data

LOG_FILE = "errors.log"
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_DIGITS = re.compile(r"[0-9]{4,}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def log_path(db_path: str | None) -> Path:
    """``.stockpilot/logs/errors.log`` beside the database file; under the working directory for a
    PostgreSQL URL, an in-memory database or none."""
    on_disk = db_path is not None and db_path != MEMORY and "://" not in db_path
    base = Path(db_path).parent if on_disk and db_path is not None else Path()
    return base / ".stockpilot" / "logs" / LOG_FILE


def scrub(text: str) -> str:
    """``text`` with quoted values, long digit runs, non-ASCII words and detected personal data masked."""
    text = _QUOTED.sub(lambda m: m.group(0)[0] + "…" + m.group(0)[0], text)
    text = _DIGITS.sub(lambda m: "#" * len(m.group(0)), text)
    text = _NON_ASCII.sub("…", text)
    return mask_personal_data(text)[0]


def _chain(error: BaseException) -> list[BaseException]:
    """``error`` and the exceptions that led to it, the first cause first (as Python prints them)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return chain[::-1]


def _message(error: BaseException) -> str:
    try:
        return scrub(str(error))
    except Exception:  # a message that cannot even be made
        return "(no message)"


def describe(error: BaseException) -> str:
    """The traceback of ``error`` and its causes: frames as Python prints them, messages scrubbed."""
    parts = []
    for exc in _chain(error):
        kind = type(exc)
        lines = ["Traceback (most recent call last):\n", *traceback.format_tb(exc.__traceback__)]
        lines.append(f"{kind.__module__}.{kind.__qualname__}: {_message(exc)}\n")
        lines += [f"note: {scrub(str(note))}\n" for note in getattr(exc, "__notes__", ())]
        for number, inner in enumerate(getattr(exc, "exceptions", ()), 1):  # an exception group
            if isinstance(inner, BaseException):
                lines.append(f"-- exception {number} of the group:\n{describe(inner)}")
        parts.append("".join(lines))
    return "\nwhich led to:\n\n".join(parts)


def _version() -> str:
    try:
        return metadata.version("stockpilot")
    except metadata.PackageNotFoundError:
        return "unknown"


def write_bug(error: BaseException, path: Path, command: str) -> Path:
    """Append ``error`` (see the module docstring) to the log at ``path``; returns ``path``."""
    make_private_folder(path.parent)
    when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    entry = f"=== {when} stockpilot {_version()} `{scrub(command)}`\n{describe(error)}\n"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    make_private(path)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(entry)
    return path
