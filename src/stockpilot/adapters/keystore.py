"""Where the pseudonymisation key lives: the environment or a private file, never the database."""

from __future__ import annotations

import os
from pathlib import Path

from stockpilot.domain import privacy

KEY_ENV = "STOCKPILOT_PSEUDONYM_KEY"


def load_or_create_key(key_file: str | Path) -> bytes:
    """The key from STOCKPILOT_PSEUDONYM_KEY, else from ``key_file`` (created, mode 0600)."""
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode("utf-8")
    path = Path(key_file)
    if path.is_file():
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = privacy.new_key()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex())
    return key
