"""Log-in, log-out, the language switch and the home page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from stockpilot.doors.web.context import Viewer, csrf_checked, viewer, web_of
from stockpilot.doors.web.pages import MENU, page, set_session
from stockpilot.messages import LANGUAGES
from stockpilot.services import access

router = APIRouter(include_in_schema=False)


def _local(target: str | None) -> str:
    """``target`` if it is a path of this site, else the home page (no open redirect). A browser
    reads a backslash as a slash (WHATWG URL), so ``/\\evil.example`` would leave the site too."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or urlsplit(target).netloc:
        return "/"
    return target


@router.get("/")
def home(who: Annotated[Viewer, Depends(viewer)]) -> Response:
    if who.user is None:
        return RedirectResponse("/login", status_code=303)
    first = next((path for path, _, action in MENU if who.can(action)), "/settings")
    return RedirectResponse(first, status_code=303)


@router.get("/login")
def login_page(request: Request, who: Annotated[Viewer, Depends(viewer)], next: str = "/") -> Response:
    return page(request, who, "login.html", next=_local(next), error=None)


@router.post("/login")
async def log_in(
    request: Request,
    who: Annotated[Viewer, Depends(viewer)],
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    await csrf_checked(request, who)
    web = web_of(request)
    with web.pool.store() as store:
        tried = access.log_in(store, web.hasher, web.settings, name.strip(), password)
        chosen = who.session.language  # a language picked on the log-in page becomes the user's
        if tried.user is not None and chosen is not None and chosen != tried.user.language:
            access.set_language(store, tried.user.name, chosen)
    if tried.user is None:
        error = ("web.login.wait", {"seconds": int(tried.wait_seconds + 0.999)}) if tried.wait_seconds else None
        return page(
            request, who, "login.html", status_code=401, next=_local(next), error=error or ("web.login.failed", {})
        )
    response = RedirectResponse(_local(next), status_code=303)
    set_session(request, response, who.session.with_user(tried.user.name))
    return response


@router.post("/logout")
async def log_out(request: Request, who: Annotated[Viewer, Depends(viewer)]) -> Response:
    await csrf_checked(request, who)
    response = RedirectResponse("/login", status_code=303)
    set_session(request, response, who.session.with_user(None))
    return response


@router.post("/language")
async def choose_language(
    request: Request,
    who: Annotated[Viewer, Depends(viewer)],
    language: Annotated[str, Form()],
    back: Annotated[str, Form(max_length=2048)] = "/",
) -> Response:
    """Switch the language: remembered for the user (and in the cookie before log-in)."""
    await csrf_checked(request, who)
    chosen = language if language in LANGUAGES else who.language
    if who.user is not None:
        with web_of(request).pool.store() as store:
            access.set_language(store, who.user.name, chosen)
    response = RedirectResponse(_local(back), status_code=303)
    set_session(request, response, who.session.with_language(chosen))
    return response
