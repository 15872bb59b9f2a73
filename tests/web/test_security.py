"""Attacks on the web app's safeguards (R-UI-3), each tried and refused.

Who may ask: an anonymous request and a wrong role are refused. Forms: every form POST of the app
(read from its routes) is refused without the session's CSRF token, with a wrong one or with
another session's. The cookie: tampered with, signed with another secret, forged or expired, it is
no session at all; it is HttpOnly, SameSite=Lax, Secure over HTTPS, and a new CSRF token comes
with a log-in (no session fixation). Headers keep scripts, framing and sniffing out. Log-in: no
open redirect, failed tries slow the name down whether it exists or not, and every try is in the
access log. The server refuses a weak secret. Passwords are kept only as Argon2id hashes.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from test_permissions import route_action

from stockpilot.domain.access import allowed
from stockpilot.doors.web import server
from stockpilot.doors.web.app import WebConfig, create_app
from stockpilot.doors.web.pages import TEMPLATES
from stockpilot.doors.web.routes import ROUTERS
from stockpilot.doors.web.session import COOKIE, Session, SessionCodec, check_secret
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.settings import Settings
from web_fixtures import PASSWORDS, SECRET, Shop, csrf_of, log_in

SALT = "stockpilot-session"  # session.py's; a cookie made here with it is accepted (checked below)


@pytest.fixture
def app(app_config: WebConfig) -> FastAPI:
    return create_app(app_config)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as made:
        yield made


def logged_in(app: FastAPI, role: str) -> TestClient:
    client = TestClient(app)
    log_in(client, role)
    return client


def events(app: FastAPI, limit: int = 5) -> list[tuple[str, str, str]]:
    """The newest access log lines, newest first: (who, event, detail)."""
    with app.state.web.pool.store() as store:
        return [(e.who, e.event, e.detail) for e in store.access.access_log(limit)]


def sent_to_log_in(client: TestClient, path: str = "/settings") -> bool:
    answer = client.get(path, follow_redirects=False)
    return answer.status_code == 303 and answer.headers["location"] == f"/login?next={path}"


# --- who may ask ---------------------------------------------------------------------------------


def test_an_anonymous_request_is_sent_to_log_in_and_its_post_is_refused(app, client):
    assert sent_to_log_in(client, "/settings") and sent_to_log_in(client, "/users")
    token = csrf_of(client.get("/login").text)
    answer = client.post("/users", data={"csrf": token, "name": "x", "role": "owner", "password": "p" * 12})
    assert answer.status_code == 200 and "/login" in str(answer.url)
    with app.state.web.pool.store() as store:
        assert store.access.user("x") is None


def test_every_api_route_refuses_a_request_without_a_token(client):
    api = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute) and r.path.startswith("/api/")]
    for route in api:
        url = re.sub(r"\{[^}]+\}", "ST01", route.path)
        for method in route.methods:
            answer = client.request(method, url, json=[])
            assert answer.status_code == 401, (method, url, answer.status_code)


def test_a_wrong_role_is_refused_and_the_refusal_logged(app):
    buyer = logged_in(app, "buyer")
    token = csrf_of(buyer.get("/settings").text)
    assert buyer.get("/users").status_code == 403
    added = buyer.post("/users", data={"csrf": token, "name": "mole", "role": "owner", "password": "a-long-password"})
    assert added.status_code == 403
    assert events(app, 1) == [("buyer", "refused", "manage_users POST /users")]
    with app.state.web.pool.store() as store:
        assert store.access.user("mole") is None


def test_a_role_changed_or_a_user_disabled_takes_effect_at_once(app):
    owner = logged_in(app, "owner")
    assert owner.get("/users").status_code == 200
    with app.state.web.pool.store() as store:
        store.engine.execute("UPDATE users SET role = 'vendor' WHERE name = 'owner'")
    assert owner.get("/users").status_code == 403
    with app.state.web.pool.store() as store:
        store.engine.execute("UPDATE users SET disabled_at = TIMESTAMP '2024-01-01 00:00:00' WHERE name = 'owner'")
    assert sent_to_log_in(owner)


# --- forms and the CSRF token ----------------------------------------------------------------------


def form_posts() -> list[APIRoute]:
    return [
        route
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute) and "POST" in route.methods and not route.path.startswith("/api/")
    ]


FORMS = form_posts()


def filled(route: APIRoute, csrf: str | None) -> dict[str, Any]:
    """The route's URL and a body with every form field given (so only the token is wrong)."""
    data: dict[str, str] = {field.name: "1" for field in route.dependant.body_params}
    files = {}
    for field in route.dependant.body_params:
        if type(field.field_info).__name__ == "File":
            data.pop(field.name)
            files[field.name] = ("sales.csv", b"event_id\n", "text/csv")
    if csrf is not None:
        data["csrf"] = csrf
    url = re.sub(r"\{[^}]+\}", "1", route.path)
    return {"url": url, "data": data, "files": files or None, "follow_redirects": False}


def test_the_form_posts_found_include_log_in_and_the_users_page():
    assert {"/login", "/logout", "/language", "/users", "/users/tokens"} <= {r.path for r in FORMS}


@pytest.mark.parametrize("route", FORMS, ids=[r.path for r in FORMS])
def test_a_form_post_without_the_sessions_csrf_token_is_refused(route, app):
    owner, other = logged_in(app, "owner"), logged_in(app, "buyer")
    others_token = csrf_of(other.get("/settings").text)
    for token in (None, "", "x" * 43, others_token):
        answer = owner.post(**filled(route, token))
        assert answer.status_code == 403, (route.path, token, answer.status_code)
        assert render("refusal.csrf", "en") in answer.text
        assert events(app, 1) == [("owner", "refused", f"csrf POST {filled(route, None)['url']}")]
    assert owner.get("/users").status_code == 200, "still logged in: the refused log-out did nothing"


@pytest.mark.parametrize("route", [r for r in FORMS if route_action(r)], ids=lambda r: r.path)
def test_a_form_post_with_the_token_but_a_wrong_role_is_refused(route, app):
    action = route_action(route)
    refused = [role for role in PASSWORDS if not allowed(role, action)]
    assert refused, f"every role may {action}"
    client = logged_in(app, refused[-1])
    answer = client.post(**filled(route, csrf_of(client.get("/settings").text)))
    assert answer.status_code == 403
    assert events(app, 1)[0][:2] == (refused[-1], "refused")


# --- the cookie ------------------------------------------------------------------------------------


def cookie_of(client: TestClient) -> str:
    return client.cookies[COOKIE]


def with_cookie(client: TestClient, value: str) -> TestClient:
    client.cookies.clear()
    client.cookies.set(COOKIE, value)
    return client


def forged_payload(cookie: str, payload: dict[str, object]) -> str:
    _, timestamp, signature = cookie.split(".")
    body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).rstrip(b"=")
    return f"{body.decode()}.{timestamp}.{signature}"


def flipped(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]


def test_the_cookie_a_log_in_gives_opens_the_pages(app):
    owner = logged_in(app, "owner")
    assert owner.get("/users").status_code == 200
    assert with_cookie(TestClient(app), cookie_of(owner)).get("/users").status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: flipped(c, len(c) - 1),  # the signature
        lambda c: flipped(c, 2),  # the payload
        lambda c: flipped(c, c.index(".") + 2),  # the timestamp
        lambda c: forged_payload(c, {"u": "owner", "c": "x", "l": None}),
        lambda c: SessionCodec("another-secret-of-enough-length-0123456789", 3600).dump(Session("owner", "x")),
        lambda c: base64.urlsafe_b64encode(b'{"u":"owner","c":"x"}').decode(),
        lambda c: c.split(".")[0],
        lambda c: "",
    ],
    ids=["signature", "payload", "timestamp", "forged", "other-secret", "unsigned", "bare-payload", "empty"],
)
def test_a_tampered_cookie_is_no_session(app, tamper):
    buyer = logged_in(app, "buyer")
    attacker = with_cookie(TestClient(app), tamper(cookie_of(buyer)))
    assert sent_to_log_in(attacker, "/settings")
    assert attacker.get("/users", follow_redirects=False).status_code == 303


class _Past(TimestampSigner):
    """Signs as if 13 hours ago (the app's sessions last 12)."""

    def get_timestamp(self) -> int:
        return int(time.time()) - 13 * 3600


def test_an_expired_cookie_is_no_session(app, web_shop):
    assert web_shop.settings.web.web_session_hours == 12
    payload = {"u": "owner", "c": "t" * 43, "l": None}
    fresh = URLSafeTimedSerializer(SECRET, salt=SALT).dumps(payload)
    old = URLSafeTimedSerializer(SECRET, salt=SALT, signer=_Past).dumps(payload)
    assert with_cookie(TestClient(app), fresh).get("/users").status_code == 200, "the way cookies are made here"
    assert sent_to_log_in(with_cookie(TestClient(app), old))


def test_the_codec_refuses_a_cookie_older_than_its_max_age():
    codec = SessionCodec(SECRET, max_age_seconds=1)
    cookie = codec.dump(Session("owner", "token", "en"))
    assert codec.load(cookie) == Session("owner", "token", "en")
    time.sleep(2.1)
    assert codec.load(cookie) is None


def set_cookie_of(answer: httpx.Response) -> str:
    (header,) = [v for k, v in answer.headers.multi_items() if k == "set-cookie" and v.startswith(COOKIE)]
    return header


@pytest.mark.parametrize("base_url", ["http://testserver", "https://testserver"])
def test_the_cookie_is_http_only_same_site_lax_and_secure_over_https(app, base_url):
    client = TestClient(app, base_url=base_url)
    first = set_cookie_of(client.get("/login"))
    answer = client.post(
        "/login",
        data={"csrf": csrf_of(client.get("/login").text), "name": "buyer", "password": PASSWORDS["buyer"]},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    for header in (first, set_cookie_of(answer)):
        flags = {part.strip().split("=")[0].lower(): part.strip() for part in header.split(";")[1:]}
        assert "httponly" in flags and flags["samesite"].lower() == "samesite=lax" and flags["path"] == "Path=/"
        assert ("secure" in flags) is base_url.startswith("https"), header
        assert int(flags["max-age"].split("=")[1]) == 12 * 3600


def test_a_log_in_and_a_log_out_each_give_a_new_csrf_token(app):
    client = TestClient(app)
    planted = csrf_of(client.get("/login").text)  # an attacker's pre-log-in session, planted
    log_in(client, "buyer")
    after = csrf_of(client.get("/settings").text)
    assert after != planted
    refused = client.post("/language", data={"csrf": planted, "language": "en"}, follow_redirects=False)
    assert refused.status_code == 403, "the planted session's token no longer works"
    assert client.post("/logout", data={"csrf": after}, follow_redirects=False).status_code == 303
    assert csrf_of(client.get("/login").text) not in (planted, after)
    assert sent_to_log_in(client)


# --- headers and pages -----------------------------------------------------------------------------


def test_every_answer_carries_the_security_headers(app):
    owner = logged_in(app, "owner")
    vendor = logged_in(app, "vendor")
    answers = [
        TestClient(app).get("/login"),
        TestClient(app).get("/settings", follow_redirects=False),
        owner.get("/settings"),
        owner.get("/users"),
        vendor.get("/users"),
        owner.get("/no-such-page"),
        owner.get("/static/app.css"),
    ]
    assert [a.status_code for a in answers] == [200, 303, 200, 200, 403, 404, 200]
    for answer in answers:
        csp = answer.headers["content-security-policy"]
        directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'" and directives["form-action"] == "'self'"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_no_template_needs_what_the_policy_forbids(path: Path):
    """Inline scripts, style attributes and event handlers would be blocked by the CSP."""
    text = path.read_text(encoding="utf-8")
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == []
    assert re.findall(r"<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", text, re.I) == []


# --- log-in ----------------------------------------------------------------------------------------

EVIL = ["//evil.example", "https://evil.example/", "/\\evil.example", "/\\/evil.example", "///evil.example", ""]


@pytest.mark.parametrize("target", EVIL, ids=["scheme-relative", "absolute", "backslash", "mixed", "triple", "empty"])
def test_no_open_redirect_after_log_in_or_a_language_switch(app, target):
    client = TestClient(app)
    page = client.get("/login", params={"next": target})
    assert 'name="next" value="/"' in page.text
    answer = client.post(
        "/login",
        data={"csrf": csrf_of(page.text), "name": "buyer", "password": PASSWORDS["buyer"], "next": target},
        follow_redirects=False,
    )
    assert (answer.status_code, answer.headers["location"]) == (303, "/")
    token = csrf_of(client.get("/settings").text)
    switched = client.post("/language", data={"csrf": token, "language": "en", "back": target}, follow_redirects=False)
    assert switched.headers["location"] == "/"


def test_a_local_next_page_is_kept(app):
    client = TestClient(app)
    answer = client.post(
        "/login",
        data={"csrf": csrf_of(client.get("/login").text), "name": "buyer", "password": PASSWORDS["buyer"]}
        | {"next": "/settings?lang=en"},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/settings?lang=en"


def tried(client: TestClient, name: str, password: str) -> httpx.Response:
    return client.post(
        "/login",
        data={"csrf": csrf_of(client.get("/login").text), "name": name, "password": password},
        follow_redirects=False,
    )


DELAY = 3.0


@pytest.fixture
def slow_app(web_shop: Shop, web_db: Path) -> FastAPI:
    """The app with two free failures, then a wait of DELAY seconds (doubling, at most 60)."""
    settings: Settings = web_shop.settings
    web = dataclasses.replace(
        settings.web, login_free_failures=2, login_delay_seconds=DELAY, login_delay_max_seconds=60
    )
    return create_app(WebConfig(dataclasses.replace(settings, web=web), str(web_db), SECRET))


@pytest.mark.parametrize("name", ["buyer", "nobody-by-this-name"])
def test_failed_log_ins_make_the_next_try_wait_even_with_the_right_password(slow_app, name):
    client = TestClient(slow_app)
    password = PASSWORDS.get(name, "any-password-1")
    for _ in range(2):
        failed = tried(client, name, "not-the-password")
        assert failed.status_code == 401 and render("web.login.failed", "en") in failed.text
    throttled = tried(client, name, password)
    assert throttled.status_code == 401
    assert render("web.login.wait", "en", seconds=int(DELAY)) in throttled.text
    newest = [(name, "login_throttled"), (name, "login_failed"), (name, "login_failed")]
    assert [e[:2] for e in events(slow_app, 3)] == newest
    assert tried(TestClient(slow_app), name, password).status_code == 401, "a new session waits all the same"
    time.sleep(DELAY + 0.2)
    after = tried(client, name, password)
    if name == "buyer":
        assert after.status_code == 303, "allowed once the wait has passed"
        assert events(slow_app, 1) == [("buyer", "login", "buyer")]
    else:
        assert after.status_code == 401 and render("web.login.failed", "en") in after.text


def test_a_name_that_does_not_exist_is_answered_as_a_real_one(slow_app):
    real, unknown = TestClient(slow_app), TestClient(slow_app)
    for _ in range(3):
        a, b = tried(real, "buyer", "wrong-password"), tried(unknown, "nobody", "wrong-password")
        assert a.status_code == b.status_code
        strip = re.compile(r'name="csrf" value="[^"]+"|\d+ seconds')
        assert strip.sub("", a.text) == strip.sub("", b.text)


def test_log_ins_and_failed_log_ins_are_in_the_access_log(app):
    client = TestClient(app)
    assert tried(client, "buyer", "wrong-password").status_code == 401
    assert tried(client, "buyer", PASSWORDS["buyer"]).status_code == 303
    assert events(app, 2) == [("buyer", "login", "buyer"), ("buyer", "login_failed", "")]


# --- the server's secret ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("secret", "why"),
    [
        ("", "refusal.web_secret.empty"),
        ("   ", "refusal.web_secret.empty"),
        ("changeme", "refusal.web_secret.default"),
        ("Secret", "refusal.web_secret.default"),
        ("ab" * 20, "refusal.web_secret.default"),
        ("0123456789abcdef", "refusal.web_secret.short"),
    ],
)
def test_the_server_refuses_an_empty_short_or_default_secret(web_shop, monkeypatch, secret, why):
    monkeypatch.setenv(server.SECRET_ENV, secret)
    with pytest.raises(Refusal) as refused:
        server.server_secret(web_shop.settings, demo=False)
    assert refused.value.code == "refusal.web_secret" and refused.value.params["why"].code == why
    with pytest.raises(Refusal):
        create_app(WebConfig(web_shop.settings, ":memory:", secret))


def test_the_server_reads_its_secret_from_the_environment_or_the_file(web_shop, monkeypatch, tmp_path):
    good = "k3Y-" + "0123456789abcdefghijklmnopqrstuvwxyz"
    monkeypatch.delenv(server.SECRET_ENV, raising=False)
    with pytest.raises(Refusal):
        server.server_secret(web_shop.settings, demo=False)
    secret_file = tmp_path / "secret"
    secret_file.write_text(good + "\n", encoding="utf-8")
    settings = dataclasses.replace(
        web_shop.settings, web=dataclasses.replace(web_shop.settings.web, web_secret_file=str(secret_file))
    )
    assert server.server_secret(settings, demo=False) == good
    monkeypatch.setenv(server.SECRET_ENV, "changeme")
    with pytest.raises(Refusal):
        server.server_secret(settings, demo=False)  # the environment takes precedence, and is checked


def test_demo_mode_makes_a_fresh_strong_secret_at_each_start(web_shop, monkeypatch):
    monkeypatch.setenv(server.SECRET_ENV, "changeme")
    made = {server.server_secret(web_shop.settings, demo=True) for _ in range(5)}
    assert len(made) == 5 and "changeme" not in made
    for secret in made:
        check_secret(secret)


# --- passwords ---------------------------------------------------------------------------------------


def test_passwords_are_kept_only_as_argon2id_hashes(app_config, web_shop):
    password = "Unusual-Password-7f3a"
    with TestClient(create_app(app_config)) as owner:
        token = log_in(owner, "owner")
        added = owner.post("/users", data={"csrf": token, "name": "amy", "role": "buyer", "password": password})
        assert added.status_code == 200
        assert tried(owner, "amy", "Typo-Password-9c1e").status_code == 401
        with owner.app.state.web.pool.store() as store:
            hashes = dict(store.engine.rows("SELECT name, password_hash FROM users"))
    assert set(hashes) == set(PASSWORDS) | {"amy"}
    assert all(h.startswith("$argon2id$v=19$") for h in hashes.values())
    db = Path(app_config.db_target)
    stored = b"".join(p.read_bytes() for p in db.parent.iterdir() if p.name.startswith(db.name))
    for secret in (password, "Typo-Password-9c1e", *PASSWORDS.values()):
        assert secret.encode() not in stored, secret


@pytest.mark.parametrize(
    ("name", "password", "code"),
    [
        ("amy", "short-9ch", "refusal.password_short"),
        ("amy", "", "refusal.password_short"),
        ("amy-wong-hk", "amy-wong-hk", "refusal.password_is_name"),
        ("amy-wong-hk", " AMY-WONG-HK ", "refusal.password_is_name"),
    ],
)
def test_a_weak_password_is_refused(app, name, password, code):
    owner = logged_in(app, "owner")
    token = csrf_of(owner.get("/users").text)
    answer = owner.post("/users", data={"csrf": token, "name": name, "role": "buyer", "password": password})
    if password:
        assert answer.status_code == 400
        assert render(code, "en", minimum=10) in answer.text
    else:
        assert answer.status_code == 422, "an empty form field is refused before it reaches the service"
    with app.state.web.pool.store() as store:
        assert store.access.user(name) is None
