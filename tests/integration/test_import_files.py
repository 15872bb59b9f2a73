"""Importing real files of every supported format (R-DATA-2, R-DATA-3, R-DATA-5).

Each test writes a small file the way a shop's system would, imports it into
the ``shop_db`` fixture (locations ST01, WH; products SKU1..SKU3) and checks
the counts, the quarantine and what reached the database.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import zipfile

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import count_rows, quarantine
from stockpilot.adapters.importers.readers import UnreadableFileError
from stockpilot.adapters.storage.store import Store
from stockpilot.services.importing import import_file

SALES_HEADER = "event_id,occurred_at,location_id,sku,quantity,unit_price"


# --- helpers ------------------------------------------------------------------------------


def sales(db: Store) -> dict[str, tuple]:
    rows = db.engine.connection.execute(
        "SELECT event_id, occurred_at, location_id, sku, quantity, unit_price FROM sales"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def text_values(db: Store) -> list[tuple[str, str, str]]:
    """(table, column, value) for every non-NULL VARCHAR cell of every stored table."""
    con = db.engine.connection
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = 'main' "
        "AND data_type = 'VARCHAR' ORDER BY table_name, column_name"
    ).fetchall()
    assert any(t == "quarantine" and c == "raw" for t, c in columns)
    found = []
    for table, column in columns:
        for (value,) in con.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL').fetchall():
            found.append((table, column, value))
    return found


def leaks(db: Store, secrets: list[str]) -> list[tuple[str, str, str]]:
    return [(t, c, v) for t, c, v in text_values(db) if any(s in v for s in secrets)]


def check_counts(report, received: int, accepted: int, quarantined: int) -> None:
    summary = report.to_dict()
    assert (report.received, report.accepted, report.quarantined) == (
        received,
        accepted,
        quarantined,
    ), summary
    assert report.accepted + report.quarantined == report.received


# --- formats ------------------------------------------------------------------------------


def test_csv_utf8(shop_db, settings, tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text(
        f"{SALES_HEADER}\n"
        "S1,2024-03-01,ST01,SKU1,2,59.9\n"
        "S2,2024-03-01 18:45,ST01,SKU2,1,\n"
        "S3,2024-03-02,ST01,SKU3,abc,16\n"  # line 4: not a number
        "S4,2024-03-02,WH,SKU1,0,\n",
        encoding="utf-8",
    )
    report = import_file(shop_db, path, settings)
    check_counts(report, 4, 3, 1)
    assert report.encoding == "utf-8"
    assert [(n, code) for n, code, _ in quarantine(shop_db, report.import_id)] == [(4, "not_a_number")]
    stored = sales(shop_db)
    assert set(stored) == {"S1", "S2", "S4"}
    assert stored["S2"] == (dt.datetime(2024, 3, 1, 18, 45), "ST01", "SKU2", 1.0, None)


def test_csv_utf8_with_bom(shop_db, settings, tmp_path):
    """Excel's 'CSV UTF-8' starts with a byte-order mark: the first header still reads."""
    path = tmp_path / "sales.csv"
    body = f"{SALES_HEADER}\nB1,2024-03-01,ST01,SKU1,2,\nB2,2024-03-01,ST01,SKU2,-4,\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    report = import_file(shop_db, path, settings)
    check_counts(report, 2, 1, 1)
    assert report.encoding == "utf-8-sig"
    assert [(n, code) for n, code, _ in quarantine(shop_db, report.import_id)] == [(3, "below_minimum")]
    assert set(sales(shop_db)) == {"B1"}


def test_csv_big5_with_chinese_product_names(shop_db, settings, tmp_path):
    """A Hong Kong POS export in Big5(-HKSCS): the Chinese names arrive intact."""
    names = {"P10": "菠蘿包", "P11": "凍檸茶", "P12": "嘅㗎茶餐廳套餐", "P13": "香米"}
    rows = "".join(
        f"{sku},Item {sku},{zh},Bakery,3,{price}\n"
        for (sku, zh), price in zip(names.items(), ["8", "18", "45", "-1"], strict=False)
    )
    path = tmp_path / "products.csv"
    path.write_bytes(("sku,name_en,name_zh,category,unit_cost,unit_price\n" + rows).encode("big5hkscs"))
    report = import_file(shop_db, path, settings)
    check_counts(report, 4, 3, 1)  # P13 has a negative price
    assert report.encoding == "big5hkscs"
    stored = dict(
        shop_db.engine.connection.execute("SELECT sku, name_zh FROM products WHERE sku LIKE 'P1%'").fetchall()
    )
    assert stored == {k: v for k, v in names.items() if k != "P13"}
    ((row_number, code, raw),) = quarantine(shop_db, report.import_id)
    assert (row_number, code) == (5, "below_minimum")
    assert raw["name_zh"] == "香米"  # the original content, decoded


def test_xlsx(shop_db, settings, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price"])
    sheet.append(["X1", dt.datetime(2024, 3, 1, 10, 30), "ST01", "SKU1", 3, 59.9])  # row 2
    sheet.append(["X2", "2024-03-02", "ST01", "SKU2", "abc", None])  # row 3: bad quantity
    sheet.append([None] * 6)  # row 4: empty, not a record
    sheet.append(["X3", dt.date(2024, 3, 3), "WH", "SKU3", 2.0, 16])  # row 5
    sheet.append(["X4", dt.datetime(2024, 3, 3), "ST01", "NOPE", 1, None])  # row 6: unknown sku
    path = tmp_path / "sales.xlsx"
    book.save(path)
    report = import_file(shop_db, path, settings)
    check_counts(report, 4, 2, 2)
    assert report.format == "xlsx"
    assert [(n, code) for n, code, _ in quarantine(shop_db, report.import_id)] == [
        (3, "not_a_number"),
        (6, "unknown_reference"),
    ]
    stored = sales(shop_db)
    assert stored["X1"] == (dt.datetime(2024, 3, 1, 10, 30), "ST01", "SKU1", 3.0, 59.9)
    assert stored["X3"] == (dt.datetime(2024, 3, 3), "WH", "SKU3", 2.0, 16.0)


def test_parquet(shop_db, settings, tmp_path):
    table = pa.table(
        {
            "event_id": ["Q1", "Q2", "Q3", "Q4"],
            "occurred_at": pa.array(
                [dt.datetime(2024, 3, 1, 9), dt.datetime(2024, 3, 2), None, dt.datetime(2024, 3, 4)]
            ),
            "location_id": ["ST01", "ST01", "ST01", "WH"],
            "sku": ["SKU1", "SKU2", "SKU3", "SKU1"],
            "quantity": pa.array([1.0, 2.5, 3.0, 4.0]),
            "unit_price": pa.array([None, 12.5, 16.0, None]),
        }
    )
    path = tmp_path / "sales.parquet"
    pq.write_table(table, path)
    report = import_file(shop_db, path, settings)
    check_counts(report, 4, 3, 1)
    assert report.format == "parquet"
    assert [(n, code) for n, code, _ in quarantine(shop_db, report.import_id)] == [(3, "missing_required")]
    stored = sales(shop_db)
    assert stored["Q1"] == (dt.datetime(2024, 3, 1, 9), "ST01", "SKU1", 1.0, None)
    assert stored["Q2"][3:] == (2.5, 12.5)


def test_jsonl_with_an_invalid_json_line(shop_db, settings, tmp_path):
    lines = [
        json.dumps(
            {"event_id": "J1", "occurred_at": "2024-03-01", "location_id": "ST01", "sku": "SKU1", "quantity": 2}
        ),
        '{"event_id": "J2", "occurred_at": "2024-03-01", "quantity": ',  # line 2: cut short
        json.dumps(
            {
                "event_id": "J3",
                "occurred_at": "2024-03-02 12:00",
                "location_id": "WH",
                "sku": "SKU2",
                "quantity": 1.5,
                "unit_price": None,
            }
        ),
        json.dumps(
            {"event_id": "J4", "occurred_at": "2023-02-30", "location_id": "WH", "sku": "SKU2", "quantity": 1}
        ),  # line 4: impossible date
    ]
    path = tmp_path / "sales.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = import_file(shop_db, path, settings)
    check_counts(report, 4, 2, 2)
    assert report.format == "jsonl"
    q = quarantine(shop_db, report.import_id)
    assert [(n, code) for n, code, _ in q] == [(2, "malformed_row"), (4, "not_a_date")]
    assert q[0][2] == {"line": lines[1]}
    assert set(sales(shop_db)) == {"J1", "J3"}


def test_csv_rejects_of_one_import_do_not_leak_into_the_next(shop_db, settings, tmp_path):
    """Two CSV files imported one after the other on the same database: each import
    quarantines its own malformed lines, and only those."""
    first = tmp_path / "sales.csv"
    first.write_text(f"{SALES_HEADER}\nA1,2024-03-01,ST01,SKU1,1,\nA2,2024-03-01,ST01\n")
    second = tmp_path / "sales_next.csv"
    second.write_text(f"{SALES_HEADER}\nB1,2024-03-02,ST01,SKU1,1,\nB2,2024-03-02,ST01,SKU2,2,\n")
    one = import_file(shop_db, first, settings)
    check_counts(one, 2, 1, 1)
    two = import_file(shop_db, second, settings)
    assert quarantine(shop_db, two.import_id) == []
    check_counts(two, 2, 2, 0)


# --- files that cannot be read at all ----------------------------------------------------


def _xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["event_id", "occurred_at", "location_id", "sku", "quantity"])
    for i in range(50):
        sheet.append([f"E{i}", dt.datetime(2024, 3, 1), "ST01", "SKU1", i])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _parquet_bytes() -> bytes:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"event_id": [f"E{i}" for i in range(200)], "quantity": list(range(200))}), buffer)
    return buffer.getvalue()


def _xlsx_with_cut_member(member: str) -> bytes:
    """A valid zip container whose ``member`` XML was cut in half (a damaged workbook)."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name == member else data)
    return out.getvalue()


def _xlsx_with_corrupt_stream() -> bytes:
    """The sheet's compressed bytes overwritten in the middle (a damaged download)."""
    data = bytearray(_xlsx_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("xl/worksheets/sheet1.xml")
    # Local file header: 30 bytes, then the name and the extra field, then the data.
    name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length + info.compress_size // 3
    data[start : start + 40] = b"\xff" * 40
    return bytes(data)


UNREADABLE = {
    "truncated.parquet": lambda: _parquet_bytes()[: len(_parquet_bytes()) // 2],
    "truncated_tail.parquet": lambda: _parquet_bytes()[:-8],
    "truncated.xlsx": lambda: _xlsx_bytes()[: len(_xlsx_bytes()) // 2],
    "truncated_tail.xlsx": lambda: _xlsx_bytes()[:-40],
    "cut_sheet.xlsx": lambda: _xlsx_with_cut_member("xl/worksheets/sheet1.xml"),
    "cut_workbook.xlsx": lambda: _xlsx_with_cut_member("xl/workbook.xml"),
    "corrupt_stream.xlsx": _xlsx_with_corrupt_stream,
    "binary.csv": lambda: os.urandom(4096) + b"\x00",
    "spreadsheet_named.csv": _xlsx_bytes,
    "empty.csv": lambda: b"",
    "blank_lines.csv": lambda: b"\n \n\n",
    "empty.jsonl": lambda: b"",
    "empty.parquet": lambda: b"",
    "empty.xlsx": lambda: b"",
    "unknown.xls": lambda: b"event_id,quantity\nE1,1\n",
    "broken_array.json": lambda: b'[{"event_id": "E1"},',
    "unknown.xml": lambda: b"<sales/>",
    "unknown_no_extension": lambda: b"event_id,quantity\nE1,1\n",
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_files_raise_naming_the_file(shop_db, settings, tmp_path, name):
    stem, _, ext = name.rpartition(".")
    filename = f"sales_{stem}.{ext}" if stem else f"sales_{name}"
    path = tmp_path / filename
    path.write_bytes(UNREADABLE[name]())
    before = shop_db.engine.connection.execute("SELECT count(*) FROM import_runs").fetchone()
    with pytest.raises(UnreadableFileError) as caught:
        import_file(shop_db, path, settings)
    assert str(path) in str(caught.value)
    assert shop_db.engine.connection.execute("SELECT count(*) FROM import_runs").fetchone() == before
    assert count_rows(shop_db, "sales") == 0 and count_rows(shop_db, "quarantine") == 0


# --- privacy (R-DATA-5) ---------------------------------------------------------------------

PEOPLE = [("9123 4567", "Chan Tai Man"), ("6234-5678", "Wong Siu Ming"), ("+852 5345 6789", "Lee Ka Yan")]


def test_personal_data_columns_are_refused_and_stored_nowhere(shop_db, settings, tmp_path):
    path = tmp_path / "sales.csv"
    rows = [
        f"R1,2024-03-01,ST01,SKU1,1,{PEOPLE[0][0]},{PEOPLE[0][1]}",
        f"R2,2024-03-01,ST01,SKU2,abc,{PEOPLE[1][0]},{PEOPLE[1][1]}",  # quarantined: raw kept
        f"R3,2024-03-01,ST99,SKU3,2,{PEOPLE[2][0]},{PEOPLE[2][1]}",  # quarantined: raw kept
    ]
    path.write_text(
        "event_id,occurred_at,location_id,sku,quantity,Phone,Customer Name\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    report = import_file(shop_db, path, settings)
    check_counts(report, 3, 1, 2)
    assert report.refused_columns == {"Phone": "phone", "Customer Name": "name"}
    for _, _, raw in quarantine(shop_db, report.import_id):
        assert "Phone" not in raw and "Customer Name" not in raw
    secrets = [s for person in PEOPLE for s in person] + ["5678", "6789", "4567"]
    assert leaks(shop_db, secrets) == []


def test_personal_data_of_malformed_rows_is_stored_nowhere(shop_db, settings, tmp_path):
    """A line that cannot be split into fields still carries the refused columns'
    values (and the clear member id): its stored original must not."""
    path = tmp_path / "sales.csv"
    path.write_text(
        "event_id,occurred_at,location_id,sku,quantity,Phone,Customer Name,member_id\n"
        f"R1,2024-03-01,ST01,SKU1,1,{PEOPLE[0][0]},{PEOPLE[0][1]},M-0001\n"
        f"R2,2024-03-01,ST01,SKU1,1,{PEOPLE[1][0]},{PEOPLE[1][1]},M-0002,extra\n"  # too many
        f"R3,2024-03-01,ST01,SKU1,1,{PEOPLE[2][0]}\n",  # too few
        encoding="utf-8",
    )
    report = import_file(shop_db, path, settings)
    check_counts(report, 3, 1, 2)
    assert set(report.refused_columns) == {"Phone", "Customer Name"}
    secrets = [s for person in PEOPLE for s in person] + ["M-0001", "M-0002"]
    assert leaks(shop_db, secrets) == []


def test_personal_data_of_invalid_json_lines_is_stored_nowhere(shop_db, settings, tmp_path):
    path = tmp_path / "sales.jsonl"
    good = {
        "event_id": "J1",
        "occurred_at": "2024-03-01",
        "location_id": "ST01",
        "sku": "SKU1",
        "quantity": 1,
        "Phone": PEOPLE[0][0],
        "Customer Name": PEOPLE[0][1],
    }
    path.write_text(
        json.dumps(good) + "\n" + f'{{"event_id": "J2", "Phone": "{PEOPLE[1][0]}", "Customer Name": "{PEOPLE[1][1]}"\n',
        encoding="utf-8",
    )
    report = import_file(shop_db, path, settings)
    check_counts(report, 2, 1, 1)
    assert set(report.refused_columns) == {"Phone", "Customer Name"}
    assert leaks(shop_db, [s for person in PEOPLE[:2] for s in person]) == []


def test_phone_and_email_in_free_text_are_masked(shop_db, settings, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text(
        "sku,name_en,unit_price\n"
        "F1,Gift box - order via WhatsApp 9123 4567,88\n"
        "F2,Hamper (ask amy.chan@example.com),120\n"
        "F3,Mooncake call +852 2345-6789,-5\n"  # quarantined: its raw must be masked too
        "F4,Plain rice 1kg,12\n",
        encoding="utf-8",
    )
    report = import_file(shop_db, path, settings)
    check_counts(report, 4, 3, 1)
    assert report.masked_values >= 3
    names = dict(shop_db.engine.connection.execute("SELECT sku, name_en FROM products WHERE sku LIKE 'F%'").fetchall())
    assert names["F4"] == "Plain rice 1kg"
    assert "9123" not in names["F1"] and "[phone removed]" in names["F1"]
    assert "@" not in names["F2"] and "[email removed]" in names["F2"]
    ((_, _, raw),) = quarantine(shop_db, report.import_id)
    assert "[phone removed]" in raw["name_en"]
    assert leaks(shop_db, ["9123 4567", "amy.chan", "example.com", "2345-6789"]) == []


def test_member_ids_are_pseudonymised_consistently(shop_db, settings, tmp_path):
    first = tmp_path / "sales.csv"
    first.write_text(
        f"{SALES_HEADER},member_id\n"
        "M1,2024-03-01,ST01,SKU1,1,,VIP-13085\n"
        "M2,2024-03-01,ST01,SKU2,1,,VIP-20001\n"
        "M3,2024-03-01,ST01,SKU2,x,,VIP-30003\n",
        encoding="utf-8",
    )  # quarantined
    second = tmp_path / "sales_later.csv"
    second.write_text(f"{SALES_HEADER},member_id\nM9,2024-03-05,WH,SKU3,2,, VIP-13085 \n", encoding="utf-8")
    one = import_file(shop_db, first, settings)
    two = import_file(shop_db, second, settings)
    check_counts(one, 3, 2, 1)
    check_counts(two, 1, 1, 0)
    assert one.pseudonymised_columns == ["member_id"] == two.pseudonymised_columns
    members = dict(shop_db.engine.connection.execute("SELECT event_id, member_id FROM sales").fetchall())
    assert all(m.startswith("m_") and "VIP" not in m for m in members.values()), members
    assert members["M1"] == members["M9"]  # same member, same pseudonym, across imports
    assert members["M1"] != members["M2"]
    assert leaks(shop_db, ["VIP-", "13085", "20001", "30003"]) == []
