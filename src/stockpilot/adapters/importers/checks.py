"""Compile the canonical model's rules (domain/model.py) into DuckDB SQL.

Each canonical column ``c`` of a staged row has its text ``r_c`` (trimmed, empty
as NULL) and its typed value ``c``. Every rule is a condition that is true when
the row breaks it, paired with the problem code the clerk will read about.
"""

from __future__ import annotations

from dataclasses import dataclass

from stockpilot.domain.imports import Limits
from stockpilot.domain.model import NO_VALUE_WORDS, TABLES, Column, ColumnType, Table

SQL_TYPES: dict[ColumnType, str] = {
    ColumnType.TEXT: "VARCHAR",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.NUMBER: "DOUBLE",
    ColumnType.DATE: "DATE",
    ColumnType.TIMESTAMP: "TIMESTAMP",
}
"""The DuckDB type that stores each canonical column type (migrations follow it)."""


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def raw(column: str) -> str:
    return ident("r_" + column)


@dataclass(frozen=True)
class Rule:
    """A broken-rule condition over a staged row and the problem it reports."""

    code: str
    field: str
    condition: str
    value: str
    limit: str = "''"


_TIME = r"[0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
ZONE_SUFFIX = _TIME + r" ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"
"""A time written with a UTC offset or Z (ISO 8601-1:2019, 4.3.13)."""
VALID_ZONE = _TIME + r"(Z|\+(0[0-9]|1[0-3])(:?[0-5][0-9])?|\+14(:?00)?|-(0[0-9]|1[01])(:?[0-5][0-9])?|-12(:?00)?)$"
"""An offset that exists: from UTC-12:00 to UTC+14:00, minutes 00-59 (IANA tz database extremes)."""
NUMBER = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"
"""A number as a person or spreadsheet writes it: digits, an optional point and exponent,
nothing else (DuckDB's own cast would also take "1_000" and "0x10")."""
LARGEST_EXACT = 2**53 - 1
"""The largest whole number a DOUBLE holds exactly, and far inside BIGINT (IEEE 754 binary64)."""
EDGE_CHARACTERS = (
    "".join(map(chr, range(1, 33)))
    + "\x7f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u202f"
    "\u205f\u2060\u2066\u2067\u2068\u2069\u3000\ufeff"
)
"""Spaces, control characters and invisible marks trimmed from both ends of every value:
a value made only of them (a tab, a line break, a zero-width space) is empty."""
INVISIBLE = (
    r"[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Mn}\p{Me}\p{Zl}\p{Zp}"
    r"\x{00A0}\x{1680}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}]"
)
"""Characters a code must not hold inside it: controls, format marks (zero-width, right-to-left,
BOM), private use, combining marks left after NFKC, and spaces other than the plain one."""
MIXED_SCRIPT = r"\p{Latin}.*[\p{Cyrillic}\p{Greek}]|[\p{Cyrillic}\p{Greek}].*\p{Latin}"
"""Latin letters mixed with Cyrillic or Greek ones: look-alikes ("SКU1" with a Cyrillic К),
Unicode Technical Standard #39, section 5 (mixed-script detection)."""


NOT_ASCII = r"[^\x20-\x7e]"
"""A character that is not printable ASCII: the values worth a look in Python."""


def trimmed(expression: str) -> str:
    """SQL for a source value as text with its edges trimmed (:data:`EDGE_CHARACTERS`)."""
    text = f"CAST({expression} AS VARCHAR)"
    # trim() with a set of characters is slow; a value that starts and ends with a printable
    # ASCII character other than space (nearly all) has nothing to trim.
    kept = f"ord({text}[1]) BETWEEN 33 AND 126 AND ord({text}[-1]) BETWEEN 33 AND 126"
    return f"CASE WHEN {kept} THEN {text} ELSE trim({text}, {quote(EDGE_CHARACTERS)}) END"


def present(text: str) -> str:
    """SQL for a trimmed value (:func:`trimmed`, computed in an inner query so that it is
    computed once), NULL when empty or it says "no value" (:data:`NO_VALUE_WORDS`: N/A,
    null, -, ...); a value longer than every such word is not lower-cased to compare."""
    words = ", ".join(quote(w) for w in sorted(NO_VALUE_WORDS))
    longest = max(map(len, NO_VALUE_WORDS))
    # list_contains, not IN: DuckDB plans an IN list as a join over every row, while a
    # function in a CASE branch runs only on the rows that reach it.
    return (
        f"CASE WHEN length({text}) > {longest} THEN {text} "
        f"WHEN NOT list_contains([{words}], lower({text})) THEN {text} END"
    )


def may_have_zone(text: str) -> str:
    """SQL true for every value :data:`ZONE_SUFFIX` can match (a ":" and after it a Z, "+" or
    "-"): a cheap test that spares the regular expressions on plain dates and times."""
    return f"({text} LIKE '%:%Z' OR {text} LIKE '%:%+%' OR {text} LIKE '%:%-%')"


def typed_value(column: Column, limits: Limits) -> str:
    """SQL turning ``r_c`` into the column's type (NULL when it does not read)."""
    text = raw(column.name)
    if column.type in (ColumnType.INTEGER, ColumnType.NUMBER):
        return f"CASE WHEN regexp_full_match({text}, {quote(NUMBER)}) THEN TRY_CAST({text} AS DOUBLE) END"
    if column.type in (ColumnType.DATE, ColumnType.TIMESTAMP):
        # A time with a zone (…Z, …+08:00) is converted to the shop's local time; an offset
        # that does not exist (+25:00) makes the value unreadable rather than moving the day.
        with_seconds = f"regexp_replace({text}, '(^|[ T])([0-9]{{1,2}}:[0-9]{{2}}) ?([Z+-])', '\\1\\2:00\\3')"
        stamp = (
            f"CASE WHEN NOT {may_have_zone(text)} THEN TRY_CAST({text} AS TIMESTAMP) "
            f"WHEN regexp_matches({text}, {quote(VALID_ZONE)}) "
            f"THEN timezone({quote(limits.timezone)}, TRY_CAST({with_seconds} AS TIMESTAMPTZ)) "
            f"WHEN regexp_matches({text}, {quote(ZONE_SUFFIX)}) THEN NULL "
            f"ELSE TRY_CAST({text} AS TIMESTAMP) END"
        )
        if limits.date_formats:
            formats = "[" + ", ".join(quote(f) for f in limits.date_formats) + "]"
            stamp = f"coalesce({stamp}, try_strptime({text}, {formats}))"
        return f"CAST({stamp} AS DATE)" if column.type is ColumnType.DATE else stamp
    if column.choices:
        return f"lower({text})"
    return text


def column_rules(column: Column, limits: Limits) -> list[Rule]:
    """Rules for one column, in the order a person should read about them."""
    name, text, value = column.name, raw(column.name), ident(column.name)
    rules = []
    if column.required:
        rules.append(Rule("missing_required", name, f"{text} IS NULL", text))
    if column.type in (ColumnType.INTEGER, ColumnType.NUMBER):
        rules.append(
            Rule("not_a_number", name, f"{text} IS NOT NULL AND ({value} IS NULL OR NOT isfinite({value}))", text)
        )
        rules.append(Rule("too_large", name, f"abs({value}) > {LARGEST_EXACT}", text, quote(f"{LARGEST_EXACT:,}")))
        if column.type is ColumnType.INTEGER:
            rules.append(Rule("not_an_integer", name, f"{value} <> round({value})", text))
        if column.minimum is not None:
            op = "<=" if column.exclusive_minimum else "<"
            bound = f"> {column.minimum:g}" if column.exclusive_minimum else f"{column.minimum:g}"
            rules.append(Rule("below_minimum", name, f"{value} {op} {column.minimum}", text, quote(bound)))
        if column.maximum is not None:
            rules.append(Rule("above_maximum", name, f"{value} > {column.maximum}", text, quote(f"{column.maximum:g}")))
    elif column.type in (ColumnType.DATE, ColumnType.TIMESTAMP):
        earliest, latest = limits.earliest.isoformat(), limits.latest.isoformat(sep=" ", timespec="seconds")
        bad_zone = (
            f"CASE WHEN {may_have_zone(text)} THEN regexp_matches({text}, {quote(ZONE_SUFFIX)}) "
            f"AND NOT regexp_matches({text}, {quote(VALID_ZONE)}) ELSE false END"
        )
        if column.planned:  # a planned event's date: as far ahead as the planned horizon
            horizon = limits.planned_latest.isoformat()
            ahead = Rule("beyond_horizon", name, f"{value} > DATE {quote(horizon)}", text, quote(horizon))
        else:  # what has happened: not after the import (and its small tolerance)
            ahead = Rule("in_future", name, f"{value} > TIMESTAMP {quote(latest)}", text, quote(latest))
        rules += [
            Rule("bad_time_zone", name, bad_zone, text),
            Rule("not_a_date", name, f"{text} IS NOT NULL AND {value} IS NULL AND NOT ({bad_zone})", text),
            Rule("too_early", name, f"{value} < DATE {quote(earliest)}", text, quote(earliest)),
            ahead,
        ]
    if column.type is ColumnType.TEXT and not column.pseudonymised:
        longest = limits.max_text_length if column.free_text else limits.max_code_length
        shown = f"left({text}, 40) || '…'"
        rules.append(Rule("too_long", name, f"length({text}) > {longest}", shown, quote(str(longest))))
    if column.is_code:
        rules.append(Rule("invisible_characters", name, f"regexp_matches({text}, {quote(INVISIBLE)})", text))
        # Only a value with a character beyond ASCII (more characters than bytes) can mix scripts.
        mixed = f"CASE WHEN strlen({text}) <> length({text}) THEN regexp_matches({text}, {quote(MIXED_SCRIPT)}) END"
        rules.append(Rule("lookalike_characters", name, mixed, text))
    if column.choices:
        choices = ", ".join(quote(c) for c in column.choices)
        rules.append(Rule("not_a_choice", name, f"{value} NOT IN ({choices})", text, quote(", ".join(column.choices))))
    if column.references:
        key = TABLES[column.references].key
        rules.append(
            Rule(
                "unknown_reference",
                name,
                f"{text} IS NOT NULL AND {text} NOT IN (SELECT {ident(key)} FROM {ident(column.references)})",
                text,
                quote(column.references),
            )
        )
    return rules


def table_rules(table: Table, limits: Limits) -> list[Rule]:
    rules = [rule for column in table.columns for rule in column_rules(column, limits)]
    for first, second in table.after:
        rules.append(
            Rule(
                "out_of_order",
                first,
                f"CAST({ident(first)} AS TIMESTAMP) > CAST({ident(second)} AS TIMESTAMP)",
                raw(first),
                f"{quote(second + ' ')} || {raw(second)}",
            )
        )
    return rules


def all_pass(rules: list[Rule]) -> str:
    """SQL true when a row breaks none of the rules."""
    return "NOT (" + " OR ".join(f"coalesce({r.condition}, false)" for r in rules) + ")"


def problem_list(rules: list[Rule]) -> str:
    """SQL for the list of problems of a row, as structs (code, field, value, limit)."""
    items = ", ".join(
        f"CASE WHEN coalesce({r.condition}, false) THEN {{'code': {quote(r.code)}, "
        f"'field': {quote(r.field)}, 'value': CAST({r.value} AS VARCHAR), 'limit': {r.limit}}} END"
        for r in rules
    )
    return f"list_filter([{items}], p -> p IS NOT NULL)"
