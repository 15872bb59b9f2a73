"""docs/web.md shows the permission table as the code holds it (domain/access.py PERMISSIONS)."""

from pathlib import Path

from stockpilot.domain.access import PERMISSIONS, Action, Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def test_the_roles_table_of_the_docs_is_the_permission_table():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].startswith("`") and len(cells) == len(Role) + 1:
            rows[cells[0].strip("`")] = cells[1:]
    header = next(line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| action |"))
    assert [c.strip() for c in header.strip("|").split("|")][1:] == [r.value for r in Role]
    assert set(rows) == {a.value for a in Action}
    for action in Action:
        shown = dict(zip(Role, rows[action.value], strict=True))
        for role in Role:
            assert shown[role] == ("yes" if action in PERMISSIONS[role] else "—"), (action, role)
