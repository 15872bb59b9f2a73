"""The importer on real, messy shop data (R-DATA-2..5): UCI Online Retail I and II, M5.

Every expected number is computed independently from the raw files with DuckDB,
never taken from the importer. The data lives in ../shared/data (see its
README); CI has it, so a missing folder is a failure, not a skip.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from conftest import count_rows, real_data
from stockpilot.adapters.keystore import load_or_create_key
from stockpilot.adapters.storage.store import open_store
from stockpilot.domain.privacy import pseudonymise
from stockpilot.messages import render
from stockpilot.services.importing import import_file
from stockpilot.services.readiness import check_readiness
from stockpilot.settings import load_settings

pytestmark = [pytest.mark.realdata, pytest.mark.xdist_group("realdata")]  # its module fixtures built once

RETAIL_II = "online_retail/online_retail_II_2009-12_2010-12.parquet"
RETAIL_I = "online_retail/online_retail_I_2010-12_2011-12.parquet"
TINY_M5 = "m5_tiny/tiny_m5.parquet"

# Codes in the Online Retail data that are not products (postage, fees, manual
# adjustments, samples, vouchers...), from the data set's documentation.
NON_PRODUCT = (
    "upper(sc) IN ('POST', 'DOT', 'C2', 'C3', 'M', 'D', 'S', 'B', 'BANK CHARGES', "
    "'AMAZONFEE', 'CRUK', 'PADS') OR upper(sc) LIKE 'ADJUST%' OR upper(sc) LIKE 'TEST%' "
    "OR upper(sc) LIKE 'GIFT\\_0001\\_%' ESCAPE '\\'"
)
SALE = "NOT starts_with(inv, 'C') AND NOT non_product AND q >= 0 AND price >= 0"
RETURN = "starts_with(inv, 'C') AND NOT non_product AND q < 0"


@pytest.fixture(scope="module")
def raw() -> Iterator[duckdb.DuckDBPyConnection]:
    """Both raw files in one table ``lines`` (f = 'II' or 'I', n = record in the file),
    each line with its event id (invoice:stock code:ordinal) computed independently."""
    con = duckdb.connect()
    ii, i = real_data(RETAIL_II), real_data(RETAIL_I)
    con.execute(
        f"""
        CREATE TABLE lines AS
        WITH unioned AS (
            SELECT 'II' AS f, file_row_number AS n, Invoice AS inv, StockCode AS sc,
                   Description AS descr, Quantity AS q, CAST(InvoiceDate AS TIMESTAMP) AS ts,
                   Price AS price, "Customer ID" AS cid
            FROM read_parquet('{ii}', file_row_number = true)
            UNION ALL
            SELECT 'I', file_row_number, InvoiceNo, StockCode, Description, Quantity,
                   CAST(InvoiceDate AS TIMESTAMP), UnitPrice, CustomerID
            FROM read_parquet('{i}', file_row_number = true)
        )
        SELECT *, inv || ':' || sc || ':' || row_number() OVER (PARTITION BY f, inv, sc ORDER BY n) AS id,
               coalesce({NON_PRODUCT}, false) AS non_product
        FROM unioned
        """
    )
    yield con
    con.close()


@pytest.fixture(scope="module")
def retail(tmp_path_factory, raw) -> Iterator[tuple[Path, dict, object]]:
    """Both Online Retail files imported, II then I, into one database file (closed)."""
    folder = tmp_path_factory.mktemp("retail")
    # A fixed key makes the file's bytes the same on every run: the byte scan below then
    # either always or never finds an id, instead of now and then where compressed runs
    # of pseudonym digits happen to spell one out.
    (folder / "key").write_text(hashlib.sha256(b"stock pilot real-data test key").hexdigest(), encoding="ascii")
    settings = load_settings(
        {"pseudonym_key_file": str(folder / "key")}, environ={}, config_file=folder / "no-such.toml"
    )
    db_path = folder / "retail.duckdb"
    reports = {}
    with open_store(db_path) as db:
        # FSST string compression writes symbol tables: runs of value fragments (":15", "555:")
        # whose concatenation can spell any digit string, so the byte scan below found an id
        # now and then where no value holds it (24 of 3,879 ids on one run, none without FSST).
        # Without it the file holds the same values, freed blocks and WAL, as they are.
        db.engine.connection.execute("SET disabled_compression_methods = 'fsst'")
        reports["II"] = import_file(db, real_data(RETAIL_II), settings)
        reports["I"] = import_file(db, real_data(RETAIL_I), settings)
    yield db_path, reports, settings


def scalar(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchone()[0]


def test_every_line_is_received_and_accounted_for(retail, raw):
    _, reports, _ = retail
    for f, report in reports.items():
        assert report.profile == "online_retail"
        assert report.received == scalar(raw, "SELECT count(*) FROM lines WHERE f = ?", [f])
        assert report.accepted + report.quarantined == report.received, report.to_dict()


def test_cancellations_become_returns(retail, raw):
    db_path, reports, _ = retail
    expected = scalar(raw, f"SELECT count(DISTINCT id) FROM lines WHERE {RETURN}")
    assert expected > 15_000
    with open_store(db_path, read_only=True) as db:
        assert count_rows(db, "returns") == expected
        assert scalar(db.engine.connection, "SELECT min(quantity) FROM returns") > 0
        assert scalar(db.engine.connection, "SELECT count(*) FROM returns WHERE NOT starts_with(event_id, 'C')") == 0
    for f, report in reports.items():
        assert report.tables["returns"].received == scalar(
            raw, "SELECT count(*) FROM lines WHERE f = ? AND starts_with(inv, 'C') AND NOT non_product", [f]
        )


def test_postage_lines_are_set_aside_as_not_a_product(retail, raw):
    db_path, reports, _ = retail
    with open_store(db_path, read_only=True) as db:
        for f, report in reports.items():
            posts = scalar(raw, "SELECT count(*) FROM lines WHERE f = ? AND sc = 'POST'", [f])
            assert posts > 0
            quarantined = db.engine.connection.execute(
                "SELECT first_code, count(*) FROM quarantine WHERE import_id = ? "
                "AND json_extract_string(raw, '$.StockCode') = 'POST' GROUP BY ALL",
                [report.import_id],
            ).fetchall()
            assert quarantined == [("not_a_product", posts)]
            assert report.set_aside == scalar(raw, "SELECT count(*) FROM lines WHERE f = ? AND non_product", [f])
        assert scalar(db.engine.connection, "SELECT count(*) FROM sales WHERE sku = 'POST'") == 0


def test_the_overlapping_days_are_not_stored_twice(retail, raw):
    db_path, reports, _ = retail
    distinct_ids = scalar(raw, f"SELECT count(DISTINCT id) FROM lines WHERE {SALE}")
    overlap = scalar(
        raw,
        f"SELECT count(*) FROM (SELECT id FROM lines WHERE f = 'I' AND {SALE} "
        f"INTERSECT SELECT id FROM lines WHERE f = 'II' AND {SALE})",
    )
    assert overlap > 20_000  # 2010-12-01..09 is in both files
    with open_store(db_path, read_only=True) as db:
        con = db.engine.connection
        assert count_rows(db, "sales") == distinct_ids
        assert scalar(con, "SELECT count(*) - count(DISTINCT event_id) FROM sales") == 0
        window = (
            "SELECT count(*) FROM sales WHERE occurred_at >= TIMESTAMP '2010-12-01' "
            "AND occurred_at < TIMESTAMP '2010-12-10'"
        )
        assert scalar(con, window) == scalar(
            raw,
            f"SELECT count(DISTINCT id) FROM lines WHERE {SALE} AND "
            "ts >= TIMESTAMP '2010-12-01' AND ts < TIMESTAMP '2010-12-10'",
        )
    second = reports["I"].tables["sales"]
    assert second.unchanged == overlap
    assert second.id_conflicts == 0 and reports["II"].tables["sales"].id_conflicts == 0


def _customer_ids(raw, count: int = 20) -> list[str]:
    """The ids of the ``count`` busiest customers whose number appears in no other raw
    text (invoice, stock code, description), so that finding it later means a leak."""
    return [
        str(int(cid))
        for (cid,) in raw.execute(
            f"""
            WITH text AS (SELECT DISTINCT inv AS t FROM lines UNION SELECT DISTINCT sc FROM lines
                          UNION SELECT DISTINCT descr FROM lines WHERE descr IS NOT NULL)
            SELECT cid FROM lines WHERE cid IS NOT NULL GROUP BY cid
            HAVING NOT EXISTS (SELECT 1 FROM text WHERE contains(t, CAST(CAST(cid AS BIGINT) AS VARCHAR)))
            ORDER BY count(*) DESC, cid LIMIT {count}
            """
        ).fetchall()
    ]


def test_no_customer_id_is_stored_in_clear(retail, raw):
    db_path, reports, settings = retail
    ids = _customer_ids(raw, 40)
    pseudonym = pseudonymise(ids[0] + ".0", load_or_create_key(settings.privacy.pseudonym_key_file))
    assert len(ids) == 40
    assert reports["II"].pseudonymised_columns == ["Customer ID"]
    assert reports["I"].pseudonymised_columns == ["CustomerID"]
    # '13085' or '13085.0' as a number of its own (not inside a longer word or hex string).
    pattern = r"(^|[^0-9A-Za-z])(" + "|".join(ids) + r")(\.0+)?([^0-9A-Za-z]|$)"
    with open_store(db_path, read_only=True) as db:
        con = db.engine.connection
        columns = con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = 'main' "
            "AND data_type = 'VARCHAR'"
        ).fetchall()
        assert ("quarantine", "raw") in columns and ("sales", "member_id") in columns
        for table, column in columns:
            found = con.execute(
                f'SELECT "{column}" FROM "{table}" WHERE regexp_matches("{column}", ?) LIMIT 3', [pattern]
            ).fetchall()
            assert found == [], f"customer id in clear in {table}.{column}: {found}"
        members = scalar(con, "SELECT count(DISTINCT member_id) FROM sales")
        assert members > 4_000
        assert scalar(con, "SELECT count(*) FROM sales WHERE member_id NOT LIKE 'm\\_%' ESCAPE '\\'") == 0
        # The busiest customer's lines carry the keyed pseudonym of their id.
        assert scalar(con, "SELECT count(*) FROM sales WHERE member_id = ?", [pseudonym]) > 100
    # The closed database file, byte by byte (and its WAL, if one was left): the 40 busiest
    # customers' ids, certain to be there if member ids leaked, less those some stored value
    # spells out (a stock code or an invoice number can be the same digits; a pseudonym's hex can
    # hold them), and not right after the pseudonyms' "m_". Not every id: compressed binary
    # columns spell a 5-digit string now and then by chance (one of 3,879 ids on one run of four).
    with open_store(db_path, read_only=True) as db:
        con = db.engine.connection
        stored_numbers = {
            number
            for table, column in columns
            for (number,) in con.execute(
                f'SELECT DISTINCT unnest(regexp_extract_all("{column}", \'[0-9]+\')) FROM "{table}"'
            ).fetchall()
        }
    sought = [cid for cid in ids if cid not in stored_numbers]
    assert len(sought) >= 15
    needle = re.compile(rb"(?<![0-9A-Za-z_])(" + "|".join(sought).encode() + rb")(\.0+)?(?![0-9A-Za-z])")
    data = db_path.read_bytes()
    # Control: stored member ids are readable in the file's bytes, so a clear id would be too.
    assert pseudonym.encode() in data
    for path in (db_path, Path(f"{db_path}.wal")):
        if path.exists():
            data = path.read_bytes()
            hits = [m.group(0) for m in needle.finditer(data)][:5]
            assert hits == [], f"customer id bytes in {path.name}: {hits}"


def test_readiness_names_the_missing_promotion_log(retail):
    db_path, _, settings = retail
    with open_store(db_path, read_only=True) as db:
        report = check_readiness(db, settings)
    assert report.ready is False
    assert report.reasons
    assert any("promotion" in render(reason).lower() for reason in report.reasons), report.reasons


def test_m5_tiny_long_layout(tmp_path, settings):
    expected = duckdb.sql(f"SELECT count(*) FROM read_parquet('{real_data(TINY_M5)}')").fetchone()[0]
    assert expected == 535_640
    with open_store(tmp_path / "m5.duckdb") as db:
        report = import_file(db, real_data(TINY_M5), settings)
        assert report.profile == "m5"
        assert report.received == 535_640
        assert report.accepted == 535_640 and report.quarantined == 0, report.to_dict()
        assert count_rows(db, "sales") == 535_640
        assert count_rows(db, "locations") == 10 and count_rows(db, "products") == 28
