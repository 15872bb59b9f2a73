"""The POS API (R-DATA-2): a till or a script pushes events and reads a store's proposals.

``POST /api/v1/events/{kind}`` for each kind of :data:`~stockpilot.services.pos.POS_TABLES`
imports a batch exactly as a file of it would be imported (services/pos.py ``push_events``);
``GET /api/v1/stores/{location_id}/proposals`` answers the latest plan's lines for one store.
docs/pos-api.md tells an integrator how to use them.

Authentication is an integration token sent as ``Authorization: Bearer <token>`` (the
``PosToken`` security scheme of the OpenAPI schema): no token, or one unknown or revoked,
answers 401; a token whose role lacks the permission (pushing: ``upload_data``; reading
proposals: ``view_orders``) answers 403 and is written to the access log.

Each kind's event fields are documented in the schema from domain/model.py, but accepted
loosely (any JSON value, none required, other fields allowed): a row that breaks a rule must
reach the importer and be quarantined with its reason, not refuse the whole batch. Only a body
that is not a batch at all is refused whole, with nothing stored: not JSON (400), not sent as
JSON (415), ``events`` missing or not a list, an event that is not an object, an unknown field
beside ``batch_id`` and ``events`` (422), more events than ``api_max_events`` or more bytes
than ``api_max_request_bytes`` (413, the latter by the app's BodyLimit).

Every error of these routes answers ``{"code": ..., "error": ...}`` (:class:`ApiRoute` catches
them before the app's handlers): the code is stable, the words are English unless the request
prefers Chinese (``Accept-Language: zh-HK``).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, JsonValue, create_model
from pydantic.config import JsonDict
from starlette.exceptions import HTTPException

from stockpilot.domain.access import Action, allowed
from stockpilot.domain.model import TABLES, Column, ColumnType
from stockpilot.doors.web.context import web_of
from stockpilot.errors import Refusal, Unavailable
from stockpilot.messages import render
from stockpilot.services import access, pos
from stockpilot.services.ports.access import Token

MAX_BATCH_ID = 200
"""The longest batch id accepted (it names the import's spool folder, cut to 64 characters)."""

RETRY_AFTER_SECONDS = 10
"""What a 503 (the database cannot be used now) asks the sender to wait before it sends again."""

STATUS = {
    "refusal.api_kind_unknown": 404,
    "refusal.api_store_unknown": 404,
    "refusal.no_plan": 404,
    "refusal.api_too_many_events": 413,
}
"""The HTTP status of a refusal the services raise; any other refusal answers 400."""


# --- errors: {"code", "error"} -------------------------------------------------------------------


class ApiError(Exception):
    """An answer other than 200: its status, a catalogue code and the code's values."""

    def __init__(self, status: int, code: str, headers: dict[str, str] | None = None, **params: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.headers, self.params = status, code, headers, params


class ErrorAnswer(BaseModel):
    """Every error of the POS API."""

    code: str = Field(description="Stable error code (docs/pos-api.md lists them).")
    error: str = Field(description="What is wrong and what to do, in English (or Chinese: Accept-Language: zh-HK).")


def language_of(request: Request) -> str:
    """zh-HK when the request's Accept-Language prefers a Chinese language, else English."""
    best, weight = "en", 0.0
    for part in request.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > weight:
            best, weight = ("zh-HK" if tag.lower().startswith("zh") else "en"), quality
    return best


def _answer(
    request: Request, status: int, code: str, headers: Mapping[str, str] | None = None, **params: Any
) -> Response:
    words = render(code, language_of(request), **params)
    return JSONResponse({"code": code, "error": words}, status_code=status, headers=headers)


_KINDS = {dict: "object", list: "list", str: "text", bool: "boolean", int: "number", float: "number"}


def _kind(value: object, language: str) -> str:
    """What a JSON value is, in words ("a list", "text"...)."""
    name = "null" if value is None else next((k for t, k in _KINDS.items() if isinstance(value, t)), "text")
    return render(f"api.kind.{name}", language)


def _invalid(request: Request, exc: RequestValidationError) -> Response:
    """A body FastAPI could not read as a batch, as one clear refusal (the first error found)."""
    errors = list(exc.errors())
    language = language_of(request)
    if not errors:
        return _answer(request, 422, "refusal.api_body")
    first = errors[0]
    loc, kind, value = tuple(first.get("loc", ())), first.get("type", ""), first.get("input")
    if kind == "json_invalid":
        detail = f"{first.get('ctx', {}).get('error', 'JSON decode error')}, at character {loc[-1] if loc else 0}"
        return _answer(request, 400, "refusal.api_json", detail=detail)
    if loc[:1] != ("body",):
        where = ".".join(str(part) for part in loc)
        return _answer(request, 422, "refusal.api_invalid", where=where, detail=first.get("msg", ""))
    if isinstance(value, bytes | bytearray):
        return _answer(request, 415, "refusal.api_content_type")
    if len(loc) == 1:
        return _answer(request, 422, "refusal.api_body")
    if kind == "extra_forbidden":
        return _answer(request, 422, "refusal.api_body_field", name=str(loc[1]))
    if loc[1] == "events":
        if len(loc) == 2:
            if kind == "missing":
                return _answer(request, 422, "refusal.api_events_missing")
            return _answer(request, 422, "refusal.api_events_not_list", kind=_kind(value, language))
        if isinstance(loc[2], int):
            return _answer(request, 422, "refusal.api_event_not_object", row=loc[2] + 1, kind=_kind(value, language))
    if loc[1] == "batch_id":
        return _answer(request, 422, "refusal.api_batch_id", limit=MAX_BATCH_ID)
    where = ".".join(str(part) for part in loc)
    return _answer(request, 422, "refusal.api_invalid", where=where, detail=first.get("msg", ""))


def _stopped_by_body_limit(exc: BaseException) -> bool:
    """Whether ``exc`` is FastAPI's 400 for a body it could not read because the app's BodyLimit
    stopped it: a body sent without Content-Length (chunked) that grew past the limit. FastAPI
    raises the 400 from what ``receive`` raised, inside an exception group of the app's HTTP
    middleware."""
    from stockpilot.doors.web import app as web_app  # here: app.py imports the routes

    def within(found: BaseException | None, depth: int = 0) -> bool:
        if found is None or depth > 8:
            return False
        if isinstance(found, web_app._TooLarge):
            return True
        if isinstance(found, BaseExceptionGroup) and any(within(e, depth + 1) for e in found.exceptions):
            return True
        return within(found.__cause__, depth + 1)

    return within(exc.__cause__)


class ApiRoute(APIRoute):
    """A route whose every error answers ``{"code", "error"}``: refusals, a body that is not a
    batch (FastAPI's RequestValidationError), an unknown or refused token, a busy database (503)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answered(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as exc:
                return _answer(request, exc.status, exc.code, exc.headers, **exc.params)
            except RequestValidationError as exc:
                return _invalid(request, exc)
            except Refusal as exc:
                return _answer(request, STATUS.get(exc.code, 400), exc.code, **exc.params)
            except Unavailable as exc:
                return _answer(request, 503, exc.code, {"Retry-After": str(RETRY_AFTER_SECONDS)}, **exc.params)
            except HTTPException as exc:
                if _stopped_by_body_limit(exc):
                    limit = web_of(request).settings.web.api_max_request_bytes
                    return _answer(request, 413, "refusal.request_too_large", limit=limit)
                return _answer(request, exc.status_code, "refusal.api_unreadable", exc.headers)

        return answered


router = APIRouter(route_class=ApiRoute, tags=["POS API"])


# --- authentication ------------------------------------------------------------------------------

bearer = HTTPBearer(
    scheme_name="PosToken",
    bearerFormat="sp_...",
    description="An integration token: `stockpilot users token NAME --role buyer` (or the Users page) "
    "issues one and shows it once. Send it as `Authorization: Bearer <token>`.",
    auto_error=False,
)


def token_for(action: Action) -> Callable[..., Token]:
    """A dependency: the live token of the request, if its role may do ``action``."""

    def gate(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Token:
        challenge = {"WWW-Authenticate": 'Bearer realm="stockpilot"'}
        if credentials is None:
            raise ApiError(401, "refusal.api_token_missing", challenge)
        with web_of(request).pool.store() as store:
            token = access.token_of(store, credentials.credentials)
            if token is None:
                raise ApiError(401, "refusal.api_token_unknown", challenge)
            if not allowed(token.role, action):
                who = f"token {token.token_id} {token.name}"
                access.record_refusal(store, who, f"{action.value} {request.method} {request.url.path}")
                raise ApiError(403, "refusal.forbidden", action=action.value)
        return token

    return gate


Uploader = Annotated[Token, Depends(token_for(Action.UPLOAD_DATA))]
OrderReader = Annotated[Token, Depends(token_for(Action.VIEW_ORDERS))]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorAnswer, "description": "No token, or one unknown or revoked."},
    403: {"model": ErrorAnswer, "description": "The token's role may not do this (written to the access log)."},
}


# --- pushing events --------------------------------------------------------------------------------

_TYPES = {
    ColumnType.TEXT: ("string", "text"),
    ColumnType.INTEGER: ("integer", "a whole number"),
    ColumnType.NUMBER: ("number", "a number"),
    ColumnType.DATE: ("string", "a date, e.g. 2024-03-01"),
    ColumnType.TIMESTAMP: ("string", "a date or date-time, e.g. 2024-03-01T10:15:00+08:00 (no zone: Hong Kong time)"),
}
_EXAMPLES: dict[ColumnType, JsonValue] = {
    ColumnType.TEXT: "X1",
    ColumnType.INTEGER: 1,
    ColumnType.NUMBER: 2,
    ColumnType.DATE: "2024-03-01",
    ColumnType.TIMESTAMP: "2024-03-01T10:15:00+08:00",
}
_EXAMPLE_CODES = {"event_id": "E-0001", "location_id": "ST01", "sku": "SKU1", "po_id": "PO-1", "promotion_id": "P-1"}


def _rule(column: Column) -> str:
    """The importer's rule for one column, in words, for the schema."""
    words = [_TYPES[column.type][1]]
    if column.required:
        words.append("required")
    if column.minimum is not None:
        words.append(f"{'above' if column.exclusive_minimum else 'at least'} {column.minimum:g}")
    if column.maximum is not None:
        words.append(f"at most {column.maximum:g}")
    if column.choices:
        words.append("one of " + ", ".join(column.choices))
    if column.references:
        words.append(f"must name a row of {column.references}")
    if column.pseudonymised:
        words.append("stored pseudonymised")
    return "; ".join(words)


def _field(column: Column) -> Any:
    example = column.choices[0] if column.choices else _EXAMPLE_CODES.get(column.name, _EXAMPLES[column.type])
    return Field(
        default=None,
        description=f"{column.doc} Rule: {_rule(column)}. A value that breaks it quarantines the event.",
        examples=[example],
        json_schema_extra={"x-canonical-type": _TYPES[column.type][0], "x-required": column.required},
    )


def _title(table: str) -> str:
    return "".join(part.capitalize() for part in table.split("_"))


def _event_model(table: str) -> type[BaseModel]:
    """One event of ``table``: its canonical fields, each any JSON value and none required (the
    importer checks them), other fields allowed (the importer refuses personal data, ignores the rest)."""
    spec = TABLES[table]
    fields: dict[str, Any] = {column.name: (Any, _field(column)) for column in spec.columns}
    example: dict[str, JsonValue] = {
        c.name: _EXAMPLE_CODES.get(c.name, _EXAMPLES[c.type]) for c in spec.columns if c.required
    }
    extra: JsonDict = {
        "description": f"{spec.doc} Required by the importer: {', '.join(spec.required)}.",
        "examples": [example],
    }
    config = ConfigDict(extra="allow", title=f"{_title(table)}Event", json_schema_extra=extra)
    model: type[BaseModel] = create_model(f"{_title(table)}Event", __config__=config, **fields)
    return model


class BatchBase(BaseModel):
    """What every batch holds beside its events; any other field refuses the body (a typo such as
    ``evnets`` must not pass as an empty batch)."""

    model_config = ConfigDict(extra="forbid")

    batch_id: str | None = Field(
        default=None,
        max_length=MAX_BATCH_ID,
        description="The sender's name for the batch (recorded in the import's source); optional.",
    )
    events: list[BaseModel] = Field(description="The events (each kind's batch names their model).")


def _batch_model(table: str, event: type[BaseModel]) -> type[BaseModel]:
    events = (
        list[event],  # type: ignore[valid-type]
        Field(description="The events, at most api_max_events (5000 by default); event N is row N of the answer."),
    )
    model: type[BaseModel] = create_model(f"{_title(table)}Batch", __base__=BatchBase, events=events)
    return model


class RowProblemAnswer(BaseModel):
    row: int | None = Field(description="The event's position in `events`, from 1 (null: see the reason).")
    field: str = Field(description="The field at fault (empty when the row as a whole is).")
    code: str = Field(description="Stable problem code (docs/errors.md, problem.*).")
    reason: str = Field(description="What is wrong, in words.")


class RefusedFieldAnswer(BaseModel):
    field: str
    kind: str = Field(description="The kind of personal data found (phone, e-mail, name...).")
    reason: str


class PushAnswer(BaseModel):
    """What a batch came to: received = accepted + quarantined, always."""

    received: int = Field(description="Events in the batch.")
    accepted: int = Field(description="Events stored: new, updated, or already stored as sent (unchanged).")
    quarantined: int = Field(description="Events set aside in the quarantine with their reasons.")
    new: int = Field(description="Accepted events stored for the first time.")
    updated: int = Field(description="Accepted purchase-order lines that changed a stored line.")
    unchanged: int = Field(description="Accepted events already stored exactly as sent (a batch sent again).")
    import_id: int | None = Field(description="The import that recorded the batch (null for an empty batch).")
    batch_id: str | None
    source: str = Field(
        description="Where the import and the quarantine record the batch came from: "
        "pos:<integration>:<batch id>/<kind>.jsonl (under the server's private spool folder)."
    )
    problems: list[RowProblemAnswer] = Field(description="Each reason each quarantined event was set aside.")
    refused_fields: list[RefusedFieldAnswer] = Field(description="Fields refused as personal data (not stored).")
    ignored_fields: list[str] = Field(description="Fields that are not canonical fields of the kind (not stored).")
    pseudonymised_fields: list[str] = Field(description="Fields stored only as a keyed pseudonym.")


def _push_answer(result: pos.PushResult) -> PushAnswer:
    return PushAnswer(
        received=result.received,
        accepted=result.accepted,
        quarantined=result.quarantined,
        new=result.new,
        updated=result.updated,
        unchanged=result.unchanged,
        import_id=result.import_id,
        batch_id=result.batch_id,
        source=result.source,
        problems=[RowProblemAnswer(row=p.row, field=p.field, code=p.code, reason=p.reason) for p in result.problems],
        refused_fields=[RefusedFieldAnswer(field=f.field, kind=f.kind, reason=f.reason) for f in result.refused_fields],
        ignored_fields=list(result.ignored_fields),
        pseudonymised_fields=list(result.pseudonymised_fields),
    )


def _pusher(table: str, batch_model: type[BaseModel]) -> Callable[..., PushAnswer]:
    def push(request: Request, batch: BatchBase, token: Uploader) -> PushAnswer:
        web = web_of(request)
        events = [event.model_dump(exclude_unset=True) for event in batch.events]
        pos.check_batch_size(len(events), web.settings)
        with web.pool.store() as store:
            result = pos.push_events(
                store,
                web.settings,
                table,
                events,
                integration=token.name,
                batch_id=batch.batch_id,
                language=language_of(request),
            )
        return _push_answer(result)

    push.__annotations__["batch"] = batch_model  # FastAPI reads the body's model from here
    push.__name__ = f"push_{table}"
    return push


for _table in pos.POS_TABLES:
    _model = _batch_model(_table, _event_model(_table))
    router.add_api_route(
        f"/api/v1/events/{_table}",
        _pusher(_table, _model),
        methods=["POST"],
        response_model=PushAnswer,
        summary=f"Push a batch of {_table} events",
        description=(
            f"{TABLES[_table].doc} The batch is imported as a `{_table}.jsonl` file would be: every event "
            "is checked, personal data refused or pseudonymised, and a bad event quarantined with its reason "
            "while the good ones are stored. Sending the same events again stores nothing twice."
        ),
        operation_id=f"push_{_table}",
        responses={
            **ERRORS,
            400: {"model": ErrorAnswer, "description": "The body is not valid JSON."},
            413: {"model": ErrorAnswer, "description": "Too many events, or too many bytes."},
            415: {"model": ErrorAnswer, "description": "The body was not sent as JSON."},
            422: {"model": ErrorAnswer, "description": "The body is not a batch (nothing was stored)."},
        },
    )


@router.post("/api/v1/events/{kind}", include_in_schema=False)
def unknown_kind(kind: str, token: Uploader) -> Response:
    """A kind that is not one of POS_TABLES: 404 naming the kinds there are."""
    pos.check_table(kind)
    raise AssertionError("unreachable: every known kind has its own route")


# --- reading proposals ---------------------------------------------------------------------------


class FlagAnswer(BaseModel):
    code: str = Field(description="Stable flag code (domain/replenishment/review.py).")
    words: str


class ProposalAnswer(BaseModel):
    line: int
    sku: str
    product_name: str
    supplier_id: str
    quantity: float = Field(description="Units to order: as proposed, or as a person decided.")
    proposed_quantity: float
    reason_code: str = Field(description="Stable code of the reason for the quantity.")
    reason: str = Field(description="The reason, in words.")
    flags: list[FlagAnswer] = Field(description="Why the line needs a person's eyes, if it does.")
    decision: str | None = Field(description="approve, edit or reject; null while not decided.")
    decided_by: str | None


class StoreProposalsAnswer(BaseModel):
    plan_id: int
    location_id: str
    location_name: str
    lines: list[ProposalAnswer]


@router.get(
    "/api/v1/stores/{location_id}/proposals",
    response_model=StoreProposalsAnswer,
    summary="The latest plan's lines for one store",
    operation_id="store_proposals",
    responses={
        **ERRORS,
        404: {"model": ErrorAnswer, "description": "No such store or warehouse, or no plan yet."},
        422: {"model": ErrorAnswer, "description": "The request is not valid."},
    },
)
def store_proposals(location_id: str, request: Request, token: OrderReader) -> StoreProposalsAnswer:
    web = web_of(request)
    with web.pool.store() as store:
        found = pos.store_proposals(store, web.settings, location_id, language_of(request))
    return StoreProposalsAnswer(
        plan_id=found.plan_id,
        location_id=found.location_id,
        location_name=found.location_name,
        lines=[
            ProposalAnswer(
                line=p.line,
                sku=p.sku,
                product_name=p.product_name,
                supplier_id=p.supplier_id,
                quantity=p.quantity,
                proposed_quantity=p.proposed_quantity,
                reason_code=p.reason_code,
                reason=p.reason,
                flags=[FlagAnswer(code=f.code, words=f.words) for f in p.flags],
                decision=p.decision,
                decided_by=p.decided_by,
            )
            for p in found.lines
        ],
    )
