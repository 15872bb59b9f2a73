"""The documented example shop imports cleanly, and its readiness report matches the golden files.

Regenerate the golden files after a reviewed change with: STOCKPILOT_UPDATE_GOLDEN=1 make test
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stockpilot.adapters.storage.store import open_store
from stockpilot.doors.cli import app
from stockpilot.services.importing import files_in_order, import_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
GOLDEN = ROOT / "tests" / "golden"


def test_every_example_file_imports_without_quarantine(settings):
    with open_store(":memory:") as db:
        for path in files_in_order(EXAMPLES):
            report = import_file(db, path, settings)
            assert report.received > 0 and report.quarantined == 0, report.to_dict()
        again = [import_file(db, path, settings) for path in files_in_order(EXAMPLES)]
        assert all(r.to_dict()["new"] == 0 and r.quarantined == 0 for r in again)


def test_big5_pos_export_with_a_user_profile(settings):
    with open_store(":memory:") as db:
        for path in files_in_order(EXAMPLES):
            import_file(db, path, settings)
        report = import_file(
            db, EXAMPLES / "profiles" / "hk_pos_big5.csv", settings, profile=str(EXAMPLES / "profiles" / "hk_pos.toml")
        )
        assert report.encoding == "big5hkscs"
        assert (report.received, report.accepted, report.quarantined) == (5, 5, 0)
        members = db.engine.connection.execute(
            "SELECT DISTINCT member_id FROM sales WHERE member_id IS NOT NULL AND import_id = ?", [report.import_id]
        ).fetchall()
        assert members and all(m[0].startswith("m_") for m in members)


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_readiness_report_golden(tmp_path, monkeypatch, language):
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "golden")
    db = str(tmp_path / "shop.duckdb")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "import", str(EXAMPLES)]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "--lang", language, "readiness"])
    golden = GOLDEN / f"readiness_examples.{language}.txt"
    if os.environ.get("STOCKPILOT_UPDATE_GOLDEN"):
        golden.write_text(result.output, encoding="utf-8")
    assert result.output == golden.read_text(encoding="utf-8")
