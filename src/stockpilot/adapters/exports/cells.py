"""Cell values that a spreadsheet cannot run: the CSV-injection rule, and safe sheet names.

Rule (OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection): a cell
whose text begins with ``=``, ``+``, ``-``, ``@``, tab (0x09) or carriage return (0x0D) may be
run as a formula by Excel, LibreOffice or Google Sheets (``=HYPERLINK(...)``, DDE calls), so
it is written with a single quote ``'`` in front, which makes the application treat it as
text. Two additions, because spreadsheet applications are lenient about what they parse:

- characters that Unicode NFKC compatibility normalisation turns into one of those four
  (the full-width ``＝ ＋ － ＠``, the small forms ``﹦ ﹢ ﹣ ﹫``) count as the character;
- whitespace, control and format characters in front of it (``" =1+1"``, ``"\\u200b=1"``)
  are looked through, because applications trim them before parsing.

Numbers are left alone: an ``int`` or ``float`` value, and a text value that is a plain
decimal number (``-5``, ``+1.5``, ``-1e-05``), cannot run as a formula, and a shop must be
able to import a fixed file again. The quote is the only change ever made, so taking the
first character off a changed cell gives back the original text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from decimal import Decimal

FORMULA_PREFIXES = frozenset("=+-@")
"""The characters that start a formula (after NFKC normalisation and leading whitespace)."""
CONTROL_PREFIXES = frozenset("\t\r")
"""Tab and carriage return: dangerous as the very first character (OWASP)."""
QUOTE = "'"

_SAFE_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")  # the common, quick case
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_SHEET_RESERVED = "history"  # Excel keeps a sheet named History for change tracking


def is_plain_number(text: str) -> bool:
    """True for a decimal number written with ASCII digits only, such as ``-5`` or ``-1.5e3``."""
    return _PLAIN_NUMBER.fullmatch(text) is not None


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (the rule in this module's docstring)."""
    if not text or text[0] in _SAFE_FIRST:
        return False
    if text[0] in CONTROL_PREFIXES:
        return True
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            continue  # looked through: applications trim these before parsing
        normal = unicodedata.normalize("NFKC", char)
        return bool(normal) and normal[0] in FORMULA_PREFIXES and not is_plain_number(text)
    return False


def neutralise(text: str) -> str:
    """``text`` with a ``'`` in front when it is dangerous, else ``text`` unchanged (OWASP CSV Injection)."""
    return QUOTE + text if is_dangerous(text) else text


def csv_cell(value: object) -> str:
    """A value as the text of one CSV cell: numbers as numbers, every text neutralised.

    ``None`` is an empty cell, booleans are ``true``/``false`` and date-times are ISO 8601 with
    a space (as DuckDB writes them); lists and dicts are JSON. Anything that is not a number is
    text and goes through :func:`neutralise`.
    """
    if value is None:
        return ""
    if type(value) is str:
        return neutralise(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        text = value.isoformat(sep=" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    elif isinstance(value, list | tuple | dict):
        text = json.dumps(value, ensure_ascii=False, default=str)
    else:
        text = str(value)
    return neutralise(text)


def sheet_name(text: str) -> str:
    """A valid Excel sheet name for ``text``: no ``[]:*?/\\`` or control characters, no quote at
    either end, at most 31 UTF-16 units, not empty and not the reserved ``History``
    (Excel's rules, https://support.microsoft.com/office/rename-a-worksheet-3f1f7148-ee83-404d-8ef0-9ff99fbad1f9)."""
    name = _SHEET_FORBIDDEN.sub("_", unicodedata.normalize("NFKC", text)).strip("'")
    while len(name.encode("utf-16-le")) > 62:  # 31 UTF-16 code units
        name = name[:-1]
    name = name.rstrip("'")
    if not name:
        return "Sheet1"
    return name[:30] + "_" if name.lower() == _SHEET_RESERVED else name
