"""Operating the command line safely (issue 11): literal output, read-only readers, the key
beside its database, owner-only files, and a folder import that survives one crashing file."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import write_master_data
from stockpilot.adapters.keystore import KEY_ENV, KeyStoreError, load_or_create_key
from stockpilot.adapters.storage import duckdb_engine
from stockpilot.adapters.storage.engine import DatabaseError, latest_version, migrations, schema_version
from stockpilot.adapters.storage.store import open_store
from stockpilot.domain.messages import Message
from stockpilot.doors import cli
from stockpilot.errors import Refusal
from stockpilot.services.importing import import_file
from stockpilot.settings import Settings, load_settings

runner = CliRunner()

MARKUP = ("[/bold]", "[red]", "[link=file:///etc/passwd]x[/link]")
SALES = """event_id,occurred_at,location_id,sku,quantity,unit_price,member_id
E1,2024-03-01 10:00,ST01,SKU1,2,59.9,M-1
E2,2024-03-01 11:00,ST01,SKU2,1,12.5,M-2
E3,2024-03-02 09:30,WH,SKU3,1,16,M-1
"""

HOLD = r"""
import sys
from stockpilot.adapters.storage.store import Store, open_store
db = open_store(sys.argv[1], read_only=sys.argv[2] == "read")
print("holding", flush=True)
sys.stdin.readline()
db.close()
"""

CLI = "from stockpilot.doors.cli import app; app()"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def child_env(tmp_path: Path) -> dict[str, str]:
    """The environment without any STOCKPILOT_ setting (and so without a key), no config file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKPILOT_")}
    return {**env, "STOCKPILOT_CONFIG": str(tmp_path / "no-such.toml")}


@pytest.fixture
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """No key in the environment, no config file: settings as the CLI sees them, key beside the db."""
    for name in [k for k in os.environ if k.startswith("STOCKPILOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("STOCKPILOT_CONFIG", str(tmp_path / "no-such.toml"))
    return load_settings(environ={}, config_file=tmp_path / "no-such.toml")


@pytest.fixture
def shop(tmp_path: Path, hermetic: Settings) -> dict[str, Path]:
    """A database under a folder whose name holds markup, with master data and one sales file imported."""
    folder = tmp_path / "exports"
    locations, products = write_master_data(folder)
    sales = folder / "sales.csv"
    sales.write_text(SALES, encoding="utf-8")
    db = tmp_path / "d[" / "]" / "shop.duckdb"  # the path holds "[/]"
    with open_store(db) as opened:
        for path in (locations, products, sales):
            import_file(opened, path, hermetic)
    return {"db": db, "folder": folder, "sales": sales}


def call(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli.app, ["--db", str(db), *args])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


# --- 1. everything printed from data, files, paths and errors is literal ---------------------


def test_markup_in_values_file_names_and_paths_prints_literally(shop, tmp_path):
    db = shop["db"]
    bracket = tmp_path / "["  # so that a file can be called "[/bold].csv"
    bracket.mkdir()
    rows = "".join(f"M{i},2024-03-01,{value},{value},1\n" for i, value in enumerate(MARKUP))
    good = bracket / "bold].csv"
    good.write_text("event_id,occurred_at,location_id,sku,quantity\n" + rows, encoding="utf-8")
    bad = bracket / "red].parquet"
    bad.write_bytes(b"PAR1 not really")
    named = f"{tmp_path}/[/bold].csv"
    assert Path(named) == good

    code, output = call(db, "import", named, "--profile", "canonical-sales")
    assert code == 0, output
    assert "bold].csv: received 3 = accepted 0 + quarantined 3" in output

    code, output = call(db, "import", f"{tmp_path}/[/red].parquet", named, "--profile", "canonical-sales")
    assert code == 1
    assert "[/red].parquet" in output and "bold].csv: received 3" in output

    code, output = call(db, "quarantine", "list")
    assert code == 0, output
    for value in MARKUP:
        assert value in output
    code, output = call(db, "--lang", "zh-HK", "quarantine", "list")
    assert code == 0 and MARKUP[2] in output

    code, output = call(db, "readiness")
    assert code == 1 and "NOT READY" in output  # NOT READY exits 1

    code, output = call(tmp_path / "[red]" / "[/]" / "none.duckdb", "readiness")
    assert code == 2 and "[red]/[/]/none.duckdb: its folder" in output and "[red]/[/] does not exist" in output


def test_markup_in_review_lines_and_in_errors_prints_literally(shop, monkeypatch):
    db = shop["db"]
    numbers = dict.fromkeys(("demand", "safety_stock", "service_level", "on_hand", "on_order", "raw"), 1.0)
    values = {**numbers, "order_up_to": 2.0, "quantity": 4.0, "pack": 1, "moq": 0, "promotion": False, "steps": []}
    reason = Message("reason.line", {**values, "days": "[/]"})  # a stored value with markup in it
    line = cli.review_service.ReviewLine(1, 1, "[/bold]", "[red]", MARKUP[2], 4.0, (), reason, "approve", "[/bold]")
    monkeypatch.setattr(cli.review_service, "latest_plan", lambda _db: 1)
    monkeypatch.setattr(cli.review_service, "review_lines", lambda *_a, **_k: [line])
    code, output = call(db, "review", "list")
    assert code == 0, output
    assert MARKUP[2] in output and "over the next [/] days" in output and "approved by [/bold]" in output

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise Refusal("refusal.detail", detail="no sales at [/bold] [link=file:///etc/passwd]x[/link]")

    monkeypatch.setattr(cli, "make_plan", refuse)
    monkeypatch.setattr(cli, "run_replay", refuse)
    code, output = call(db, "plan", "--date", "2024-03-05")
    assert code == 2 and "no sales at [/bold] [link=file:///etc/passwd]x[/link]" in output
    code, output = call(db, "replay", "--charts", str(shop["db"].parent / "[/]"))
    assert code == 2 and "cannot replay: no sales at [/bold]" in output


# --- 2. read-only commands --------------------------------------------------------------------


def test_read_only_refuses_a_missing_file_and_an_old_schema(tmp_path, hermetic):
    missing = tmp_path / "none" / "shop.duckdb"
    with pytest.raises(DatabaseError, match="does not exist: run a command that writes"):
        open_store(missing, read_only=True)
    assert not missing.parent.exists()  # nothing was created

    path = tmp_path / "old.duckdb"  # made by the Stock Pilot before the newest migration
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
        for version, name, sql in migrations("duckdb")[:-1]:
            con.execute(re.sub(r"\{next:\w+\.\w+\}", "1", sql))  # the tables are empty: sequences start at 1
            con.execute("INSERT INTO schema_version VALUES (?, ?, now())", [version, name])
    older = migrations("duckdb")[-2][0]
    with pytest.raises(DatabaseError, match=f"schema version {older}, .*needs {latest_version()}"):
        open_store(path, read_only=True)
    code, output = call(path, "readiness")
    assert code == 2 and "upgrade" in output
    with open_store(path):
        pass  # a writing open migrates it
    with open_store(path, read_only=True) as db:
        assert schema_version(db.engine) == latest_version()
    assert schema_version(open_store(":memory:", read_only=True).engine) == latest_version()


def test_read_only_commands_leave_the_file_unchanged(shop, tmp_path):
    db = shop["db"]
    before = db.read_bytes()
    for args in (
        ("readiness", "--json"),
        ("quarantine", "list", "--json"),
        ("quarantine", "export", str(tmp_path / "fix")),
        ("prioritise", "--json"),
        ("review", "list"),
        ("settings",),
    ):
        code, output = call(db, *args)
        # 1: the empty shop is not ready; 2: prioritise / review refuse an empty shop, cleanly
        assert code in (0, 1, 2), (args, output)
    assert db.read_bytes() == before
    assert not Path(f"{db}.wal").exists()


@pytest.fixture
def holder(shop, tmp_path) -> Iterator[Callable[[str], subprocess.Popen]]:
    """Start a process that holds the shop's database open ("read" or "write") until the test ends."""
    children: list[subprocess.Popen] = []

    def hold(how: str) -> subprocess.Popen:
        child = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(shop["db"]), how],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=child_env(tmp_path),
        )
        children.append(child)
        assert child.stdout.readline().strip() == "holding"
        return child

    yield hold
    for child in children:
        if child.poll() is None:
            child.communicate("\n", timeout=30)


def test_two_read_only_commands_run_at_once_beside_a_reader(shop, tmp_path, holder):
    holder("read")
    commands = [("readiness", "--json"), ("quarantine", "list", "--json")]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CLI, "--db", str(shop["db"]), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(tmp_path),
        )
        for args in commands
    ]
    results = [child.communicate(timeout=60) for child in children]
    for child, args, (stdout, stderr) in zip(children, commands, results, strict=True):
        assert child.returncode == (1 if args[0] == "readiness" else 0), stderr  # the empty shop is not ready
        json.loads(stdout)


def test_a_reader_beside_a_writer_waits_then_reports_busy(shop, holder, monkeypatch):
    """The second process is told which process holds the file and what to do."""
    writer = holder("write")
    monkeypatch.setattr(duckdb_engine, "BUSY_WAIT_SECONDS", 0.6)
    started = time.monotonic()
    code, output = call(shop["db"], "readiness")
    assert time.monotonic() - started >= 0.6
    assert code == 2
    assert f"database {shop['db']} is busy: process {writer.pid} is writing to it" in output
    assert "wait for that command to finish" in output and "PostgreSQL (--db postgresql://" in output
    assert "Traceback" not in output
    code, output = call(shop["db"], "import", str(shop["sales"]))
    assert code == 2 and f"process {writer.pid} has it open" in output
    code, output = call(shop["db"], "settings")  # never opens the database
    assert code == 0 and "db_path = " in output


def test_a_reader_gets_in_once_the_writer_lets_go(shop, holder):
    writer = holder("write")
    subprocess.Popen(  # let go of the database after a second
        [sys.executable, "-c", "import sys, time; time.sleep(1); sys.stdout.write('\\n')"],
        stdout=writer.stdin,
    ).wait(timeout=30)
    code, output = call(shop["db"], "readiness", "--json")
    assert code == 1 and json.loads(output)["level"] == "not_ready", output  # got in: the verdict, not busy


# --- 3. the pseudonymisation key belongs to its database -------------------------------------


def test_the_key_is_found_beside_the_database_from_any_working_directory(shop, tmp_path, hermetic, monkeypatch):
    db, sales = shop["db"], shop["sales"]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with open_store(db) as opened:
        report = import_file(opened, sales, hermetic)
    assert report.to_dict()["unchanged"] == report.received == 3 and report.quarantined == 0

    third = tmp_path / "third"
    third.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", CLI, "--db", str(db), "import", str(sales), "--json"],
        cwd=third,
        capture_output=True,
        text=True,
        env=child_env(tmp_path),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["received"], data["quarantined"], data["files"][0]["unchanged"]) == (3, 0, 3)

    keys = sorted(p for p in tmp_path.rglob("*") if "key" in p.name)
    assert keys == [Path(f"{db}.key")]
    assert mode(keys[0]) == 0o600


def test_key_file_override_and_in_memory_databases(tmp_path, hermetic, monkeypatch):
    with pytest.raises(KeyStoreError, match="in-memory database"):
        load_or_create_key("", db_path=":memory:")
    explicit = load_or_create_key(tmp_path / "k" / "my.key", db_path=":memory:")
    relative = load_or_create_key("keys/shop.key", db_path=tmp_path / "shop.duckdb")
    assert (tmp_path / "keys" / "shop.key").is_file() and relative != explicit
    assert load_or_create_key(tmp_path / "k" / "my.key") == explicit
    monkeypatch.setenv(KEY_ENV, "from-env")
    assert load_or_create_key("", db_path=":memory:") == b"from-env"


# --- 4. owner-only files and folders ----------------------------------------------------------


def test_database_wal_key_and_folders_are_owner_only_whatever_the_umask(tmp_path, hermetic):
    previous = os.umask(0o022)
    try:
        db_path = tmp_path / "new" / "deeper" / "shop.duckdb"
        locations, _ = write_master_data(tmp_path / "master")
        with open_store(db_path) as db:
            import_file(db, locations, hermetic)
            wal = Path(f"{db_path}.wal")
            assert wal.exists() and mode(wal) == 0o600
            assert mode(db_path) == 0o600
        assert mode(Path(f"{db_path}.key")) == 0o600
        assert mode(tmp_path / "new") == mode(tmp_path / "new" / "deeper") == 0o700

        os.umask(0o022)
        code, output = call(db_path, "export", str(tmp_path / "backup" / "today"))
        assert code == 0, output
        assert mode(tmp_path / "backup") == mode(tmp_path / "backup" / "today") == 0o700
        files = list((tmp_path / "backup" / "today").iterdir())
        assert files and all(mode(f) == 0o600 for f in files)

        os.umask(0o022)
        loose = tmp_path / "loose.duckdb"
        open_store(loose).close()
        os.chmod(loose, 0o644)
        open_store(loose).close()  # an existing file made too open is closed up again
        assert mode(loose) == 0o600
    finally:
        os.umask(previous)


# --- 5. a crash on one file of a folder ---------------------------------------------------------


def test_a_file_that_crashes_is_reported_and_the_folder_goes_on(shop, tmp_path, monkeypatch):
    real = cli.import_file

    def crash_on_products(db, path, settings, **kwargs):  # noqa: ANN001, ANN202
        if Path(path).name == "products.csv":
            raise RuntimeError("boom [/bold]")
        return real(db, path, settings, **kwargs)

    monkeypatch.setattr(cli, "import_file", crash_on_products)
    code, output = call(shop["db"], "import", str(shop["folder"]))
    assert code == 70  # a crash is a bug (docs/errors.md), logged beside the database
    assert "cannot import " in output and "products.csv: RuntimeError: boom [/bold]" in output
    assert "this is a bug in Stock Pilot (RuntimeError)" in output
    assert "locations.csv: received 2" in output and "sales.csv: received 3" in output

    result = runner.invoke(cli.app, ["--db", str(shop["db"]), "import", str(shop["folder"]), "--json"])
    assert result.exit_code == 70
    data = json.loads(result.stdout)
    assert [Path(f["source"]).name for f in data["files"]] == ["locations.csv", "sales.csv"]
    log = shop["db"].parent / ".stockpilot" / "logs" / "errors.log"
    source, error = str(shop["folder"] / "products.csv"), "RuntimeError: boom [/bold]"
    assert data["failures"] == [{"source": source, "code": "error.bug", "error": error, "log": str(log)}]
    assert "raise RuntimeError" in log.read_text(encoding="utf-8")
