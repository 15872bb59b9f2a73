"""`stockpilot prioritise` (R-SIM-3) on a small hand-made chain whose classes, order and sums are worked out by hand.

Five SKUs over the 4 full weeks 2024-03-04 .. 2024-03-31 (replay_days 28), units per week oldest first:

    SKU1  5 5 5 5   x HK$25   = 500 (3 at ST01 + 2 at WH each week)   cv 0      A X
    SKU2  0 10 0 10 x HK$15   = 300                                   cv 1.155  A Z
    SKU3  2 6 2 6   x HK$6.25 = 100 (one line priced from products)   cv 0.577  B Y
    SKU4  5 5 5 5   x HK$2.5  =  50                                   cv 0      B X
    SKU5  0 0 0 5   x HK$10   =  50                                   cv 2      C Z

A is the first 80% of the 1,000 (SKU1 from 0%, SKU2 from 50%), B up to 95% (SKU3 from 80%, SKU4
from 90%), C the rest (SKU5 from 95%). High value and unstable first: SKU2, SKU1, SKU3, SKU4, SKU5.
Left out: a return, a sale before the window and one after the cutoff.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.doors.cli import app
from stockpilot.services.importing import import_file
from stockpilot.services.prioritising import prioritise_skus
from stockpilot.settings import Settings

CUTOFF = dt.date(2024, 3, 31)
ORDER = ["SKU2", "SKU1", "SKU3", "SKU4", "SKU5"]
SAMPLE = Path(__file__).resolve().parents[2] / "src" / "stockpilot" / "sample" / "online_retail_sample.csv"
# (day, location, sku, quantity, price); price None: the product's unit_price
SALES = [
    *[(day, "ST01", "SKU1", 3, 25.0) for day in ("03-05", "03-12", "03-19", "03-26")],
    *[(day, "WH", "SKU1", 2, 25.0) for day in ("03-05", "03-12", "03-19", "03-26")],
    ("03-20", "ST01", "SKU1", -4, 25.0),  # a return: not demand
    ("03-11", "ST01", "SKU2", 10, 15.0),  # first day of week 2 (counted back from the cutoff)
    ("03-31", "ST01", "SKU2", 10, 15.0),  # the cutoff day itself
    ("03-05", "ST01", "SKU3", 2, None),
    ("03-12", "ST01", "SKU3", 6, 6.25),
    ("03-24", "ST01", "SKU3", 2, 6.25),  # last day of week 1 ...
    ("03-25", "ST01", "SKU3", 6, 6.25),  # ... and first day of week 0: one day apart, two weeks
    *[(day, "ST01", "SKU4", 5, 2.5) for day in ("03-05", "03-12", "03-19", "03-26")],
    ("03-25", "ST01", "SKU5", 5, 10.0),
    ("03-03", "ST01", "SKU5", 100, 10.0),  # before the 28-day window
    ("04-02", "ST01", "SKU4", 100, 2.5),  # after the cutoff
]
# (run_id, location, sku, cash improvement): run 2 is the latest
REPLAYS = [
    (1, "ST01", "SKU2", 9999.0),
    (1, "ST01", "SKU1", 9999.0),
    (2, "ST01", "SKU2", 100.0),
    (2, "WH", "SKU2", 20.0),
    (2, "ST01", "SKU1", 30.0),
    (2, "ST01", "SKU3", -10.0),
    (2, "ST01", "SKU5", 5.0),
]


def fill_sales(db: Store) -> None:
    con = db.engine.connection
    con.execute("UPDATE products SET unit_price = 6.25 WHERE sku = 'SKU3'")
    con.execute(
        "INSERT INTO products (sku, name_en, unit_price) VALUES ('SKU4', 'Tea 25 bags', 2.5), ('SKU5', 'Oil', 10)"
    )
    for n, (day, location, sku, quantity, price) in enumerate(SALES):
        at = dt.datetime.fromisoformat(f"2024-{day}T23:30")
        con.execute(
            "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity, unit_price) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [f"E{n}", at, location, sku, quantity, price],
        )


def fill_replays(db: Store) -> None:
    for run_id in (1, 2):
        db.engine.connection.execute(
            "INSERT INTO replay_runs VALUES (?, now(), DATE '2023-04-01', DATE '2024-03-31', 5, '{}')", [run_id]
        )
    for run_id, location, sku, cash in REPLAYS:
        db.engine.connection.execute(
            "INSERT INTO replay_series VALUES (?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, ?, 0, ?)",
            [run_id, location, sku, cash, cash],
        )


@pytest.fixture
def chain(shop_db: Store) -> Store:
    fill_sales(shop_db)
    return shop_db


@pytest.fixture
def four_weeks(settings: Settings) -> Settings:
    return settings.replace(replay_days=28)


def test_classes_order_shares_and_latest_replay_by_hand(chain, four_weeks):
    fill_replays(chain)
    report = prioritise_skus(chain, four_weeks, cutoff=CUTOFF, tops=(2, 4))
    assert (report.first_day, report.window_days, report.weeks, report.skus) == (dt.date(2024, 3, 4), 28, 4, 5)
    assert report.matrix == {
        "A": {"X": 1, "Y": 0, "Z": 1},
        "B": {"X": 1, "Y": 1, "Z": 0},
        "C": {"X": 0, "Y": 0, "Z": 1},
    }
    top2, top4 = report.lists
    rows = {r.sku: r for r in top4.rows}
    assert [r.sku for r in top4.rows] == ORDER[:4] and [r.rank for r in top4.rows] == [1, 2, 3, 4]
    assert [r.abc + r.xyz for r in top4.rows] == ["AZ", "AX", "BY", "BX"]
    assert [rows[s].sales_value for s in ORDER[:4]] == pytest.approx([300, 500, 100, 50])
    assert [rows[s].cv for s in ORDER[:4]] == pytest.approx([2 / 3**0.5, 0, 1 / 3**0.5, 0])
    assert rows["SKU1"].name_en == "Jasmine rice 5kg"
    # shares of the 1,000; cash from run 2 only, summed over ST01 and WH; SKU4 has no replay row
    assert (top2.share, top4.share) == pytest.approx((0.8, 0.95))
    assert [rows[s].cash_improvement for s in ORDER[:4]] == pytest.approx([120, 30, -10, 0])
    assert (top2.cash_improvement, top4.cash_improvement) == pytest.approx((150, 140))
    assert report.replay_run_id == 2 and report.note is None


def test_without_a_replay_the_cash_is_unknown_and_the_note_says_why(chain, settings):
    report = prioritise_skus(chain, settings)  # cutoff: the last sale; the window starts at the first sale
    assert (report.cutoff, report.first_day, report.window_days) == (dt.date(2024, 4, 2), dt.date(2024, 3, 3), 31)
    assert [x.top for x in report.lists] == [50, 200]
    assert all(x.cash_improvement is None and len(x.rows) == 5 for x in report.lists)
    assert all(r.cash_improvement is None for r in report.lists[0].rows)
    data = report.to_dict()
    assert data["replay_run_id"] is None and "stockpilot replay" in data["note"]


def test_refuses_without_sales_enough_weeks_or_a_list_length(shop_db, chain, settings):
    with pytest.raises(ValueError, match="no sales on or before 2024-03-01"):
        prioritise_skus(chain, settings, cutoff=dt.date(2024, 3, 1))
    with pytest.raises(ValueError, match="at least 2 are needed"):
        prioritise_skus(chain, settings.replace(replay_days=13), cutoff=CUTOFF)
    with pytest.raises(ValueError, match="at least one SKU"):
        prioritise_skus(chain, settings, tops=(0,))
    chain.engine.connection.execute("DELETE FROM sales")
    with pytest.raises(ValueError, match="no sales to rank"):
        prioritise_skus(chain, settings)


def _invoke(db: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)  # no stockpilot.toml
    monkeypatch.setenv("STOCKPILOT_REPLAY_DAYS", "28")
    path = db.location
    db.close()
    result = CliRunner().invoke(app, ["--db", str(path), *args])
    return result.exit_code, result.output


def test_command_line_json(chain, monkeypatch, tmp_path):
    fill_replays(chain)
    code, output = _invoke(chain, monkeypatch, tmp_path, "prioritise", "--top", "2", "--cutoff", "2024-03-31", "--json")
    assert code == 0, output
    data = json.loads(output)
    assert set(data) == {
        "left_out",
        "cutoff",
        "first_day",
        "window_days",
        "weeks",
        "skus",
        "matrix",
        "replay_run_id",
        "note",
        "lists",
    }
    (top2,) = data["lists"]
    assert set(top2) == {"top", "count", "share", "cash_improvement", "replay_run_id", "skus"}
    assert (top2["count"], top2["cash_improvement"], top2["replay_run_id"]) == (2, 150, 2)
    row = {"rank", "sku", "name_en", "name_zh", "abc", "xyz", "cv", "sales_value", "share", "cash_improvement"}
    assert set(top2["skus"][0]) == row
    assert [r["sku"] for r in top2["skus"]] == ORDER[:2]


def _sell(db: Store, n: str, day: str, sku: str, quantity: float, price: float) -> None:
    db.engine.connection.execute(
        "INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity, unit_price) "
        "VALUES (?, ?, 'ST01', ?, ?, ?)",
        [n, dt.datetime.fromisoformat(f"{day}T12:00"), sku, quantity, price],
    )


def test_the_pilot_lists_leave_out_an_ended_season_and_a_sku_that_stopped_selling(chain, settings):
    """Over the year to 2024-03-31: 200 mooncakes at HK$328 in the four weeks to 2023-09-29 (the whole
    year's units in one window whose last sale was 185 days before 2024-04-01) used to rank first, as the
    largest and least stable seller; OLD-1 sold 5 a month from April to 2023-12-15 and not since
    (spread over the year, so not seasonal, but unsold for more than 56 days)."""
    chain.engine.connection.execute(
        "INSERT INTO products (sku, name_en, name_zh, unit_price) VALUES "
        "('MOON-01', 'Lotus Seed Mooncakes', '蓮蓉月餅', 328), ('OLD-1', 'Old stock', NULL, 10)"
    )
    for d in range(20):  # 2023-09-01 .. 2023-09-29, every other weekday or so
        _sell(chain, f"M{d}", (dt.date(2023, 9, 1) + dt.timedelta(days=d * 28 // 19)).isoformat(), "MOON-01", 10, 328)
    for month in range(4, 13):
        _sell(chain, f"O{month}", f"2023-{month:02d}-15", "OLD-1", 5, 10)
    report = prioritise_skus(chain, settings, cutoff=CUTOFF, tops=(50,))
    (top,) = report.lists
    assert sorted(r.sku for r in top.rows) == sorted(ORDER)  # the five SKUs still selling
    assert (
        report.matrix["A"]["Z"] >= 1 and report.skus == 7
    )  # the mooncake is still classed (AZ) and sum(n for cells in report.matrix.values() for n in cells.values()) == 7
    assert [(x.sku, x.reason.code) for x in report.left_out] == [
        ("MOON-01", "flag.season_ended"),
        ("OLD-1", "priority.unsold"),
    ]
    moon = report.left_out[0]
    assert dict(moon.reason.params) == {"window": 90, "share": 1.0, "ago": 185}
    assert moon.to_dict()["reason_en"] == (
        "season over: 100% of the last year's units sold within 90 days, the last 185 days ago"
    )
    data = json.loads(json.dumps(report.to_dict()))  # as `prioritise --json` prints it
    assert [x["sku"] for x in data["left_out"]] == ["MOON-01", "OLD-1"]
    assert data["left_out"][1]["reason"] == {"code": "priority.unsold", "params": {"days": 56}}
    assert data["left_out"][1]["reason_zh"] == "過去 56 日沒有銷售"


def test_command_line_for_people_in_chinese(chain, monkeypatch, tmp_path):
    code, output = _invoke(chain, monkeypatch, tmp_path, "--lang", "zh-HK", "prioritise", "--cutoff", "2024-03-31")
    assert code == 0, output
    assert "5 個貨品的優先次序" in output and "尚未重演歷史" in output
    assert "首 50 位：5 個貨品，佔銷售額 100.0%，預計現金改善 未知" in output
    assert output.index("SKU2") < output.index("SKU1") < output.index("SKU5")


def test_command_line_refusal_exits_1(shop_db, monkeypatch, tmp_path):
    code, output = _invoke(shop_db, monkeypatch, tmp_path, "prioritise")
    assert code == 2 and "cannot rank SKUs: no sales" in output  # a refusal (docs/errors.md)


def test_online_retail_sample(tmp_path, settings):
    """The shipped real export (nine months, one location): every SKU sold is ranked, in the rule's order."""
    with open_store(tmp_path / "retail.duckdb") as db:
        import_file(db, SAMPLE, settings)
        sold = db.engine.connection.execute("SELECT count(DISTINCT sku) FROM sales WHERE quantity > 0").fetchone()[0]
        report = prioritise_skus(db, settings, tops=(10, 1000))
    assert (report.first_day, report.cutoff) == (dt.date(2011, 3, 1), dt.date(2011, 11, 30))
    assert (report.window_days, report.weeks) == (275, 39)
    assert report.skus == sold == sum(n for cells in report.matrix.values() for n in cells.values())
    top10, everything = report.lists
    rows = everything.rows
    # three SKUs sold for a few weeks only are left out: two of them in spring, one not since September
    assert [(x.sku, x.reason.code) for x in report.left_out] == [
        ("DCGS0003", "flag.season_ended"),
        ("DCGS0004", "flag.season_ended"),
        ("DCGSSBOY", "priority.unsold"),
    ]
    assert len(rows) + len(report.left_out) == sold and everything.share == pytest.approx(1.0, abs=1e-3)
    assert top10.share == pytest.approx(sum(r.share for r in rows[:10]))
    keys = [("ABC".index(r.abc), "ZYX".index(r.xyz), -r.sales_value) for r in rows]
    assert keys == sorted(keys)
    a_value = sum(r.sales_value for r in rows if r.abc == "A")
    assert 0.8 <= a_value / sum(r.sales_value for r in rows) < 0.8 + max(r.share for r in rows)
    assert all(r.cv is not None and r.cv >= 0 for r in rows)
