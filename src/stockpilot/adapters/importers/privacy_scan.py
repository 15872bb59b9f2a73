"""Apply the privacy rules (domain/privacy.py) to a loaded file before anything is stored.

In ``_src``, before a single row reaches the database (R-DATA-5):

- personal-data columns (by header) are dropped and reported;
- member-id columns are replaced by keyed pseudonyms;
- every other column the profile maps is scanned, ids and codes included: free text is
  masked (``[phone removed]``), business text (``Column.business_text``: a store's delivery
  address, whose header "address" is not refused) only for ``privacy.BUSINESS_TEXT_KINDS`` (a
  shop's phone number and street stay, an HKID, card, e-mail or a person's name is masked),
  numbers, dates and choices holding personal data are
  masked too (so they are quarantined as unreadable, with the mask), and an id or code
  holding it is replaced whole by a keyed pseudonym (``p_…``), so it stays unique and a
  re-sent row still matches while the person cannot be read; other codes are put in NFKC;
- the columns the profile does not map are kept nowhere: not in the tables, not in the
  quarantine (:attr:`Protection.kept`).

Work is done on distinct values, and an SQL filter picks the values that could hold
personal data (a superset of what :func:`privacy.find_personal_data` finds: a property
test checks it), so a million rows with a few thousand descriptions cost only those scans.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

import duckdb
import pyarrow as pa

from stockpilot.adapters.importers.checks import NOT_ASCII, ident, quote
from stockpilot.adapters.importers.profiles import Derivation, Profile, Route, referenced
from stockpilot.domain import privacy
from stockpilot.domain.model import TABLES, ColumnType, is_no_value
from stockpilot.domain.progress import Progress


class Role(str, Enum):
    """How a source column is scanned, by the canonical fields it feeds."""

    CODE = "code"  # an id or code: pseudonymised whole when it holds personal data
    VALUE = "value"  # a number, date or choice: masked (and then refused as unreadable)
    TEXT = "text"  # free text: masked
    BUSINESS = "business"  # business text (a store's address): only privacy.BUSINESS_TEXT_KINDS masked


# What could hold personal data, in SQL (RE2): codes and values are scanned with the rules
# for codes (CODE_CANDIDATE), free text with all rules (TEXT_CANDIDATE). Anything not plain
# printable ASCII goes to the full scan, since normalisation (full-width forms, other digits)
# happens there. tests/property/test_sql_prefilters.py checks that each is a superset.
_AT = "@"
CODE_CANDIDATE = "|".join(
    (
        NOT_ASCII,
        _AT,
        r"(^|[^A-Za-z0-9])[A-Za-z]{1,2} ?[0-9]{6} ?(\([0-9Aa]\)|-?[0-9Aa])([^A-Za-z0-9]|$)",  # HKID
        r"\+[0-9]|(^|[^0-9])852",  # a phone with its country code
        r"(^|[^0-9])([0-9]{4}[ .-][0-9]{4}|[0-9]([ .-][0-9]){7})([^0-9]|$)",  # grouped
        r"^[569][0-9]{7}$",  # a whole code that is a mobile number
        r"[0-9]{13}|[0-9]{4}[ .-][0-9]{3,6}[ .-][0-9]{3}",  # a card number, bare or grouped as printed
    )
)
TEXT_CANDIDATE = "|".join(
    (
        NOT_ASCII,
        _AT,
        "[0-9]",
        r"(Mr|Mrs|Ms|Miss|Mdm|Madam|Dr|Prof)\.? +[A-Z]",
        r"(Flat|Rm|Room)\.? ?[A-Z0-9]",  # a flat or room, which may hold no digit
    )
)


@dataclass
class Protection:
    """What was done to the file's columns to protect people."""

    refused: dict[str, str] = field(default_factory=dict)  # column -> kind of personal data
    pseudonymised: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the columns the profile maps: all that may be stored
    ignored: list[str] = field(default_factory=list)  # neither refused nor mapped: stored nowhere
    masked: int = 0
    codes_pseudonymised: int = 0


def _roles(profile: Profile, columns: list[str]) -> tuple[set[str], dict[str, Role]]:
    """Source columns feeding pseudonymised fields, and the scan role of every other mapped column."""
    pseudonymous: set[str] = set()
    roles: dict[str, Role] = {}
    rank = {Role.BUSINESS: -1, Role.TEXT: 0, Role.VALUE: 1, Role.CODE: 2}
    items: tuple[Route | Derivation, ...] = (*profile.routes, *profile.derive)
    for item in items:
        table = TABLES[item.table]
        for name, spec in item.columns.items():
            column = table.column(name)
            used = referenced(spec, columns)
            if column.pseudonymised:
                pseudonymous |= used
                continue
            role = (
                Role.CODE
                if column.is_code
                else Role.BUSINESS
                if column.business_text
                else Role.TEXT
                if column.type is ColumnType.TEXT and column.free_text
                else Role.VALUE
            )
            for source in used:  # a column feeding several fields is scanned by the strictest
                roles[source] = max(roles.get(source, role), role, key=rank.__getitem__)
    for spec in profile.all_specs():
        for source in referenced(spec, columns):
            roles.setdefault(source, Role.CODE)
    return pseudonymous, roles


def replace_values(con: duckdb.DuckDBPyConnection, column: str, mapping: dict[str, str]) -> int:
    """Replace each old value of ``column`` in ``_src`` by its new one; returns the rows changed."""
    if not mapping:
        return 0
    con.register("_lookup", pa.table({"old": list(mapping), "new": list(mapping.values())}))
    try:
        row = con.execute(
            f"UPDATE _src SET {ident(column)} = _lookup.new FROM _lookup WHERE _src.{ident(column)} = _lookup.old"
        ).fetchone()
    finally:
        con.unregister("_lookup")
    return int(row[0]) if row else 0


BATCH_VALUES = 500_000
"""Distinct values handed to Python at a time, so memory stays bounded whatever the file's size."""


def distinct_values(con: duckdb.DuckDBPyConnection, patterns: dict[str, str | None]) -> Iterator[tuple[str, list[str]]]:
    """(column, a batch of its distinct values) for each column of ``_src`` and the values
    that match its pattern (RE2; None: every value that is not NULL). One pass over
    ``_src`` collects them into a table DuckDB keeps (and spills); batches are read from
    it, so ``_src`` may be changed between them."""
    if not patterns:
        return
    picked = ", ".join(
        ident(c) if p is None else f"CASE WHEN regexp_matches({ident(c)}, {quote(p)}) THEN {ident(c)} END AS {ident(c)}"
        for c, p in patterns.items()
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _candidates AS SELECT name, value, "
        "row_number() OVER (PARTITION BY name) AS n FROM (SELECT DISTINCT name, value FROM "
        f"(UNPIVOT (SELECT {picked} FROM _src) ON {', '.join(map(ident, patterns))} INTO NAME name VALUE value))"
    )
    try:
        for column in patterns:
            first = 0
            while batch := con.execute(
                "SELECT value FROM _candidates WHERE name = ? AND n > ? AND n <= ?",
                [column, first, first + BATCH_VALUES],
            ).fetchall():
                yield column, [v for (v,) in batch]
                first += BATCH_VALUES
    finally:
        con.execute("DROP TABLE IF EXISTS _candidates")


def protect_value(value: str, role: Role, key: bytes) -> tuple[str, bool]:
    """``value`` as it may be stored, and whether it held personal data (see the module docstring).

    A code without personal data is returned in NFKC, so that "ＳＫＵ１" and "SKU1", or an
    "é" typed in one or two characters, are one code (Unicode Standard Annex #15);
    invisible characters are left for the checks to refuse."""
    if role is Role.CODE:
        if privacy.find_personal_data(value, in_code=True) and not is_no_value(value):
            return privacy.pseudonymise(value, key, privacy.CODE_PREFIX), True
        return unicodedata.normalize("NFKC", value), False
    # A number, date or choice is masked with the rules for codes: digit runs there are numbers.
    kinds = privacy.BUSINESS_TEXT_KINDS if role is Role.BUSINESS else privacy.KINDS
    masked, count = privacy.mask_personal_data(value, in_code=role is Role.VALUE, kinds=kinds)
    return masked, count > 0


def protect(
    con: duckdb.DuckDBPyConnection,
    profile: Profile,
    columns: list[str],
    key: bytes,
    progress: Progress,
) -> Protection:
    """Refuse, pseudonymise and mask ``_src`` in place; returns what was done."""
    progress("protecting")
    result = Protection()
    pseudonymous, roles = _roles(profile, columns)
    pseudonymous |= {c for c in columns if privacy.is_member_id_column(c)}
    for column in columns:
        kind = privacy.personal_data_kind(column)
        business = roles.get(column) is Role.BUSINESS and kind not in privacy.BUSINESS_TEXT_KINDS
        if kind and column not in pseudonymous and not business:  # "address" into a store's address is kept
            result.refused[column] = kind
            con.execute(f"ALTER TABLE _src DROP COLUMN {ident(column)}")
    result.kept = [c for c in columns if c not in result.refused and c in roles]
    result.ignored = [c for c in columns if c not in result.refused and c not in result.kept]
    result.pseudonymised = sorted(pseudonymous - set(result.refused))
    for column, values in distinct_values(con, dict.fromkeys(result.pseudonymised)):
        replace_values(con, column, {v: privacy.pseudonymise(v, key) for v in values if not is_no_value(v)})
    scanned = {c: TEXT_CANDIDATE if roles[c] in (Role.TEXT, Role.BUSINESS) else CODE_CANDIDATE for c in result.kept}
    for column, values in distinct_values(con, {c: p for c, p in scanned.items() if c not in pseudonymous}):
        role = roles[column]
        protected, normalised = {}, {}
        for value in values:
            new, found = protect_value(value, role, key)
            if found:
                protected[value] = new
            elif new != value:
                normalised[value] = new
        rows = replace_values(con, column, protected)
        if role is Role.CODE:
            result.codes_pseudonymised += rows
        else:
            result.masked += rows
        replace_values(con, column, normalised)
    return result


def protect_record(record: dict[str, str | None], protection: Protection, key: bytes) -> dict[str, str | None]:
    """The same rules for one row kept outside ``_src`` (a line the reader could not split
    into the file's columns): only the kept columns, member ids pseudonymised, the rest
    masked as free text (a misaligned line has no trustworthy column)."""
    if list(record) == ["line"] and record["line"]:
        return {"line": protect_line(record["line"], protection, key)}
    kept: dict[str, str | None] = {}
    for column, value in record.items():
        if column not in protection.kept:
            continue
        if is_no_value(value):
            kept[column] = value
        elif column in protection.pseudonymised:
            kept[column] = privacy.pseudonymise(value or "", key)
        else:
            kept[column] = privacy.mask_personal_data(value or "")[0]
    return kept


JSON_MEMBER = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)')
WITHHELD = "[withheld: the line cannot be split into columns, and the file has columns that are not kept]"


def protect_line(line: str, protection: Protection, key: bytes) -> str:
    """A line that could not be read at all (e.g. broken JSON): members under names that
    are not kept are removed, member ids pseudonymised, and the rest masked. A line with no
    recognisable members, from a file with columns that are not kept, is withheld whole:
    where its personal data sits cannot be told."""

    def member(match: re.Match[str]) -> str:
        name, value = match.group(1), match.group(2).strip('"')
        if name in protection.pseudonymised or privacy.is_member_id_column(name):
            return f'"{name}": "{privacy.pseudonymise(value, key)}"' if not is_no_value(value) else match.group(0)
        if name not in protection.kept:
            return f'"{name}": "[removed]"'
        return match.group(0)

    if not JSON_MEMBER.search(line) and (protection.refused or protection.ignored):
        return WITHHELD
    return privacy.mask_personal_data(JSON_MEMBER.sub(member, line))[0]
