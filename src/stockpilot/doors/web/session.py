"""The log-in cookie: signed, HttpOnly, SameSite=Lax, and a CSRF token per session.

The cookie holds the user's name (none before log-in), a random CSRF token and the chosen
language, signed with the server's secret (itsdangerous, HMAC-SHA1 over the payload and a
timestamp) and refused once older than ``web_session_hours``. A tampered or expired cookie is
no session at all. Every form carries the session's CSRF token and a POST without the same
token is refused (the synchronizer token pattern, OWASP CSRF Prevention Cheat Sheet).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, replace

from itsdangerous import BadSignature, URLSafeTimedSerializer

from stockpilot.domain.messages import Message
from stockpilot.errors import Refusal

COOKIE = "stockpilot_session"
KNOWN_DEFAULTS = frozenset({"secret", "changeme", "change-me", "default", "stockpilot", "password", "demo"})
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class Session:
    """What the cookie carries: the user (None: not logged in), the CSRF token, the language."""

    user: str | None
    csrf: str
    language: str | None = None

    def with_user(self, user: str | None) -> Session:
        """The session after a log-in or log-out: a new CSRF token (no fixation across it)."""
        return replace(self, user=user, csrf=secrets.token_urlsafe(32))

    def with_language(self, language: str) -> Session:
        return replace(self, language=language)

    def csrf_matches(self, sent: str | None) -> bool:
        return sent is not None and hmac.compare_digest(sent.encode(), self.csrf.encode())


def new_session(language: str | None = None) -> Session:
    return Session(None, secrets.token_urlsafe(32), language)


def check_secret(secret: str) -> None:
    """Refuse an empty, short or well-known secret."""
    why = None
    if not secret.strip():
        why = "refusal.web_secret.empty"
    elif secret.strip().lower() in KNOWN_DEFAULTS or len(set(secret)) < 8:
        why = "refusal.web_secret.default"
    elif len(secret) < MIN_SECRET_LENGTH:
        why = "refusal.web_secret.short"
    if why:
        raise Refusal("refusal.web_secret", why=Message(why))


class SessionCodec:
    """Signs and reads the cookie with the server's secret."""

    def __init__(self, secret: str, max_age_seconds: float) -> None:
        check_secret(secret)
        self._serializer = URLSafeTimedSerializer(secret, salt="stockpilot-session")
        self.max_age = int(max_age_seconds)

    def dump(self, session: Session) -> str:
        return self._serializer.dumps({"u": session.user, "c": session.csrf, "l": session.language})

    def load(self, cookie: str | None) -> Session | None:
        """The session in ``cookie``; None when absent, tampered with or expired."""
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str):
            return None
        user, language = data.get("u"), data.get("l")
        return Session(
            user if isinstance(user, str) else None, data["c"], language if isinstance(language, str) else None
        )
