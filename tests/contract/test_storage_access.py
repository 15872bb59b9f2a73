"""The storage contract for the web app's people (migration 012, repositories/access.py): users,
failed log-ins in a row, integration tokens and the access log behave the same on DuckDB and on
PostgreSQL (each test runs once per backend)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from stockpilot.adapters.passwords import Argon2Hasher
from stockpilot.errors import Refusal
from stockpilot.services import access
from stockpilot.services.ports.access import AccessEvent, Token, User
from stockpilot.settings import load_settings

pytestmark = pytest.mark.contract

AT = dt.datetime(2024, 3, 1, 9, 30, 15, 250000)


def stopped_at(at: dt.datetime) -> SimpleNamespace:
    """A clock stopped at ``at``."""
    return SimpleNamespace(now=lambda: at)


def user(name: str, role: str = "buyer", language: str = "zh-HK") -> User:
    return User(name, role, language, f"$argon2id$v=19$m=65536,t=3,p=4$fake${name}", AT)


def test_a_user_is_stored_once_and_reads_back_field_for_field(any_store):
    repo = any_store.access
    assert repo.user("陳大文") is None and repo.users() == []
    assert repo.add_user(user("陳大文", "owner", "en"))
    assert repo.add_user(user("amy"))
    assert not repo.add_user(user("amy", "vendor")), "a second user of one name"
    assert repo.user("陳大文") == user("陳大文", "owner", "en")
    assert repo.user("amy") == user("amy"), "the refused duplicate changed nothing"
    assert [u.name for u in repo.users()] == ["amy", "陳大文"]
    assert repo.user("AMY") is None, "names are exact"
    repo.set_password("amy", "$argon2id$new")
    repo.set_language("amy", "en")
    assert (repo.user("amy").password_hash, repo.user("amy").language) == ("$argon2id$new", "en")


def test_the_service_refuses_a_name_taken(any_store):
    hasher = Argon2Hasher()
    access.add_user(any_store, hasher, "amy", "buyer", "a-long-password-1", clock=stopped_at(AT))
    with pytest.raises(Refusal) as refused:
        access.add_user(any_store, hasher, " amy ", "vendor", "another-password-2", clock=stopped_at(AT))
    assert refused.value.code == "refusal.user_exists"
    assert any_store.access.user("amy").role == "buyer"


def test_failed_log_ins_count_up_per_name_and_clear(any_store):
    repo = any_store.access
    assert repo.failures("amy") == (0, None)
    for count in (1, 2, 3):
        assert repo.record_failure("amy", AT + dt.timedelta(seconds=count)) == count
    assert repo.record_failure("ben", AT) == 1
    assert repo.failures("amy") == (3, AT + dt.timedelta(seconds=3))
    repo.clear_failures("amy")
    assert repo.failures("amy") == (0, None)
    assert repo.failures("ben") == (1, AT), "clearing one name leaves the others"
    repo.clear_failures("nobody")  # clearing what is not there is no error
    assert repo.record_failure("amy", AT) == 1, "counting starts again after a clear"


def test_log_in_is_throttled_then_allowed_and_a_success_clears_the_count(any_store):
    settings = load_settings(
        {"login_free_failures": 2, "login_delay_seconds": 10, "login_delay_max_seconds": 60}, environ={}
    )
    hasher = Argon2Hasher()
    access.add_user(any_store, hasher, "amy", "buyer", "a-long-password-1", clock=stopped_at(AT))

    def tried(password: str, seconds: float) -> access.LogIn:
        clock = stopped_at(AT + dt.timedelta(seconds=seconds))
        return access.log_in(any_store, hasher, settings, "amy", password, clock=clock)

    assert tried("wrong-password-1", 1).user is None
    assert tried("wrong-password-2", 2).user is None
    throttled = tried("a-long-password-1", 5)
    assert (throttled.user, throttled.wait_seconds) == (None, 7.0)
    assert any_store.access.failures("amy")[0] == 2, "a refused try is not counted as a failure"
    assert tried("a-long-password-1", 12).user == any_store.access.user("amy")
    assert any_store.access.failures("amy") == (0, None)
    events = [(e.event, e.detail) for e in reversed(any_store.access.access_log(10))]
    assert events == [
        ("user_added", "buyer"),
        ("login_failed", ""),
        ("login_failed", ""),
        ("login_throttled", "7 s"),
        ("login", "buyer"),
    ]


def test_a_token_is_found_by_its_hash_and_revoked_once(any_store):
    repo = any_store.access
    first = repo.add_token("till-1", "buyer", "a" * 64, "owner", AT)
    second = repo.add_token("till-2", "vendor", "b" * 64, "owner", AT)
    assert second > first
    assert repo.token_by_hash("a" * 64) == Token(first, "till-1", "buyer", "owner", AT)
    assert repo.token_by_hash("c" * 64) is None
    later = AT + dt.timedelta(hours=1)
    assert repo.revoke_token(first, later)
    assert not repo.revoke_token(first, later + dt.timedelta(hours=1)), "revoked twice"
    assert not repo.revoke_token(second + 99, later), "no such token"
    assert repo.token_by_hash("a" * 64).revoked_at == later, "the first revocation's time stays"
    assert [(t.token_id, t.revoked_at) for t in repo.tokens()] == [(first, later), (second, None)]


def test_the_service_keeps_only_the_hash_and_a_revoked_token_no_longer_opens(any_store):
    token, secret = access.issue_token(any_store, "till-1", "buyer", "owner", clock=stopped_at(AT))
    assert access.token_of(any_store, secret) == token
    hashes = any_store.engine.rows("SELECT token_hash FROM api_tokens")
    assert hashes == [(access.token_hash(secret),)] and secret not in str(hashes)
    access.revoke_token(any_store, token.token_id, "owner", clock=stopped_at(AT))
    assert access.token_of(any_store, secret) is None
    with pytest.raises(Refusal) as refused:
        access.revoke_token(any_store, token.token_id, "owner", clock=stopped_at(AT))
    assert refused.value.code == "refusal.token_unknown"


def test_the_access_log_lists_the_newest_first_up_to_the_limit(any_store):
    repo = any_store.access
    events = [AccessEvent(AT + dt.timedelta(minutes=m), f"user{m}", "login", "buyer") for m in (5, 1, 9, 3)]
    for event in events:
        repo.log(event)
    newest_first = sorted(events, key=lambda e: e.at, reverse=True)
    assert repo.access_log(10) == newest_first
    assert repo.access_log(2) == newest_first[:2]
    assert repo.access_log(0) == []
