"""The import's defences, one class of hostile value at a time (issue 11, R-DATA-3, R-DATA-5).

Each test writes a small file by hand, imports it into the two-store shop and checks
where every row went: stored (and how), or quarantined with the reason a clerk reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stockpilot.adapters.storage.store import Store
from stockpilot.messages import render
from stockpilot.services.importing import import_file
from stockpilot.services.readiness import check_readiness

SALES_HEADER = "event_id,occurred_at,location_id,sku,quantity,unit_price,member_id\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def import_sales(db: Store, settings, folder: Path, lines: list[str], name: str = "sales.csv"):
    report = import_file(db, write(folder, name, SALES_HEADER + "".join(f"{line}\n" for line in lines)), settings)
    assert report.accepted + report.quarantined == report.received == len(lines), report.to_dict()
    return report


def codes_by_row(db: Store, import_id: int) -> dict[int, list[str]]:
    rows = db.engine.connection.execute(
        "SELECT row_number, problems FROM quarantine WHERE import_id = ? ORDER BY row_number", [import_id]
    ).fetchall()
    return {row: [p["code"] for p in json.loads(problems)] for row, problems in rows}


def stored(db: Store, sql: str) -> list[tuple]:
    return db.engine.connection.execute(sql).fetchall()


@pytest.mark.parametrize("word", ["N/A", "n/a", "NA", "null", "NULL", "None", "nan", "-", "#N/A", "不適用"])
def test_no_value_words_are_missing_values_before_any_rule(shop_db, settings, tmp_path, word):
    report = import_sales(
        shop_db,
        settings,
        tmp_path,
        [f"S1,2026-03-02,ST01,SKU1,2,{word},{word}", f"S2,2026-03-02,ST01,SKU1,{word},12,M1"],
    )
    assert report.accepted == 1
    assert stored(shop_db, "SELECT event_id, unit_price, member_id FROM sales") == [("S1", None, None)]
    assert codes_by_row(shop_db, report.import_id) == {3: ["missing_required"]}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1_000", "not_a_number"),
        ("0x10", "not_a_number"),
        ('"1,5"', "not_a_number"),
        ("1e20", "too_large"),
        ("-1e300", "too_large"),
        ("9007199254740993", "too_large"),
        ("inf", "not_a_number"),
    ],
)
def test_numbers_must_be_written_plainly_and_fit_their_storage(shop_db, settings, tmp_path, value, code):
    report = import_sales(shop_db, settings, tmp_path, [f"S1,2026-03-02,ST01,SKU1,{value},12,"])
    assert report.quarantined == 1
    assert code in codes_by_row(shop_db, report.import_id)[2]


def test_a_case_pack_beyond_any_integer_is_quarantined_not_a_crash(shop_db, settings, tmp_path):
    path = write(tmp_path, "products.csv", "sku,name_en,case_pack\nBIG1,Huge pack,1e20\nOK1,Normal pack,12\n")
    report = import_file(shop_db, path, settings)
    assert (report.accepted, report.quarantined) == (1, 1)
    assert "too_large" in codes_by_row(shop_db, report.import_id)[2]
    assert stored(shop_db, "SELECT case_pack FROM products WHERE sku = 'OK1'") == [(12,)]


@pytest.mark.parametrize("stamp", ["2026-03-02 10:00:00+25:00", "2026-03-02T10:00:00-99:99", "2026-03-02 10:00+2500"])
def test_impossible_time_zone_offsets_are_refused(shop_db, settings, tmp_path, stamp):
    report = import_sales(shop_db, settings, tmp_path, [f"S1,{stamp},ST01,SKU1,1,12,"])
    assert codes_by_row(shop_db, report.import_id) == {2: ["bad_time_zone"]}


def test_the_extreme_real_offsets_are_accepted(shop_db, settings, tmp_path):
    report = import_sales(
        shop_db,
        settings,
        tmp_path,
        ["S1,2026-03-02 10:00:00+14:00,ST01,SKU1,1,12,", "S2,2026-03-02 10:00-12:00,ST01,SKU1,1,12,"],
    )
    assert report.accepted == 2


@pytest.mark.parametrize("blank", ["\t", "\u200b", "\u3000", "\u00a0 ", "\ufeff"])
def test_a_required_value_made_only_of_blanks_is_missing(shop_db, settings, tmp_path, blank):
    path = write(tmp_path, "products.csv", f'sku,name_en\nP1,"{blank}"\nP2,"line\nbreak"\n')
    report = import_file(shop_db, path, settings)
    assert (report.accepted, report.quarantined) == (1, 1)
    assert codes_by_row(shop_db, report.import_id) == {2: ["missing_required"]}


def test_codes_are_one_code_whatever_the_width_or_composition(shop_db, settings, tmp_path):
    products = write(tmp_path, "products.csv", "sku,name_en\nCAFÉ1,Coffee\n")  # é as one character
    assert import_file(shop_db, products, settings).accepted == 1
    report = import_sales(
        shop_db,
        settings,
        tmp_path,
        [
            "S1,2026-03-02,ST01,CAFE\u03011,1,12,",
            "S2,2026-03-02,ＳＴ０１,ＳＫＵ１,1,12,",
        ],  # e + combining accent; full-width
    )
    assert report.accepted == 2
    assert stored(shop_db, "SELECT event_id, location_id, sku FROM sales ORDER BY 1") == [
        ("S1", "ST01", "CAFÉ1"),
        ("S2", "ST01", "SKU1"),
    ]


@pytest.mark.parametrize(
    ("event_id", "code"),
    [
        ("S\u200b1", "invisible_characters"),
        ("S\u200e1", "invisible_characters"),
        ("S\u202e1", "invisible_characters"),
        ("S\ufeff1", "invisible_characters"),
        ("\u0301S1", "invisible_characters"),
        ("S\x071", "invisible_characters"),
        ("SКU1", "lookalike_characters"),  # a Cyrillic К between Latin letters
    ],
)
def test_codes_with_invisible_or_lookalike_characters_are_refused(shop_db, settings, tmp_path, event_id, code):
    report = import_sales(
        shop_db, settings, tmp_path, ["S1,2026-03-02,ST01,SKU1,1,12,", f"{event_id},2026-03-02,ST01,SKU1,1,12,"]
    )
    assert report.accepted == 1
    assert code in codes_by_row(shop_db, report.import_id)[3]


def test_ids_and_texts_beyond_their_length_are_refused_and_shown_short(shop_db, settings, tmp_path):
    long_id, long_name = "E" * 20_000, "n" * 1001
    report = import_sales(shop_db, settings, tmp_path, [f"{long_id},2026-03-02,ST01,SKU1,1,12,"])
    problem = json.loads(
        shop_db.engine.connection.execute(
            "SELECT problems FROM quarantine WHERE import_id = ?", [report.import_id]
        ).fetchone()[0]
    )[0]
    assert (problem["code"], problem["limit"], len(problem["value"])) == ("too_long", "100", 41)
    products = import_file(shop_db, write(tmp_path, "products.csv", f"sku,name_en\nLONG,{long_name}\n"), settings)
    assert products.quarantined == 1


def test_readiness_warns_about_stored_quantities_no_shop_sells(shop_db, settings, tmp_path):
    import_sales(shop_db, settings, tmp_path, ["S1,2026-03-02,ST01,SKU1,5000000,12,", "S2,2026-03-02,ST01,SKU1,2,12,"])
    checks = [c for c in check_readiness(shop_db, settings).checks if c.id == "implausible_values"]
    assert [(c.scope, c.measured, c.passed, c.severity) for c in checks] == [("table:sales", 1, False, "warning")]
    assert "5e+06" in render(checks[0].finding, "en") and "5e+06" in render(checks[0].finding, "zh-HK")


def test_the_quarantine_keeps_only_the_columns_the_profile_maps(shop_db, settings, tmp_path):
    path = write(
        tmp_path,
        "sales.csv",
        "event_id,occurred_at,location_id,sku,quantity,Cust Name,顧客,Notes\n"
        "S1,2026-03-02,ST01,SKU9,1,Chan Tai Man,陳大文,call Ms Wong\n",
    )
    report = import_file(shop_db, path, settings)
    assert set(report.refused_columns) == {"Cust Name", "顧客"}
    assert report.ignored_columns == ["Notes"]
    raw = json.loads(shop_db.engine.connection.execute("SELECT raw FROM quarantine").fetchone()[0])
    assert raw == {"event_id": "S1", "occurred_at": "2026-03-02", "location_id": "ST01", "sku": "SKU9", "quantity": "1"}


@pytest.mark.parametrize(
    "secret",
    [
        "chan@example.com",
        "A123456(3)",
        "+852 9123 4567",
        "9123-4567",
        "91234567",
        "4111 1111 1111 1111",
        "ｃｈａｎ＠ｅｘａｍｐｌｅ.ｃｏｍ",
    ],
)
def test_an_id_holding_personal_data_is_stored_as_a_keyed_pseudonym(shop_db, settings, tmp_path, secret):
    lines = [f"{secret},2026-03-02,ST01,SKU1,1,12,"]
    first = import_sales(shop_db, settings, tmp_path, lines)
    (event_id,) = stored(shop_db, "SELECT event_id FROM sales")[0]
    assert first.accepted == 1 and event_id.startswith("p_") and len(event_id) == 22
    again = import_sales(shop_db, settings, tmp_path, lines, name="sales-resent.csv")
    assert (again.to_dict()["unchanged"], again.quarantined) == (1, 0)


@pytest.mark.parametrize("code", ["20240506", "S-20240506-0001", "4891234567890", "SKU-2024-05-06", "ST01"])
def test_codes_that_only_look_like_numbers_are_kept(shop_db, settings, tmp_path, code):
    report = import_sales(shop_db, settings, tmp_path, [f"{code},2026-03-02,ST01,SKU1,1,12,"])
    assert report.accepted == 1
    assert stored(shop_db, "SELECT event_id FROM sales") == [(code,)]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("call ９１２３ ４５６７", "call [phone removed]"),
        ("call 9123.4567 today", "call [phone removed] today"),
        ("call 9 1 2 3 4 5 6 7", "call [phone removed]"),
        ("Ａ１２３４５６（３）", "[hkid removed]"),
        ("A123456 3", "[hkid removed]"),
        ("for Mr Chan Tai Man", "for [name removed]"),
        ("陳先生退貨", "[name removed]退貨"),
        ('"to Flat 5A, 12/F"', "to [address removed]"),
    ],
)
def test_free_text_spellings_are_masked(shop_db, settings, tmp_path, text, masked):
    path = write(
        tmp_path,
        "returns.csv",
        f"event_id,occurred_at,location_id,sku,quantity,reason\nR1,2026-03-02,ST01,SKU1,1,{text}\n",
    )
    assert import_file(shop_db, path, settings).accepted == 1
    assert stored(shop_db, "SELECT reason FROM returns") == [(masked,)]
