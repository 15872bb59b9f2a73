"""``create_app``: the FastAPI application on one database, as `stockpilot serve` runs it.

Around every request: a body larger than the limit is refused before it is read whole (413),
and every answer carries headers that keep pages from being framed, sniffed or fed scripts
from elsewhere (a Content-Security-Policy of 'self' only). Errors are answered in the
viewer's language: a refusal (400) with its words, an anonymous page request sent to log in,
a wrong role or a missing CSRF token refused (403).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from stockpilot.adapters.storage.pool import StorePool
from stockpilot.doors.web import routes
from stockpilot.doors.web.context import UPLOAD_FACTOR, CsrfRefused, Forbidden, LoginNeeded, Web, viewer
from stockpilot.doors.web.jobs import JobRunner
from stockpilot.doors.web.pages import page
from stockpilot.doors.web.session import SessionCodec
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.settings import Settings

STATIC = Path(__file__).parent / "static"

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


@dataclass(frozen=True)
class WebConfig:
    """What `stockpilot serve` starts: settings, the database, the cookie secret, demo mode."""

    settings: Settings
    db_target: str
    secret: str
    demo: bool = False
    pool_size: int = 4


class BodyLimit:
    """Refuse a request body over ``limit`` bytes (``upload_limit`` for /data/upload): by its
    Content-Length at once, else as soon as the bytes received pass it."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app, self.limit, self.upload_limit = app, limit, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"].startswith("/data/upload") else self.limit
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(limit)(scope, receive, send)


class _TooLarge(Exception):
    pass


def _too_large(limit: int) -> Response:
    return JSONResponse(
        {"code": "refusal.request_too_large", "error": render("refusal.request_too_large", "en", limit=limit)},
        status_code=413,
    )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(config: WebConfig) -> FastAPI:
    settings = config.settings
    web = Web(
        settings,
        StorePool(config.db_target, config.pool_size),
        SessionCodec(config.secret, settings.web.web_session_hours * 3600),
        config.demo,
    )
    web.jobs = JobRunner(web.pool, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        web.jobs.close()
        web.pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Stock Pilot",
        summary="Order proposals with reasons, and a POS API that imports events as a file import does.",
        version="0.1.0",
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.web = web
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in routes.ROUTERS:
        app.include_router(router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "content-security-policy" and request.url.path in ("/docs", "/openapi.json"):
                continue  # the API documentation page loads its own viewer
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(LoginNeeded)
    async def login_needed(request: Request, exc: LoginNeeded) -> Response:
        if _wants_json(request):
            return JSONResponse({"code": "refusal.login_needed", "error": render("refusal.login_needed")}, 401)
        return RedirectResponse(f"/login?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        who = viewer(request)
        if _wants_json(request):
            words = render("refusal.forbidden", who.language, action=exc.action.value)
            return JSONResponse({"code": "refusal.forbidden", "error": words}, 403)
        return page(request, who, "refused.html", status_code=403, reason="refusal.forbidden", action=exc.action)

    @app.exception_handler(CsrfRefused)
    async def csrf_refused(request: Request, exc: CsrfRefused) -> Response:
        who = viewer(request)
        return page(request, who, "refused.html", status_code=403, reason="refusal.csrf", action="")

    @app.exception_handler(Refusal)
    async def refused(request: Request, exc: Refusal) -> Response:
        who = viewer(request)
        if _wants_json(request):
            return JSONResponse({"code": exc.code, "error": render(exc.message, who.language)}, 400)
        return page(request, who, "refused.html", status_code=400, message=exc.message)

    app.add_middleware(
        BodyLimit,
        limit=settings.web.api_max_request_bytes,
        upload_limit=settings.web.api_max_request_bytes * UPLOAD_FACTOR,
    )

    return app
