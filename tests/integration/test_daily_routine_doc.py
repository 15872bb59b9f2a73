"""docs/daily-routine.md is reproduced: every command in its console blocks is run, in order, on the
hand-written two-store shop (tests/fixtures/two_store_shop copied to ``shop/``), and prints what the
page shows.

A block is ``$ stockpilot ...`` lines, each followed by the output the page promises; a line ``...``
stands for any number of lines left out of the page; ``$ echo $?`` prints the exit status of the
command before. Decision times (``2026-12-03 12:30``) are compared as times, whatever the clock says.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stockpilot.doors.cli import app

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "daily-routine.md"
SHOP = ROOT / "tests" / "fixtures" / "two_store_shop"
BLOCK = re.compile(r"```console\n(.*?)```", re.S)
STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
SKIPPED = "..."


def steps(page: str) -> list[tuple[str, list[str]]]:
    """(command, the output lines the page shows for it), in page order."""
    found: list[tuple[str, list[str]]] = []
    for block in BLOCK.findall(page):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            elif found:
                found[-1][1].append(line)
    return found


def shows(expected: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``expected`` line for line, a ``...`` matching any run of lines."""
    normal = [STAMP.sub("<time>", x.rstrip()) for x in actual]
    at = 0
    chunks: list[list[str]] = [[]]
    for line in expected:
        if line.strip() == SKIPPED:
            chunks.append([])
        else:
            chunks[-1].append(STAMP.sub("<time>", line.rstrip()))
    for i, chunk in enumerate(chunks):
        if i == 0:
            if normal[: len(chunk)] != chunk:
                return False
            at = len(chunk)
            continue
        starts = [j for j in range(at, len(normal) - len(chunk) + 1) if normal[j : j + len(chunk)] == chunk]
        if not starts:
            return False
        at = starts[0] + len(chunk)
    return at == len(normal) or (len(chunks) > 1 and not chunks[-1])


def test_the_page_has_the_whole_routine():
    commands = " ".join(command for command, _ in steps(PAGE.read_text(encoding="utf-8")))
    for step in (
        "import",
        "readiness",
        "forecast show",
        "plan",
        "review list",
        "review approve --all",
        "review edit",
        "review export",
        "prioritise",
    ):
        assert f" {step}" in commands, step


def test_every_command_on_the_page_prints_what_the_page_shows(tmp_path, monkeypatch):
    shutil.copytree(SHOP, tmp_path / "shop", ignore=shutil.ignore_patterns("README.md"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STOCKPILOT_PSEUDONYM_KEY", "daily-routine-key")
    runner = CliRunner()
    status = 0
    for command, expected in steps(PAGE.read_text(encoding="utf-8")):
        if command == "echo $?":
            assert expected == [str(status)], command
            continue
        words = shlex.split(command)
        assert words[0] == "stockpilot", command
        result = runner.invoke(app, words[1:])
        status = result.exit_code
        if isinstance(result.exception, Exception) and not isinstance(result.exception, SystemExit):
            pytest.fail(f"{command}: {result.exception!r}")
        assert shows(expected, result.output.splitlines()), f"$ {command}\n{result.output}"


@pytest.mark.parametrize(
    ("expected", "actual", "same"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", "b"], ["a", "b", "c"], False),
        (["a", "...", "c"], ["a", "b", "b", "c"], True),
        (["a", "..."], ["a", "b"], True),
        (["a", "...", "c"], ["a", "c", "b"], False),
        (["at 2026-12-03 12:30"], ["at 2027-01-05 09:01"], True),
    ],
)
def test_the_comparison_itself(expected, actual, same):
    assert shows(expected, actual) is same
