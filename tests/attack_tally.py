"""The attack suite's tally: rows tried, files tried, kills, crashes, rows lost and planted secrets
found in clear (hooks in conftest.py).

Each attack test adds to :func:`tally`; every pytest process (each xdist worker) writes
its own counts into one folder shared by the run, and the process that reports sums
them into one line at the end of the run (quoted in closing notes).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest

TALLY_DIR = "STOCKPILOT_ATTACK_TALLY"
KEYS = ("rows tried", "files tried", "kills", "crashes", "rows lost", "planted secrets found in clear")
_counts: Counter[str] = Counter()


def tally(**counts: int) -> None:
    """Add to this process's counts (keys: KEYS with spaces as underscores)."""
    for key, value in counts.items():
        _counts[key.replace("_", " ")] += value


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput") and TALLY_DIR not in os.environ:
        os.environ[TALLY_DIR] = tempfile.mkdtemp(prefix="stockpilot-attack-")


def pytest_sessionfinish(session: pytest.Session) -> None:
    folder = os.environ.get(TALLY_DIR)
    if folder and _counts:
        worker = getattr(session.config, "workerinput", {}).get("workerid", "main")
        (Path(folder) / f"{worker}.json").write_text(json.dumps(_counts), encoding="utf-8")


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    folder = os.environ.get(TALLY_DIR)
    if hasattr(config, "workerinput") or not folder or not Path(folder).is_dir():
        return
    total: Counter[str] = Counter()
    for part in Path(folder).glob("*.json"):
        total.update(json.loads(part.read_text(encoding="utf-8")))
    if total:
        terminalreporter.write_line("attack suite: " + ", ".join(f"{k} {total[k]:,}" for k in KEYS))
