"""The import's spill folder: made once per process, and two processes starting at once
never trip over the stale folders each of them clears."""

from __future__ import annotations

from pathlib import Path

from stockpilot.adapters.importers import readers


def test_a_stale_folder_removed_by_another_process_first_is_passed_over(tmp_path, monkeypatch):
    gone = tmp_path / f"{readers.SPILL_PREFIX}999999-vanished"  # listed, then removed by a neighbour
    dead = tmp_path / f"{readers.SPILL_PREFIX}999998-left"
    dead.mkdir()
    real_glob = Path.glob

    def listing(self: Path, pattern: str):  # noqa: ANN202
        found = list(real_glob(self, pattern))
        return [gone, *found] if pattern.startswith(readers.SPILL_PREFIX) else found

    monkeypatch.setattr(Path, "glob", listing)
    monkeypatch.setattr(readers.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(readers, "_spill", None)
    monkeypatch.setattr(readers, "_alive", lambda pid: False)
    folder = readers.spill_folder()
    assert folder.is_dir() and folder.parent == tmp_path and not dead.exists()
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
