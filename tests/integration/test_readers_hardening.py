"""The file readers (adapters/importers/readers.py) against files as shops really send them.

Encodings with and without byte-order marks, every kind of line ending, delimiters
told by the header alone, an import killed while its decoded scratch copy exists,
hostile Parquet column names, records spread over several chunks and file names
that look like glob patterns. Each test imports into the two-store shop of
``shop_db`` (or reads with ``read_source`` where that is clearer) and checks where
every row went: received = accepted + quarantined, nothing lost.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import signal
import time
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import count_rows, quarantine
from killed_import import start_import
from stockpilot.adapters.importers import readers
from stockpilot.adapters.importers.profiles import ProfileError
from stockpilot.adapters.importers.readers import UnreadableFileError, read_source
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.services.importing import import_file

SALES_HEADER = "event_id,occurred_at,location_id,sku,quantity"
PRODUCTS_HEADER = "sku,name_en,name_zh,unit_price"
# Three products with Chinese names; C2's price is negative (quarantined), C4 is cut short.
PRODUCT_LINES = [
    "C1,Dried tangerine peel,陳皮,30",
    "C2,Vitasoy,維他奶,-1",
    "C3,Soy milk,豆漿,8",
    "C4,Short line",
]


# --- helpers ------------------------------------------------------------------------------


def check_counts(report, received: int, accepted: int, quarantined: int) -> None:
    assert (report.received, report.accepted, report.quarantined) == (received, accepted, quarantined), report.to_dict()
    assert report.accepted + report.quarantined == report.received


def codes(db: Store, import_id: int) -> list[tuple[int, str]]:
    return [(n, code) for n, code, _ in quarantine(db, import_id)]


def products(db: Store, prefix: str) -> dict[str, tuple]:
    rows = db.engine.connection.execute(
        "SELECT sku, name_en, name_zh, unit_price FROM products WHERE sku LIKE ? ORDER BY sku", [f"{prefix}%"]
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def sales(db: Store) -> dict[str, tuple]:
    rows = db.engine.connection.execute("SELECT event_id, occurred_at, sku, quantity, unit_price FROM sales").fetchall()
    return {r[0]: r[1:] for r in rows}


def stored_tables(db: Store) -> list[str]:
    return [
        name
        for (name,) in db.engine.connection.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary "
            "ORDER BY 1"
        ).fetchall()
    ]


def runs(db: Store) -> int:
    return db.engine.connection.execute("SELECT count(*) FROM import_runs").fetchone()[0]


def check_chinese_products(db: Store, report, label: str) -> None:
    """PRODUCT_LINES arrived: C1 and C3 stored with their names, C2 and C4 quarantined."""
    check_counts(report, 4, 2, 2)
    assert report.encoding == label
    assert products(db, "C") == {
        "C1": ("Dried tangerine peel", "陳皮", 30.0),
        "C3": ("Soy milk", "豆漿", 8.0),
    }
    assert quarantine(db, report.import_id) == [
        (3, "below_minimum", {"sku": "C2", "name_en": "Vitasoy", "name_zh": "維他奶", "unit_price": "-1"}),
        (5, "malformed_row", {"sku": "C4", "name_en": "Short line"}),
    ]


# --- 1. encodings -------------------------------------------------------------------------

BOM_ENCODINGS = [  # (codec, its BOM, the encoding reported, the line ending written)
    ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16", "\r\n"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16", "\n"),
    ("utf-32-le", codecs.BOM_UTF32_LE, "utf-32", "\n"),
    ("utf-32-be", codecs.BOM_UTF32_BE, "utf-32", "\r\n"),
    ("utf-8", codecs.BOM_UTF8, "utf-8-sig", "\r\n"),
]


@pytest.mark.parametrize(("codec", "bom", "label", "newline"), BOM_ENCODINGS, ids=[c[0] for c in BOM_ENCODINGS])
def test_a_byte_order_mark_names_the_encoding_and_chinese_names_survive(
    shop_db, settings, tmp_path, codec, bom, label, newline
):
    path = tmp_path / "products.csv"
    text = newline.join([PRODUCTS_HEADER, *PRODUCT_LINES]) + newline
    path.write_bytes(bom + text.encode(codec))
    check_chinese_products(shop_db, import_file(shop_db, path, settings), label)


@pytest.mark.parametrize("order", ["le", "be"])
def test_utf16_without_a_bom_is_refused_with_a_hint_and_imports_with_its_encoding(shop_db, settings, tmp_path, order):
    path = tmp_path / "products.csv"
    path.write_bytes(("\r\n".join([PRODUCTS_HEADER, *PRODUCT_LINES]) + "\r\n").encode(f"utf-16-{order}"))
    before = runs(shop_db)
    with pytest.raises(UnreadableFileError) as caught:
        import_file(shop_db, path, settings)
    assert str(path) in str(caught.value)
    assert f"import it with --encoding utf-16-{order}" in str(caught.value)
    assert runs(shop_db) == before and products(shop_db, "C") == {}

    report = import_file(shop_db, path, settings, encoding=f"utf-16-{order}")
    check_chinese_products(shop_db, report, f"utf-16-{order}")


@pytest.mark.parametrize(
    ("bom", "codec", "given"),
    [(codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"), (codecs.BOM_UTF8, "utf-8", "utf-8")],
    ids=["utf-16-le", "utf-8"],
)
def test_a_bom_is_not_read_as_data_when_the_encoding_is_also_given(shop_db, settings, tmp_path, bom, codec, given):
    """``--encoding utf-16-le`` on a file that has its BOM anyway: the BOM is not part of
    the first header (which would then not be recognised) nor of a value."""
    path = tmp_path / "products.csv"
    path.write_bytes(bom + ("\n".join([PRODUCTS_HEADER, *PRODUCT_LINES]) + "\n").encode(codec))
    check_chinese_products(shop_db, import_file(shop_db, path, settings, encoding=given), given)


# --- 2. line endings ----------------------------------------------------------------------

# Line 2 good, 3 too few fields, 4 a bad number, 5 good, 6 too many fields, 7 good.
SALES_LINES = [
    SALES_HEADER,
    "L1,2024-03-01,ST01,SKU1,1",
    "L2,2024-03-01,ST01",
    "L3,2024-03-02,WH,SKU2,abc",
    "L4,2024-03-02,WH,SKU2,4",
    "L5,2024-03-03,ST01,SKU3,5,extra",
    "L6,2024-03-03,ST01,SKU3,6",
]


def _mixed(lines: list[str]) -> str:
    ends = ["\r\n", "\n", "\r", "\r\n", "\n", "\r", "\n"]
    return "".join(line + end for line, end in zip(lines, ends, strict=True))


LAYOUTS = {
    "lf": lambda lines: "\n".join(lines) + "\n",
    "crlf": lambda lines: "\r\n".join(lines) + "\r\n",
    "crlf_last_line_lf": lambda lines: "\r\n".join(lines[:-1]) + "\r\n" + lines[-1] + "\n",
    "cr_old_mac": lambda lines: "\r".join(lines) + "\r",
    "mixed": _mixed,
    "lf_no_final_newline": lambda lines: "\n".join(lines),
    "crlf_no_final_newline": lambda lines: "\r\n".join(lines),
    "cr_no_final_newline": lambda lines: "\r".join(lines),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_every_line_ending_gives_the_same_records_rejects_and_line_numbers(tmp_path, layout, encoding):
    path = tmp_path / "sales.csv"
    path.write_bytes(LAYOUTS[layout](SALES_LINES).encode(encoding))  # Python's utf-16 writes a BOM
    con = duckdb.connect()
    source = read_source(con, path)
    assert source.columns == SALES_HEADER.split(",")
    assert (source.rows, source.received, source.mixed_encoding) == (4, 6, False)
    # A rejected line is its text alone (no line break of its own or of the line before), split into fields.
    assert [(r.row, r.raw, r.fields) for r in source.rejects] == [
        (3, "L2,2024-03-01,ST01", ["L2", "2024-03-01", "ST01"]),
        (6, "L5,2024-03-03,ST01,SKU3,5,extra", ["L5", "2024-03-03", "ST01", "SKU3", "5", "extra"]),
    ]
    assert con.execute("SELECT _rec, _row, event_id, sku, quantity FROM _src ORDER BY _rec").fetchall() == [
        (1, 2, "L1", "SKU1", "1"),
        (2, 4, "L3", "SKU2", "abc"),  # no line break is left in the last field
        (3, 5, "L4", "SKU2", "4"),
        (4, 7, "L6", "SKU3", "6"),
    ]
    con.close()


@pytest.mark.parametrize("layout", ["crlf", "cr_old_mac", "mixed"])
def test_rows_of_any_line_ending_are_stored_or_quarantined_under_their_line(shop_db, settings, tmp_path, layout):
    path = tmp_path / "sales.csv"
    path.write_bytes(LAYOUTS[layout](SALES_LINES).encode("utf-8"))
    report = import_file(shop_db, path, settings)
    check_counts(report, 6, 3, 3)
    assert report.malformed == 2
    assert quarantine(shop_db, report.import_id) == [
        (3, "malformed_row", {"event_id": "L2", "occurred_at": "2024-03-01", "location_id": "ST01"}),
        (
            4,
            "not_a_number",
            {"event_id": "L3", "occurred_at": "2024-03-02", "location_id": "WH", "sku": "SKU2", "quantity": "abc"},
        ),
        (
            6,
            "malformed_row",
            {"event_id": "L5", "occurred_at": "2024-03-03", "location_id": "ST01", "sku": "SKU3", "quantity": "5"},
        ),
    ]
    assert sales(shop_db) == {
        "L1": (dt.datetime(2024, 3, 1), "SKU1", 1.0, None),
        "L4": (dt.datetime(2024, 3, 2), "SKU2", 4.0, None),
        "L6": (dt.datetime(2024, 3, 3), "SKU3", 6.0, None),
    }


HEADER_ONLY = {
    "lf": SALES_HEADER.encode() + b"\n",
    "crlf": SALES_HEADER.encode() + b"\r\n",
    "no_newline": SALES_HEADER.encode(),
    "cr": SALES_HEADER.encode() + b"\r",
    "utf8_bom_crlf": codecs.BOM_UTF8 + SALES_HEADER.encode() + b"\r\n",
    "utf16_crlf": (SALES_HEADER + "\r\n").encode("utf-16"),
}


def test_a_file_with_only_its_header_receives_no_row(shop_db, settings, tmp_path):
    for number, (name, data) in enumerate(HEADER_ONLY.items(), start=1):
        path = tmp_path / f"sales_{name}.csv"
        path.write_bytes(data)
        report = import_file(shop_db, path, settings)
        check_counts(report, 0, 0, 0)
        assert (report.profile, report.format) == ("canonical-sales", "csv"), name
        assert runs(shop_db) == 2 + number  # the two master files, then one run each
    assert count_rows(shop_db, "sales") == 0 and count_rows(shop_db, "quarantine") == 0


EMPTY = {
    "bom_utf8.csv": codecs.BOM_UTF8,
    "bom_utf16_le.csv": codecs.BOM_UTF16_LE,
    "bom_utf16_be.csv": codecs.BOM_UTF16_BE,
    "bom_utf32_le.csv": codecs.BOM_UTF32_LE,
    "bom_utf8_then_blanks.csv": codecs.BOM_UTF8 + b" \r\n\t\r\n",
    "utf16_blanks.csv": " \r\n\t\n\u3000\n".encode("utf-16"),
    "crlf_blanks.csv": b"\r\n\r\n  \r\n",
    "cr_blanks.csv": b"\r\r\r",
    "bom_utf8.jsonl": codecs.BOM_UTF8,
    "utf16_blanks.jsonl": "\n \n".encode("utf-16"),
}


def test_a_file_of_only_a_bom_or_white_space_is_empty_not_a_crash(shop_db, settings, tmp_path):
    messages = {}
    for name, data in EMPTY.items():
        path = tmp_path / f"sales_{name}"
        path.write_bytes(data)
        with pytest.raises(UnreadableFileError) as caught:
            import_file(shop_db, path, settings)
        messages[name] = str(caught.value)
    assert messages == {name: f"{tmp_path / f'sales_{name}'}: the file is empty" for name in EMPTY}
    assert runs(shop_db) == 2 and count_rows(shop_db, "quarantine") == 0


# --- 3. delimiters ------------------------------------------------------------------------


def test_a_semicolon_file_is_read_by_semicolon(shop_db, settings, tmp_path):
    """European exports: ';' between fields, so ',' is free for decimals and text."""
    path = tmp_path / "products.csv"
    path.write_text(
        "sku;name_en;name_zh;unit_price\n"
        "D1;Oolong, loose leaf;烏龍茶;12.5\n"
        "D2;Tea, 2, 3, 4, 5;;8\n"
        "D3;Decimal comma;;12,5\n"  # line 4: "12,5" is not a number here
        "D4;Too;many;fields;9\n",  # line 5
        encoding="utf-8",
    )
    report = import_file(shop_db, path, settings)
    check_counts(report, 4, 2, 2)
    assert products(shop_db, "D") == {
        "D1": ("Oolong, loose leaf", "烏龍茶", 12.5),
        "D2": ("Tea, 2, 3, 4, 5", None, 8.0),
    }
    assert codes(shop_db, report.import_id) == [(4, "not_a_number"), (5, "malformed_row")]


def test_a_tab_separated_tsv_file_is_read_by_tab(shop_db, settings, tmp_path):
    path = tmp_path / "products.tsv"
    path.write_text(
        "sku\tname_en\tname_zh\tunit_price\nT1\tA, b; c | d\t維他奶\t12.5\nT2\tTea\t\t-8\nT3\tRice;5kg|bag\t\t40\n",
        encoding="utf-8",
    )
    report = import_file(shop_db, path, settings)
    check_counts(report, 3, 2, 1)
    assert products(shop_db, "T") == {"T1": ("A, b; c | d", "維他奶", 12.5), "T3": ("Rice;5kg|bag", None, 40.0)}
    assert codes(shop_db, report.import_id) == [(3, "below_minimum")]


HOSTILE_NAMES = [
    "a;b;c;d;e;f",
    "'; DROP TABLE sales; --",
    "x|y|z|w|v|u",
    ";;;;;;;;",
    "|;|;|;|;",
    "Box; 6 | 12 | 24; each",
]


def test_a_comma_file_full_of_semicolons_and_pipes_is_read_by_comma(shop_db, settings, tmp_path):
    """Every value holds more semicolons and pipes than its line has commas: the
    delimiter is told by the header line, where a quoted name full of semicolons does
    not count, so every value arrives whole."""
    rows = [f"H{i},{name},{i + 1}," for i, name in enumerate(HOSTILE_NAMES * 31)]
    path = tmp_path / "products.csv"
    path.write_text('sku,name_en,unit_price,"notes; a; b; c; d"\n' + "\n".join(rows) + "\n", encoding="utf-8")
    con = duckdb.connect()
    source = read_source(con, path)
    assert source.columns == ["sku", "name_en", "unit_price", "notes; a; b; c; d"]
    assert (source.rows, source.rejects) == (186, [])
    con.close()

    report = import_file(shop_db, path, settings)
    check_counts(report, 186, 186, 0)
    assert report.ignored_columns == ["notes; a; b; c; d"]
    assert products(shop_db, "H") == {f"H{i}": (name, None, float(i + 1)) for i, name in enumerate(HOSTILE_NAMES * 31)}
    assert count_rows(shop_db, "sales") == 0 and count_rows(shop_db, "products") == 3 + 186  # nothing dropped or run


# --- 4. no scratch copy outlives a killed import ------------------------------------------

KILL_ROWS = 300_000
KILL_MARK = "SCRATCHDATA"


def _scratch_fds(pid: int, folder: Path) -> list[tuple[str, int]]:
    """(link target, size) of each file the process holds open under ``folder`` that has
    no name there (``O_TMPFILE``, or unlinked)."""
    found = []
    fds = Path(f"/proc/{pid}/fd")
    try:
        entries = list(fds.iterdir())
    except OSError:
        return found
    for fd in entries:
        try:
            target = os.readlink(fd)
            if target.startswith(f"{folder}/") and target.endswith(" (deleted)"):
                found.append((target, os.stat(fd).st_size))
        except OSError:
            continue
    return found


def _run_child(tmp_path: Path, private_tmp: Path, db_path: Path, path: Path, settings, out: Path):
    return start_import(
        db_path,
        path,
        settings.privacy.pseudonym_key_file,
        tmp_path / "none.toml",
        env={**os.environ, "TMPDIR": str(private_tmp)},
        output=out.open("w"),
    )


@pytest.mark.skipif(not readers.USE_PROC_FD, reason="watches the child through /proc/<pid>/fd (Linux)")
def test_a_killed_import_leaves_no_decoded_copy_behind(tmp_path, settings, master_files):
    """A UTF-16 file is decoded into a scratch copy for DuckDB. The child is SIGKILLed
    while that copy holds data: the copy never had a name in the temporary folder,
    nothing under it holds a file afterwards, and the spill folder the dead process
    left (empty) is removed by the next import."""
    private_tmp = tmp_path / "private-tmp"
    private_tmp.mkdir()
    big = tmp_path / "sales_big.csv"
    body = SALES_HEADER + "\r\n" + "".join(f"{KILL_MARK}{i:07d},2024-03-01,ST01,SKU1,1\r\n" for i in range(KILL_ROWS))
    big.write_bytes(body.encode("utf-16"))
    db_path = tmp_path / "shop.duckdb"
    with open_store(db_path) as db:
        for master in master_files:
            assert import_file(db, master, settings).accepted > 0

    out = tmp_path / "child.out"
    child = _run_child(tmp_path, private_tmp, db_path, big, settings, out)
    seen: list[tuple[str, int]] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            seen = _scratch_fds(child.pid, private_tmp)
            if any(size >= 1 << 20 for _, size in seen):  # the copy holds at least 1 MiB of rows
                os.kill(child.pid, signal.SIGKILL)
                break
            time.sleep(0.001)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    log = out.read_text()
    assert child.returncode == -signal.SIGKILL, f"not killed while the scratch copy existed: {seen} {log[-2000:]}"
    assert "reading" in log.split() and "protecting" not in log.split() and "FINISHED" not in log, log[-2000:]
    ((target, size),) = [s for s in seen if s[1] >= 1 << 20]
    assert not os.path.lexists(target.removesuffix(" (deleted)")), target  # it never had a name

    # No file anywhere under tmp_path but the source holds the rows, decoded or not.
    marks = (KILL_MARK.encode("utf-8"), KILL_MARK.encode("utf-16-le"))
    holding = [p for p in tmp_path.rglob("*") if p.is_file() and p != big and any(m in p.read_bytes() for m in marks)]
    assert holding == []

    # Only the dead process's spill folder is left, and it is empty: no file anywhere.
    left = sorted(p.relative_to(private_tmp).as_posix() for p in private_tmp.rglob("*"))
    assert len(left) == 1 and left[0].startswith(f"{readers.SPILL_PREFIX}{child.pid}-"), left
    assert (private_tmp / left[0]).is_dir() and not any((private_tmp / left[0]).iterdir())

    # The next import (a small UTF-16 file, decoded the same way) removes that folder,
    # then its own at exit: the private temporary folder is empty again.
    small = tmp_path / "sales.csv"
    small.write_bytes(
        (SALES_HEADER + "\r\nK1,2024-03-01,ST01,SKU1,1\r\nK2,2024-03-01,ST01,SKU1,x\r\n").encode("utf-16")
    )
    second = _run_child(tmp_path, private_tmp, db_path, small, settings, out)
    assert second.wait(timeout=60) == 0, out.read_text()[-2000:]
    assert "FINISHED 2 1 1" in out.read_text()
    assert list(private_tmp.rglob("*")) == []
    with open_store(db_path) as db:  # the killed import stored nothing
        assert sales(db) == {"K1": (dt.datetime(2024, 3, 1), "SKU1", 1.0, None)}


# --- 5. Parquet column names --------------------------------------------------------------

HOSTILE_COLUMNS = [
    'a"b',
    '"',
    "it's",
    "'",
    "); DROP TABLE sales; --",
    '"); DROP TABLE products; --',
    "*",
    "read_text('/etc/passwd')",
    "(SELECT content FROM read_text('/etc/passwd'))",
    " ",
    "",
    "_rec",
    "_row",
]


def _passwd_lines() -> list[str]:
    try:
        return [line for line in Path("/etc/passwd").read_text().splitlines() if len(line) > 8]
    except OSError:
        return []


def test_hostile_parquet_column_names_execute_nothing_and_leak_nothing(shop_db, settings, tmp_path):
    good = {
        "event_id": ["V1", "V2", "V3"],
        "occurred_at": ["2024-03-01", "2024-03-02", "not a date"],
        "location_id": ["ST01", "WH", "ST01"],
        "sku": ["SKU1", "SKU2", "SKU3"],
        "quantity": ["1", "2", "3"],
    }
    arrays = [pa.array(v) for v in good.values()]
    arrays += [pa.array([f"v{i}-{j}" for j in range(3)]) for i in range(len(HOSTILE_COLUMNS))]
    path = tmp_path / "sales.parquet"
    pq.write_table(pa.Table.from_arrays(arrays, names=[*good, *HOSTILE_COLUMNS]), path)
    tables_before = stored_tables(shop_db)

    con = duckdb.connect()
    source = read_source(con, path)
    assert source.rows == 3 and source.received == 3
    # Each hostile name is kept as it is (DuckDB renames the empty one, the reader the reserved ones).
    assert source.columns == [*good, *HOSTILE_COLUMNS[:10], "C15", "_rec_1", "_row_1"]
    assert con.execute(
        'SELECT _rec, _row, "a""b", "*", "read_text(\'/etc/passwd\')" FROM _src ORDER BY 1'
    ).fetchall() == [
        (1, 1, "v0-0", "v6-0", "v7-0"),
        (2, 2, "v0-1", "v6-1", "v7-1"),
        (3, 3, "v0-2", "v6-2", "v7-2"),
    ]
    con.close()

    report = import_file(shop_db, path, settings)
    check_counts(report, 3, 2, 1)
    assert report.ignored_columns == [*HOSTILE_COLUMNS[:10], "C15", "_rec_1", "_row_1"]
    assert sales(shop_db) == {
        "V1": (dt.datetime(2024, 3, 1), "SKU1", 1.0, None),
        "V2": (dt.datetime(2024, 3, 2), "SKU2", 2.0, None),
    }
    assert quarantine(shop_db, report.import_id) == [  # the hostile columns are kept nowhere
        (
            3,
            "not_a_date",
            {"event_id": "V3", "occurred_at": "not a date", "location_id": "ST01", "sku": "SKU3", "quantity": "3"},
        )
    ]
    assert count_rows(shop_db, "products") == 3 and count_rows(shop_db, "locations") == 2
    assert stored_tables(shop_db) == tables_before

    # A file of nothing but hostile names fits no profile: the error names columns, never a file's content.
    only_hostile = tmp_path / "sales_hostile.parquet"
    pq.write_table(
        pa.Table.from_arrays([pa.array(["x"]) for _ in HOSTILE_COLUMNS], names=HOSTILE_COLUMNS), only_hostile
    )
    with pytest.raises(ProfileError) as caught:
        import_file(shop_db, only_hostile, settings)
    message = str(caught.value)
    assert "no import profile fits the columns" in message
    stored = [v for (v,) in shop_db.engine.connection.execute("SELECT raw FROM quarantine").fetchall()]
    for line in _passwd_lines():
        assert line not in message and all(line not in v for v in stored)
    assert "root:x:" not in message and count_rows(shop_db, "sales") == 2


# --- 6. chunk boundaries ------------------------------------------------------------------


def _sale(i: int, **changes) -> dict:
    return {
        "event_id": f"J{i}",
        "occurred_at": "2024-03-01",
        "location_id": "ST01",
        "sku": "SKU1",
        "quantity": i,
        **changes,
    }


def test_jsonl_across_chunks_keeps_every_record_and_its_line(shop_db, settings, tmp_path, monkeypatch):
    """Chunks of 7 records: unit_price first appears in chunk 2, note in chunk 3; bad
    records sit on both sides of the first boundary and blank lines are counted."""
    monkeypatch.setattr(readers, "CHUNK_ROWS", 7)
    lines = [
        json.dumps(_sale(1)),  # line 1, record 1
        json.dumps(_sale(2)),
        "",  # line 3: blank
        json.dumps(_sale(3)),
        json.dumps(_sale(4)),
        json.dumps(_sale(5)),
        json.dumps(_sale(6)),  # line 7
        json.dumps(_sale(7, quantity="abc")),  # line 8: record 7, the last of chunk 1
        '{"event_id": "J-cut", "quantity": ',  # line 9: not JSON
        json.dumps(_sale(8, sku="NOPE")),  # line 10: record 8, the first of chunk 2
        "   ",  # line 11: blank
        "[1, 2]",  # line 12: not an object
        json.dumps(_sale(9)),  # line 13
        *[json.dumps(_sale(i, unit_price=2.5)) for i in range(10, 15)],  # lines 14-18: chunk 2 ends at J14
        json.dumps(_sale(15, unit_price=3, note="first note")),  # line 19: chunk 3
        json.dumps(_sale(16, unit_price=-1)),  # line 20: below the minimum
        *[json.dumps(_sale(i)) for i in range(17, 23)],  # lines 21-26
    ]
    path = tmp_path / "sales.jsonl"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    con = duckdb.connect()
    source = read_source(con, path)
    assert (source.rows, len(source.rejects), source.received) == (22, 2, 24)
    assert [(r.row, r.raw) for r in source.rejects] == [(9, lines[8]), (12, "[1, 2]")]
    assert source.columns == ["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price", "note"]
    rows = con.execute("SELECT _rec, _row, event_id, unit_price, note FROM _src ORDER BY _rec").fetchall()
    con.close()
    assert [r[1] for r in rows] == [1, 2, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16, 17, 18, 19, 20, *range(21, 27)]
    assert [r[0] for r in rows] == list(range(1, 23))
    assert rows[8] == (9, 13, "J9", None, None) and rows[14] == (15, 19, "J15", "3", "first note")

    report = import_file(shop_db, path, settings)
    check_counts(report, 24, 19, 5)
    assert report.ignored_columns == ["note"]
    assert codes(shop_db, report.import_id) == [
        (8, "not_a_number"),
        (9, "malformed_row"),
        (10, "unknown_reference"),
        (12, "malformed_row"),
        (20, "below_minimum"),
    ]
    stored = sales(shop_db)
    assert set(stored) == {f"J{i}" for i in range(1, 23)} - {"J7", "J8", "J16"}
    assert {k: v[3] for k, v in stored.items() if v[3] is not None} == {
        **{f"J{i}": 2.5 for i in range(10, 15)},
        "J15": 3.0,
    }
    assert stored["J22"] == (dt.datetime(2024, 3, 1), "SKU1", 22.0, None)


def test_xlsx_across_chunks_keeps_every_row_and_its_sheet_row(shop_db, settings, tmp_path, monkeypatch):
    """Chunks of 7 rows, header on sheet row 1: unit_price has its first value in
    chunk 2, an unnamed column appears right of the header in chunk 3, empty rows are
    skipped but counted, and bad rows sit on both sides of the first boundary."""
    monkeypatch.setattr(readers, "CHUNK_ROWS", 7)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price"])  # row 1
    expected_rows = {}
    for i in range(1, 23):
        row = [f"X{i}", dt.datetime(2024, 3, i), "ST01", "SKU1", i, None]
        if i == 7:
            row[4] = "abc"  # the last record of chunk 1
        if i == 8:
            row[3] = "NOPE"  # the first record of chunk 2
        if i >= 10:
            row[5] = 2.5
        if i == 16:
            row[5] = -1
        if i >= 15:
            row.append(f"extra {i}")  # right of the header: column_7
        sheet.append(row)
        expected_rows[f"X{i}"] = sheet.max_row
        if i in (3, 12):
            sheet.append([None] * 6)  # an empty row: no record, but a row number
    path = tmp_path / "sales.xlsx"
    book.save(path)
    assert expected_rows["X3"] == 4 and expected_rows["X4"] == 6 and expected_rows["X22"] == 25

    con = duckdb.connect()
    source = read_source(con, path)
    assert (source.rows, source.received) == (22, 22)
    assert source.columns == ["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price", "column_7"]
    rows = con.execute("SELECT _rec, _row, event_id, unit_price, column_7 FROM _src ORDER BY _rec").fetchall()
    con.close()
    assert {e: r for _, r, e, _, _ in rows} == expected_rows
    assert rows[13] == (14, 17, "X14", "2.5", None) and rows[14] == (15, 18, "X15", "2.5", "extra 15")

    report = import_file(shop_db, path, settings)
    check_counts(report, 22, 19, 3)
    assert report.ignored_columns == ["column_7"]
    assert codes(shop_db, report.import_id) == [(9, "not_a_number"), (10, "unknown_reference"), (19, "below_minimum")]
    stored = sales(shop_db)
    assert len(stored) == 19
    assert stored["X9"] == (dt.datetime(2024, 3, 9), "SKU1", 9.0, None)
    assert stored["X10"] == (dt.datetime(2024, 3, 10), "SKU1", 10.0, 2.5)
    assert stored["X22"] == (dt.datetime(2024, 3, 22), "SKU1", 22.0, 2.5)


# --- 7. names that look like glob patterns ------------------------------------------------


def _sales_file(path: Path, ids: list[str], fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        n = len(ids)
        pq.write_table(
            pa.table(
                {
                    "event_id": ids,
                    "occurred_at": ["2024-03-01"] * n,
                    "location_id": ["ST01"] * n,
                    "sku": ["SKU1"] * n,
                    "quantity": ["1"] * n,
                }
            ),
            path,
        )
        return
    text = SALES_HEADER + "\n" + "".join(f"{i},2024-03-01,ST01,SKU1,1\n" for i in ids)
    path.write_bytes(text.encode("utf-16" if fmt == "utf-16 csv" else "utf-8"))


@pytest.mark.parametrize("fmt", ["csv", "utf-16 csv", "parquet"])
@pytest.mark.parametrize("proc_fd", [True, False], ids=["proc_fd", "plain_paths"])
def test_a_name_with_glob_characters_imports_only_itself(shop_db, settings, tmp_path, monkeypatch, fmt, proc_fd):
    """``shop[1]/sales[1]*.csv`` read as a pattern would match shop1/sales1.csv and
    shop1/sales1-old.csv. ``plain_paths`` is the reader without /proc/self/fd (macOS,
    Windows), run here by turning it off."""
    monkeypatch.setattr(readers, "USE_PROC_FD", proc_fd)
    suffix = ".parquet" if fmt == "parquet" else ".csv"
    target = tmp_path / "shop[1]" / f"sales[1]*{suffix}"
    _sales_file(target, ["G1", "G2"], fmt)
    for decoy in ("shop1/sales1", "shop1/sales1-old", "shop[1]/sales1", "shop[1]/sales1-old"):
        _sales_file(tmp_path / f"{decoy}{suffix}", [f"DECOY-{decoy}"], fmt)
    report = import_file(shop_db, target, settings)
    check_counts(report, 2, 2, 0)
    assert report.source == str(target)
    assert set(sales(shop_db)) == {"G1", "G2"}
    assert sorted(p.name for p in (tmp_path / "shop[1]").iterdir()) == sorted(
        [target.name, f"sales1{suffix}", f"sales1-old{suffix}"]
    )  # nothing made next to the file
