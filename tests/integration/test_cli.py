"""The command line: --json shapes, exit codes, quarantine round trip, export and purge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import write_master_data
from stockpilot.doors.cli import app

runner = CliRunner()

SALES = """event_id,occurred_at,location_id,sku,quantity,unit_price
E1,2024-03-01 10:00,ST01,SKU1,2,59.9
E2,2024-03-01 11:00,ST01,SKU2,-4,12.5
E3,2024-03-02 09:30,ST01,SKU9,1,16
E4,2024-02-30,ST01,SKU3,1,16
"""


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "test-key")
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "exports"
    write_master_data(folder)
    (folder / "sales.csv").write_text(SALES, encoding="utf-8")
    return {"db": tmp_path / "shop.duckdb", "folder": folder, "sales": folder / "sales.csv"}


def invoke(shop: dict[str, Path], *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(shop["db"]), *args])
    return result.exit_code, result.output


def test_import_folder_json_counts_every_row(shop):
    code, output = invoke(shop, "import", str(shop["folder"]), "--json")
    assert code == 0, output
    data = json.loads(output)
    assert (data["received"], data["accepted"], data["quarantined"]) == (2 + 3 + 4, 2 + 3 + 1, 3)
    assert [Path(f["source"]).name for f in data["files"]] == ["locations.csv", "products.csv", "sales.csv"]


def test_import_prints_the_balance_for_people(shop):
    invoke(shop, "import", str(shop["folder"] / "locations.csv"), str(shop["folder"] / "products.csv"))
    code, output = invoke(shop, "import", str(shop["sales"]))
    assert code == 0
    assert "sales.csv: received 4 = accepted 1 + quarantined 3" in output
    code, output = invoke(shop, "--lang", "zh-HK", "import", str(shop["sales"]))
    assert "收到 4 = 接納 1 + 隔離 3" in output and "已存在（無變動）1" in output


def test_unreadable_file_exits_non_zero_and_names_it(shop, tmp_path):
    broken = tmp_path / "sales_broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    code, output = invoke(shop, "import", str(broken))
    assert code == 1
    assert "sales_broken.parquet" in output


def test_quarantine_list_and_fix_round_trip(shop, tmp_path):
    invoke(shop, "import", str(shop["folder"]))
    code, output = invoke(shop, "quarantine", "list", "--json")
    rows = json.loads(output)
    assert code == 0 and len(rows) == 3
    by_id = {r["event_id"]: r for r in rows}
    assert by_id["E2"]["row"] == 3 and by_id["E2"]["codes"] == ["below_minimum"]
    assert by_id["E3"]["codes"] == ["unknown_reference"] and "SKU9" in by_id["E3"]["reason"]
    assert by_id["E4"]["raw"]["occurred_at"] == "2024-02-30"

    code, output = invoke(shop, "quarantine", "export", str(tmp_path / "fix"), "--json")
    fixed = tmp_path / "fix" / "sales.quarantine.csv"
    assert json.loads(output) == {str(fixed): 3}
    text = fixed.read_text(encoding="utf-8")
    text = text.replace(",-4,", ",4,").replace("SKU9", "SKU3").replace("2024-02-30", "2024-02-29")
    fixed.write_text(text, encoding="utf-8")
    code, output = invoke(shop, "import", str(fixed), "--json")
    data = json.loads(output)
    assert (data["accepted"], data["quarantined"]) == (3, 0)
    assert data["files"][0]["ignored_columns"] == ["source_row", "reason"]
    code, output = invoke(shop, "quarantine", "list")  # every problem fixed: it says so, not nothing
    assert (
        code == 0
        and output.strip() == "Nothing in quarantine: every row received so far was accepted or has been fixed."
    )
    code, output = invoke(shop, "--lang", "zh-HK", "quarantine", "list", "--json")
    assert json.loads(output) == []


def test_readiness_json_has_verdict_and_reasons(shop):
    invoke(shop, "import", str(shop["folder"]))
    code, output = invoke(shop, "readiness", "--json")
    data = json.loads(output)
    assert code == 1  # NOT READY exits 1, with the same JSON
    assert data["ready"] is False and data["level"] == "not_ready"
    assert any("promotion" in reason for reason in data["reasons"])


def test_export_writes_every_table_and_purge_removes_old_events(shop, tmp_path):
    invoke(shop, "import", str(shop["folder"]))
    code, output = invoke(shop, "export", str(tmp_path / "backup"), "--json")
    data = json.loads(output)
    assert code == 0 and data["rows"]["sales"] == 1 and data["rows"]["products"] == 3
    assert (tmp_path / "backup" / "sales.csv").read_text(encoding="utf-8").count("\n") == 2
    assert (tmp_path / "backup" / "quarantine.parquet").is_file()
    code, output = invoke(shop, "purge", "--older-than", "0", "--yes", "--json")
    assert json.loads(output)["removed"]["sales"] == 1


def test_every_progress_step_has_words_in_both_languages(shop, tmp_path):
    from conftest import make_settings
    from stockpilot.adapters.storage.store import open_store
    from stockpilot.messages import render
    from stockpilot.services.demo_chain import simulate_chain
    from stockpilot.services.importing import import_file

    steps: list[tuple[str, dict[str, object]]] = []
    settings = make_settings(tmp_path)
    with open_store(":memory:") as db:
        import_file(db, shop["folder"] / "locations.csv", settings, progress=lambda s, **v: steps.append((s, v)))
    simulate_chain(settings.replace(demo_skus=5), progress=lambda s, **v: steps.append((s, v)))
    assert {s for s, _ in steps} >= {"reading", "protecting", "checking", "building_demand", "running_rule"}
    for step, values in steps:
        for language in ("en", "zh-HK"):
            assert render(f"step_{step}", language, **values)


@pytest.mark.parametrize("lang", ["zh", "fr", "zh-TW", "english"])
def test_lang_accepts_only_en_and_zh_hk_and_says_so(shop, lang):
    code, output = invoke(shop, "--lang", lang, "settings")
    assert code == 2
    assert f"--lang '{lang}' refused: use one of en, zh-HK" in output


def test_lang_is_case_insensitive(shop):
    invoke(shop, "import", str(shop["folder"]))
    for lang in ("ZH-hk", "zh-HK"):
        code, output = invoke(shop, "--lang", lang, "readiness")
        assert code == 1 and "資料未準備好" in output
    code, output = invoke(shop, "--lang", "EN", "readiness")
    assert code == 1 and "NOT READY" in output


def test_a_bad_language_setting_is_refused_with_both_choices(shop, monkeypatch):
    monkeypatch.setenv("STOCKPILOT_LANGUAGE", "zh-CN")
    code, output = invoke(shop, "settings")
    assert code == 2 and "language must be one of en, zh-HK" in output
