"""What every route knows: the server's parts (:class:`Web`) and who is asking (:class:`Viewer`).

:func:`viewer` reads the signed cookie and the user behind it on every request (a role changed
or a user disabled takes effect at once). :func:`need` is the one gate of a page or an action: it
asks the permission table, sends an anonymous person to the log-in page and refuses a wrong role
with 403, writing the refusal to the access log. :func:`form_checked` refuses a POST whose CSRF
token is not the session's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from stockpilot.adapters.passwords import Argon2Hasher
from stockpilot.adapters.storage.pool import StorePool
from stockpilot.domain.access import Action, allowed
from stockpilot.doors.web.session import Session, SessionCodec, new_session
from stockpilot.messages import LANGUAGES
from stockpilot.services import access
from stockpilot.services.ports.access import User
from stockpilot.settings import Settings

UPLOAD_FACTOR = 20  # an upload may be this many times the POS request limit (api_max_request_bytes)


@dataclass
class Web:
    """The server's parts, made once by ``create_app``."""

    settings: Settings
    pool: StorePool
    codec: SessionCodec
    demo: bool
    hasher: Argon2Hasher = field(default_factory=Argon2Hasher)
    jobs: Any = None  # doors/web/jobs.py JobRunner, set by create_app


@dataclass(frozen=True)
class Viewer:
    """Who is asking: the user (None before log-in), the session, the language of the page."""

    user: User | None
    session: Session
    language: str

    @property
    def name(self) -> str:
        return self.user.name if self.user else "anonymous"

    def can(self, action: Action | str) -> bool:
        return self.user is not None and allowed(self.user.role, Action(action))


class LoginNeeded(Exception):
    """No one is logged in: a page sends the person to log in, the API answers 401."""


class Forbidden(Exception):
    """The viewer's role may not do this (403)."""

    def __init__(self, action: Action) -> None:
        super().__init__(action.value)
        self.action = action


class CsrfRefused(Exception):
    """A POST without this session's CSRF token (403)."""


def web_of(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


def viewer(request: Request) -> Viewer:
    web = web_of(request)
    session = web.codec.load(request.cookies.get("stockpilot_session"))
    if session is None:
        session = new_session()
        request.state.new_session = session
    user = None
    if session.user is not None:
        with web.pool.store() as store:
            user = store.access.user(session.user)
        if user is not None and user.disabled_at is not None:
            user = None
    chosen = request.query_params.get("lang")
    language = (
        chosen if chosen in LANGUAGES else user.language if user else session.language or web.settings.storage.language
    )
    return Viewer(user, session, language)


def need(action: Action) -> Callable[..., Viewer]:
    """A dependency: the viewer, if logged in with a role that may do ``action``."""

    def gate(request: Request, who: Annotated[Viewer, Depends(viewer)]) -> Viewer:
        if who.user is None:
            raise LoginNeeded
        if not who.can(action):
            with web_of(request).pool.store() as store:
                access.record_refusal(store, who.name, f"{action.value} {request.method} {request.url.path}")
            raise Forbidden(action)
        return who

    return gate


def form_checked(action: Action) -> Callable[..., Awaitable[Viewer]]:
    """A dependency for a form's POST: permission first, then the session's CSRF token."""
    permitted = need(action)  # called, not declared: FastAPI reads annotations by module globals only

    async def gate(request: Request, who: Annotated[Viewer, Depends(viewer)]) -> Viewer:
        permitted(request, who)
        await csrf_checked(request, who)
        return who

    return gate


async def csrf_checked(request: Request, who: Viewer) -> None:
    form = await request.form()
    sent = form.get("csrf")
    if not who.session.csrf_matches(sent if isinstance(sent, str) else None):
        with web_of(request).pool.store() as store:
            access.record_refusal(store, who.name, f"csrf {request.method} {request.url.path}")
        raise CsrfRefused
