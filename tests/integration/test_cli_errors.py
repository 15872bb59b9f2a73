"""How a command ends when it cannot do what was asked (docs/errors.md): refusals in both
languages with one --json shape and exit 2; a bug logged with its traceback, exit 70, and
never worded as a refusal; nothing personal in the error log."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import write_master_data
from stockpilot.doors import cli
from stockpilot.doors.endings import EXIT_BUG, EXIT_REFUSED

runner = CliRunner()

# A customer file: member id, phone number, name and e-mail of made-up people.
CUSTOMERS = """event_id,occurred_at,location_id,sku,quantity,customer_id,phone,name,email
E1,2024-03-01 10:00,ST01,SKU1,2,C0012345,91234567,陳大文,chan.taiman@example.com
E2,2024-03-01 11:00,ST01,SKU2,1,C0067890,6123 4567,Wong Siu Ming,wong@example.hk
"""
SECRETS = ("C0012345", "C0067890", "91234567", "6123 4567", "陳大文", "Wong Siu Ming", "chan.taiman", "wong@")


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    for name in [k for k in os.environ if k.startswith("STOCKPILOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("STOCKPILOT_CONFIG", str(tmp_path / "no-such.toml"))
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "test-key")
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "exports"
    write_master_data(folder)
    db = tmp_path / "data" / "shop.duckdb"
    db.parent.mkdir()  # --db refuses a folder that is not there (a mistyped path), unless --create
    result = runner.invoke(cli.app, ["--db", str(db), "import", str(folder)])
    assert result.exit_code == 0, result.output
    return {"db": db, "folder": folder, "log": db.parent / ".stockpilot" / "logs" / "errors.log"}


def invoke(shop: dict[str, Path], *args: str):  # noqa: ANN201
    return runner.invoke(cli.app, ["--db", str(shop["db"]), *args])


def test_a_refusal_prints_its_words_in_the_chosen_language_and_exits_2(shop):
    result = invoke(shop, "plan")
    assert result.exit_code == EXIT_REFUSED == 2
    assert "no forecast yet: run `stockpilot forecast` first" in result.output
    result = invoke(shop, "--lang", "zh-HK", "plan")
    assert result.exit_code == 2 and "尚未有預測" in result.output and "no forecast yet" not in result.output
    assert not shop["log"].exists()  # a refusal is no bug


def test_json_errors_have_one_shape_on_stdout(shop):
    result = invoke(shop, "--lang", "zh-HK", "replay", "--json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert set(data) == {"error"} and set(data["error"]) == {"code", "message", "params"}
    assert data["error"]["code"] == "refusal.no_sales_to_forecast"
    assert data["error"]["message"].startswith("無法重演：")  # the command's frame, in the language

    result = invoke(shop, "review", "edit", "1", "--by", "Ada", "--quantity", "3", "--reason", "x", "--plan", "9")
    assert result.exit_code == 2 and "plan 9 has no line(s) [1]" in result.output

    result = invoke(shop, "purge", "--older-than", "-1", "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error == {
        "code": "refusal.not_negative",
        "message": "older_than_days must be zero or more",
        "params": {"name": "older_than_days"},
    }


def test_a_database_that_cannot_open_is_refused_in_the_same_shape(shop, tmp_path):
    not_a_database = tmp_path / "notes.duckdb"
    not_a_database.write_text("not a database", encoding="utf-8")
    result = runner.invoke(cli.app, ["--db", str(not_a_database), "readiness", "--json"])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "unavailable.database" and "cannot open database" in error["message"]
    assert error["params"]["detail"] == error["message"]


def test_a_bad_setting_is_refused_in_the_same_shape(shop, monkeypatch):
    monkeypatch.setenv("STOCKPILOT_RETENTION_DAYS", "0")
    result = invoke(shop, "--lang", "zh-HK", "readiness", "--json")
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "refusal.setting" and error["message"].startswith("設定不獲接受：")
    assert "STOCKPILOT_RETENTION_DAYS" in error["params"]["detail"]


def test_an_unexpected_exception_is_a_bug_with_its_traceback_in_the_log(shop, monkeypatch):
    def broken(*_args: object, **_kwargs: object) -> None:
        return 1 / 0  # type: ignore[return-value]

    monkeypatch.setattr(cli, "check_readiness", broken)
    result = invoke(shop, "readiness")
    assert result.exit_code == EXIT_BUG == 70
    assert f"this is a bug in Stock Pilot (ZeroDivisionError); details in {shop['log']}" in result.output
    assert "Traceback" not in result.output and "cannot" not in result.output  # not dressed as a refusal
    text = shop["log"].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "return 1 / 0" in text
    assert (
        "builtins.ZeroDivisionError: division by zero" in text and " readiness`" in text
    )  # the command, never its arguments
    assert stat.S_IMODE(shop["log"].stat().st_mode) == 0o600
    assert stat.S_IMODE(shop["log"].parent.stat().st_mode) == 0o700

    result = invoke(shop, "--lang", "zh-HK", "readiness", "--json")
    assert result.exit_code == 70
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "error.bug" and error["params"] == {"kind": "ZeroDivisionError", "log": str(shop["log"])}
    assert "程式錯誤" in error["message"]
    assert shop["log"].read_text(encoding="utf-8").count("=== ") == 2  # appended, one entry per bug


def test_a_plain_value_error_is_a_bug_not_a_refusal(shop, monkeypatch):
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("operands could not be broadcast together")

    monkeypatch.setattr(cli, "make_plan", broken)
    result = invoke(shop, "plan", "--date", "2024-03-05", "--json")
    assert result.exit_code == 70 and json.loads(result.stdout)["error"]["code"] == "error.bug"


def test_a_failing_import_puts_no_customer_data_in_the_log(shop, monkeypatch):
    """Attack: the crash's messages (DuckDB's, a repr, a note, a cause) hold the file's values."""
    customers = shop["folder"] / "sales_customers.csv"
    customers.write_text(CUSTOMERS, encoding="utf-8")

    def crashing_import(_db, path, _settings, **_kwargs):  # noqa: ANN001, ANN202
        rows = duckdb.sql(f"SELECT * FROM read_csv('{path}', all_varchar = true)").fetchall()
        try:
            duckdb.sql(f"SELECT CAST('{rows[0][5]}' AS INTEGER)").fetchall()  # DuckDB's message quotes the value
        except duckdb.Error as exc:
            error = KeyError(rows[1][5:])
            error.add_note(f"while reading {rows[0][6]} {rows[0][7]}")
            raise error from exc

    monkeypatch.setattr(cli, "import_file", crashing_import)
    result = invoke(shop, "import", str(customers))
    assert result.exit_code == 70 and "this is a bug in Stock Pilot" in result.output
    text = shop["log"].read_text(encoding="utf-8")
    assert "ConversionException" in text and "builtins.KeyError" in text  # the chain is there
    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, text
    # nor in what the command shows, in words or as JSON (a terminal's output is often kept)
    as_json = invoke(shop, "import", str(customers), "--json")
    for shown in (result.output, as_json.stdout):
        leaked = [secret for secret in SECRETS if secret in shown]
        assert not leaked, shown
    assert json.loads(as_json.stdout)["failures"][0]["code"] == "error.bug"


def test_a_bug_whose_log_cannot_be_written_still_says_it_is_a_bug(shop, monkeypatch):
    (shop["db"].parent / ".stockpilot").write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(cli, "check_readiness", lambda *_a, **_k: {}["missing"])
    result = invoke(shop, "readiness", "--json")
    assert result.exit_code == 70
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "error.bug_unlogged" and error["params"]["kind"] == "KeyError"
    assert "could not be written" in error["message"]
