"""Every page of the app asks the permission table (R-UI-3), whoever adds it.

The pages are read from the app's routes, so a page added later is covered without a change here:
each GET route (but the log-in page, the static files, the API and its documentation) must be
gated by ``need(action)``; an anonymous request is sent to log in, a role the table allows gets
the page, any other role 403 with the refusal in the access log. The vendor never sees a member
pseudonym and cannot open the users page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from stockpilot.adapters.storage.store import open_store
from stockpilot.domain.access import Action, Role, allowed
from stockpilot.doors.web.app import WebConfig, create_app
from stockpilot.doors.web.pages import MENU
from stockpilot.doors.web.routes import ROUTERS
from stockpilot.services.importing import import_file
from web_fixtures import SECRET, Shop, copy_shop, log_in

NOT_PAGES = ("/static", "/docs", "/openapi.json", "/login", "/api/")
ROLES = [role.value for role in Role]
PATH_VALUE = re.compile(r"\{([^}:]+)(?::[^}]*)?\}")


def action_of(call: Callable[..., Any]) -> Action | None:
    """The action a dependency made by ``need``/``form_checked`` asks for (held in its closure)."""
    for cell in getattr(call, "__closure__", None) or ():
        held = cell.cell_contents
        if isinstance(held, Action):
            return held
        if callable(held) and (found := action_of(held)) is not None:
            return found
    return None


def route_action(route: APIRoute) -> Action | None:
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if (found := action_of(dependency.call)) is not None:
            return found
        pending += dependency.dependencies
    return None


def page_routes() -> list[APIRoute]:
    """The GET routes of the app that answer a person's browser, in the order they are declared."""
    found = []
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute) and "GET" in route.methods and route.path != "/":
                if not route.path.startswith(NOT_PAGES):
                    found.append(route)
    return found


PAGES = page_routes()


def test_the_pages_found_include_the_menu_and_each_is_gated():
    paths = {route.path for route in PAGES}
    assert {"/settings", "/users"} <= paths
    built = [path for path, _, _ in MENU if path in paths]
    assert built, "no page of the menu is a route"
    ungated = [route.path for route in PAGES if route_action(route) is None]
    assert ungated == [], "pages any logged-in person (or anyone) could open: gate them with need(action)"


MEMBERS = [f"MEM-{n:05d}" for n in range(1, 13)]


def with_members(shop: Shop, folder: Path) -> Path:
    """A copy of the shop whose sales carry loyalty members (stored as pseudonyms ``m_...``), one
    of them in a quarantined row (kept as it was sent, with the raw member id)."""
    db = copy_shop(shop, folder)
    sales = folder / "sales.csv"
    rows = [f"MS-{n},2024-01-05 10:{n:02d},ST01,R15044B,1,54.9,{member}" for n, member in enumerate(MEMBERS)]
    rows.append(f"MS-BAD,2024-01-05 11:00,ST01,NO-SUCH-SKU,1,54.9,{MEMBERS[0]}")
    sales.write_text("event_id,occurred_at,location_id,sku,quantity,unit_price,member_id\n" + "\n".join(rows) + "\n")
    with open_store(db) as store:
        report = import_file(store, sales, shop.settings)
    assert (report.accepted, report.quarantined) == (len(MEMBERS), 1)
    return db


@pytest.fixture(scope="module")
def members_db(web_shop: Shop, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return with_members(web_shop, tmp_path_factory.mktemp("permissions"))


@pytest.fixture(scope="module")
def app(web_shop: Shop, members_db: Path) -> Iterator[FastAPI]:
    yield create_app(WebConfig(web_shop.settings, str(members_db), SECRET))


@pytest.fixture(scope="module")
def clients(app: FastAPI) -> Iterator[dict[str, TestClient]]:
    """One logged-in client per role, and an anonymous one ('')."""
    made = {role: TestClient(app) for role in ["", *ROLES]}
    for client in made.values():
        client.__enter__()
    for role in ROLES:
        log_in(made[role], role)
    yield made
    for client in made.values():
        client.__exit__(None, None, None)


def required_query(route: APIRoute) -> list[str]:
    return [field.name for field in route.dependant.query_params if field.field_info.is_required()]


def url_of(route: APIRoute, shop: Shop) -> str:
    """The route's URL with its path and required query parameters filled: a plan by the
    fixture's plan, anything else 1."""

    def value(name: str) -> str:
        return str(shop.plan_id) if name == "plan_id" else "1"

    path = PATH_VALUE.sub(lambda m: value(m.group(1)), route.path)
    query = "&".join(f"{name}={value(name)}" for name in required_query(route))
    return f"{path}?{query}" if query else path


def newest_event(app: FastAPI) -> tuple[str, str, str]:
    with app.state.web.pool.store() as store:
        (event,) = store.access.access_log(1)
    return event.who, event.event, event.detail


@pytest.mark.parametrize("route", PAGES, ids=[r.path for r in PAGES])
def test_a_page_is_refused_to_the_anonymous_and_to_each_role_the_table_refuses(route, app, clients, web_shop):
    action = route_action(route)
    assert action is not None, f"{route.path} asks no permission"
    url = url_of(route, web_shop)
    anonymous = clients[""].get(url, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login?next="), url
    for role in ROLES:
        answer = clients[role].get(url, follow_redirects=False)
        if allowed(role, action):
            assert answer.status_code not in (401, 403, 422) and answer.status_code < 500, (role, url, answer.text)
            assert not answer.headers.get("location", "").startswith("/login"), (role, url)
            if not route.param_convertors and not required_query(route) and not answer.is_redirect:
                assert answer.status_code == 200, (role, url, answer.text[:500])
        else:
            assert answer.status_code == 403, (role, url, answer.status_code)
            assert newest_event(app) == (role, "refused", f"{action.value} GET {url.partition('?')[0]}")


@pytest.mark.parametrize("role", ROLES)
def test_the_home_page_sends_each_role_to_the_first_page_of_its_menu(role, clients):
    answer = clients[role].get("/", follow_redirects=False)
    first = next(path for path, _, action in MENU if allowed(role, action))
    assert (answer.status_code, answer.headers["location"]) == (303, first)
    assert clients[""].get("/", follow_redirects=False).headers["location"] == "/login"


@pytest.mark.parametrize("role", ROLES)
def test_the_menu_lists_exactly_the_pages_the_role_may_open(role, clients):
    html = clients[role].get("/settings").text
    listed = re.findall(r"<nav[^>]*>(.*?)</nav>", html, re.S)[0]
    shown = re.findall(r'href="([^"]+)"', listed)
    assert shown == [path for path, _, action in MENU if allowed(role, action)]


def test_the_vendor_sees_no_member_on_any_page_it_may_open(clients, web_shop, app):
    with app.state.web.pool.store() as store:
        rows = store.engine.rows("SELECT DISTINCT member_id FROM sales WHERE member_id IS NOT NULL")
    pseudonyms = {row[0] for row in rows}
    assert len(pseudonyms) == len(MEMBERS) and all(p.startswith("m_") for p in pseudonyms)
    vendor = clients["vendor"]
    opened = []
    for route in PAGES:
        action = route_action(route)
        if action is not None and allowed("vendor", action):
            answer = vendor.get(url_of(route, web_shop))
            leaked = sorted(m for m in pseudonyms | set(MEMBERS) if m in answer.text)
            assert leaked == [], f"{route.path} shows members to the vendor: {leaked[:3]}"
            opened.append(route.path)
    assert "/settings" in opened


def test_the_vendor_cannot_open_the_users_page_nor_add_a_user(app, clients):
    vendor = clients["vendor"]
    page = vendor.get("/users")
    assert page.status_code == 403
    assert "buyer" not in re.sub(r"<header.*?</header>", "", page.text, flags=re.S)
    assert newest_event(app) == ("vendor", "refused", "manage_users GET /users")
    token = re.search(r'name="csrf" value="([^"]+)"', vendor.get("/settings").text).group(1)
    added = vendor.post("/users", data={"csrf": token, "name": "mole", "role": "owner", "password": "a-long-password"})
    assert added.status_code == 403
    with app.state.web.pool.store() as store:
        assert store.access.user("mole") is None
