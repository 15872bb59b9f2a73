"""Schemathesis against the POS API's own OpenAPI schema: whatever a client sends, within the
schema (positive) or just outside it (negative), no answer is a server error (``not_a_server_error``).

The app runs on a copy of the demo chain with a buyer's token (a buyer may push data and read
proposals, so the requests reach the importer and the plan). Each /api/ operation of the schema
is one test per generation mode, with a bounded, derandomized Hypothesis run (:data:`EXAMPLES`,
no example database), so it takes the same path every time and well under a minute in all.

Schemathesis's own pytest loader for a schema made by a fixture (``schemathesis.pytest.from_fixture``)
does not run under pytest 9 (it sets ``node._nodeid``, which pytest 9 no longer has), so each test
loads the schema from the app it is given and draws cases from the operation's strategy
(``APIOperation.as_strategy``), as schemathesis documents for tests of one's own.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from stockpilot.adapters.storage.store import open_store
from stockpilot.doors.web.app import WebConfig, create_app
from stockpilot.doors.web.routes.pos_api import router
from stockpilot.services import access

EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 10}


def _runs() -> list[Any]:
    """(method, path, mode) for every operation of the POS API's schema (read without a database)
    in both modes, but the proposals' negative one: its one parameter, a path segment, has no
    value outside the schema."""
    bare = FastAPI()
    bare.include_router(router)
    return [
        pytest.param(method.upper(), path, mode, id=f"{method.upper()} {path} {mode.value}")
        for path, item in bare.openapi()["paths"].items()
        for method in item
        for mode in EXAMPLES
        if method != "get" or mode is GenerationMode.POSITIVE
    ]


@pytest.fixture
def served(app_config: WebConfig) -> tuple[FastAPI, str]:
    with open_store(app_config.db_target) as store:
        _, token = access.issue_token(store, "schemathesis", "buyer", "test")
    return create_app(app_config), token


@pytest.mark.parametrize(("method", "path", "mode"), _runs())
def test_no_request_gets_a_server_error(served: tuple[FastAPI, str], method: str, path: str, mode: Any) -> None:
    app, token = served
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = schema[path][method]
    auth = {"Authorization": f"Bearer {token}"}
    answered: list[int] = []

    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, headers=auth))
    def check(case: Any) -> None:
        response = case.call_and_validate(headers=auth, checks=[not_a_server_error])
        answered.append(response.status_code)

    check()
    assert answered, f"no request was made for {method} {path}"
    if method == "POST" and mode is GenerationMode.POSITIVE:
        # a body the schema allows is a batch: imported (its bad rows quarantined), never refused
        assert set(answered) <= {200, 413}, answered
