"""The three exports (purchase orders, quarantine for fixing, full backup) against an attack run:
formula injection, hostile supplier ids and file names, file modes (issue 11)."""

from __future__ import annotations

import csv
import os
import stat
import unicodedata
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from test_planning import DAY, fill_shop

from stockpilot.adapters.exports import is_dangerous
from stockpilot.adapters.storage.store import Store
from stockpilot.services import retention, review
from stockpilot.services.importing import import_file
from stockpilot.services.planning import make_plan
from stockpilot.services.purchase_orders import ORDER_LINE_COLUMNS, export_purchase_orders
from stockpilot.services.quarantine import export_for_fixing, quarantined_rows

ATTACKS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "＝1+1")
HOSTILE_SUPPLIERS = ("../../evil", "a/b", "CON", "..", "\x00x", "s" * 300, "S1", "s1")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def assert_quoted(cells: list[str], originals: tuple[str, ...] = ATTACKS) -> None:
    """Every planted value is in ``cells`` with exactly one ``'`` in front."""
    for original in originals:
        assert "'" + original in cells, original
    assert all(not is_dangerous(c) for c in cells)


def assert_no_formula(path: Path) -> list[object]:
    """No cell of the workbook is a formula; returns the quote-prefixed cells' values."""
    book = load_workbook(path, data_only=False)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert cells and all(c.data_type != "f" for c in cells)
    return [c.value for c in cells if c.quotePrefix]


@pytest.fixture
def plan_with_lines(shop_db: Store, settings):
    """A plan from the small shop, plus one approved line per (supplier, SKU) the test asks for (the reason
    is worded from the catalogue, so a hostile value reaches a purchase order through an imported code)."""

    def make(lines: list[tuple[str, str]]) -> int:
        fill_shop(shop_db)
        plan = make_plan(shop_db, settings, DAY)
        first = next(x.line for x in plan.lines if x.quantity > 0)
        for n, (supplier, sku) in enumerate(lines, start=1000):
            shop_db.engine.connection.execute(
                "INSERT INTO proposals SELECT * REPLACE (? AS line, ? AS supplier_id, ? AS sku) "
                "FROM proposals WHERE plan_id = ? AND line = ?",
                [n, supplier, sku, plan.plan_id, first],
            )
        review.decide(shop_db, plan.plan_id, list(range(1000, 1000 + len(lines))), "approve", "Ada")
        return plan.plan_id

    return make


def test_purchase_orders_neutralise_formulas_in_csv_and_excel(shop_db, plan_with_lines, tmp_path):
    plan_id = plan_with_lines([("S9", sku) for sku in ATTACKS] + [(ATTACKS[3], "PLAIN")])
    exported = export_purchase_orders(shop_db, plan_id, tmp_path / "po" / "new")
    assert mode(tmp_path / "po") == 0o700 and mode(tmp_path / "po" / "new") == 0o700
    rows = read_csv(exported.order_lines[0])
    assert rows[0] == list(ORDER_LINE_COLUMNS)
    planted = [r for r in rows[1:] if r[3] == "S9"]
    assert_quoted([r[5] for r in planted])  # the SKU
    assert all(r[11].startswith("expected demand") for r in planted)  # the reason, worded
    assert len({r[8] for r in planted}) == 1 and len(planted) == len(ATTACKS)
    assert_quoted([r[3] for r in rows[1:]], (ATTACKS[3],))  # the supplier id
    assert_no_formula(exported.order_lines[1])
    s9 = next(x for x in exported.written if x.supplier_id == "S9")
    quoted = assert_no_formula(s9.files[0])
    assert set(ATTACKS) <= {str(v).replace("_x0009_", "\t") for v in quoted}
    sheet = load_workbook(s9.files[0]).active
    units = [row[6] for row in sheet.iter_rows() if row[0].value in ATTACKS]
    assert len(units) == len(ATTACKS) and all(c.data_type == "n" and c.value > 0 for c in units)
    for order in exported.written:
        assert all(mode(path) == 0o600 for path in order.files)
    assert all(mode(path) == 0o600 for path in exported.order_lines)


def test_hostile_supplier_ids_stay_inside_the_folder_and_apart(shop_db, plan_with_lines, tmp_path):
    plan_id = plan_with_lines([(supplier, "SKU1") for supplier in HOSTILE_SUPPLIERS])
    folder = tmp_path / "deep" / "po"
    before = set(tmp_path.rglob("*"))
    exported = export_purchase_orders(shop_db, plan_id, folder)
    new = {p for p in set(tmp_path.rglob("*")) - before if not p.name.startswith("shop.duckdb")}
    assert {p for p in new if folder not in p.parents} == {tmp_path / "deep", folder}  # nothing outside
    assert set(HOSTILE_SUPPLIERS) <= {x.supplier_id for x in exported.written}
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 2 * len(exported.written) + 2  # Excel and PDF per order, none overwritten; order lines
    assert len({f.casefold() for f in files}) == len(files)
    for order in exported.written:
        for path in order.files:
            assert path.parent == folder and path.resolve().parent == folder.resolve()
        sheet = load_workbook(order.files[0]).active
        fields = [str(c).replace("_x0000_", "\x00") for row in sheet.iter_rows(values_only=True) for c in row]
        assert any(order.order_number in c for c in fields), order.order_number  # the id itself is kept inside


def test_quarantine_export_neutralises_raw_values_and_keeps_sources_apart(shop_db, settings, tmp_path):
    for month in ("jan", "feb"):
        source = tmp_path / month / "sales.csv"
        source.parent.mkdir()
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
            writer.writerow(["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price"])
            for n, attack in enumerate(ATTACKS):
                writer.writerow([f"{month}{n}", "2024-03-01 10:00", "ST01", attack, "1", "-2+3"])
        report = import_file(shop_db, source, settings)
        assert report.quarantined == len(ATTACKS)
    raw = [v for row in quarantined_rows(shop_db) for v in row.raw.values() if isinstance(v, str)]
    assert {unicodedata.normalize("NFKC", a) for a in ATTACKS} <= set(raw)  # codes are stored in NFKC
    written = export_for_fixing(shop_db, tmp_path / "fix")
    assert len(written) == 2 and sum(written.values()) == 2 * len(ATTACKS)
    assert sorted(p.name.split("~")[0] for p in written) == ["sales", "sales"]
    for path in written:
        assert path.parent == tmp_path / "fix" and mode(path) == 0o600
        rows = read_csv(path)
        assert rows[0][-2:] == ["source_row", "reason"]
        assert_quoted([c for r in rows[1:] for c in r], tuple(unicodedata.normalize("NFKC", a) for a in ATTACKS))


def test_full_export_neutralises_csv_keeps_parquet_and_streams(shop_db, tmp_path, monkeypatch):
    con = shop_db.engine.connection
    for n, attack in enumerate(ATTACKS):
        con.execute(
            "INSERT INTO suppliers (supplier_id, name, lead_time_days, moq) VALUES (?, ?, ?, ?)",
            [f"X{n}", attack, n, -5],
        )
    monkeypatch.setattr(retention, "BATCH_ROWS", 2)  # several batches per table
    result = retention.export_all(shop_db, tmp_path / "backup", 30)
    folder = tmp_path / "backup"
    assert result.rows["suppliers"] == len(ATTACKS) and result.rows["products"] == 3
    rows = read_csv(folder / "suppliers.csv")
    assert rows[0][:2] == ["supplier_id", "name"] and len(rows) == 1 + len(ATTACKS)
    assert_quoted([r[1] for r in rows[1:]])
    assert {r[3] for r in rows[1:]} == {"-5"}  # numbers stay numbers (moq, a DOUBLE, as Arrow writes it)
    assert pq.read_table(folder / "suppliers.parquet").column("name").to_pylist() == list(ATTACKS)
    assert len(read_csv(folder / "products.csv")) == 4
    files = list(folder.iterdir())
    assert files and all(mode(p) == 0o600 for p in files) and mode(folder) == 0o700
    assert not [p for p in files if p.name.startswith(".")]  # no temporary left behind
