"""Apply the privacy rules (domain/privacy.py) to a loaded file before anything is stored.

In ``_src``, before a single row reaches the database (R-DATA-5):
personal-data columns are dropped and reported, member-id columns are replaced
by keyed pseudonyms, and free-text columns are scanned and masked. Work is done
on distinct values, so a million rows with a few thousand descriptions costs
only those few thousand scans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from stockpilot.adapters.importers.checks import ident
from stockpilot.adapters.importers.profiles import Profile, referenced
from stockpilot.domain import privacy
from stockpilot.domain.model import TABLES
from stockpilot.progress import Progress

# Values worth a closer look: a run of 8+ digits (phone, HKID, card) or an '@'.
CANDIDATE = r"[0-9][0-9 \-()]{6,}[0-9]|@"


@dataclass
class Protection:
    """What was done to the file's columns to protect people."""

    refused: dict[str, str] = field(default_factory=dict)  # column -> kind of personal data
    pseudonymised: list[str] = field(default_factory=list)
    masked: int = 0


def _mapped_columns(profile: Profile, columns: list[str]) -> tuple[set[str], set[str]]:
    """Source columns feeding pseudonymised fields, and those feeding other non-free-text fields."""
    pseudonymous: set[str] = set()
    structured: set[str] = set()
    for item in (*profile.routes, *profile.derive):
        spec_table = TABLES[item.table]
        for name, spec in item.columns.items():
            column = spec_table.column(name)
            used = referenced(spec, columns)
            if column.pseudonymised:
                pseudonymous |= used
            elif not column.free_text:
                structured |= used
    if profile.exclude_field:
        structured |= referenced(profile.exclude_field, columns)
    return pseudonymous, structured


def _replace_values(con: duckdb.DuckDBPyConnection, column: str, mapping: dict[str, str]) -> None:
    if not mapping:
        return
    con.register("_lookup", pa.table({"old": list(mapping), "new": list(mapping.values())}))
    con.execute(f"UPDATE _src SET {ident(column)} = _lookup.new FROM _lookup WHERE _src.{ident(column)} = _lookup.old")
    con.unregister("_lookup")


def _distinct(con: duckdb.DuckDBPyConnection, column: str, where: str = "true") -> list[str]:
    rows = con.execute(
        f"SELECT DISTINCT {ident(column)} FROM _src WHERE {ident(column)} IS NOT NULL AND {where}"
    ).fetchall()
    return [r[0] for r in rows]


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
    pseudonymous, structured = _mapped_columns(profile, columns)
    pseudonymous |= {c for c in columns if privacy.is_member_id_column(c)}
    for column in columns:
        kind = privacy.personal_data_kind(column)
        if kind and column not in pseudonymous:
            result.refused[column] = kind
            con.execute(f"ALTER TABLE _src DROP COLUMN {ident(column)}")
    for column in sorted(pseudonymous - set(result.refused)):
        values = _distinct(con, column)
        _replace_values(con, column, {v: privacy.pseudonymise(v, key) for v in values if v.strip()})
        result.pseudonymised.append(column)
    for column in columns:
        if column in result.refused or column in pseudonymous or column in structured:
            continue
        masked = {}
        for value in _distinct(con, column, f"regexp_matches({ident(column)}, '{CANDIDATE}')"):
            new, count = privacy.mask_personal_data(value)
            if count:
                masked[value] = new
        if masked:
            result.masked += int(
                con.execute(
                    f"SELECT count(*) FROM _src WHERE {ident(column)} IN (SELECT unnest(?::VARCHAR[]))",
                    [list(masked)],
                ).fetchone()[0]
            )
            _replace_values(con, column, masked)
    return result


def protect_record(record: dict[str, str | None], protection: Protection, key: bytes) -> dict[str, str | None]:
    """The same rules for one row kept outside ``_src`` (a line the reader could not split
    into the file's columns): refused columns dropped, member ids pseudonymised, the rest
    masked (every field, since a misaligned line has no trustworthy column)."""
    if list(record) == ["line"] and record["line"]:
        return {"line": protect_line(record["line"], protection, key)}
    kept: dict[str, str | None] = {}
    for column, value in record.items():
        if column in protection.refused:
            continue
        if value is None or not value.strip():
            kept[column] = value
        elif column in protection.pseudonymised:
            kept[column] = privacy.pseudonymise(value, key)
        else:
            kept[column] = privacy.mask_personal_data(value)[0]
    return kept


JSON_MEMBER = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)')


def protect_line(line: str, protection: Protection, key: bytes) -> str:
    """A line that could not be read at all (e.g. broken JSON): values under personal-data
    names are removed, member ids pseudonymised, and the rest masked."""

    def member(match: re.Match[str]) -> str:
        name, value = match.group(1), match.group(2).strip('"')
        if name in protection.pseudonymised or privacy.is_member_id_column(name):
            return f'"{name}": "{privacy.pseudonymise(value, key)}"' if value.strip() else match.group(0)
        if name in protection.refused or privacy.personal_data_kind(name):
            return f'"{name}": "[removed]"'
        return match.group(0)

    return privacy.mask_personal_data(JSON_MEMBER.sub(member, line))[0]
