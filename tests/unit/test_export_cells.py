"""The safe export writer's parts: the CSV-injection rule, sheet names, safe file names, private
atomic files (stockpilot.adapters.exports)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import stat
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

from stockpilot.adapters.exports import (
    atomic_file,
    csv_cell,
    is_dangerous,
    make_folder,
    neutralise,
    safe_name,
    safe_names,
    sheet_name,
    target_path,
    write_batches,
    write_csv,
    write_xlsx,
)

ATTACKS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1+1", "＠SUM(A1)")
SNEAKY = (" =1+1", "\u3000=1", "\n+1", "\u200b=1", "\xa0@x", "﹦1+1", "-", "+", "-SKU")
HARMLESS = ("", "abc", "SKU-1", "2024-02-30", "'=1", "1+1", "a=b", "100%")
NUMBERS = ("-5", "-1.5", "+5", "0", "1e5", "-1e-05", ".5", "-.5", "5.")
BAD_IDS = ("../../evil", "a/b", "CON", "..", "\x00x", "x" * 300, ".", "", "a\\b", "nul.txt", "COM1", ".hidden", "a..b")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def unescape(value: object) -> str:
    """A cell's text as Excel shows it: XlsxWriter stores control characters as _xHHHH_ (OOXML ST_Xstring)."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m[1], 16)), "" if value is None else str(value))


@pytest.mark.parametrize("text", ATTACKS + SNEAKY)
def test_a_formula_prefix_gets_one_quote(text):
    assert is_dangerous(text)
    assert neutralise(text) == "'" + text
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS + NUMBERS)
def test_text_and_plain_numbers_are_left_alone(text):
    assert not is_dangerous(text)
    assert neutralise(text) == text


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (None, ""),
        (True, "true"),
        (-5, "-5"),
        (-1.5, "-1.5"),
        (float("-inf"), "-inf"),
        (dt.datetime(2024, 3, 1, 10), "2024-03-01 10:00:00"),
        (dt.date(2024, 3, 1), "2024-03-01"),
        (["=1", 2], '["=1", 2]'),
        ({"a": "=1"}, '{"a": "=1"}'),
        ("=1+1", "'=1+1"),
    ],
)
def test_csv_cell_writes_numbers_as_numbers_and_neutralises_text(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("P1-S1", "P1-S1"),
        ("P1-a/b[c]:*?\\", "P1-a_b_c_____"),
        ("x" * 40, "x" * 31),
        ("'quoted'", "quoted"),
        ("", "Sheet1"),
        ("History", "History_"),
        ("供應商" * 20, "供應商" * 10 + "供"),
    ],
)
def test_sheet_names_are_valid_for_excel(text, name):
    assert sheet_name(text) == name


def test_safe_names_stay_plain_distinct_and_readable():
    names = [safe_name(i, ".csv") for i in BAD_IDS]
    assert len(set(names)) == len(names)
    for name in names:
        stem = name.removesuffix(".csv")
        assert "/" not in name and "\\" not in name and "\x00" not in name and ".." not in name
        assert not name.startswith(".") and stem.split(".")[0].upper() not in {"CON", "NUL", "COM1"}
        assert len(name.encode("utf-8")) <= 255 and "~" in name  # every one of them had to change
    assert safe_name("S1", ".csv") == "S1.csv" and safe_name("供應商一") == "供應商一"
    assert safe_name("Ｓ1") != "S1" and safe_name("Ｓ1").startswith("S1~")  # NFKC, then told apart
    assert safe_name("a/b") == safe_name("a/b")  # stable


def test_safe_names_separate_ids_that_differ_only_in_case_or_share_a_label():
    names = safe_names(["S1", "s1", "S2"], ".csv")
    assert names["S2"] == "S2.csv" and len({n.casefold() for n in names.values()}) == 3
    sources = ["jan/sales.csv", "feb/sales.csv", "x/products.csv"]
    names = safe_names(sources, ".quarantine.csv", label=lambda s: Path(s).stem)
    assert names["x/products.csv"] == "products.quarantine.csv"
    assert names["jan/sales.csv"] != names["feb/sales.csv"]
    assert all(n.startswith("sales~") for s, n in names.items() if "sales" in s)


def test_target_path_refuses_to_leave_the_folder(tmp_path):
    for name in ("../x", "a/b", ".", "..", "", "x\x00"):
        with pytest.raises(ValueError):
            target_path(tmp_path, name)
    outside = tmp_path / "outside"
    outside.mkdir()
    inside = make_folder(tmp_path / "inside")
    (inside / "link.csv").symlink_to(outside / "link.csv")
    with pytest.raises(ValueError, match="outside"):
        target_path(inside, "link.csv")
    assert target_path(inside, "ok.csv") == inside / "ok.csv"


def test_folders_are_0700_and_files_0600_written_atomically(tmp_path):
    folder = make_folder(tmp_path / "a" / "b")
    assert mode(tmp_path / "a") == 0o700 and mode(folder) == 0o700
    path = write_csv(folder, "x.csv", ["a", "b"], [["=1", 2]])
    assert mode(path) == 0o600
    assert list(csv.reader(path.open(encoding="utf-8", newline=""))) == [["a", "b"], ["'=1", "2"]]
    with pytest.raises(RuntimeError), atomic_file(path, text=True) as handle:
        handle.write("half a fi")
        raise RuntimeError("crash")
    assert path.read_text(encoding="utf-8").startswith("a,b")  # the old file, untouched
    assert sorted(p.name for p in folder.iterdir()) == ["x.csv"]  # no temporary left behind


def test_a_crash_mid_stream_leaves_no_file(tmp_path):
    schema = pa.schema([("a", pa.string())])

    def batches():
        yield pa.record_batch([pa.array(["=1"])], schema=schema)
        raise RuntimeError("crash")

    with pytest.raises(RuntimeError):
        write_batches(pa.RecordBatchReader.from_batches(schema, batches()), tmp_path, "t.csv", "t.parquet")
    assert list(tmp_path.iterdir()) == []


def test_xlsx_has_no_formula_and_keeps_dangerous_text_as_text(tmp_path):
    rows = [[text, i, -1.5, None, True] for i, text in enumerate(ATTACKS + HARMLESS + NUMBERS)]
    path = write_xlsx(tmp_path, "x.xlsx", ["text", "n", "x", "none", "flag"], rows, sheet="P1-../evil")
    assert mode(path) == 0o600
    sheet = load_workbook(path, data_only=False).active
    assert sheet.title == "P1-.._evil"
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert all(c.data_type != "f" for c in cells)
    for row, source in zip(sheet.iter_rows(min_row=2), rows, strict=True):
        text, number = row[0], row[1]
        assert unescape(text.value) == source[0] and text.data_type in ("s", "n")
        assert text.quotePrefix == is_dangerous(source[0])
        assert number.data_type == "n" and number.value == source[1]


def test_streamed_tables_keep_numbers_and_times_and_neutralise_text(tmp_path):
    table = pa.table(
        {
            "text": ["=1+1", "-5", None],
            "n": pa.array([-5, None, 3], pa.int64()),
            "x": [-1.5, 24.0, None],
            "at": pa.array([dt.datetime(2024, 3, 1, 10), dt.datetime(2024, 3, 1, 10, 0, 0, 123000), None]),
            "day": [dt.date(2024, 3, 1), None, None],
            "flag": [True, False, None],
        }
    )
    rows = write_batches(
        pa.RecordBatchReader.from_batches(table.schema, table.to_batches(1)), tmp_path, "t.csv", "t.parquet"
    )
    assert rows == 3
    assert list(csv.reader((tmp_path / "t.csv").open(encoding="utf-8", newline=""))) == [
        ["text", "n", "x", "at", "day", "flag"],
        ["'=1+1", "-5", "-1.5", "2024-03-01 10:00:00", "2024-03-01", "true"],
        ["-5", "", "24", "2024-03-01 10:00:00.123000", "", "false"],
        ["", "3", "", "", "", ""],
    ]
    assert pq.read_table(tmp_path / "t.parquet").equals(table)  # Parquet is data: kept as it was
    assert mode(tmp_path / "t.csv") == 0o600 and mode(tmp_path / "t.parquet") == 0o600
