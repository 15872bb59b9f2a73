"""The storage contract for imports, quarantine and retention: DuckDB and PostgreSQL store the same.

Most tests run once per backend (the ``any_store`` fixture); the first imports the same files
into one store of each and compares everything stored, table by table, row by row. The
PostgreSQL server is a throwaway one (tests/storage_fixtures.py): when it cannot start,
these tests fail, they are never skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import count_rows, make_settings, write_master_data
from stockpilot.adapters.keystore import KeyStoreError
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.domain.model import TABLES
from stockpilot.services import quarantine as quarantine_service
from stockpilot.services.importing import import_file
from stockpilot.services.readiness import gather_facts
from stockpilot.services.retention import export_all, purge
from stockpilot.settings import load_settings

pytestmark = pytest.mark.contract

AT = dt.datetime(2024, 1, 10, 12, 0)

SALES = """event_id,occurred_at,location_id,sku,quantity,unit_price
S1,2024-01-02 10:00,ST01,SKU1,2,59.9
S2,2024-01-02 11:00,ST01,SKU2,1,12.5
S3,2024-01-03 09:30,ST01,SKU3,-4,16
S4,2024-01-04 09:30,ST02,SKU3,1,16
S5,2024-01-05 09:30,ST01,SKU9,1,16
"""
"""S3: negative quantity; S4: unknown location; S5: unknown product."""

OVERLAPPING = """event_id,occurred_at,location_id,sku,quantity,unit_price
S1,2024-01-02 10:00,ST01,SKU1,2,59.9
S2,2024-01-02 11:00,ST01,SKU2,7,12.5
S6,2024-01-06 12:00,ST01,SKU1,3,59.9
S6,2024-01-06 12:00,ST01,SKU1,3,59.9
S7,2024-01-07 12:00,WH,SKU2,1,12.5
"""
"""S1: sent again; S2: the same id with another quantity (a conflict); S6 twice in one file."""

PRODUCTS_UPDATE = "sku,name_en,unit_cost\nSKU2,Light soy sauce 500ml,8.5\nSKU4,Oyster sauce,11\n"

ONLINE_RETAIL = (
    "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
    "1,85123A,HEART HOLDER,6,2024-01-04 10:00:00,2.55,17850,United Kingdom\n"
    "1,POST,POSTAGE,1,2024-01-04 10:00:00,18,17850,United Kingdom\n"
    "2,22423,CAKESTAND,1,2024-01-04 11:00:00,12.75,,United Kingdom\n"
    "C4,85123A,HEART HOLDER,-2,2024-01-05 10:00:00,2.55,17850,United Kingdom\n"
)

M5_LONG = (
    "id,item_id,dept_id,cat_id,store_id,state_id,date,value,sell_price,"
    "event_name_1,event_type_1,event_name_2,event_type_2,snap\n"
    "A_1,FOODS_1_001,FOODS_1,FOODS,CA_1,CA,2024-01-01,3,2.0,NewYear,National,,,1\n"
    "A_1,FOODS_1_001,FOODS_1,FOODS,CA_1,CA,2024-01-02,0,2.0,,,,,0\n"
    "A_2,FOODS_1_002,FOODS_1,FOODS,CA_1,CA,2024-01-01,1,1.5,NewYear,National,,,1\n"
    "A_3,FOODS_1_001,FOODS_1,FOODS,CA_2,CA,2024-01-01,2,2.0,NewYear,National,,,1\n"
)


class FixedClock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def now(self) -> dt.datetime:
        return self.at


CLOCK = FixedClock(AT)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _files(folder: Path) -> list[Path]:
    """Master data, sales with broken rows, the same again, an overlapping file, a master-data
    update, an Online Retail export (routes, set-aside codes, derived products) and M5 rows
    (derived locations, products and calendar events)."""
    locations, products = write_master_data(folder / "master")
    sales = _write(folder, "sales.csv", SALES)
    return [
        locations,
        products,
        sales,
        sales,
        _write(folder, "sales-2.csv", OVERLAPPING),
        _write(folder, "products-update.csv", PRODUCTS_UPDATE),
        _write(folder, "invoices.csv", ONLINE_RETAIL),
        _write(folder, "m5_long.csv", M5_LONG),
    ]


def _everything(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table an import writes, sorted."""
    names = [*TABLES, "quarantine", "import_runs", "import_table_stats"]
    return {name: sorted(store.engine.rows(f'SELECT * FROM "{name}"'), key=repr) for name in names}


def test_the_same_files_give_the_same_counts_and_rows_on_both_backends(pg_url, tmp_path, monkeypatch):
    monkeypatch.delenv("STOCKPILOT_PSEUDONYM_KEY", raising=False)
    settings = make_settings(tmp_path)  # one key for both, so pseudonyms agree
    files = _files(tmp_path)
    reports, stored = {}, {}
    for backend, target in (("duckdb", str(tmp_path / "shop.duckdb")), ("postgresql", pg_url)):
        with open_store(target) as store:
            reports[backend] = [import_file(store, path, settings, clock=CLOCK).to_dict() for path in files]
            stored[backend] = _everything(store)
    assert reports["postgresql"] == reports["duckdb"]
    for name, rows in stored["duckdb"].items():
        assert stored["postgresql"][name] == rows, name
    duck = reports["duckdb"]
    assert [(r["received"], r["accepted"], r["quarantined"]) for r in duck] == [
        (2, 2, 0),
        (3, 3, 0),
        (5, 2, 3),
        (5, 2, 3),
        (5, 4, 1),
        (2, 2, 0),
        (4, 3, 1),
        (4, 4, 0),
    ]
    assert all(r["received"] == r["accepted"] + r["quarantined"] for r in duck)
    assert duck[5]["tables"]["products"]["updated"] == 1 and duck[5]["tables"]["products"]["new"] == 1
    assert duck[7]["derived"] == {"locations": 2, "products": 2, "calendar_events": 2}
    assert len(stored["duckdb"]["sales"]) == 2 + 2 + 2 + 4  # shop, overlapping, invoices, M5


def _shop(store: Store, settings, master_files, tmp_path: Path):
    for path in master_files:
        import_file(store, path, settings, clock=CLOCK)
    sales = _write(tmp_path, "sales.csv", SALES)
    return import_file(store, sales, settings, clock=CLOCK), sales


def test_a_resent_file_changes_nothing(any_store, settings, master_files, tmp_path):
    first, sales = _shop(any_store, settings, master_files, tmp_path)
    before = _everything(any_store)
    again = import_file(any_store, sales, settings, clock=CLOCK)
    assert (again.received, again.accepted, again.quarantined) == (5, 2, 3)
    assert (again.tables["sales"].new, again.tables["sales"].unchanged) == (0, 2)
    after = _everything(any_store)
    assert after["sales"] == before["sales"] and after["products"] == before["products"]
    assert count_rows(any_store, "quarantine") == first.quarantined  # reported each time, stored once


def test_a_conflicting_id_is_quarantined_and_the_stored_event_kept(any_store, settings, master_files, tmp_path):
    _shop(any_store, settings, master_files, tmp_path)
    report = import_file(any_store, _write(tmp_path, "sales-2.csv", OVERLAPPING), settings, clock=CLOCK)
    counts = report.tables["sales"]
    assert (counts.new, counts.unchanged, counts.id_conflicts) == (2, 2, 1)
    assert any_store.engine.rows("SELECT quantity FROM sales WHERE event_id = 'S2'") == [(1.0,)]
    assert any_store.engine.rows("SELECT count(*) FROM sales WHERE event_id = 'S6'") == [(1,)]
    rows = quarantine_service.quarantined_rows(any_store, report.import_id)
    assert [(r.row, r.event_id, r.problems[0].code) for r in rows] == [(3, "S2", "id_conflict")]


FIXED = """event_id,occurred_at,location_id,sku,quantity,unit_price
S3,2024-01-03 09:30,ST01,SKU3,4,16
S4,2024-01-04 09:30,ST01,SKU3,1,16
S5,2024-01-05 09:30,ST01,SKU9,1,16
"""
"""S3 and S4 fixed; S5 sent again as it was (still an unknown product)."""


def test_a_fixed_row_closes_its_problem_and_a_resent_one_is_kept_once(any_store, settings, master_files, tmp_path):
    first, sales = _shop(any_store, settings, master_files, tmp_path)
    fix = import_file(
        any_store, _write(tmp_path, "sales-fix.csv", FIXED), settings, clock=FixedClock(AT.replace(hour=13))
    )
    assert (fix.received, fix.accepted, fix.quarantined) == (3, 2, 1)
    assert [(r.event_id, r.import_id) for r in quarantine_service.quarantined_rows(any_store)] == [
        ("S5", first.import_id)
    ]
    closed = [r for r in quarantine_service.quarantined_rows(any_store, include_closed=True) if not r.open]
    assert [(r.event_id, r.fixed_by_import, r.closed_at) for r in closed] == [
        ("S3", fix.import_id, AT.replace(hour=13)),
        ("S4", fix.import_id, AT.replace(hour=13)),
    ]
    again = import_file(any_store, sales, settings, clock=CLOCK)  # the broken file again: its problems reopen once
    assert again.quarantined == 3 and count_rows(any_store, "quarantine") == 3 + 2
    assert [r.event_id for r in quarantine_service.quarantined_rows(any_store)] == ["S3", "S4", "S5"]
    facts = next(t for t in gather_facts(any_store, settings).tables if t.name == "sales")
    assert (facts.stored, facts.quarantined, facts.invalid_values) == (4, 3, 1)  # S3 open again


def test_a_header_only_file_is_recorded_as_imported_for_its_table(any_store, settings, master_files, tmp_path):
    _shop(any_store, settings, master_files, tmp_path)
    header = "event_id,promotion_id,sku,location_id,start_date,end_date\n"
    report = import_file(any_store, _write(tmp_path, "promotions.csv", header), settings, clock=CLOCK)
    assert (report.received, list(report.tables)) == (0, ["promotions"])
    facts = gather_facts(any_store, settings)
    assert facts.promotions_rows == 0 and facts.promotions_imported  # a shop that runs no promotion


def test_master_data_updates_only_the_columns_the_file_has(any_store, settings, master_files, tmp_path):
    _shop(any_store, settings, master_files, tmp_path)
    report = import_file(any_store, _write(tmp_path, "products-2.csv", PRODUCTS_UPDATE), settings, clock=CLOCK)
    assert (report.tables["products"].updated, report.tables["products"].new) == (1, 1)
    rows = any_store.engine.rows("SELECT sku, name_en, unit_cost, case_pack, import_id FROM products ORDER BY sku")
    assert [tuple(r) for r in rows] == [
        ("SKU1", "Jasmine rice 5kg", 40.0, 4, 2),
        ("SKU2", "Light soy sauce 500ml", 8.5, 12, report.import_id),
        ("SKU3", "Instant noodles 5-pack", 10.0, 6, 2),
        ("SKU4", "Oyster sauce", 11.0, None, report.import_id),
    ]


def test_quarantined_rows_are_listed_and_exported_for_fixing(any_store, settings, master_files, tmp_path):
    report, _ = _shop(any_store, settings, master_files, tmp_path)
    rows = quarantine_service.quarantined_rows(any_store)
    assert [(r.import_id, r.row, r.table, r.event_id) for r in rows] == [
        (report.import_id, 4, "sales", "S3"),
        (report.import_id, 5, "sales", "S4"),
        (report.import_id, 6, "sales", "S5"),
    ]
    assert [r.problems[0].code for r in rows] == ["below_minimum", "unknown_reference", "unknown_reference"]
    assert rows[0].raw["quantity"] == "-4" and rows[0].reason()
    assert len(quarantine_service.quarantined_rows(any_store, limit=2)) == 2
    written = quarantine_service.export_for_fixing(any_store, tmp_path / "fix")
    ((path, count),) = written.items()
    assert (path.name, count) == ("sales.quarantine.csv", 3)
    with path.open(encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    assert [(x["event_id"], x["source_row"]) for x in lines] == [("S3", "4"), ("S4", "5"), ("S5", "6")]


def test_purge_counts_what_it_removes_and_logs_it(any_store, settings, master_files, tmp_path):
    _shop(any_store, settings, master_files, tmp_path)  # imported at AT (2024-01-10 12:00)
    assert purge(any_store, 9, clock=FixedClock(AT)).removed == {
        **{name: 0 for name, t in TABLES.items() if t.time_column},
        "quarantine": 0,
    }
    later = FixedClock(dt.datetime(2024, 1, 13, 8, 0))
    result = purge(any_store, 2, clock=later)  # before 2024-01-11: both sales, and the imports of the 10th
    assert result.cutoff == dt.date(2024, 1, 11)
    assert (result.removed["sales"], result.removed["quarantine"]) == (2, 3)
    assert count_rows(any_store, "sales") == 0 and count_rows(any_store, "quarantine") == 0
    assert count_rows(any_store, "products") == 3  # master data has no age
    logged = any_store.engine.rows(
        "SELECT purged_at, cutoff, table_name, rows_removed FROM purges WHERE rows_removed > 0"
    )
    assert sorted((a, c, t, int(n)) for a, c, t, n in logged) == [
        (later.at, dt.date(2024, 1, 11), "quarantine", 3),
        (later.at, dt.date(2024, 1, 11), "sales", 2),
    ]
    with pytest.raises(ValueError):
        purge(any_store, -1, clock=later)


def test_the_full_export_writes_every_row_of_every_table(any_store, settings, master_files, tmp_path):
    _shop(any_store, settings, master_files, tmp_path)
    import_file(any_store, _write(tmp_path, "sales-2.csv", OVERLAPPING), settings, clock=CLOCK)
    first = export_all(any_store, tmp_path / "backup", 30, clock=FixedClock(AT))
    assert first.last_export is None and first.next_due == dt.date(2024, 2, 9)
    expected = {name: count_rows(any_store, name) for name in any_store.retention.tables()}
    expected["exports"] -= 1  # the export logged itself after writing
    assert first.rows == expected
    assert (expected["sales"], expected["quarantine"], expected["import_runs"]) == (4, 4, 4)
    for name, count in expected.items():
        assert pq.read_table(first.directory / f"{name}.parquet").num_rows == count, name
        with (first.directory / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            assert sum(1 for _ in csv.reader(handle)) == count + 1, name
    second = export_all(any_store, tmp_path / "backup-2", 30, clock=FixedClock(AT + dt.timedelta(days=1)))
    assert second.last_export == AT and second.rows["exports"] == 1


def test_imports_are_stamped_by_the_clock(any_store, settings, master_files, tmp_path):
    report, _ = _shop(any_store, settings, master_files, tmp_path)
    ((started, finished),) = any_store.engine.rows(
        "SELECT started_at, finished_at FROM import_runs WHERE import_id = $1", [report.import_id]
    )
    assert started == finished == AT
    raw = json.loads(any_store.engine.rows("SELECT refused_columns FROM import_runs LIMIT 1")[0][0])
    assert raw == {}


def test_the_pseudonym_key_lives_beside_a_file_and_must_be_given_for_a_server(any_store, tmp_path, monkeypatch):
    monkeypatch.delenv("STOCKPILOT_PSEUDONYM_KEY", raising=False)
    no_key_file = load_settings({}, environ={}, config_file=tmp_path / "no-such-config.toml")
    locations, _ = write_master_data(tmp_path / "master")
    if any_store.file is None:
        with pytest.raises(KeyStoreError, match="PostgreSQL"):
            import_file(any_store, locations, no_key_file, clock=CLOCK)
        assert count_rows(any_store, "locations") == 0
    else:
        import_file(any_store, locations, no_key_file, clock=CLOCK)
        assert Path(f"{any_store.file}.key").is_file()
