"""The POS API on the demo chain (DuckDB): tokens, pushed batches imported as files are, malformed
bodies refused whole, personal data protected, proposals read.

Every test gets its own copy of the prepared shop (``web_db``) and an app on it; tokens are
issued on the copy with ``access.issue_token``, and what was stored is counted in the database.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from stockpilot.adapters.storage.engine import DatabaseBusyError
from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.domain.model import TABLES
from stockpilot.doors.web.app import WebConfig, create_app
from stockpilot.doors.web.routes.pos_api import router
from stockpilot.services import access, pos
from stockpilot.services.pos import POS_TABLES

ROLES = ("buyer", "vendor", "employee_rep")


@dataclass
class Api:
    """A client of the app, the database behind it and one live token per role of :data:`ROLES`."""

    client: TestClient
    target: str
    tokens: dict[str, str]
    skus: list[str]

    def headers(self, role: str = "buyer", **more: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}", **more}

    def push(self, kind: str, events: list[Any], batch_id: str | None = None, role: str = "buyer") -> Any:
        body: dict[str, Any] = {"events": events}
        if batch_id is not None:
            body["batch_id"] = batch_id
        return self.client.post(f"/api/v1/events/{kind}", json=body, headers=self.headers(role))

    def store(self) -> Store:
        return open_store(self.target)


def count(api: Api, table: str, where: str = "true", params: list[Any] | None = None) -> int:
    with api.store() as store:
        return int(store.engine.rows(f'SELECT count(*) FROM "{table}" WHERE {where}', params or [])[0][0])


def issue_tokens(target: str) -> tuple[dict[str, str], list[str]]:
    """A token per role of :data:`ROLES` on ``target``, and the SKUs of its products."""
    with open_store(target) as store:
        tokens = {role: access.issue_token(store, f"till-{role}", role, "test")[1] for role in ROLES}
        skus = [row[0] for row in store.engine.rows("SELECT sku FROM products ORDER BY sku")]
    return tokens, skus


def open_api(config: WebConfig) -> Iterator[Api]:
    tokens, skus = issue_tokens(config.db_target)
    with TestClient(create_app(config)) as client:
        yield Api(client, config.db_target, tokens, skus)


@pytest.fixture
def api(app_config: WebConfig) -> Iterator[Api]:
    yield from open_api(app_config)


def sale(event_id: str, sku: str, **values: Any) -> dict[str, Any]:
    """A good sale at ST01 (values override or add fields)."""
    return {
        "event_id": event_id,
        "occurred_at": "2024-03-01T10:15:00+08:00",
        "location_id": "ST01",
        "sku": sku,
        "quantity": 2,
        "unit_price": 12.5,
        **values,
    }


def stored_nothing(api: Api, before: tuple[int, int]) -> bool:
    return (count(api, "import_runs"), count(api, "sales")) == before


def check_sum(answer: dict[str, Any]) -> None:
    assert answer["accepted"] + answer["quarantined"] == answer["received"], answer


# --- tokens -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Basic dXNlcjpwYXNz"}, {"Authorization": "Bearer"}],
    ids=["no header", "basic auth", "bearer without token"],
)
def test_no_token_is_refused_with_401(api: Api, headers: dict[str, str]) -> None:
    before = (count(api, "import_runs"), count(api, "sales"))
    pushed = api.client.post("/api/v1/events/sales", json={"events": [sale("T1", api.skus[0])]}, headers=headers)
    read = api.client.get("/api/v1/stores/ST01/proposals", headers=headers)
    for answer in (pushed, read):
        assert answer.status_code == 401
        assert answer.json()["code"] == "refusal.api_token_missing"
        assert "Authorization: Bearer" in answer.json()["error"]
        assert answer.headers["www-authenticate"].startswith("Bearer")
    assert stored_nothing(api, before)


def test_an_unknown_token_is_refused_with_401(api: Api) -> None:
    before = (count(api, "import_runs"), count(api, "sales"))
    answer = api.client.post(
        "/api/v1/events/sales",
        json={"events": [sale("T1", api.skus[0])]},
        headers={"Authorization": "Bearer sp_not-a-token-anyone-was-given"},
    )
    assert answer.status_code == 401
    assert answer.json()["code"] == "refusal.api_token_unknown"
    assert stored_nothing(api, before)


def test_a_revoked_token_is_refused_from_then_on(api: Api) -> None:
    with api.store() as store:
        token, secret = access.issue_token(store, "till-9", "buyer", "test")
    headers = {"Authorization": f"Bearer {secret}"}
    first = api.client.post("/api/v1/events/sales", json={"events": [sale("R1", api.skus[0])]}, headers=headers)
    assert first.status_code == 200, first.text
    with api.store() as store:
        access.revoke_token(store, token.token_id, "test")
    again = api.client.post("/api/v1/events/sales", json={"events": [sale("R2", api.skus[0])]}, headers=headers)
    assert again.status_code == 401
    assert again.json()["code"] == "refusal.api_token_unknown"
    assert count(api, "sales", "event_id IN ('R1', 'R2')") == 1


def test_a_role_without_the_permission_is_refused_with_403_and_logged(api: Api) -> None:
    """A vendor reads orders but may not push data; an employee representative may do neither."""
    before = (count(api, "import_runs"), count(api, "sales"))
    pushed = api.push("sales", [sale("V1", api.skus[0])], role="vendor")
    assert pushed.status_code == 403
    assert pushed.json() == {"code": "refusal.forbidden", "error": "your role may not do this (upload_data)"}
    read = api.client.get("/api/v1/stores/ST01/proposals", headers=api.headers("employee_rep"))
    assert read.status_code == 403
    assert read.json()["code"] == "refusal.forbidden"
    assert api.client.get("/api/v1/stores/ST01/proposals", headers=api.headers("vendor")).status_code == 200
    assert stored_nothing(api, before)
    with api.store() as store:
        refused = [(e.who, e.detail) for e in store.access.access_log(50) if e.event == "refused"]
    assert any("till-vendor" in who and detail == "upload_data POST /api/v1/events/sales" for who, detail in refused)
    assert any(
        "till-employee_rep" in who and detail == "view_orders GET /api/v1/stores/ST01/proposals"
        for who, detail in refused
    )


# --- pushing events ---------------------------------------------------------------------------------


def test_a_good_batch_is_stored(api: Api) -> None:
    events = [sale(f"G{i}", api.skus[i % len(api.skus)], quantity=i) for i in range(1, 11)]
    before = count(api, "sales")
    answer = api.push("sales", events, batch_id="B-2024-03-01")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["received"], body["accepted"], body["quarantined"], body["new"]) == (10, 10, 0, 10)
    assert body["problems"] == [] and body["batch_id"] == "B-2024-03-01"
    assert count(api, "sales") == before + 10
    assert count(api, "sales", "event_id LIKE 'G%' AND import_id = $1", [body["import_id"]]) == 10
    with api.store() as store:
        ((source,),) = store.engine.rows("SELECT source FROM import_runs WHERE import_id = $1", [body["import_id"]])
    assert body["source"] == "pos:till-buyer:B-2024-03-01/sales.jsonl"
    assert source.endswith("/" + body["source"]), "the import records the spool file it read"
    assert not Path(source).exists(), "the spool file outlived its import"


def test_the_same_batch_pushed_twice_is_stored_once(api: Api) -> None:
    events = [sale(f"D{i}", api.skus[0], quantity=i) for i in range(1, 6)]
    before = count(api, "sales")
    first = api.push("sales", events, batch_id="B1").json()
    second = api.push("sales", events, batch_id="B1").json()
    assert (first["received"], first["accepted"], first["new"], first["unchanged"]) == (5, 5, 5, 0)
    # sent again: every event is accepted as already stored, none is new
    assert (second["received"], second["accepted"], second["new"], second["unchanged"]) == (5, 5, 0, 5)
    assert second["quarantined"] == 0 and second["import_id"] != first["import_id"]
    assert count(api, "sales") == before + 5


def test_an_event_sent_again_with_other_values_is_quarantined_as_a_conflict(api: Api) -> None:
    api.push("sales", [sale("C1", api.skus[0], quantity=1)])
    answer = api.push("sales", [sale("C1", api.skus[0], quantity=7)]).json()
    assert (answer["accepted"], answer["quarantined"]) == (0, 1)
    assert [(p["row"], p["field"], p["code"]) for p in answer["problems"]] == [(1, "event_id", "id_conflict")]
    assert count(api, "sales", "event_id = 'C1' AND quantity = 1") == 1


def test_a_batch_with_bad_rows_stores_the_good_and_quarantines_the_rest(api: Api) -> None:
    sku = api.skus[0]
    events = [
        sale("Q1", sku),
        sale("Q2", sku, occurred_at="2023-02-30"),  # no such day
        sale("Q3", sku, quantity=-3),  # below the minimum
        {k: v for k, v in sale("Q4", sku).items() if k != "quantity"},  # required field missing
        sale("Q5", "NO-SUCH-SKU"),  # unknown product
        sale("Q6", sku, quantity="two"),  # not a number
        sale("Q7", sku),
    ]
    answer = api.push("sales", events, batch_id="mixed")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    check_sum(body)
    assert (body["received"], body["accepted"], body["quarantined"]) == (7, 2, 5)
    found = {(p["row"], p["field"], p["code"]) for p in body["problems"]}
    assert found == {
        (2, "occurred_at", "not_a_date"),
        (3, "quantity", "below_minimum"),
        (4, "quantity", "missing_required"),
        (5, "sku", "unknown_reference"),
        (6, "quantity", "not_a_number"),
    }
    reasons = {p["row"]: p["reason"] for p in body["problems"]}
    assert "2023-02-30" in reasons[2] and "NO-SUCH-SKU" in reasons[5]
    assert count(api, "sales", "event_id IN ('Q1', 'Q7')") == 2
    assert count(api, "sales", "event_id IN ('Q2', 'Q3', 'Q4', 'Q5', 'Q6')") == 0
    with api.store() as store:
        quarantined = store.engine.rows(
            "SELECT row_number, event_id, source FROM quarantine WHERE import_id = $1 ORDER BY row_number",
            [body["import_id"]],
        )
    assert [(n, e) for n, e, _ in quarantined] == [(2, "Q2"), (3, "Q3"), (4, "Q4"), (5, "Q5"), (6, "Q6")]
    assert all(source.endswith("/pos:till-buyer:mixed/sales.jsonl") for _, _, source in quarantined)


def test_bad_rows_sent_again_are_counted_and_named_again(api: Api) -> None:
    """The quarantine keeps an open problem once: the second push counts the rows again and its
    answer still names them by their position, with the reasons found the first time."""
    sku = api.skus[0]
    events = [sale("A1", sku), sale("A2", sku, quantity=-1), {"occurred_at": "2024-03-01", "sku": sku}]
    first = api.push("sales", events).json()
    second = api.push("sales", events).json()
    for body in (first, second):
        check_sum(body)
        assert (body["accepted"], body["quarantined"]) == (1, 2)
        assert {p["row"] for p in body["problems"]} == {2, 3}
        assert (2, "quantity", "below_minimum") in {(p["row"], p["field"], p["code"]) for p in body["problems"]}
        assert (3, "event_id", "missing_required") in {(p["row"], p["field"], p["code"]) for p in body["problems"]}
    assert count(api, "quarantine", "import_id = $1", [second["import_id"]]) == 0


@pytest.mark.parametrize("kind", POS_TABLES)
def test_every_kind_stores_a_good_event(api: Api, kind: str) -> None:
    sku = api.skus[1]
    with api.store() as store:
        ((supplier,),) = store.engine.rows("SELECT supplier_id FROM products WHERE sku = $1", [sku])
    event = {
        "sales": sale("K1", sku),
        "returns": {**sale("K1", sku), "reason": "damaged box"},
        "receipts": {
            "event_id": "K1",
            "received_at": "2024-03-05",
            "location_id": "WH",
            "sku": sku,
            "quantity": 24,
            "po_id": "PO-K1",
            "order_date": "2024-03-01",
            "supplier_id": supplier,
        },
        "promotions": {
            "event_id": "K1",
            "promotion_id": "P-K1",
            "sku": sku,
            "location_id": "ST02",
            "start_date": "2024-03-01",
            "end_date": "2024-03-07",
            "discount_pct": 10,
        },
        "stock_counts": {
            "event_id": "K1",
            "counted_at": "2024-03-01T21:00",
            "location_id": "ST03",
            "sku": sku,
            "on_hand": 5,
        },
        "purchase_orders": {
            "event_id": "K1",
            "po_id": "PO-K1",
            "supplier_id": supplier,
            "location_id": "WH",
            "sku": sku,
            "order_date": "2024-03-01",
            "expected_date": "2024-03-05",
            "quantity": 24,
            "status": "open",
        },
    }[kind]
    before = count(api, kind)
    answer = api.push(kind, [event])
    assert answer.status_code == 200, answer.text
    assert (answer.json()["accepted"], answer.json()["quarantined"]) == (1, 0), answer.json()
    assert count(api, kind) == before + 1
    assert count(api, kind, "event_id = 'K1'") == 1


@pytest.mark.parametrize(
    "event", [{}, {"event_id": "K9"}, {"note": "x"}], ids=["empty", "only the id", "no canonical field"]
)
def test_purchase_order_lines_without_any_field_are_quarantined(api: Api, event: dict[str, Any]) -> None:
    """Found by schemathesis: such a batch made the importer write ``UPDATE ... SET , ...`` (500)."""
    answer = api.push("purchase_orders", [event, event])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["received"], body["accepted"], body["quarantined"]) == (2, 0, 2)
    assert {p["row"] for p in body["problems"]} == {1, 2}
    assert ("po_id", "missing_required") in {(p["field"], p["code"]) for p in body["problems"]}


def test_an_unknown_kind_is_refused_with_404(api: Api) -> None:
    answer = api.client.post("/api/v1/events/locations", json={"events": []}, headers=api.headers())
    assert answer.status_code == 404
    assert answer.json()["code"] == "refusal.api_kind_unknown"
    assert "sales, returns" in answer.json()["error"]


def test_an_empty_batch_imports_nothing(api: Api) -> None:
    before = (count(api, "import_runs"), count(api, "sales"))
    answer = api.push("sales", [])
    assert answer.status_code == 200
    assert (answer.json()["received"], answer.json()["import_id"]) == (0, None)
    assert stored_nothing(api, before)


# --- bodies that are not a batch ------------------------------------------------------------------


MALFORMED = {
    "invalid JSON": ('{"events": [{"event_id": "M1",', "application/json", 400, "refusal.api_json"),
    "not sent as JSON": ('{"events": []}', "text/plain", 415, "refusal.api_content_type"),
    "a list, not an object": ("[]", "application/json", 422, "refusal.api_body"),
    "events missing": ('{"batch_id": "B"}', "application/json", 422, "refusal.api_events_missing"),
    "events a string": ('{"events": "M1,2024-03-01,ST01"}', "application/json", 422, "refusal.api_events_not_list"),
    "an event a number": (
        '{"events": [{"event_id": "M1"}, 7]}',
        "application/json",
        422,
        "refusal.api_event_not_object",
    ),
    "an unknown field": ('{"events": [], "evnets": []}', "application/json", 422, "refusal.api_body_field"),
    "batch id a number": ('{"batch_id": 7, "events": []}', "application/json", 422, "refusal.api_batch_id"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_body_is_refused_whole_saying_what_is_wrong(api: Api, name: str) -> None:
    body, content_type, status, code = MALFORMED[name]
    before = (count(api, "import_runs"), count(api, "sales"))
    answer = api.client.post(
        "/api/v1/events/sales", content=body.encode(), headers=api.headers(**{"Content-Type": content_type})
    )
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert "nothing was stored" in answer.json()["error"]
    assert stored_nothing(api, before)


def test_the_refusal_names_the_event_that_is_not_an_object(api: Api) -> None:
    answer = api.client.post(
        "/api/v1/events/sales",
        content=b'{"events": [{}, {}, "x"]}',
        headers=api.headers(**{"Content-Type": "application/json"}),
    )
    assert answer.json()["error"].startswith("event 3 of `events` is text")


def test_too_many_events_are_refused_whole(web_shop: Any, web_db: Path) -> None:
    settings = web_shop.settings.replace(api_max_events=5)
    for api in open_api(WebConfig(settings, str(web_db), "web-test-secret-0123456789-abcdefghijklmnop")):
        before = (count(api, "import_runs"), count(api, "sales"))
        answer = api.push("sales", [sale(f"N{i}", api.skus[0]) for i in range(6)])
        assert answer.status_code == 413
        assert answer.json()["code"] == "refusal.api_too_many_events"
        assert "6 events" in answer.json()["error"] and "at most 5" in answer.json()["error"]
        assert stored_nothing(api, before)
        assert api.push("sales", [sale(f"N{i}", api.skus[0]) for i in range(5)]).json()["accepted"] == 5


@pytest.mark.parametrize("chunked", [False, True], ids=["with Content-Length", "chunked"])
def test_a_body_over_the_byte_limit_is_refused(api: Api, web_shop: Any, chunked: bool) -> None:
    """Refused by its declared length before it is read, or, sent in chunks without one, as soon
    as the bytes received pass the limit: 413 either way, nothing stored."""
    limit = web_shop.settings.web.api_max_request_bytes
    events = [sale(f"L{i}", api.skus[0], note="x" * 1000) for i in range(limit // 1000 + 10)]
    body = json.dumps({"events": events}).encode()
    content: Any = body
    if chunked:
        content = (body[i : i + 65536] for i in range(0, len(body), 65536))
    before = (count(api, "import_runs"), count(api, "sales"))
    answer = api.client.post(
        "/api/v1/events/sales", content=content, headers=api.headers(**{"Content-Type": "application/json"})
    )
    assert answer.status_code == 413, answer.text
    assert answer.json()["code"] == "refusal.request_too_large"
    assert stored_nothing(api, before)


def test_a_database_that_cannot_be_used_now_answers_503(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*args: Any, **kwargs: Any) -> None:
        raise DatabaseBusyError("another process holds shop.duckdb")

    monkeypatch.setattr(pos, "push_events", busy)
    answer = api.push("sales", [sale("U1", api.skus[0])])
    assert answer.status_code == 503
    assert answer.json() == {"code": "unavailable.database_busy", "error": "another process holds shop.duckdb"}
    assert answer.headers["retry-after"] == "10"


# --- personal data ----------------------------------------------------------------------------------


def test_a_member_id_is_stored_pseudonymised_and_personal_fields_refused(api: Api) -> None:
    member, phone, name = "HK-MEMBER-556677", "9123 4567", "Chan Tai Man"
    events = [
        sale("P1", api.skus[0], member_id=member, phone=phone, customer_name=name),
        sale("P2", api.skus[0], member_id=member, quantity=-1, phone=phone, customer_name=name),  # quarantined
    ]
    body = api.push("sales", events).json()
    assert (body["accepted"], body["quarantined"]) == (1, 1)
    assert body["pseudonymised_fields"] == ["member_id"]
    assert {f["field"] for f in body["refused_fields"]} == {"phone", "customer_name"}
    with api.store() as store:
        ((stored,),) = store.engine.rows("SELECT member_id FROM sales WHERE event_id = 'P1'")
        ((raw,),) = store.engine.rows("SELECT raw FROM quarantine WHERE import_id = $1", [body["import_id"]])
    assert stored and stored != member and member not in stored
    assert json.loads(raw)["member_id"] == stored, "the quarantined copy holds the same pseudonym"
    for clear in (member, phone, name):
        assert clear not in raw
        assert clear not in json.dumps(body)
        assert count(api, "sales", "contains(CAST(sales AS VARCHAR), $1)", [clear]) == 0


# --- proposals --------------------------------------------------------------------------------------


def test_a_store_reads_its_proposals(api: Api, web_shop: Any) -> None:
    answer = api.client.get("/api/v1/stores/ST01/proposals", headers=api.headers())
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["plan_id"] == web_shop.plan_id and body["location_id"] == "ST01"
    assert body["lines"], "the demo plan has lines for ST01"
    assert {line["sku"] for line in body["lines"]} <= set(api.skus)
    for line in body["lines"]:
        assert line["reason_code"].startswith("reason.") and line["reason"]
        assert line["quantity"] >= 0 and line["decision"] is None
        assert all(flag["code"] and flag["words"] for flag in line["flags"])
    with api.store() as store:
        ((lines,),) = store.engine.rows(
            "SELECT count(*) FROM proposals WHERE plan_id = $1 AND location_id = 'ST01'", [web_shop.plan_id]
        )
    assert len(body["lines"]) == lines


def test_proposals_read_in_chinese_when_asked(api: Api) -> None:
    english = api.client.get("/api/v1/stores/ST01/proposals", headers=api.headers()).json()
    chinese = api.client.get(
        "/api/v1/stores/ST01/proposals", headers=api.headers(**{"Accept-Language": "zh-HK"})
    ).json()
    assert chinese["location_name"] != english["location_name"]
    assert [line["reason_code"] for line in chinese["lines"]] == [line["reason_code"] for line in english["lines"]]
    assert chinese["lines"][0]["reason"] != english["lines"][0]["reason"]


def test_an_unknown_store_is_answered_404(api: Api) -> None:
    answer = api.client.get("/api/v1/stores/ST99/proposals", headers=api.headers())
    assert answer.status_code == 404
    assert answer.json() == {
        "code": "refusal.api_store_unknown",
        "error": "there is no store or warehouse 'ST99': import it in locations first",
    }
    chinese = api.client.get("/api/v1/stores/ST99/proposals", headers=api.headers(**{"Accept-Language": "zh-HK"}))
    assert chinese.json()["error"].startswith("沒有分店或倉庫")


def test_the_schema_documents_each_kind_and_the_token() -> None:
    """The OpenAPI schema names each kind's canonical fields and the bearer scheme (no database needed)."""
    app = FastAPI()
    app.include_router(router)
    schema = app.openapi()
    assert schema["components"]["securitySchemes"]["PosToken"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "sp_...",
        "description": schema["components"]["securitySchemes"]["PosToken"]["description"],
    }
    for kind in POS_TABLES:
        operation = schema["paths"][f"/api/v1/events/{kind}"]["post"]
        assert operation["security"] == [{"PosToken": []}]
        title = "".join(part.capitalize() for part in kind.split("_"))
        fields = schema["components"]["schemas"][f"{title}Event"]["properties"]
        assert set(fields) == {c.name for c in TABLES[kind].columns}
        assert "required" not in schema["components"]["schemas"][f"{title}Event"], "a bad row must reach the importer"
    assert "/api/v1/stores/{location_id}/proposals" in schema["paths"]
