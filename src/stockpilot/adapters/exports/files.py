"""Where export files go: safe names from any id, a path that stays in its folder, private files
written atomically.

A supplier id or a source file name is data, not a path. :func:`safe_name` turns it into one
file name on every common file system (the portable-name rules of POSIX, IEEE Std 1003.1
"3.282 Portable Filename Character Set", widened to Unicode letters and digits, and the Windows
rules, "Naming Files, Paths, and Namespaces",
https://learn.microsoft.com/windows/win32/fileio/naming-a-file): NFKC-normalised; letters,
digits, ``-``, ``_`` and ``.`` only (anything else, such as ``/``, ``\\``, NUL or a control
character, becomes ``_``, and so does a run of dots); no leading dot (so never ``.`` or
``..``), no trailing dot, no reserved device name (``CON``, ``NUL``, ``COM1``, ...); at most
100 bytes of UTF-8 before the suffix. Whenever the id had to change, ``~`` and a short SHA-256 of the original id are
appended (``~`` is never kept from an id, so a name without it is the id itself, and two ids
never share a file); :func:`safe_names` also separates ids whose names differ only in case
(macOS and Windows file systems ignore case).

Files are created owner-only (0600, ``tempfile.mkstemp``) in the target folder and renamed
into place with ``os.replace``, which is atomic on POSIX and Windows, so a crash mid-export
never leaves a half-written file under the final name (the write-then-rename pattern, see
https://docs.python.org/3/library/os.html#os.replace). Folders created here are 0700.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

MAX_STEM_BYTES = 100
HASH_LENGTH = 8
HASH_MARK = "~"  # never in a cleaned name, so a hashed name cannot meet an unchanged one
FILE_MODE = 0o600
FOLDER_MODE = 0o700

_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"{p}{n}" for p in ("COM", "LPT") for n in range(10))]
)  # Windows device names, with or without an extension
_SUFFIX = re.compile(r"(?:\.[A-Za-z0-9]+)*")


def stable_hash(identifier: str, length: int = HASH_LENGTH) -> str:
    """The first ``length`` hex digits of the SHA-256 of ``identifier`` (the same on every run)."""
    return hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def _clean(label: str) -> str:
    text = unicodedata.normalize("NFKC", label)
    text = re.sub(r"\.{2,}", "_", "".join(c if c.isalnum() or c in "-_." else "_" for c in text))
    raw = text.encode("utf-8")
    if len(raw) > MAX_STEM_BYTES:
        text = raw[:MAX_STEM_BYTES].decode("utf-8", "ignore")
    text = text.lstrip(".").rstrip(".")
    if text.split(".", 1)[0].upper() in _RESERVED:
        text = "_" + text
    return text or "_"


def safe_name(
    identifier: str, suffix: str = "", *, label: str | None = None, hashed: bool = False, hash_length: int = HASH_LENGTH
) -> str:
    """One file name for ``identifier`` that cannot leave its folder (the rules in this module's docstring).

    ``label`` is the readable part (default: the id itself; e.g. a source file's stem); the hash
    is always of ``identifier``. ``~`` and the hash are added when the label had to change or
    when ``hashed`` is set. ``suffix`` is a fixed extension such as ``.csv``.
    """
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"suffix {suffix!r} must be like .csv or .quarantine.csv")
    wanted = identifier if label is None else label
    stem = _clean(wanted)
    if hashed or stem != wanted:
        stem = f"{stem}{HASH_MARK}{stable_hash(identifier, hash_length)}"
    return stem + suffix


def safe_names(
    identifiers: Iterable[str], suffix: str = "", *, label: Callable[[str], str] | None = None
) -> dict[str, str]:
    """:func:`safe_name` for each id, made distinct even where case is ignored: ids whose names
    would meet get the hash, then a longer one."""
    ids = list(dict.fromkeys(identifiers))
    names = {i: safe_name(i, suffix, label=label(i) if label else None) for i in ids}
    for length in (HASH_LENGTH, 16, 64):
        seen: dict[str, list[str]] = {}
        for identifier, name in names.items():
            seen.setdefault(name.casefold(), []).append(identifier)
        clashes = [i for group in seen.values() if len(group) > 1 for i in group]
        if not clashes:
            return names
        for identifier in clashes:
            names[identifier] = safe_name(
                identifier, suffix, label=label(identifier) if label else None, hashed=True, hash_length=length
            )
    raise ValueError(f"ids {clashes[:3]} give the same file name")


def target_path(folder: str | Path, name: str) -> Path:
    """``folder / name``, after checking that it resolves to a file directly inside ``folder``."""
    folder = Path(folder)
    if name in ("", ".", "..") or any(sep in name for sep in ("/", "\\", "\x00", os.sep)):
        raise ValueError(f"{name!r} is not a plain file name")
    path = folder / name
    if path.resolve().parent != folder.resolve():
        raise ValueError(f"{name!r} would be written outside {folder}")
    return path


def make_folder(folder: str | Path) -> Path:
    """``folder``, with every missing level created owner-only (0700); existing ones are left as they are."""
    folder = Path(folder)
    missing = []
    level = folder
    while not level.exists() and level != level.parent:
        missing.append(level)
        level = level.parent
    for level in reversed(missing):
        level.mkdir(mode=FOLDER_MODE, exist_ok=True)
        level.chmod(FOLDER_MODE)
    if not folder.is_dir():
        raise NotADirectoryError(f"{folder} is not a folder")
    return folder


@contextmanager
def atomic_file(path: Path, *, text: bool = False) -> Iterator[IO]:
    """A handle on a new 0600 file beside ``path`` that becomes ``path`` only when the block
    ends without an error (flushed, fsync'ed, ``os.replace``); otherwise it is removed."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".export-", suffix=".tmp")
    try:
        os.chmod(temporary, FILE_MODE)  # mkstemp's mode already; said here so it is not left to chance
        opened = os.fdopen(descriptor, "w", encoding="utf-8", newline="") if text else os.fdopen(descriptor, "wb")
        with opened as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
