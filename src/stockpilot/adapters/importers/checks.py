"""Compile the canonical model's rules (domain/model.py) into DuckDB SQL.

Each canonical column ``c`` of a staged row has its text ``r_c`` (trimmed, empty
as NULL) and its typed value ``c``. Every rule is a condition that is true when
the row breaks it, paired with the problem code the clerk will read about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from stockpilot.domain.model import TABLES, Column, ColumnType, Table

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


ZONE_SUFFIX = r"[0-9]:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)$"


@dataclass(frozen=True)
class Limits:
    """How to read dates, and the bounds outside which they are impossible (settings:
    earliest_event_date, future_tolerance_days, timezone)."""

    earliest: dt.date
    latest: dt.datetime
    timezone: str = "Asia/Hong_Kong"
    date_formats: tuple[str, ...] = ()


def typed_value(column: Column, limits: Limits) -> str:
    """SQL turning ``r_c`` into the column's type (NULL when it does not read)."""
    text = raw(column.name)
    if column.type in (ColumnType.INTEGER, ColumnType.NUMBER):
        return f"TRY_CAST({text} AS DOUBLE)"
    if column.type in (ColumnType.DATE, ColumnType.TIMESTAMP):
        # A time with a zone (…Z, …+08:00) is converted to the shop's local time.
        stamp = (
            f"CASE WHEN regexp_matches({text}, {quote(ZONE_SUFFIX)}) "
            f"THEN timezone({quote(limits.timezone)}, TRY_CAST({text} AS TIMESTAMPTZ)) "
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
        rules += [
            Rule("not_a_date", name, f"{text} IS NOT NULL AND {value} IS NULL", text),
            Rule("too_early", name, f"{value} < DATE {quote(earliest)}", text, quote(earliest)),
            Rule("in_future", name, f"{value} > TIMESTAMP {quote(latest)}", text, quote(latest)),
        ]
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
