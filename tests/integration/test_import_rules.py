"""Import rules a demand planner relies on, each checked on a hand-made file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.domain.problems import Problem
from stockpilot.messages import render
from stockpilot.services.importing import import_file


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(db: Store, import_id: int) -> dict[str, list[Problem]]:
    rows = db.engine.connection.execute(
        "SELECT coalesce(event_id, CAST(row_number AS VARCHAR)), problems FROM quarantine WHERE import_id = ?",
        [import_id],
    ).fetchall()
    return {key: [Problem(**p) for p in json.loads(problems)] for key, problems in rows}


def test_timestamps_with_a_zone_are_converted_to_hong_kong_time(shop_db, settings, tmp_path):
    sales = write(
        tmp_path,
        "sales.csv",
        "event_id,occurred_at,location_id,sku,quantity\n"
        "Z1,2026-03-02T04:45:30Z,ST01,SKU1,1\nZ2,2026-03-02 12:45:30+05:00,ST01,SKU1,1\n"
        "Z3,2026-03-02 12:45:30,ST01,SKU1,1\nZ4,2026-03-05,ST01,SKU1,1\n",
    )
    assert import_file(shop_db, sales, settings).accepted == 4
    stored = dict(shop_db.engine.connection.execute("SELECT event_id, occurred_at FROM sales").fetchall())
    assert stored == {
        "Z1": dt.datetime(2026, 3, 2, 12, 45, 30),  # 04:45 UTC is 12:45 in Hong Kong
        "Z2": dt.datetime(2026, 3, 2, 15, 45, 30),  # 12:45 at +05:00 is 07:45 UTC
        "Z3": dt.datetime(2026, 3, 2, 12, 45, 30),  # no zone: already local
        "Z4": dt.datetime(2026, 3, 5),
    }


def test_receipt_before_its_order_is_quarantined_with_the_right_words(shop_db, settings, tmp_path):
    receipts = write(
        tmp_path,
        "receipts.csv",
        "event_id,received_at,location_id,sku,quantity,po_id,order_date\n"
        "R1,2026-03-02,WH,SKU1,12,PO1,2026-03-05\nR2,2026-03-09,WH,SKU1,12,PO1,2026-03-05\n",
    )
    report = import_file(shop_db, receipts, settings)
    assert (report.accepted, report.quarantined) == (1, 1)
    problem = problems_of(shop_db, report.import_id)["R1"][0]
    assert problem.code == "out_of_order"
    assert render(problem.message, "en") == "order_date 2026-03-05 comes after received_at 2026-03-02"
    assert "晚於" in render(problem.message, "zh-HK")


def test_a_partial_master_data_file_updates_only_its_columns(shop_db, settings, tmp_path):
    update = write(tmp_path, "products_prices.csv", "sku,name_en,unit_price\nSKU1,Jasmine rice 5kg,64.9\n")
    report = import_file(shop_db, update, settings, profile="canonical-products")
    assert report.tables["products"].updated == 1
    row = shop_db.engine.connection.execute(
        "SELECT name_zh, unit_cost, unit_price, case_pack FROM products WHERE sku = 'SKU1'"
    ).fetchone()
    assert row == ("茉莉香米 5公斤", 40.0, 64.9, 4)
    again = import_file(shop_db, update, settings, profile="canonical-products")
    assert (again.tables["products"].updated, again.tables["products"].unchanged) == (0, 1)


def test_a_purchase_order_line_can_close_but_a_sale_cannot_change(shop_db, settings, tmp_path):
    header = "event_id,po_id,location_id,sku,order_date,quantity,status\n"
    import_file(
        shop_db, write(tmp_path, "purchase_orders.csv", header + "L1,PO1,WH,SKU1,2026-03-01,24,open\n"), settings
    )
    closed = import_file(
        shop_db, write(tmp_path, "purchase_orders_2.csv", header + "L1,PO1,WH,SKU1,2026-03-01,24,closed\n"), settings
    )
    assert closed.tables["purchase_orders"].updated == 1 and closed.quarantined == 0
    assert shop_db.engine.connection.execute("SELECT status FROM purchase_orders").fetchone() == ("closed",)

    sale = "event_id,occurred_at,location_id,sku,quantity\n"
    import_file(shop_db, write(tmp_path, "sales.csv", sale + "S1,2026-03-01,ST01,SKU1,2\n"), settings)
    changed = import_file(shop_db, write(tmp_path, "sales_2.csv", sale + "S1,2026-03-01,ST01,SKU1,3\n"), settings)
    assert (changed.accepted, changed.quarantined) == (0, 1)
    assert problems_of(shop_db, changed.import_id)["S1"][0].code == "id_conflict"
    assert shop_db.engine.connection.execute("SELECT quantity FROM sales").fetchone() == (2.0,)


def test_online_retail_codes_that_are_not_products_are_set_aside(settings, tmp_path):
    export = write(
        tmp_path,
        "invoices.csv",
        "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        "1,85123A,HEART HOLDER,6,2011-01-04 10:00:00,2.55,17850,United Kingdom\n"
        "1,POST,POSTAGE,1,2011-01-04 10:00:00,18,17850,United Kingdom\n"
        "2,gift_0001_20,Gift Voucher,1,2011-01-04 11:00:00,20,,United Kingdom\n"
        "3,giftX0001X20,Not a voucher code,1,2011-01-04 11:00:00,20,,United Kingdom\n"
        "C4,85123A,HEART HOLDER,-2,2011-01-05 10:00:00,2.55,17850,United Kingdom\n",
    )
    with open_store(":memory:") as db:
        report = import_file(db, export, settings)
        assert report.profile == "online_retail"
        assert (report.received, report.accepted, report.set_aside) == (5, 3, 2)
        assert report.tables["returns"].new == 1
        assert db.engine.connection.execute("SELECT quantity FROM returns").fetchone() == (2.0,)
        labels = {p[0].limit for p in problems_of(db, report.import_id).values()}
        assert labels == {"postage", "gift voucher"}
        skus = {r[0] for r in db.engine.connection.execute("SELECT sku FROM products").fetchall()}
        assert skus == {"85123A", "giftX0001X20"}  # '_' is escaped: only the real voucher code is set aside
