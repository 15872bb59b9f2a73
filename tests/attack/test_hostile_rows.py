"""Hostile rows for every canonical table, in every format (issue 11, R-DATA-3, R-DATA-5).

Hypothesis writes files whose cells mix valid values with what a careless export or
an attacker puts there: "no value" words, numbers no storage holds, impossible offsets,
blanks and invisible characters, look-alike codes, markup, formulas, SQL, traversal,
huge values, and personal data in many spellings. Whatever the mix, an import must not
raise, must account for every row (accepted + quarantined = received = rows written),
must store no planted secret in clear (tables or quarantine), no code with invisible
characters, and must change nothing when the same file is sent again.
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attack_tally import tally
from conftest import make_settings, write_master_data
from stockpilot.adapters.importers.checks import INVISIBLE
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.domain.model import TABLES, ColumnType
from stockpilot.services.importing import import_file

SECRETS = (
    "chan.tai.man@example.com",
    "ｗｏｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    "+852 9123 4567",
    "9876-5432",
    "６１２３ ４５６７",
    "5123.4567",
    "A123456(3)",
    "Ｃ６６８６６８（９）",
    "4111 1111 1111 1111",
    "5500-0000-0000-0004",
)
"""Personal data written the ways people write it; none may reach the database in clear."""
PHONES = SECRETS[2:6]
"""Phone numbers: a store's own phone may stay in its delivery address (``Column.business_text``,
domain/privacy.py BUSINESS_TEXT_KINDS); everything else planted there is still masked."""

HOSTILE = (
    *("N/A", "null", "None", "nan", "-", "#N/A", "不適用", ""),
    *("1_000", "1e20", "-1e300", "9007199254740993", "inf", "0x1F", "1,5", "３"),
    *("\t", "\n", "\u200b", "\u3000", " \u00a0 "),
    *("S\u200bKU1", "SKU\u202e1", "\ufeffSKU1", "ＳＫＵ１", "SКU1", "e\u0301"),
    *("2026-03-02 10:00:00+25:00", "2026-03-02T10:00-99:99", "2026-02-30", "9999-12-31", "1970-01-01"),
    *("[/bold]", "[red]x[/red]", '=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-2+3"),
    *('" OR 1=1 --', "x'), ('y", "../../etc/passwd", "C:\\Windows\\win.ini"),
    *("'; DROP TABLE sales; --", "1;2;3;4;5;6;7;8;9", "a|b|c|d|e|f|g|h", "\t\t\t\t\t\t\t"),
    *("E" * 300, "😀", "陳大文", "Mr Chan Tai Man"),
    *SECRETS,
)

VALID = {
    "location_id": ("ST01", "WH"),
    "sku": ("SKU1", "SKU2", "SKU3"),
    "kind": ("store", "warehouse"),
    "status": ("open", "closed"),
}
FORMATS = ("csv", "xlsx", "parquet", "jsonl")
ATTACK = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def valid_value(column: str, kind: ColumnType) -> st.SearchStrategy[str]:
    if column in VALID:
        return st.sampled_from(VALID[column])
    if kind is ColumnType.DATE:
        return st.dates().filter(lambda d: 2020 <= d.year <= 2025).map(str)
    if kind is ColumnType.TIMESTAMP:
        return st.sampled_from(["2025-03-02 10:15:00", "2025-03-02T02:15:00Z", "2025-03-03"])
    if kind in (ColumnType.NUMBER, ColumnType.INTEGER):
        return st.integers(1, 50).map(str)
    return st.text("ABCDEFGH0123456789-", min_size=1, max_size=8)


@st.composite
def hostile_file(draw: st.DrawFn) -> tuple[str, str, list[str], list[dict[str, str | None]]]:
    table = draw(st.sampled_from(sorted(TABLES)))
    columns = list(TABLES[table].columns)
    rows = []
    for number in range(draw(st.integers(1, 12))):
        row: dict[str, str | None] = {}
        for column in columns:
            row[column.name] = draw(
                st.one_of(st.sampled_from(HOSTILE), valid_value(column.name, column.type))
                if draw(st.booleans())
                else valid_value(column.name, column.type)
            )
        row[TABLES[table].key] = row[TABLES[table].key] or f"K{number}"  # no row entirely blank
        rows.append(row)
    return table, draw(st.sampled_from(FORMATS)), [c.name for c in columns], rows


def write_file(folder: Path, table: str, fmt: str, header: list[str], rows: list[dict[str, str | None]]) -> Path:
    path = folder / f"{table}.{fmt}"
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([r[c] for c in header] for r in rows)
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    elif fmt == "parquet":
        pq.write_table(pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in header}), path)
    else:
        book = xlsxwriter.Workbook(path, {"strings_to_formulas": False, "strings_to_numbers": False})
        sheet = book.add_worksheet()
        for j, name in enumerate(header):
            sheet.write_string(0, j, name)
        for i, row in enumerate(rows, start=1):
            for j, name in enumerate(header):
                if row[name]:
                    sheet.write_string(i, j, row[name])
        book.close()
    return path


def planted_in_clear(db: Store) -> list[str]:
    """Every planted secret (as written, and in NFKC) found in any stored or quarantined text."""
    con = db.engine.connection
    kept_as_business = {c.name for t in TABLES.values() for c in t.columns if c.business_text}
    texts: list[str] = []
    business: list[str] = []
    for (raw,) in con.execute("SELECT raw FROM quarantine").fetchall():
        for name, value in json.loads(raw).items():
            (business if name in kept_as_business else texts).append(str(value))
    for table in TABLES.values():
        for business_text, into in ((False, texts), (True, business)):
            names = [
                f'"{c.name}"' for c in table.columns if c.type is ColumnType.TEXT and c.business_text == business_text
            ]
            if names:
                query = f'SELECT {", ".join(names)} FROM "{table.name}"'
                into += [v for row in con.execute(query).fetchall() for v in row if v]
    return sorted(_found(texts, SECRETS) | _found(business, tuple(s for s in SECRETS if s not in PHONES)))


def _found(texts: list[str], secrets: tuple[str, ...]) -> set[str]:
    """The secrets (as written, or in NFKC) found in ``texts``."""
    blob = "\n".join(texts)
    blob += unicodedata.normalize("NFKC", blob)
    return {form for s in secrets for form in (s, unicodedata.normalize("NFKC", s)) if form in blob}


def attack(root: Path, table: str, fmt: str, header: list[str], rows: list[dict[str, str | None]]) -> None:
    """Import the rows as a file of ``fmt`` into a new shop under ``root``, twice, and check
    every promise of the module docstring, counting what was tried and found."""
    run_settings = make_settings(root)
    with open_store(root / "shop.duckdb") as db:
        for master in write_master_data(root / "master"):
            import_file(db, master, run_settings)
        path = write_file(root, table, fmt, header, rows)
        tally(rows_tried=len(rows), files_tried=1)
        try:
            report = import_file(db, path, run_settings)
        except Exception:
            tally(crashes=1)
            raise
        lost = len(rows) - (report.accepted + report.quarantined)
        tally(rows_lost=abs(lost) + abs(report.received - len(rows)))
        assert report.received == len(rows) and lost == 0, report.to_dict()
        found = planted_in_clear(db)
        tally(planted_secrets_found_in_clear=len(found))
        assert not found, found
        key = TABLES[table].key
        codes = db.engine.connection.execute(
            f'SELECT count(*) FROM "{table}" WHERE regexp_matches("{key}", ?)', [INVISIBLE]
        ).fetchone()[0]
        assert codes == 0
        again = import_file(db, path, run_settings)
        assert (again.received, again.accepted, again.to_dict()["new"]) == (len(rows), report.accepted, 0)


@ATTACK
@given(generated=hostile_file())
def test_no_hostile_file_crashes_loses_a_row_or_keeps_a_secret(generated) -> None:
    with tempfile.TemporaryDirectory() as folder:
        attack(Path(folder), *generated)


BULK_ROWS = {"csv": 10_000, "jsonl": 4_000, "parquet": 4_000, "xlsx": 300}
"""Rows of each large file: every hostile value meets every column many times over."""


def _plain(column: str, kind: ColumnType, rng: random.Random) -> str:
    """A valid value, drawn the way :func:`valid_value` draws one."""
    if column in VALID:
        return rng.choice(VALID[column])
    if kind is ColumnType.DATE:
        return f"202{rng.randint(0, 5)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind is ColumnType.TIMESTAMP:
        return rng.choice(["2025-03-02 10:15:00", "2025-03-02T02:15:00Z", "2025-03-03"])
    if kind in (ColumnType.NUMBER, ColumnType.INTEGER):
        return str(rng.randint(1, 50))
    return "".join(rng.choices("ABCDEFGH0123456789-", k=rng.randint(1, 8)))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", sorted(TABLES))
def test_a_large_hostile_file_of_every_table_and_format(tmp_path, table, fmt) -> None:
    """Thousands of rows where each cell is hostile one time in three (seeded per table and format)."""
    rng = random.Random(f"{table}-{fmt}")
    columns = TABLES[table].columns
    rows = []
    for number in range(BULK_ROWS[fmt]):
        row = {c.name: rng.choice(HOSTILE) if rng.random() < 1 / 3 else _plain(c.name, c.type, rng) for c in columns}
        row[TABLES[table].key] = row[TABLES[table].key] or f"K{number}"
        rows.append(row)
    attack(tmp_path, table, fmt, [c.name for c in columns], rows)
