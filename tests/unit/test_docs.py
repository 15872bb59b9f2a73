"""The documentation keeps up with the code: every table and column, every example file."""

from pathlib import Path

import pytest

from stockpilot.domain.model import TABLES

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("table", sorted(TABLES))
def test_data_format_documents_every_column(table):
    text = (DOCS / "data-format.md").read_text(encoding="utf-8")
    section = text.split(f"### `{table}`", 1)
    assert len(section) == 2, f"no section for {table}"
    body = section[1].split("\n### ", 1)[0]
    for column in TABLES[table].columns:
        assert f"| `{column.name}` |" in body, f"{table}.{column.name} undocumented"
    assert f"examples/{table}.csv" in body


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_table_has_an_example_with_its_columns(table):
    header = (DOCS / "examples" / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
    assert set(header.split(",")) <= {c.name for c in TABLES[table].columns}
    assert set(TABLES[table].required) <= set(header.split(","))


def _command_names() -> list[str]:
    import typer.main

    from stockpilot.doors.cli import app

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    return names


@pytest.mark.parametrize("command", _command_names())
def test_readme_shows_every_command(command):
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert f"stockpilot {command}" in readme or f"stockpilot --lang zh-HK {command}" in readme
