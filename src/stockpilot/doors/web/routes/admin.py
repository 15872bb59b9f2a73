"""The settings in force (read-only, with their documentation) and, for the owner, the users,
the integration tokens of the POS API and the access log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from stockpilot.domain.access import Action, Role
from stockpilot.doors.web.context import Viewer, form_checked, need, web_of
from stockpilot.doors.web.pages import page
from stockpilot.services import access
from stockpilot.settings import documented_settings, section_of

router = APIRouter(include_in_schema=False)
ACCESS_LOG_SHOWN = 50


@router.get("/settings")
def settings_page(request: Request, who: Annotated[Viewer, Depends(need(Action.VIEW_SETTINGS))]) -> Response:
    settings = web_of(request).settings
    rows = []
    for declared in documented_settings():
        section = section_of(declared.name)
        value = getattr(getattr(settings, section), declared.name)
        shown = ", ".join(str(x) for x in value) if isinstance(value, tuple) else str(value)
        rows.append((section, declared.name, shown, declared.metadata["help"], declared.metadata["source"]))
    return page(request, who, "settings.html", rows=rows)


def _users_page(request: Request, who: Viewer, status_code: int = 200, **shown: object) -> Response:
    with web_of(request).pool.store() as store:
        users, tokens, events = store.access.users(), store.access.tokens(), store.access.access_log(ACCESS_LOG_SHOWN)
    values = {"added": None, "issued": None, "error": None, **shown}
    return page(
        request,
        who,
        "users.html",
        status_code=status_code,
        users=users,
        tokens=tokens,
        events=events,
        roles=[r.value for r in Role],
        **values,
    )


@router.get("/users")
def users_page(request: Request, who: Annotated[Viewer, Depends(need(Action.MANAGE_USERS))]) -> Response:
    return _users_page(request, who)


@router.post("/users")
def add_user(
    request: Request,
    who: Annotated[Viewer, Depends(form_checked(Action.MANAGE_USERS))],
    name: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=32)],
    password: Annotated[str, Form(max_length=1024)],
    language: Annotated[str, Form(max_length=8)] = "zh-HK",
) -> Response:
    web = web_of(request)
    with web.pool.store() as store:
        user = access.add_user(store, web.hasher, name, role, password, language=language)
    return _users_page(request, who, added=user)


@router.post("/users/tokens")
def issue_token(
    request: Request,
    who: Annotated[Viewer, Depends(form_checked(Action.MANAGE_USERS))],
    name: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=32)],
) -> Response:
    with web_of(request).pool.store() as store:
        token, secret = access.issue_token(store, name, role, who.name)
    return _users_page(request, who, issued=(token, secret))


@router.post("/users/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, token_id: int, who: Annotated[Viewer, Depends(form_checked(Action.MANAGE_USERS))]
) -> Response:
    with web_of(request).pool.store() as store:
        access.revoke_token(store, token_id, who.name)
    return _users_page(request, who)
