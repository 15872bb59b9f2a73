"""Users, integration tokens, failed log-ins and the access log, on any engine."""

from __future__ import annotations

import datetime as dt

from stockpilot.adapters.storage.engine import Engine
from stockpilot.services.ports.access import AccessEvent, Token, User

_USER = "SELECT name, role, language, password_hash, created_at, disabled_at FROM users"
_TOKEN = "SELECT token_id, name, role, created_by, created_at, revoked_at FROM api_tokens"


class SqlAccess:
    """:class:`~stockpilot.services.ports.access.AccessRepository` on DuckDB or PostgreSQL."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def user(self, name: str) -> User | None:
        rows = self.engine.rows(f"{_USER} WHERE name = $1", [name])
        return User(*rows[0]) if rows else None

    def users(self) -> list[User]:
        return [User(*row) for row in self.engine.rows(f"{_USER} ORDER BY name")]

    def add_user(self, user: User) -> bool:
        with self.engine.transaction():
            self.engine.lock("users")
            if self.engine.rows("SELECT 1 FROM users WHERE name = $1", [user.name]):
                return False
            self.engine.execute(
                "INSERT INTO users VALUES ($1, $2, $3, $4, $5, $6)",
                [user.name, user.role, user.password_hash, user.language, user.created_at, user.disabled_at],
            )
        return True

    def set_password(self, name: str, password_hash: str) -> None:
        self.engine.execute("UPDATE users SET password_hash = $1 WHERE name = $2", [password_hash, name])

    def set_language(self, name: str, language: str) -> None:
        self.engine.execute("UPDATE users SET language = $1 WHERE name = $2", [language, name])

    def failures(self, name: str) -> tuple[int, dt.datetime | None]:
        rows = self.engine.rows("SELECT failures, last_failed_at FROM login_failures WHERE name = $1", [name])
        return (int(rows[0][0]), rows[0][1]) if rows else (0, None)

    def record_failure(self, name: str, at: dt.datetime) -> int:
        with self.engine.transaction():
            self.engine.lock("login_failures")
            self.engine.execute(
                "INSERT INTO login_failures VALUES ($1, 1, $2) ON CONFLICT (name) DO UPDATE "
                "SET failures = login_failures.failures + 1, last_failed_at = excluded.last_failed_at",
                [name, at],
            )
            return int(self.engine.rows("SELECT failures FROM login_failures WHERE name = $1", [name])[0][0])

    def clear_failures(self, name: str) -> None:
        with self.engine.transaction():
            self.engine.lock("login_failures")
            self.engine.execute("DELETE FROM login_failures WHERE name = $1", [name])

    def add_token(self, name: str, role: str, token_hash: str, created_by: str, at: dt.datetime) -> int:
        token_id = self.engine.next_id("api_token_seq")
        self.engine.execute(
            "INSERT INTO api_tokens VALUES ($1, $2, $3, $4, $5, $6, NULL)",
            [token_id, name, role, token_hash, created_by, at],
        )
        return token_id

    def token_by_hash(self, token_hash: str) -> Token | None:
        rows = self.engine.rows(f"{_TOKEN} WHERE token_hash = $1", [token_hash])
        return Token(*rows[0]) if rows else None

    def tokens(self) -> list[Token]:
        return [Token(*row) for row in self.engine.rows(f"{_TOKEN} ORDER BY token_id")]

    def revoke_token(self, token_id: int, at: dt.datetime) -> bool:
        with self.engine.transaction():
            self.engine.lock("api_tokens")
            if not self.engine.rows("SELECT 1 FROM api_tokens WHERE token_id = $1 AND revoked_at IS NULL", [token_id]):
                return False
            self.engine.execute("UPDATE api_tokens SET revoked_at = $1 WHERE token_id = $2", [at, token_id])
        return True

    def log(self, event: AccessEvent) -> None:
        self.engine.execute(
            "INSERT INTO access_log VALUES ($1, $2, $3, $4)", [event.at, event.who, event.event, event.detail]
        )

    def access_log(self, limit: int) -> list[AccessEvent]:
        rows = self.engine.rows(
            f"SELECT logged_at, who, event, detail FROM access_log ORDER BY logged_at DESC LIMIT {int(limit)}"
        )
        return [AccessEvent(*row) for row in rows]
