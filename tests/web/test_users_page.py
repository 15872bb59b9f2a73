"""The owner's users page: adding a person who can then log in, issuing an integration token shown
once and stored only as its SHA-256, revoking it; nobody else may open or post to it."""

from __future__ import annotations

import hashlib
import html
import re
from contextlib import AbstractContextManager

from fastapi.testclient import TestClient

from stockpilot.adapters.storage.store import Store
from stockpilot.messages import render
from stockpilot.services import access
from stockpilot.services.ports.access import AccessEvent
from web_fixtures import csrf_of


def store_of(client: TestClient) -> AbstractContextManager[Store]:
    return client.app.state.web.pool.store()


def access_log(client: TestClient) -> list[AccessEvent]:
    with store_of(client) as store:
        return store.access.access_log(20)


def test_the_owner_adds_a_user_who_can_then_log_in(client_as):
    owner, token = client_as("owner", "en")
    answer = owner.post(
        "/users",
        data={"csrf": token, "name": "陳大文", "role": "buyer", "password": "Tai-Man-2024!", "language": "zh-HK"},
    )
    assert answer.status_code == 200
    assert render("web.users.added", "en", name="陳大文", role="buyer") in answer.text
    listed = re.search(r'<table id="users">.*?</table>', answer.text, re.S).group(0)
    assert "<td>陳大文</td><td>buyer</td>" in listed
    assert ("陳大文", "user_added", "buyer") in [(e.who, e.event, e.detail) for e in access_log(owner)]

    newcomer = TestClient(owner.app)
    page = newcomer.get("/login")
    logged = newcomer.post(
        "/login",
        data={"csrf": csrf_of(page.text), "name": "陳大文", "password": "Tai-Man-2024!"},
        follow_redirects=False,
    )
    assert logged.status_code == 303
    orders = newcomer.get("/settings")
    assert orders.status_code == 200 and "陳大文（採購員）" in orders.text, "in the language the owner chose"
    assert newcomer.get("/users").status_code == 403


def test_a_user_name_taken_or_an_unknown_role_is_refused(client_as):
    owner, token = client_as("owner", "en")
    taken = owner.post("/users", data={"csrf": token, "name": "buyer", "role": "owner", "password": "a-long-password"})
    assert taken.status_code == 400 and render("refusal.user_exists", "en", name="buyer") in taken.text
    unknown = owner.post("/users", data={"csrf": token, "name": "amy", "role": "admin", "password": "a-long-password"})
    assert unknown.status_code == 400 and "admin" in html.unescape(unknown.text)
    with store_of(owner) as store:
        assert store.access.user("buyer").role == "buyer" and store.access.user("amy") is None


def test_a_token_is_shown_once_stored_as_its_hash_and_revoked(client_as):
    owner, token = client_as("owner", "en")
    issued = owner.post("/users/tokens", data={"csrf": token, "name": "till-ST01", "role": "buyer"})
    assert issued.status_code == 200
    shown = re.search(r'<p[^>]*id="issued-token"[^>]*>(.*?)</p>', issued.text, re.S).group(1)
    secret = re.search(r"sp_[A-Za-z0-9_-]{43}", shown).group(0)
    assert shown == html.escape(render("web.tokens.secret", "en", name="till-ST01", secret=secret))
    assert secret not in owner.get("/users").text, "shown only once"

    with store_of(owner) as store:
        rows = store.engine.rows("SELECT token_id, name, role, token_hash, created_by FROM api_tokens")
        assert access.token_of(store, secret) is not None
    ((token_id, name, role, stored_hash, created_by),) = rows
    assert (name, role, created_by) == ("till-ST01", "buyer", "owner")
    assert stored_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(rows) and secret[3:] not in str(rows)

    revoked = owner.post(f"/users/tokens/{token_id}/revoke", data={"csrf": token})
    assert revoked.status_code == 200
    at = re.search(r"<table id=\"tokens\">.*?</table>", revoked.text, re.S).group(0)
    assert "revoked 20" in at and f"/users/tokens/{token_id}/revoke" not in at
    with store_of(owner) as store:
        assert access.token_of(store, secret) is None
    again = owner.post(f"/users/tokens/{token_id}/revoke", data={"csrf": token})
    assert again.status_code == 400 and render("refusal.token_unknown", "en", token_id=token_id) in again.text
    logged = [(e.who, e.event, e.detail) for e in access_log(owner)]
    assert ("owner", "token_issued", f"{token_id} till-ST01 buyer") in logged
    assert ("owner", "token_revoked", str(token_id)) in logged


def test_the_access_log_is_shown_newest_first_in_the_pages_language(client_as):
    owner, _ = client_as("owner", "zh-HK")
    page = owner.get("/users").text
    table = re.search(r'<table id="access-log">.*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr><td>([^<]+)</td><td>([^<]+)</td><td>([^<]+)</td>", table)
    assert rows[0][1:] == ("owner", render("web.access.login", "zh-HK"))
    times = [row[0] for row in rows]
    assert times == sorted(times, reverse=True) and len(times) >= 7


def test_a_buyer_may_neither_open_nor_post_to_the_users_page(client_as):
    buyer, token = client_as("buyer")
    assert buyer.get("/users").status_code == 403
    for path, data in (
        ("/users", {"name": "mole", "role": "owner", "password": "a-long-password"}),
        ("/users/tokens", {"name": "mole-till", "role": "owner"}),
        ("/users/tokens/1/revoke", {}),
    ):
        assert buyer.post(path, data={"csrf": token, **data}).status_code == 403, path
    with store_of(buyer) as store:
        assert store.access.user("mole") is None and store.access.tokens() == []
