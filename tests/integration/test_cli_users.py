"""`stockpilot users`: the first owner from a password file, the user list, a POS token issued
once and revoked; and `serve` refuses to start without a real secret outside demo mode."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from stockpilot.adapters.passwords import Argon2Hasher
from stockpilot.adapters.storage.store import open_store
from stockpilot.doors.cli import app
from stockpilot.services import access
from stockpilot.settings import load_settings

runner = CliRunner()


def invoke(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.output


def test_the_owner_is_added_from_a_file_listed_and_a_token_issued_then_revoked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db, secret_file = tmp_path / "shop.duckdb", tmp_path / "password.txt"
    secret_file.write_text("a long enough password\n", encoding="utf-8")
    code, out = invoke(db, "users", "add", "Ada", "--role", "owner", "--password-file", str(secret_file))
    assert code == 0 and "Ada" in out and "owner" in out
    code, out = invoke(db, "users", "list", "--json")
    assert code == 0 and json.loads(out) == [{"name": "Ada", "role": "owner", "language": "zh-HK"}]
    with open_store(db) as store:  # the password from the file's first line logs in
        tried = access.log_in(store, Argon2Hasher(), load_settings(environ={}), "Ada", "a long enough password")
        assert tried.user is not None and tried.user.role == "owner"
    code, out = invoke(db, "users", "token", "till-1", "--role", "buyer", "--json")
    issued = json.loads(out)
    assert code == 0 and issued["token"].startswith("sp_") and issued["role"] == "buyer"
    with open_store(db) as store:
        assert access.token_of(store, issued["token"]) is not None
        assert issued["token"] not in json.dumps([str(r) for r in store.engine.rows("SELECT * FROM api_tokens")])
    code, out = invoke(db, "users", "revoke", str(issued["token_id"]))
    assert code == 0 and "revoked" in out
    with open_store(db) as store:
        assert access.token_of(store, issued["token"]) is None
    code, out = invoke(db, "users", "revoke", str(issued["token_id"]))
    assert code == 2 and "no live integration token" in out


def test_a_weak_password_or_an_unknown_role_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db, short = tmp_path / "shop.duckdb", tmp_path / "short.txt"
    short.write_text("short\n", encoding="utf-8")
    code, out = invoke(db, "users", "add", "Bo", "--role", "owner", "--password-file", str(short))
    assert code == 2 and "at least 10 characters" in out
    short.write_text("long enough, but\n", encoding="utf-8")
    code, out = invoke(db, "users", "add", "Bo", "--role", "boss", "--password-file", str(short))
    assert code == 2 and "unknown role 'boss'" in out


def test_serve_refuses_to_start_without_a_secret_outside_demo_mode(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STOCKPILOT_WEB_SECRET", raising=False)
    db = tmp_path / "shop.duckdb"
    open_store(db).close()
    code, out = invoke(db, "serve", "--check")
    assert code == 2 and "secret" in out and "empty" in out
    monkeypatch.setenv("STOCKPILOT_WEB_SECRET", "changeme")
    code, out = invoke(db, "serve", "--check")
    assert code == 2 and "a known default" in out
