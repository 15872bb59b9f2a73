"""Shared fixtures: hermetic settings and a small shop database built through the importer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

# The attack suite's tally, summed over xdist workers into one line at the end of the run.
import attack_tally
from attack_tally import pytest_configure, pytest_sessionfinish  # noqa: F401
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.services.importing import import_file
from stockpilot.settings import Settings, load_settings
from storage_fixtures import any_store, backend_target, contract_counts, pg_server, pg_url  # noqa: F401
from web_fixtures import app_config, browser, client_as, live, page_as, web_db, web_shop  # noqa: F401

LOCATIONS_CSV = """location_id,name_en,name_zh,kind,district
ST01,Mong Kok store,旺角店,store,Yau Tsim Mong
WH,Central warehouse,中央倉,warehouse,Kwai Tsing
"""

PRODUCTS_CSV = """sku,name_en,name_zh,category,unit_cost,unit_price,case_pack
SKU1,Jasmine rice 5kg,茉莉香米 5公斤,Rice,40,59.9,4
SKU2,Soy sauce 500ml,生抽 500毫升,Sauce,8,12.5,12
SKU3,Instant noodles 5-pack,即食麵 五包裝,Noodles,10,16,6
"""


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    """The attack tally, and how many storage contract tests passed on each backend."""
    attack_tally.pytest_terminal_summary(terminalreporter, config)
    counts = contract_counts(terminalreporter)
    if counts:
        terminalreporter.write_line(
            "storage contract: " + ", ".join(f"{backend} {counts[backend]}" for backend in ("duckdb", "postgresql"))
        )


REAL_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def real_data(relative: str) -> Path:
    """A file of the real data in ../shared/data; CI has it, so a missing file fails, never skips."""
    path = REAL_DATA / relative
    if not path.exists():
        pytest.fail(
            f"real data missing: {path} (expected the shared data folder {REAL_DATA}; "
            "see shared/data/README.md — CI provides it, so this test must not be skipped)"
        )
    return path


SHOP_LOCATIONS = ("ST01", "WH")
SHOP_SKUS = ("SKU1", "SKU2", "SKU3")


def quarantine(db: Store, import_id: int) -> list[tuple[int, str, dict]]:
    """(row number, first problem code, original content) of each row an import quarantined, in row order."""
    rows = db.engine.connection.execute(
        "SELECT row_number, first_code, raw FROM quarantine WHERE import_id = ? ORDER BY row_number",
        [import_id],
    ).fetchall()
    return [(n, code, json.loads(raw)) for n, code, raw in rows]


def count_rows(store: Store, table: str) -> int:
    """Rows stored in ``table`` (a test's look at the DuckDB file)."""
    return int(store.engine.rows(f'SELECT count(*) FROM "{table}"')[0][0])


def make_settings(folder: Path) -> Settings:
    """Settings that ignore the environment and any stockpilot.toml, with a key in ``folder``."""
    return load_settings(
        {"pseudonym_key_file": str(folder / "pseudonym.key")},
        environ={},
        config_file=folder / "no-such-config.toml",
    )


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings whose pseudonym key is a fresh file under tmp_path (never the environment)."""
    monkeypatch.delenv("STOCKPILOT_PSEUDONYM_KEY", raising=False)
    key_folder = tmp_path / "keys"
    key_folder.mkdir(exist_ok=True)
    return make_settings(key_folder)


def write_master_data(folder: Path) -> tuple[Path, Path]:
    """locations.csv and products.csv for the small shop, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    locations = folder / "locations.csv"
    products = folder / "products.csv"
    locations.write_text(LOCATIONS_CSV, encoding="utf-8")
    products.write_text(PRODUCTS_CSV, encoding="utf-8")
    return locations, products


@pytest.fixture
def master_files(tmp_path: Path) -> tuple[Path, Path]:
    """locations.csv (ST01, WH) and products.csv (SKU1..SKU3) written under tmp_path."""
    return write_master_data(tmp_path / "master")


@pytest.fixture
def shop_db(tmp_path: Path, settings: Settings, master_files: tuple[Path, Path]) -> Iterator[Store]:
    """A file database with 2 locations and 3 products, imported through import_file."""
    locations, products = master_files
    db = open_store(tmp_path / "shop.duckdb")
    for path, expected in ((locations, 2), (products, 3)):
        report = import_file(db, path, settings)
        assert (report.received, report.accepted, report.quarantined) == (expected, expected, 0), report.to_dict()
    yield db
    db.close()
