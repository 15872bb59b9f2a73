"""Planted secrets: personal data in every column and spelling must reach no byte in clear (R-DATA-5).

Files in every format carry names, phones, e-mails, HKIDs, card numbers and addresses,
in English and Chinese: under personal-data headers, under headers nobody maps, in
free text, in ids, in number and date columns, in lines that cannot be read, in a
Big5 file. After importing them, exporting every table, exporting the quarantine for
fixing and listing it, the raw bytes of the database file (stored uncompressed, so a
byte scan sees every string), its write-ahead log, every export file and the temporary
folder are searched for each secret in UTF-8, UTF-16 and Big5, as written and in NFKC.
"""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import xlsxwriter

from attack_tally import tally
from conftest import make_settings, write_master_data
from stockpilot.adapters.storage.store import open_store
from stockpilot.services.importing import import_file
from stockpilot.services.quarantine import export_for_fixing, quarantined_rows
from stockpilot.services.retention import export_all

SECRETS = (
    "Chan Tai Man",
    "陳大文",
    "Wong Siu Ming",
    "黃小明",
    "chan.tai.man@example.com",
    "wong@example.org",
    "ｌｅｅ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    "+852 9123 4567",
    "91234567",
    "6123-4567",
    "5123.4567",
    "９８７６ ５４３２",
    "2 3 4 5 6 7 8 9",
    "A123456(3)",
    "C668668(9)",
    "Ｇ１２３４５６（Ａ）",
    "4111 1111 1111 1111",
    "5500000000000004",
    "Flat 5A, 12/F",
    "88 Nathan Road",
    "彌敦道188號",
    "18樓",
)


def write_files(folder: Path) -> list[Path]:
    """One file per table and format, each with secrets in every kind of place."""
    sales = folder / "sales.csv"
    sales.write_text(
        "event_id,occurred_at,location_id,sku,quantity,unit_price,member_id,"
        "Cust Name,顧客,Customer Phone,電郵,HKID,Delivery Address,Card Number,Notes\n"
        "S1,2026-03-02,ST01,SKU1,2,12,91234567,Chan Tai Man,陳大文,+852 9123 4567,wong@example.org,"
        'A123456(3),"Flat 5A, 12/F, 88 Nathan Road",4111 1111 1111 1111,call 6123-4567\n'
        "chan.tai.man@example.com,2026-03-02,ST01,SKU1,1,12,,,,,,,,,\n"
        "S3,2026-03-02,ST01,SKU1,５１２３.４５６７,12,,,,,,,,,\n"
        "S4,ｌｅｅ＠ｅｘａｍｐｌｅ．ｃｏｍ,ST01,SKU1,1,12,,,,,,,,,\n"
        "S5,2026-03-02,ST01,C668668(9),1,12,,,,,,,,,\n"
        "S6,2026-03-02,ST01,SKU1,1,12,,Wong Siu Ming,黃小明,6123-4567,,,,,,extra 5500000000000004\n",
        encoding="utf-8",
    )
    returns = folder / "returns.csv"
    returns.write_bytes(
        (
            "event_id,occurred_at,location_id,sku,quantity,reason,客戶姓名,聯絡電話\n"
            "R1,2026-03-02,ST01,SKU1,1,陳大文先生退貨 電話 ９８７６ ５４３２ 地址 彌敦道188號18樓,陳大文,98765432\n"
            "R2,2026-03-02,ST01,SKU1,1,Mr Wong Siu Ming at Flat 5A. 12/F,黃小明,61234567\n"
        ).encode("big5hkscs")
    )
    products = folder / "products.xlsx"
    book = xlsxwriter.Workbook(products, {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet = book.add_worksheet()
    rows = [
        ["sku", "name_en", "name_zh", "Supplier Contact Name", "Mobile"],
        ["SKU7", "Rice picked by Ms Chan Tai Man, tel 2 3 4 5 6 7 8 9", "黃小明小姐推介", "Wong Siu Ming", "91234567"],
        ["+852 9123 4567", "Noodles", "麵", "", ""],
    ]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.write_string(i, j, value)
    book.close()
    promotions = folder / "promotions.jsonl"
    promotions.write_text(
        json.dumps(
            {
                "event_id": "P1",
                "promotion_id": "Ｇ１２３４５６（Ａ）",
                "sku": "SKU1",
                "start_date": "2025-01-01",
                "end_date": "2025-01-05",
                "mechanism": "for chan.tai.man@example.com only",
                "contact": "wong@example.org",
                "客戶": "陳大文",
            },
            ensure_ascii=False,
        )
        + '\n{"event_id": "P2", "mechanism": "call 91234567", "contact": "Chan Tai Man", "客戶": "黃小明"\n',
        encoding="utf-8",
    )
    counts = folder / "stock_counts.parquet"
    pq.write_table(
        pa.table(
            {
                "event_id": ["A123456(3)", "C1"],
                "counted_at": ["2026-03-02", "2026-03-02"],
                "location_id": ["ST01", "ST01"],
                "sku": ["SKU1", "SKU1"],
                "on_hand": ["4", "6123-4567"],
                "Email Address": ["chan.tai.man@example.com", "wong@example.org"],
            }
        ),
        counts,
    )
    return [sales, returns, products, promotions, counts]


def encodings_of(secret: str) -> set[bytes]:
    found = set()
    for form in {secret, unicodedata.normalize("NFKC", secret)}:
        for encoding in ("utf-8", "utf-16-le", "big5hkscs"):
            try:
                found.add(form.encode(encoding))
            except UnicodeEncodeError:
                continue
    return found


def files_under(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_no_planted_secret_reaches_a_byte_in_clear(tmp_path, monkeypatch) -> None:
    work, out = tmp_path / "work", tmp_path / "out"
    scratch = tmp_path / "tmp"
    for folder in (work, out, scratch):
        folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "a test key that is not in any file")
    settings = make_settings(tmp_path / "keys")
    db_path = out / "shop.duckdb"
    files = write_files(work)
    with open_store(db_path) as db:
        db.engine.connection.execute("PRAGMA force_compression='uncompressed'")
        for master in write_master_data(work / "master"):
            import_file(db, master, settings)
        received = 0
        for path in files:
            report = import_file(db, path, settings)
            assert report.accepted + report.quarantined == report.received, report.to_dict()
            received += report.received
        tally(rows_tried=received, files_tried=len(files))
        listed = json.dumps([row.to_dict("en") for row in quarantined_rows(db)], ensure_ascii=False)
        (out / "quarantine-list.json").write_text(listed, encoding="utf-8")
        export_for_fixing(db, out / "fixes")
        export_all(db, out / "backup", 30)
        db.engine.connection.execute("CHECKPOINT")
    scanned = [*files_under(out), *files_under(scratch)]
    assert db_path in scanned and any(p.suffix == ".parquet" for p in scanned)
    found = []
    for path in scanned:
        data = path.read_bytes()
        found += [f"{path.name}: {secret}" for secret in SECRETS if any(b in data for b in encodings_of(secret))]
    tally(planted_secrets_found_in_clear=len(found))
    assert not found, found
