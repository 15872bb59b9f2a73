"""The domain core stays pure: no database, web, CLI or file-format libraries."""

import ast
from pathlib import Path

import pytest

from stockpilot.adapters.importers.checks import SQL_TYPES
from stockpilot.adapters.storage.database import Database
from stockpilot.domain.model import TABLES

DOMAIN = Path(__file__).resolve().parents[2] / "src" / "stockpilot" / "domain"
FORBIDDEN = (
    "duckdb",
    "pyarrow",
    "pandas",
    "typer",
    "rich",
    "fastapi",
    "openpyxl",
    "matplotlib",
    "stockpilot.adapters",
    "stockpilot.services",
    "os",
    "pathlib",
    "io",
)


@pytest.mark.parametrize("module", sorted(DOMAIN.rglob("*.py")), ids=lambda p: p.name)
def test_domain_module_imports_nothing_impure(module):
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    bad = [m for m in imported if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert not bad, f"{module.name} imports {bad}"


def test_migrated_schema_matches_the_domain_model():
    with Database(":memory:") as db:
        for table in TABLES.values():
            rows = db.connection.execute(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position",
                [table.name],
            ).fetchall()
            expected = [(c.name, SQL_TYPES[c.type], "NO" if c.required else "YES") for c in table.columns]
            assert rows == [*expected, ("import_id", "BIGINT", "YES")], table.name


def test_migrations_are_applied_once(tmp_path):
    path = tmp_path / "shop.duckdb"
    with Database(path) as db:
        assert db.schema_version == 4
    with Database(path) as db:
        assert db.migrate() == []
        assert db.schema_version == 4
