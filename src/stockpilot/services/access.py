"""Use case: the people who log in and the integrations that push data (R-UI-3, R-DATA-2).

Passwords are kept as Argon2id hashes (the :class:`PasswordHasher` port), integration tokens as
the SHA-256 of a random 256-bit secret shown once (a random token needs no slow hash: it cannot
be guessed from a dictionary). Log-ins, failed log-ins and refused actions go to the access log.
Failed log-ins in a row slow that name down (domain/access.py ``login_wait``), whether the name
exists or not, so the wait says nothing about which names are real.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from stockpilot.domain.access import Role, login_wait
from stockpilot.errors import Refusal
from stockpilot.messages import LANGUAGES
from stockpilot.services.ports import Storage
from stockpilot.services.ports.access import AccessEvent, PasswordHasher, Token, User
from stockpilot.services.ports.clock import SYSTEM_CLOCK, Clock
from stockpilot.settings import Settings

MIN_PASSWORD_LENGTH = 10  # NIST SP 800-63B asks at least 8; a shop's staff share terminals
TOKEN_PREFIX = "sp_"


@dataclass(frozen=True)
class LogIn:
    """What a log-in try came to: the user (None: refused) and, when refused for trying too
    often, the seconds still to wait."""

    user: User | None
    wait_seconds: float = 0.0


def check_password(password: str, name: str) -> None:
    """Refuse a password too short or equal to the name (NIST SP 800-63B, section 5.1.1)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Refusal("refusal.password_short", minimum=MIN_PASSWORD_LENGTH)
    if password.strip().lower() == name.strip().lower():
        raise Refusal("refusal.password_is_name")


def _check_role(role: str) -> None:
    """Refuse a role the permission table does not know."""
    if role not in {r.value for r in Role}:
        raise Refusal("refusal.role_unknown", role=role, roles=", ".join(r.value for r in Role))


def add_user(
    store: Storage,
    hasher: PasswordHasher,
    name: str,
    role: str,
    password: str,
    *,
    language: str = "zh-HK",
    clock: Clock = SYSTEM_CLOCK,
) -> User:
    """A new user with ``role``; refused for an unknown role, a weak password or a name taken."""
    name = name.strip()
    if not name or len(name) > 64 or any(not c.isprintable() for c in name):
        raise Refusal("refusal.user_name", name=name)
    _check_role(role)
    if language not in LANGUAGES:
        raise Refusal("refusal.language_unknown", language=language)
    check_password(password, name)
    user = User(name, role, language, hasher.hash(password), clock.now())
    if not store.access.add_user(user):
        raise Refusal("refusal.user_exists", name=name)
    store.access.log(AccessEvent(user.created_at, name, "user_added", role))
    return user


def log_in(
    store: Storage, hasher: PasswordHasher, settings: Settings, name: str, password: str, clock: Clock = SYSTEM_CLOCK
) -> LogIn:
    """Check ``name`` and ``password``; refused while the name must wait after failed tries."""
    web, now = settings.web, clock.now()
    failures, last = store.access.failures(name)
    wait = login_wait(
        failures,
        last,
        now,
        free=web.login_free_failures,
        delay=web.login_delay_seconds,
        cap=web.login_delay_max_seconds,
    )
    if wait > 0:
        store.access.log(AccessEvent(now, name, "login_throttled", f"{wait:.0f} s"))
        return LogIn(None, wait)
    user = store.access.user(name)
    if user is None or user.disabled_at is not None or not hasher.verify(user.password_hash, password):
        store.access.record_failure(name, now)
        store.access.log(AccessEvent(now, name, "login_failed", ""))
        return LogIn(None)
    store.access.clear_failures(name)
    store.access.log(AccessEvent(now, name, "login", user.role))
    return LogIn(user)


def record_refusal(store: Storage, who: str, action: str, clock: Clock = SYSTEM_CLOCK) -> None:
    """A refused action in the access log: who tried what."""
    store.access.log(AccessEvent(clock.now(), who, "refused", action))


def set_language(store: Storage, name: str, language: str) -> None:
    if language not in LANGUAGES:
        raise Refusal("refusal.language_unknown", language=language)
    store.access.set_language(name, language)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(store: Storage, name: str, role: str, by: str, clock: Clock = SYSTEM_CLOCK) -> tuple[Token, str]:
    """A new integration token acting as ``role``: its record and the secret, shown only now."""
    _check_role(role)
    if not name.strip():
        raise Refusal("refusal.user_name", name=name)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    at = clock.now()
    token_id = store.access.add_token(name.strip(), role, token_hash(secret), by, at)
    store.access.log(AccessEvent(at, by, "token_issued", f"{token_id} {name.strip()} {role}"))
    return Token(token_id, name.strip(), role, by, at), secret


def token_of(store: Storage, secret: str) -> Token | None:
    """The live token whose secret is ``secret``, else None."""
    token = store.access.token_by_hash(token_hash(secret))
    return token if token is not None and token.revoked_at is None else None


def revoke_token(store: Storage, token_id: int, by: str, clock: Clock = SYSTEM_CLOCK) -> None:
    at = clock.now()
    if not store.access.revoke_token(token_id, at):
        raise Refusal("refusal.token_unknown", token_id=token_id)
    store.access.log(AccessEvent(at, by, "token_revoked", str(token_id)))


def demo_users(store: Storage, hasher: PasswordHasher, clock: Clock = SYSTEM_CLOCK) -> list[tuple[str, str, str]]:
    """One log-in per role for a demonstration, each with a new random password (set again on every
    demo start, so a password printed once does not stay valid): (name, role, password)."""
    made = []
    for role in Role:
        name, password = f"demo-{role.value}", secrets.token_urlsafe(9)
        if store.access.user(name) is None:
            add_user(store, hasher, name, role.value, password, clock=clock)
        else:
            store.access.set_password(name, hasher.hash(password))
            store.access.clear_failures(name)
        made.append((name, role.value, password))
    return made
