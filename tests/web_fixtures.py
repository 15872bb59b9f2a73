"""Fixtures of the web app's tests (tests/web; tests/conftest.py makes them available).

A small demo chain (24 SKUs, 12 stores) forecast, planned and replayed once per test process;
a copy of it per test (``web_db``) or per module (``live``); a TestClient logged in as any role
(``client_as``); a real server on loopback and Debian's Chromium driven by Playwright
(``browser``, ``page_as``). Screenshots go to ``test-artifacts/screenshots`` (kept by CI as the
tests' artefacts).

Every role has a user named after it (``buyer``...) whose password is ``PASSWORDS[role]``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stockpilot.adapters.passwords import Argon2Hasher
from stockpilot.adapters.storage.store import open_store
from stockpilot.domain.access import Role
from stockpilot.doors.web.app import WebConfig, create_app
from stockpilot.doors.web.server import Started, free_port, start_in_thread
from stockpilot.services import access
from stockpilot.services.demo_files import build_demo_chain
from stockpilot.services.forecasting import run_forecast
from stockpilot.services.planning import latest_forecast_day, make_plan
from stockpilot.services.replay import run_replay
from stockpilot.settings import Settings, load_settings

SECRET = "web-test-secret-0123456789-abcdefghijklmnop"
PASSWORDS = {role.value: f"{role.value}-password-1" for role in Role}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class Shop:
    """The prepared database and the settings it was made with."""

    db: Path
    settings: Settings
    plan_id: int


@pytest.fixture(scope="session")
def web_shop(tmp_path_factory: pytest.TempPathFactory) -> Shop:
    """The demo chain with 24 SKUs: imported, forecast, planned, ST01's last 8 weeks replayed,
    and one user per role."""
    folder = tmp_path_factory.mktemp("web_shop")
    settings = load_settings(
        {"pseudonym_key_file": str(folder / "pseudonym.key"), "demo_skus": 24},
        environ={},
        config_file=folder / "none.toml",
    )
    db = folder / "shop.duckdb"
    with open_store(db) as store:
        build_demo_chain(store, folder / "files", settings, lambda *_, **__: None)
        run_forecast(store, settings)
        plan = make_plan(store, settings, latest_forecast_day(store))
        run_replay(store, settings, days=56, locations=("ST01",))
        hasher = Argon2Hasher()
        for role, password in PASSWORDS.items():
            access.add_user(store, hasher, role, role, password, language="en")
    return Shop(db, settings, plan.plan_id)


def copy_shop(shop: Shop, folder: Path) -> Path:
    """A copy of the prepared database (and its key) in ``folder``, for a test to change."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "shop.duckdb"
    shutil.copyfile(shop.db, target)
    return target


@pytest.fixture
def web_db(web_shop: Shop, tmp_path: Path) -> Path:
    return copy_shop(web_shop, tmp_path / "db")


@pytest.fixture
def app_config(web_shop: Shop, web_db: Path) -> WebConfig:
    return WebConfig(web_shop.settings, str(web_db), SECRET)


def csrf_of(html: str) -> str:
    """The CSRF token a page's forms carry."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def log_in(client: TestClient, role: str, language: str | None = None) -> str:
    """Log ``client`` in as the user of ``role``; the session's CSRF token."""
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={"csrf": csrf_of(page.text), "name": role, "password": PASSWORDS[role], "next": "/"},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    token = csrf_of(client.get("/settings").text)
    if language:
        client.post("/language", data={"csrf": token, "language": language, "back": "/settings"})
    return token


@pytest.fixture
def client_as(app_config: WebConfig) -> Iterator[Callable[..., tuple[TestClient, str]]]:
    """``client_as(role, language=None)``: a TestClient logged in as ``role`` and its CSRF token."""
    clients: list[TestClient] = []
    app = create_app(app_config)

    def make(role: str, language: str | None = None) -> tuple[TestClient, str]:
        client = TestClient(app)
        client.__enter__()
        clients.append(client)
        return client, log_in(client, role, language)

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def live(web_shop: Shop, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Started]:
    """The app served by uvicorn on loopback, on this module's own copy of the shop."""
    db = copy_shop(web_shop, tmp_path_factory.mktemp("live"))
    started = start_in_thread(WebConfig(web_shop.settings, str(db), SECRET), "127.0.0.1", free_port("127.0.0.1"))
    yield started
    started.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (installed by the Makefile and .ci/run)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page_as(browser, live: Started) -> Iterator[Callable[..., object]]:
    """``page_as(role, language)``: a new browser page logged in through the log-in form."""
    contexts = []

    def make(role: str, language: str = "en") -> object:
        context = browser.new_context(locale="zh-HK" if language == "zh-HK" else "en-GB", accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live.url}/login")
        if language != "en":
            page.select_option("#language", language)
            page.wait_for_load_state()
        page.fill("#name", role)
        page.fill("#password", PASSWORDS[role])
        page.click("#login")
        page.wait_for_load_state()
        return page

    yield make
    for context in contexts:
        context.close()


def screenshot(page: object, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
