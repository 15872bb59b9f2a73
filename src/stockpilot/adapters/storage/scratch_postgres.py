"""A throwaway PostgreSQL server in a temporary folder, for tests, benchmarks and trials.

It runs Debian's ``postgresql`` binaries (``initdb``, ``pg_ctl``) as an unprivileged
user: the current one, or ``postgres`` when the process runs as root (the server
refuses root). It listens on loopback only, trusts local connections, and is removed
with its folder when stopped. ``make install`` installs the package where it is
missing; without it :func:`start` raises :class:`ScratchServerError` saying so.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BINARIES = "/usr/lib/postgresql/*/bin"
SERVER_USER = "postgres"  # who runs the server when we are root


class ScratchServerError(RuntimeError):
    """The throwaway server cannot be started."""


@dataclass(frozen=True)
class ScratchServer:
    folder: Path
    port: int
    binaries: Path

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create database ``name`` and return its URL."""
        _run_as_owner(
            [str(self.binaries / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", SERVER_USER, name]
        )
        return self.url(name)


def _binaries() -> Path:
    found = sorted(glob.glob(BINARIES), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0)
    if not found:
        raise ScratchServerError(
            "PostgreSQL is not installed: run `make install` (it installs Debian's postgresql package), "
            "or `apt-get install postgresql`"
        )
    return Path(found[-1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_root() -> bool:
    return os.geteuid() == 0


def _run_as_owner(command: list[str]) -> None:
    program = Path(command[0]).name
    if _as_root():
        command = ["runuser", "-u", SERVER_USER, "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise ScratchServerError(f"{program} failed: {(done.stderr or done.stdout).strip()}")


def start() -> ScratchServer:
    """Initialise and start a server on a free loopback port."""
    binaries = _binaries()
    folder = Path(tempfile.mkdtemp(prefix="stockpilot-pg-"))
    if _as_root():
        shutil.chown(folder, SERVER_USER, SERVER_USER)
    data = folder / "data"
    _run_as_owner([str(binaries / "initdb"), "-D", str(data), "--auth=trust", "-U", SERVER_USER, "-E", "UTF8"])
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    _run_as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start"])
    return ScratchServer(folder, port, binaries)


def stop(server: ScratchServer) -> None:
    """Stop the server at once and remove its folder."""
    try:
        _run_as_owner([str(server.binaries / "pg_ctl"), "-D", str(server.folder / "data"), "-m", "immediate", "stop"])
    finally:
        shutil.rmtree(server.folder, ignore_errors=True)


@contextmanager
def running() -> Iterator[ScratchServer]:
    server = start()
    try:
        yield server
    finally:
        stop(server)
