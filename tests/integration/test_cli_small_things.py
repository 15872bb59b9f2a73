"""Issue 13, finding 9: the small things that cost trust, each as the command line now does it.

--lang (and --db) after the command; Ctrl-C ends with one line and exit 130; purge shows and asks
before it removes anything; export writes every table the database has; a mistyped --db is
refused instead of becoming an empty database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import write_master_data
from stockpilot.doors import cli
from stockpilot.doors.endings import EXIT_REFUSED, EXIT_STOPPED

runner = CliRunner()

SALES = """event_id,occurred_at,location_id,sku,quantity,unit_price
E1,2024-03-01 10:00,ST01,SKU1,2,59.9
E2,2024-03-02 11:00,ST01,SKU2,1,12.5
"""


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    for name in [k for k in os.environ if k.startswith("STOCKPILOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("STOCKPILOT_CONFIG", str(tmp_path / "no-such.toml"))
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "test-key")
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "exports"
    write_master_data(folder)
    (folder / "sales.csv").write_text(SALES, encoding="utf-8")
    db = tmp_path / "shop.duckdb"
    result = runner.invoke(cli.app, ["--db", str(db), "import", str(folder)])
    assert result.exit_code == 0, result.output
    return {"db": db, "folder": folder}


def invoke(shop: dict[str, Path], *args: str, **kwargs: object):  # noqa: ANN201
    return runner.invoke(cli.app, ["--db", str(shop["db"]), *args], **kwargs)


def _rows(db: Path, table: str) -> int:
    with duckdb.connect(str(db), read_only=True) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# --- --lang and --db anywhere --------------------------------------------------------------


def test_lang_after_the_command_words_it_as_before_the_command(shop):
    before = invoke(shop, "--lang", "zh-HK", "quarantine", "list")
    after = invoke(shop, "quarantine", "list", "--lang", "zh-HK")
    assert after.exit_code == before.exit_code == 0
    assert after.output == before.output
    refused = invoke(shop, "--lang", "zh-HK", "plan")  # a refusal, worded in the language given after
    late = invoke(shop, "plan", "--lang", "zh-HK")
    assert late.exit_code == refused.exit_code == EXIT_REFUSED
    assert late.output == refused.output and "尚未有預測" in late.output


def test_lang_after_the_command_wins_and_is_checked(shop):
    result = invoke(shop, "--lang", "en", "plan", "--lang", "ZH-hk")
    assert result.exit_code == EXIT_REFUSED and "尚未有預測" in result.output
    result = invoke(shop, "plan", "--lang", "fr")
    assert result.exit_code == EXIT_REFUSED and "use one of en, zh-HK" in result.output


def test_db_after_the_command(shop):
    result = runner.invoke(cli.app, ["quarantine", "list", "--json", "--db", str(shop["db"])])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


def test_options_after_a_subcommand_of_a_group(shop):
    result = invoke(shop, "review", "list", "--lang", "zh-HK")
    assert result.exit_code == EXIT_REFUSED and "尚未有訂貨建議" in result.output


# --- Ctrl-C ---------------------------------------------------------------------------------


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, duckdb.InterruptException])
def test_ctrl_c_during_an_import_ends_with_one_line_and_exit_130(shop, monkeypatch, interrupt):
    imported: list[Path] = []

    def stopped(_db: object, path: Path, *_args: object, **_kwargs: object) -> None:
        imported.append(path)
        raise interrupt()

    monkeypatch.setattr(cli, "import_file", stopped)
    result = invoke(shop, "import", str(shop["folder"]))
    assert result.exit_code == EXIT_STOPPED == 130
    assert result.output == "Stopped.\n"  # one line, no traceback
    assert len(imported) == 1  # the files after it are not imported
    result = invoke(shop, "--lang", "zh-HK", "import", str(shop["folder"]), "--json")
    assert result.exit_code == 130
    assert json.loads(result.stdout)["error"] == {"code": "stopped", "message": "已停止。", "params": {}}


def test_ctrl_c_in_any_command_is_not_a_bug(shop, monkeypatch):
    def stopped(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "check_readiness", stopped)
    result = invoke(shop, "readiness")
    assert result.exit_code == 130 and result.output == "Stopped.\n"
    assert not (shop["db"].parent / ".stockpilot" / "logs" / "errors.log").exists()


# --- purge: a dry run, and a confirmation -----------------------------------------------------


def test_purge_dry_run_counts_per_table_and_removes_nothing(shop):
    result = invoke(shop, "purge", "--older-than", "0", "--dry-run", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dry_run"] is True and data["removed"]["sales"] == 2 and data["removed"]["returns"] == 0
    assert _rows(shop["db"], "sales") == 2 and _rows(shop["db"], "purges") == 0
    result = invoke(shop, "--lang", "zh-HK", "purge", "--older-than", "0", "--dry-run")
    assert result.exit_code == 0
    assert result.output == f"將會刪除 {data['cutoff']} 之前的 2 行資料\n  銷售：2 行\n"  # tables with rows, in Chinese
    assert _rows(shop["db"], "sales") == 2


def test_purge_without_yes_is_refused_where_nobody_can_answer(shop):
    result = invoke(shop, "purge", "--older-than", "0")
    assert result.exit_code == EXIT_REFUSED
    assert "would remove 2 rows" in result.output and "--yes" in result.output
    result = invoke(shop, "purge", "--older-than", "0", "--json")
    assert result.exit_code == EXIT_REFUSED
    assert json.loads(result.stdout)["error"]["code"] == "refusal.purge_needs_yes"
    assert _rows(shop["db"], "sales") == 2
    result = invoke(shop, "purge", "--older-than", "0", "--yes")
    assert result.exit_code == 0 and "removed 2 rows" in result.output
    assert _rows(shop["db"], "sales") == 0


def test_purge_asks_at_a_terminal(shop, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    result = invoke(shop, "purge", "--older-than", "0", input="n\n")
    assert result.exit_code == 0 and "Remove these 2 rows for good?" in result.output
    assert "nothing was removed" in result.output and _rows(shop["db"], "sales") == 2
    result = invoke(shop, "purge", "--older-than", "0", input="y\n")
    assert result.exit_code == 0 and "removed 2 rows" in result.output
    assert _rows(shop["db"], "sales") == 0


def test_purge_with_nothing_to_remove_needs_no_confirmation(shop):
    result = invoke(shop, "purge", "--older-than", "100000", "--json")
    assert result.exit_code == 0 and sum(json.loads(result.stdout)["removed"].values()) == 0


# --- export: every table of the database --------------------------------------------------------


def test_export_writes_every_table_the_database_has(shop, tmp_path):
    result = invoke(shop, "export", str(tmp_path / "backup"), "--json")
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(shop["db"]), read_only=True) as connection:
        schema = {
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            ).fetchall()
        }
    assert {"forecasts", "forecast_runs", "plans", "proposals", "review_decisions", "replay_runs"} <= schema
    assert set(json.loads(result.stdout)["rows"]) == schema
    assert {p.stem for p in (tmp_path / "backup").glob("*.csv")} == schema
    assert {p.stem for p in (tmp_path / "backup").glob("*.parquet")} == schema


# --- --db: a mistyped path is refused ---------------------------------------------------------------


def test_a_db_in_a_folder_that_does_not_exist_is_refused(shop, tmp_path):
    typo = tmp_path / "shpo" / "shop.duckdb"
    for command in (["import", str(shop["folder"])], ["readiness"], ["plan"], ["purge", "--dry-run"]):
        result = runner.invoke(cli.app, ["--db", str(typo), *command])
        assert result.exit_code == EXIT_REFUSED, command
        assert str(typo) in result.output and "--create" in result.output
    assert not typo.parent.exists()
    result = runner.invoke(cli.app, ["--db", str(typo), "--lang", "zh-HK", "readiness", "--json"])
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "refusal.db_folder_missing" and "資料夾" in error["message"]


def test_a_missing_db_file_is_refused_unless_the_command_creates_it(shop, tmp_path):
    typo = tmp_path / "shpo.duckdb"
    for command in (["readiness"], ["review", "list"], ["quarantine", "list"], ["prioritise"], ["plan"]):
        result = runner.invoke(cli.app, ["--db", str(typo), *command])
        assert result.exit_code == EXIT_REFUSED, command
        assert f"database {typo} does not exist" in result.output, command
    assert not typo.exists()
    result = runner.invoke(cli.app, ["--db", str(typo), "import", str(shop["folder"])])
    assert result.exit_code == 0 and typo.is_file()


def test_create_makes_the_folder_and_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("STOCKPILOT_CONFIG", str(tmp_path / "no-such.toml"))
    new = tmp_path / "new" / "shop.duckdb"
    result = runner.invoke(cli.app, ["--db", str(new), "--create", "quarantine", "list", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [] and new.is_file()
    other = tmp_path / "other" / "shop.duckdb"
    result = runner.invoke(cli.app, ["quarantine", "list", "--db", str(other), "--create"])
    assert result.exit_code == 0 and other.is_file()


def test_ctrl_c_or_no_answer_at_the_purge_question_stops_and_removes_nothing(shop, monkeypatch):
    monkeypatch.setattr(cli, "_interactive", lambda: True)
    result = invoke(shop, "purge", "--older-than", "0", input="")  # the input ends before an answer
    assert result.exit_code == EXIT_STOPPED and result.output.rstrip().endswith("? [y/N]:Stopped.")
    assert "Traceback" not in result.output and _rows(shop["db"], "sales") == 2
