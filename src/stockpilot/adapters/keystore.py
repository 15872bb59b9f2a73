"""Where the pseudonymisation key lives: the environment or a private file, never the database.

The key belongs to the database whose pseudonyms it makes, so by default it is the
file ``<database file>.key`` beside it (mode 0600), wherever the command runs from.
A database with no file (in memory, or on a PostgreSQL server: ``Store.file`` is None)
takes its key from the setting ``pseudonym_key_file`` or ``STOCKPILOT_PSEUDONYM_KEY``.
"""

from __future__ import annotations

import os
from pathlib import Path

from stockpilot.adapters.storage.duckdb_engine import MEMORY
from stockpilot.adapters.storage.files import make_private, make_private_folder
from stockpilot.domain import privacy
from stockpilot.errors import Detailed, Unavailable

KEY_ENV = "STOCKPILOT_PSEUDONYM_KEY"


class KeyStoreError(Detailed, Unavailable):
    """No place to keep the key: an in-memory database and no key file or environment key."""

    code = "unavailable.keystore"


def key_path(db_path: str | Path | None = None, key_file: str | Path = "") -> Path:
    """The key file of the database at ``db_path``: ``key_file`` if given, else ``<db_path>.key``.

    A relative ``key_file`` is taken from the database's folder, not the working
    directory; an in-memory database needs an explicit ``key_file``.
    """
    on_disk = db_path is not None and str(db_path) != MEMORY
    if str(key_file):
        path = Path(key_file)
        return Path(db_path).parent / path if on_disk and db_path is not None and not path.is_absolute() else path
    if not on_disk:
        raise KeyStoreError(
            "an in-memory database (or a PostgreSQL one) has no folder for its pseudonymisation key: set the setting "
            f"pseudonym_key_file or the environment variable {KEY_ENV}"
        )
    return Path(f"{db_path}.key")


def load_or_create_key(key_file: str | Path = "", *, db_path: str | Path | None = None) -> bytes:
    """The key from STOCKPILOT_PSEUDONYM_KEY, else from :func:`key_path` (created, mode 0600).

    A new key is written to a temporary file and linked into place, so a crash
    never leaves an empty key file and two processes never make two keys.
    """
    from_env = os.environ.get(KEY_ENV)
    if from_env:
        return from_env.encode("utf-8")
    path = key_path(db_path, key_file)
    if not path.is_file():
        make_private_folder(path.parent)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(privacy.new_key().hex())
                handle.flush()
                os.fsync(handle.fileno())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temporary.unlink(missing_ok=True)
    make_private(path)
    return bytes.fromhex(path.read_text(encoding="ascii").strip())
