"""Attack: ``kill -9`` an import at random moments; the database is never half-imported (R-DATA-3).

tests/integration/test_import_crash.py kills at one chosen moment (inside the transaction).
Here child processes importing a mid-size file (a UTF-8 CSV, and a Big5 CSV with member ids)
are killed after seeded random delays spread over the whole run. An uninterrupted reference
run gives the timeline of its phases (Python starting, then each progress step: reading,
protecting, checking, which runs the checks, the transaction and COMMIT, and what follows
FINISHED: closing, with its checkpoint); each kill waits for the start of one phase and then
a random part of that phase's length, the long checking phase getting several kills spread
over it. After each kill the database opens, holds either nothing of that import or all of
it (compared with the state before and after the reference import), every completed run
balances (received = accepted + quarantined), and the same import run again completes.

Every run starts from a copy of the same database and its key file (the key lives beside
the database: ``<db file>.key``), so the reference and every victim make the same pseudonyms.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))

from test_import_crash import CHILD, fingerprint, write_big_sales  # noqa: E402

from conftest import write_master_data  # noqa: E402
from stockpilot.adapters.storage.database import Database  # noqa: E402
from stockpilot.domain.model import TABLES  # noqa: E402
from stockpilot.services.importing import import_file  # noqa: E402
from stockpilot.settings import Settings, load_settings  # noqa: E402

ROWS = 40_000
PHASES = ("start", "reading", "protecting", "checking", "checking", "checking", "FINISHED")  # one kill each
SEED = 20240301

SMALL = """event_id,occurred_at,location_id,sku,quantity,unit_price,member_id
S1,2024-03-01,ST01,SKU1,2,59.9,M-1
S2,2024-03-01,WH,SKU2,1,,M-2
S3,2024-03-02,ST01,SKU3,abc,16,
"""

RUNS = (
    "SELECT source, sha256, profile, received, accepted, quarantined, refused_columns, ignored_columns, "
    "masked_values FROM import_runs ORDER BY import_id"
)


def state(db_path: Path) -> dict[str, object]:
    """Every table's fingerprint, with import_runs read without its clock times."""
    tables = fingerprint(db_path)
    tables.pop("import_runs")
    with Database(db_path) as db:
        runs = db.connection.execute(RUNS).fetchall()
    return {**tables, "import_runs": runs}


def balanced(db_path: Path) -> bool:
    with Database(db_path, read_only=True) as db:
        row = db.connection.execute(
            "SELECT count(*) FILTER (WHERE received <> accepted + quarantined) FROM import_runs"
        ).fetchone()
    return row is not None and row[0] == 0


def write_big5_sales(path: Path, rows: int) -> None:
    """The same sales as :func:`write_big_sales`, with Chinese member ids, encoded Big5-HKSCS."""
    utf8 = path.with_suffix(".utf8")
    write_big_sales(utf8, rows)
    lines = utf8.read_text(encoding="utf-8").splitlines()
    body = [f"{line},會員{i % 97}號" for i, line in enumerate(lines[1:])]
    path.write_bytes("\n".join([lines[0] + ",member_id", *body, ""]).encode("big5hkscs"))
    utf8.unlink()


def copy_db(base: Path, target: Path) -> Path:
    for suffix in ("", ".key"):
        shutil.copyfile(f"{base}{suffix}", f"{target}{suffix}")
    return target


def start(db_path: Path, file: Path, tmp_path: Path) -> subprocess.Popen:
    """The import of test_import_crash's child, with the key found beside the database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STOCKPILOT_")}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(file), "", str(tmp_path / "no-such.toml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def timeline(child: subprocess.Popen) -> dict[str, float]:
    """Seconds from the start to each progress step of an uninterrupted child, and to its end."""
    begun, marks = time.monotonic(), {"start": 0.0}
    for line in child.stdout:
        marks.setdefault(line.split()[0], time.monotonic() - begun)
    child.wait(timeout=60)
    marks["end"] = time.monotonic() - begun
    assert child.returncode == 0 and "FINISHED" in marks, (marks, child.stderr.read())
    return marks


@pytest.fixture
def base(tmp_path: Path) -> tuple[Path, Settings]:
    """A shop database with master data and a small sales file (with member ids, so a key beside it)."""
    settings = load_settings({"pseudonym_key_file": ""}, environ={}, config_file=tmp_path / "no-such.toml")
    small = tmp_path / "sales.csv"
    small.write_text(SMALL, encoding="utf-8")
    path = tmp_path / "base.duckdb"
    with Database(path) as db:
        for file in (*write_master_data(tmp_path / "master"), small):
            import_file(db, file, settings)
    assert Path(f"{path}.key").is_file()
    return path, settings


@pytest.mark.parametrize("kind", ["csv", "big5"])
def test_kill_at_random_moments_leaves_all_or_nothing(tmp_path, base, kind, monkeypatch):
    monkeypatch.delenv("STOCKPILOT_PSEUDONYM_KEY", raising=False)
    base_db, settings = base
    file = tmp_path / f"sales_mid.{kind}.csv"
    (write_big5_sales if kind == "big5" else write_big_sales)(file, ROWS)

    for warm in ("cold", "reference"):  # the second, warm run gives the timeline
        reference = copy_db(base_db, tmp_path / f"{warm}.duckdb")
        marks = timeline(start(reference, file, tmp_path))
    before, after = state(base_db), state(reference)
    assert after["sales"][0] > before["sales"][0] and after["import_runs"][-1][3] == ROWS
    assert balanced(reference)

    order = [*dict.fromkeys(PHASES), "end"]
    rng = random.Random(f"{SEED}-{kind}")
    kills = []  # (phase to wait for, then seconds into it)
    for phase in order[:-1]:
        length = 1.2 * (marks[order[order.index(phase) + 1]] - marks[phase])
        share = PHASES.count(phase)
        kills += [(phase, length * (i + rng.random()) / share) for i in range(share)]
    outcomes = []
    for number, (phase, delay) in enumerate(kills):
        victim = copy_db(base_db, tmp_path / f"victim{number}.duckdb")
        child = start(victim, file, tmp_path)
        seen = []
        if phase != "start":
            for line in child.stdout:
                seen.append(line.strip())
                if line.split()[0] == phase:
                    break
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        out, err = child.communicate(timeout=60)
        seen += out.split()
        where = f"kill {number}: {delay:.2f}s into {phase} (reference {marks}), saw {seen}, rc {child.returncode}"

        now = state(victim)  # the database opens (and is upgraded) after the kill
        assert now in (before, after), where
        assert balanced(victim), where
        outcomes.append("all" if now == after else "nothing")

        with Database(victim) as db:  # the same import now completes, and the data is the reference's
            report = import_file(db, file, settings)
        assert report.received == ROWS == report.accepted + report.quarantined, where
        assert report.encoding == ("big5hkscs" if kind == "big5" else "utf-8"), where
        again = state(victim)
        assert {t: again[t] for t in TABLES} == {t: after[t] for t in TABLES}, where
        assert balanced(victim), where
    assert "nothing" in outcomes, outcomes  # at least one kill landed before the commit
