"""Rendering a page: the Jinja2 templates of ``templates/`` with the catalogue's words.

A template writes no word of its own: every text is ``t("web.code", value=...)`` (the one
message catalogue, in the viewer's language), or data. tests/web/test_templates.py fails on a
template with literal words. ``menu`` lists the pages the viewer's role may open.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from stockpilot.domain.access import Action
from stockpilot.doors.web.context import Viewer, web_of
from stockpilot.doors.web.session import COOKIE, Session
from stockpilot.messages import render

TEMPLATES = Path(__file__).parent / "templates"

# The menu: (path, message code, the permission that opens it), in menu order.
MENU: tuple[tuple[str, str, Action], ...] = (
    ("/data", "web.menu.data", Action.VIEW_DATA),
    ("/orders", "web.menu.orders", Action.VIEW_ORDERS),
    ("/evidence", "web.menu.evidence", Action.VIEW_EVIDENCE),
    ("/settings", "web.menu.settings", Action.VIEW_SETTINGS),
    ("/users", "web.menu.users", Action.MANAGE_USERS),
)

ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def set_session(request: Request, response: Any, session: Session) -> None:
    """Put ``session`` in the signed cookie: HttpOnly, SameSite=Lax, Secure over HTTPS."""
    web = web_of(request)
    response.set_cookie(
        COOKIE,
        web.codec.dump(session),
        max_age=web.codec.max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def return_path(request: Request) -> str:
    """Where the language switch returns to: this page (with its filters) after a GET; after a
    POST (a refusal shown at a form's address) the page the form was on, or the start."""
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def page(request: Request, who: Viewer, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
    """``template`` rendered in the viewer's language, with the menu of the pages it may open."""
    language = who.language

    def t(code: str, **params: Any) -> str:
        return render(code, language, **params)

    html = ENVIRONMENT.get_template(template).render(
        t=t,
        lang=language,
        viewer=who,
        csrf=who.session.csrf,
        menu=[(path, code) for path, code, action in MENU if who.can(action)],
        path=request.url.path,
        return_to=return_path(request),
        demo=web_of(request).demo,
        **values,
    )
    response = HTMLResponse(html, status_code=status_code)
    fresh = getattr(request.state, "new_session", None)
    if fresh is not None:
        set_session(request, response, fresh)
    return response
