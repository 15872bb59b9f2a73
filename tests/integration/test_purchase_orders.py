"""Purchase orders a supplier can act on (issue 13, finding 4), from a small hand-made plan with
fixed dates and numbers, so every figure is checked by hand.

The plan (7, dated 2026-03-02) of supplier S1 (nominal lead time 2.5 days) to two stores:

===== ===== ===== ==== ======== ============ ==================================
line  store SKU   pack proposed decision     ordered
===== ===== ===== ==== ======== ============ ==================================
1     ST01  RICE5 12   24       approve      24 = 2 cases, x HK$48.50 = 1,164.00
2     ST01  SOY5  24   48       edit to 40   40 = 1 case + 16, x 9.95 = 398.00
3     ST01  NOOD5 6    6        reject       nothing
4     ST02  RICE5 12   12       approve      12 = 1 case, x 48.50 = 582.00
5     ST02  NOOD5 6    12       (undecided)  nothing
===== ===== ===== ==== ======== ============ ==================================

So P7-S1-ST01 orders 64 units for HK$1,562.00 and P7-S1-ST02 12 units for HK$582.00, both to be
delivered on 2026-03-05 (2026-03-02 + ceil(2.5) days).

Regenerate the golden files after a reviewed change with: STOCKPILOT_UPDATE_GOLDEN=1 make test
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.doors.cli import app
from stockpilot.errors import Refusal
from stockpilot.messages import CATALOGUE, LANGUAGES, render
from stockpilot.presenters.purchase_order import purchase_order_text
from stockpilot.services import review
from stockpilot.services.purchase_orders import export_purchase_orders, ordered_lines, purchase_orders

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
PLAN_DAY = dt.date(2026, 3, 2)
DECIDED_AT = dt.datetime(2026, 3, 2, 9, 30)
ADDRESS_ST01 = "Shop 3, G/F, 688 Nathan Road, Mong Kok / 旺角彌敦道688號地下3號舖  Tel 2388 1234"
ADDRESS_ST02 = "Shop 12, G/F, 18 Percival Street, Causeway Bay / 銅鑼灣波斯富街18號地下12號舖"
PRODUCTS = (  # sku, English, Chinese, case pack, unit cost
    ("RICE5", "Jasmine rice 5kg", "茉莉香米5公斤", 12, 48.5),
    ("SOY5", "Light soy sauce 500ml", "生抽500毫升", 24, 9.95),
    ("NOOD5", "Instant noodles 5-pack", "即食麵5包裝", 6, 15.25),
)
LINES = (  # line, location, sku, proposed quantity, flags
    (1, "ST01", "RICE5", 24.0, "promotion_soon"),
    (2, "ST01", "SOY5", 48.0, "order_jump"),
    (3, "ST01", "NOOD5", 6.0, ""),
    (4, "ST02", "RICE5", 12.0, ""),
    (5, "ST02", "NOOD5", 12.0, ""),
)
EDIT_REASON = "shelf is full after the new year"


class FixedClock:
    def now(self) -> dt.datetime:
        return DECIDED_AT


def fill_plan(db: Store) -> int:
    """The plan in the module docstring, with its decisions made through the review service."""
    con = db.engine.connection
    con.execute(
        "INSERT INTO locations (location_id, name_en, name_zh, kind, district, address) VALUES "
        "('ST01', 'Mong Kok Store', '旺角店', 'store', 'Yau Tsim Mong', ?), "
        "('ST02', 'Causeway Bay Store', '銅鑼灣店', 'store', 'Wan Chai', ?)",
        [ADDRESS_ST01, ADDRESS_ST02],
    )
    con.execute(
        "INSERT INTO suppliers (supplier_id, name, lead_time_days, moq) VALUES ('S1', 'Kowloon Foods Ltd', 2.5, 0)"
    )
    for sku, name_en, name_zh, pack, cost in PRODUCTS:
        con.execute(
            "INSERT INTO products (sku, name_en, name_zh, case_pack, unit_cost, supplier_id) "
            "VALUES (?, ?, ?, ?, ?, 'S1')",
            [sku, name_en, name_zh, pack, cost],
        )
    con.execute(
        "INSERT INTO plans (plan_id, created_at, plan_date, forecast_run_id, lines, flagged) VALUES (7, ?, ?, 1, 5, 2)",
        [DECIDED_AT, PLAN_DAY],
    )
    packs = {sku: (pack, cost) for sku, _, _, pack, cost in PRODUCTS}
    for line, location, sku, quantity, flags in LINES:
        pack, cost = packs[sku]
        params = json.dumps({"days": 14, "promotion": bool(flags == "promotion_soon"), "pack": pack, "moq": 0})
        con.execute(
            "INSERT INTO proposals (plan_id, line, supplier_id, location_id, sku, abc, service_level, demand, "
            "safety_stock, on_hand, on_order, order_up_to, raw_quantity, quantity, unit_cost, steps, flags, "
            "reason_code, reason_params) VALUES (7, ?, 'S1', ?, ?, 'A', 0.98, ?, 3.5, 2, 0, ?, ?, ?, ?, "
            "'case_pack_up', ?, 'reason.line', ?)",
            [line, location, sku, quantity * 0.8, quantity + 1.5, quantity - 0.5, quantity, cost, flags, params],
        )
    clock = FixedClock()
    review.decide(db, 7, [1, 4], "approve", "Ada", clock=clock)
    review.decide(db, 7, [2], "edit", "Ben", quantity=40, reason=EDIT_REASON, clock=clock)
    review.decide(db, 7, [3], "reject", "Ada", reason="discontinued", clock=clock)
    return 7


@pytest.fixture
def plan(tmp_path: Path):
    db = open_store(tmp_path / "po.duckdb")
    fill_plan(db)
    yield db
    db.close()


def internal_words(db: Store) -> set[str]:
    """Text that must never reach a supplier: reasons in both languages, flag codes and their
    words, the person's reasons, ABC classes and service levels as stored."""
    words = {EDIT_REASON, "discontinued", "promotion_soon", "order_jump", "reason.line", "0.98", "98%"}
    for line in review.review_lines(db, 7, review.ReviewFilter(ordered_only=False)):
        words |= {render(line.reason, "en"), render(line.reason, "zh-HK")}
        words |= {CATALOGUE[f"flag.{code}"][lang].split("{")[0][:12] for code in line.flags for lang in LANGUAGES}
    return {w for w in words if w}


def test_one_order_per_supplier_and_store_with_every_figure_by_hand(plan):
    first, second = purchase_orders(plan, 7)
    assert (first.order_number, second.order_number) == ("P7-S1-ST01", "P7-S1-ST02")
    assert first.order_date == PLAN_DAY and first.delivery_date == dt.date(2026, 3, 5)  # + ceil(2.5) days
    assert (first.supplier.party_id, first.supplier.name_en) == ("S1", "Kowloon Foods Ltd")
    assert (first.deliver_to.name_en, first.deliver_to.name_zh, first.deliver_to.address) == (
        "Mong Kok Store",
        "旺角店",
        ADDRESS_ST01,  # the store's own phone number stays: it is a business address
    )
    rice, soy = first.lines
    assert (rice.sku, rice.name_en, rice.name_zh, rice.case_pack) == ("RICE5", "Jasmine rice 5kg", "茉莉香米5公斤", 12)
    assert (rice.cases, rice.loose_units, rice.units, rice.unit_cost, rice.line_total) == (2, 0, 24, 48.5, 1164.0)
    assert (soy.cases, soy.loose_units, soy.units, soy.line_total) == (1, 16, 40, 398.0)  # the edit, 40 x 9.95
    assert isinstance(soy.units, int) and isinstance(soy.cases, int)
    assert (first.total_units, first.total_cost) == (64, 1562.0)
    assert [(x.sku, x.units) for x in second.lines] == [("RICE5", 12)]  # rejected and undecided lines are not ordered
    assert (second.total_units, second.total_cost) == (12, 582.0)


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_purchase_order_golden(plan, language):
    text = "\n".join(line.text for order in purchase_orders(plan, 7) for line in purchase_order_text(order, language))
    golden = GOLDEN / f"purchase_order.{language}.txt"
    if os.environ.get("STOCKPILOT_UPDATE_GOLDEN"):
        golden.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == golden.read_text(encoding="utf-8")
    assert not [w for w in internal_words(plan) if w in text]
    assert "12.0" not in text and "24.0" not in text  # whole units, no ".0"


REQUIRED = {
    "en": ["Purchase order", "Order number", "Order date", "Expected delivery", "Supplier", "Deliver to", "Address"],
    "zh-HK": ["採購單", "採購單編號", "訂單日期", "預計送達日期", "供應商", "送貨地點", "地址"],
}
VALUES = ["P7-S1-ST01", "2026-03-02", "2026-03-05", "Kowloon Foods Ltd", ADDRESS_ST01, "RICE5", "SOY5"]
VALUES += ["Jasmine rice 5kg", "茉莉香米5公斤", "Light soy sauce 500ml", "生抽500毫升"]
STORE_NAME = {"en": ["Mong Kok Store"], "zh-HK": ["旺角店"], "both": ["Mong Kok Store 旺角店"]}


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _xlsx_cells(path: Path) -> list[list[object]]:
    return [list(row) for row in load_workbook(path).active.iter_rows(values_only=True)]


@pytest.mark.parametrize("document", ["en", "zh-HK", "both"])
def test_excel_and_pdf_carry_every_field_and_nothing_internal(plan, tmp_path, document):
    exported = export_purchase_orders(plan, 7, tmp_path / "po", "en", document)
    assert [x.order_number for x in exported.written] == ["P7-S1-ST01", "P7-S1-ST02"]
    xlsx, pdf = exported.written[0].files
    assert (xlsx.name, pdf.name) == ("P7-S1-ST01.xlsx", "P7-S1-ST01.pdf")
    labels = REQUIRED["en"] * (document != "zh-HK") + REQUIRED["zh-HK"] * (document != "en")
    cells = _xlsx_cells(xlsx)
    texts = [str(c) for row in cells for c in row if c is not None]
    pdf_text = _pdf_text(pdf)
    for wanted in [*labels, *VALUES, *STORE_NAME[document]]:
        assert any(wanted in t for t in texts), f"{wanted!r} not in the Excel file"
        assert " ".join(wanted.split()) in " ".join(pdf_text.split()), f"{wanted!r} not in the PDF"
    rows = {row[0]: row for row in cells if row and row[0] in ("RICE5", "SOY5")}
    assert rows["RICE5"][3:] == [12, 2, 0, 24, 48.5, 1164]
    assert rows["SOY5"][3:] == [24, 1, 16, 40, 9.95, 398]
    total = cells[-1]
    assert total[6] == 64 and total[8] == 1562  # total units and HK$, the sum of the lines
    assert "HK$1,562.00" in pdf_text and "HK$1,164.00" in pdf_text and "HK$398.00" in pdf_text
    sheet = load_workbook(xlsx).active
    money_cell = next(c for row in sheet.iter_rows() for c in row if c.value == 1164)
    assert money_cell.number_format == '"HK$"#,##0.00' and money_cell.data_type == "n"
    for internal in internal_words(plan):
        assert not any(internal in t for t in texts), f"{internal!r} reached the Excel file"
        assert internal not in pdf_text, f"{internal!r} reached the PDF"
    assert exported.written[1].total_cost == 582.0 and exported.written[1].total_units == 12


def test_the_shop_keeps_its_order_lines_with_reasons_and_decisions(plan, tmp_path):
    exported = export_purchase_orders(plan, 7, tmp_path / "po", "zh-HK", "en")
    path = next(p for p in exported.order_lines if p.suffix == ".csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [(r["line"], r["decision"], r["decided_by"], r["quantity"]) for r in rows] == [
        ("1", "approve", "Ada", "24"),
        ("2", "edit", "Ben", "40"),
        ("4", "approve", "Ada", "12"),
    ]
    edited = rows[1]
    assert edited["decision_reason"] == EDIT_REASON and edited["decided_at"].startswith("2026-03-02 09:30")
    assert edited["proposed_quantity"] == "48" and edited["order_number"] == "P7-S1-ST01"
    assert edited["line_total"] == "398.0" and edited["product"] == "生抽500毫升"  # in the output language
    line = next(x for x in ordered_lines(plan, 7) if x.line == 2)
    assert edited["reason"] == render(line.reason, "zh-HK")  # the proposal's reason, in zh-HK
    cells = _xlsx_cells(next(p for p in exported.order_lines if p.suffix == ".xlsx"))
    assert cells[0][-1] == "decision_reason" and cells[2][-1] == EDIT_REASON


def test_an_unknown_document_language_or_plan_is_refused(plan, tmp_path):
    with pytest.raises(Refusal, match="lang-of-document"):
        export_purchase_orders(plan, 7, tmp_path / "po", "en", "fr")
    with pytest.raises(Refusal, match="no plan 99"):
        export_purchase_orders(plan, 99, tmp_path / "po", "en")


def test_a_superseded_plan_is_not_exported_again(plan, tmp_path):
    plan.engine.execute("INSERT INTO plans VALUES (8, $1, $2, 1, 0, 0, NULL)", [DECIDED_AT, PLAN_DAY])
    plan.engine.execute("UPDATE plans SET superseded_by = 8 WHERE plan_id = 7")
    with pytest.raises(Refusal) as refused:
        export_purchase_orders(plan, 7, tmp_path / "po")
    assert refused.value.code == "refusal.export_superseded" and refused.value.params["replaced_by"] == 8
    assert not (tmp_path / "po").exists()


def test_command_line_writes_the_orders_and_lists_their_totals(plan, tmp_path):
    path = plan.location
    plan.close()
    runner = CliRunner()
    folder = tmp_path / "out"
    base = ["--db", path, "review", "export", "--plan", "7", "--out", str(folder)]
    result = runner.invoke(app, [*base, "--lang-of-document", "both", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["document_language"] == "both"
    assert [(o["order_number"], o["total_units"], o["total_cost"]) for o in data["orders"]] == [
        ("P7-S1-ST01", 64, 1562.0),
        ("P7-S1-ST02", 12, 582.0),
    ]
    assert {Path(f).name for o in data["orders"] for f in o["files"]} == {
        "P7-S1-ST01.xlsx",
        "P7-S1-ST01.pdf",
        "P7-S1-ST02.xlsx",
        "P7-S1-ST02.pdf",
    }
    assert [Path(f).name for f in data["order_lines"]] == ["order-lines.csv", "order-lines.xlsx"]
    result = runner.invoke(app, ["--lang", "zh-HK", *base])
    assert result.exit_code == 0, result.output
    assert "P7-S1-ST01" in result.output and "HK$1,562.00" in result.output and "64 件" in result.output
    result = runner.invoke(app, ["--db", path, "review", "export", str(folder), "--plan", "7"])  # DIR still works
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, [*base, "--lang-of-document", "de"])
    assert result.exit_code == 2 and "lang-of-document" in result.output
    result = runner.invoke(app, ["--db", path, "review", "export", str(folder), "--out", str(tmp_path / "x")])
    assert result.exit_code == 2 and "--out" in result.output
