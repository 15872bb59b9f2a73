"""The web app's people and integrations (R-UI-3): users, integration tokens, the access log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class User:
    """A person who logs in: name, role, language, and the Argon2 hash of the password."""

    name: str
    role: str
    language: str
    password_hash: str
    created_at: dt.datetime
    disabled_at: dt.datetime | None = None


@dataclass(frozen=True)
class Token:
    """An integration's token (a POS, a script): its name, the role it acts as, never the token itself."""

    token_id: int
    name: str
    role: str
    created_by: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None


@dataclass(frozen=True)
class AccessEvent:
    """One line of the access log: a log-in, a failed one, a refusal."""

    at: dt.datetime
    who: str
    event: str
    detail: str


class AccessRepository(Protocol):
    def user(self, name: str) -> User | None: ...

    def users(self) -> list[User]: ...

    def add_user(self, user: User) -> bool:
        """Store a new user; False when the name is taken."""
        ...

    def set_password(self, name: str, password_hash: str) -> None: ...

    def set_language(self, name: str, language: str) -> None: ...

    def failures(self, name: str) -> tuple[int, dt.datetime | None]:
        """Failed log-ins in a row of ``name`` and when the last was."""
        ...

    def record_failure(self, name: str, at: dt.datetime) -> int:
        """One more failed log-in in a row of ``name``; how many now."""
        ...

    def clear_failures(self, name: str) -> None: ...

    def add_token(self, name: str, role: str, token_hash: str, created_by: str, at: dt.datetime) -> int:
        """Store an integration token's hash; its id."""
        ...

    def token_by_hash(self, token_hash: str) -> Token | None: ...

    def tokens(self) -> list[Token]: ...

    def revoke_token(self, token_id: int, at: dt.datetime) -> bool:
        """Revoke a token; False when there is no such live token."""
        ...

    def log(self, event: AccessEvent) -> None: ...

    def access_log(self, limit: int) -> list[AccessEvent]:
        """The newest ``limit`` events, newest first."""
        ...


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...
