"""Files and folders the product writes are their owner's only (shop data, keys, exports)."""

from __future__ import annotations

import os
from pathlib import Path


def private_umask() -> None:
    """Tighten the process umask so new files are the owner's only (never loosens it)."""
    current = os.umask(0o077)
    os.umask(current | 0o077)


def make_private_folder(folder: str | Path) -> None:
    """Create ``folder`` and any missing parents, each one created here mode 0700."""
    folder = Path(folder)
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)


def make_private(path: str | Path) -> None:
    """Make an existing file readable and writable by its owner only."""
    if os.path.exists(path):
        os.chmod(path, 0o600)
