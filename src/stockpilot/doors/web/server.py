"""Running the app: the cookie secret, the demo log-ins, uvicorn, and the check `make demo` does.

The secret comes from STOCKPILOT_WEB_SECRET or the file of the ``web_secret_file`` setting; the
server refuses to start without one or with a known default (doors/web/session.py), except in
demo mode, which makes a new one at every start.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from stockpilot.adapters.passwords import Argon2Hasher
from stockpilot.adapters.storage.store import open_store
from stockpilot.doors.web.app import WebConfig, create_app
from stockpilot.doors.web.session import check_secret
from stockpilot.services import access
from stockpilot.settings import Settings

SECRET_ENV = "STOCKPILOT_WEB_SECRET"
START_WAIT_SECONDS = 30.0


def server_secret(settings: Settings, demo: bool) -> str:
    """The secret that signs cookies; a fresh random one in demo mode."""
    if demo:
        return secrets.token_urlsafe(48)
    secret = os.environ.get(SECRET_ENV, "")
    if not secret and settings.web.web_secret_file:
        secret = Path(settings.web.web_secret_file).read_text(encoding="utf-8").strip()
    check_secret(secret)
    return secret


@dataclass(frozen=True)
class Started:
    """A server running in this process: its address, and how to stop it."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def prepare(settings: Settings, db_target: str, demo: bool) -> tuple[WebConfig, list[tuple[str, str, str]]]:
    """The app's configuration and, in demo mode, one log-in per role."""
    logins: list[tuple[str, str, str]] = []
    if demo:
        with open_store(db_target) as store:
            logins = access.demo_users(store, Argon2Hasher())
    return WebConfig(settings, db_target, server_secret(settings, demo), demo), logins


def free_port(host: str) -> int:
    """A port nothing listens on at ``host`` now (the check of `make demo` must not need 8000 free)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def start_in_thread(config: WebConfig, host: str, port: int) -> Started:
    """Start uvicorn on ``host:port`` in a thread of this process and wait until it answers."""
    server = uvicorn.Server(uvicorn.Config(create_app(config), host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="stockpilot-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_WAIT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the web app did not start on {host}:{port}")
        time.sleep(0.05)
    return Started(f"http://{host}:{port}", server, thread)


def form_token(html: str) -> str:
    """The CSRF token a page's forms carry (a client of the app logs in with it)."""
    return html.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def check_answers(url: str, name: str, password: str) -> list[str]:
    """What `make demo` checks under CI: the log-in page, a log-in, the pages of the menu and the
    API's schema answer. The paths that answered."""
    answered = []
    with httpx.Client(base_url=url, timeout=60, follow_redirects=False) as client:
        login = client.get("/login")
        login.raise_for_status()
        csrf = form_token(login.text)
        logged = client.post("/login", data={"csrf": csrf, "name": name, "password": password, "next": "/orders"})
        if logged.status_code != 303:
            raise RuntimeError(f"log-in as {name} answered {logged.status_code}")
        answered.append("/login")
        for path in ("/data", "/orders", "/evidence", "/settings", "/users", "/openapi.json"):
            client.get(path).raise_for_status()
            answered.append(path)
    return answered


def run(config: WebConfig, host: str, port: int) -> None:
    """Serve until stopped (Ctrl-C)."""
    uvicorn.run(create_app(config), host=host, port=port, log_level="info")
