"""The POS API served on PostgreSQL: the key cases of test_pos_api.py again, on a database of the
run's throwaway server (storage_fixtures.py ``pg_server``), and pushes from several threads at
once.

The database is the small two-store shop of tests/fixtures/two_store_shop (stores MK and ST),
imported, forecast and planned once for the module with the shop's own clock (the plan day,
30 November 2026); the app's pool holds separate connections to it, as `stockpilot serve` does.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_pos_api import Api, check_sum, count, issue_tokens, sale

from stockpilot.adapters.storage import scratch_postgres
from stockpilot.adapters.storage.store import open_store
from stockpilot.doors.web.app import WebConfig, create_app
from stockpilot.services import access
from stockpilot.services.forecasting import run_forecast
from stockpilot.services.importing import files_in_order, import_file
from stockpilot.services.planning import make_plan
from stockpilot.settings import load_settings

SHOP = Path(__file__).resolve().parents[1] / "fixtures" / "two_store_shop"
PLAN_DAY = dt.date(2026, 11, 30)
SECRET = "web-test-secret-0123456789-abcdefghijklmnop"


class PlanDay:
    """The shop's clock while it is built: 8 a.m. on the plan day."""

    def now(self) -> dt.datetime:
        return dt.datetime.combine(PLAN_DAY, dt.time(8))


@pytest.fixture(scope="module")
def pg_shop(
    pg_server: scratch_postgres.ScratchServer, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Any, int]:
    """(URL, settings, plan id) of the two-store shop on a new PostgreSQL database."""
    folder = tmp_path_factory.mktemp("pg_pos")
    settings = load_settings(
        {"pseudonym_key_file": str(folder / "pseudonym.key")}, environ={}, config_file=folder / "none.toml"
    )
    url = pg_server.create_database(f"pos_{uuid.uuid4().hex[:12]}")
    with open_store(url) as store:
        for path in files_in_order(SHOP):
            report = import_file(store, path, settings, clock=PlanDay())
            assert report.quarantined == 0, report.to_dict()
        run_forecast(store, settings, clock=PlanDay())
        plan = make_plan(store, settings, PLAN_DAY, clock=PlanDay())
    return url, settings, plan.plan_id


@pytest.fixture(scope="module")
def pg_api(pg_shop: tuple[str, Any, int]) -> Iterator[Api]:
    url, settings, _ = pg_shop
    tokens, skus = issue_tokens(url)
    with TestClient(create_app(WebConfig(settings, url, SECRET))) as client:
        yield Api(client, url, tokens, skus)


def at(sku: str, event_id: str, **values: Any) -> dict[str, Any]:
    """A good sale at Mong Kok (MK)."""
    return sale(event_id, sku, location_id="MK", **values)


def test_the_app_runs_on_postgresql(pg_api: Api) -> None:
    with pg_api.store() as store:
        assert store.backend == "postgresql"


def test_tokens_are_checked_on_postgresql(pg_api: Api) -> None:
    event = [at(pg_api.skus[0], "PG-T1")]
    missing = pg_api.client.post("/api/v1/events/sales", json={"events": event})
    assert (missing.status_code, missing.json()["code"]) == (401, "refusal.api_token_missing")
    with pg_api.store() as store:
        token, secret = access.issue_token(store, "till-pg", "buyer", "test")
        access.revoke_token(store, token.token_id, "test")
    revoked = pg_api.client.post(
        "/api/v1/events/sales", json={"events": event}, headers={"Authorization": f"Bearer {secret}"}
    )
    assert (revoked.status_code, revoked.json()["code"]) == (401, "refusal.api_token_unknown")
    refused = pg_api.push("sales", event, role="vendor")
    assert (refused.status_code, refused.json()["code"]) == (403, "refusal.forbidden")
    with pg_api.store() as store:
        logged = [e for e in store.access.access_log(20) if e.event == "refused"]
    assert any("till-vendor" in e.who and e.detail == "upload_data POST /api/v1/events/sales" for e in logged)
    assert count(pg_api, "sales", "event_id = 'PG-T1'") == 0


def test_a_batch_is_stored_once_on_postgresql_however_often_it_is_sent(pg_api: Api) -> None:
    events = [at(pg_api.skus[i % 3], f"PG-G{i}", quantity=i) for i in range(1, 9)]
    before = count(pg_api, "sales")
    first = pg_api.push("sales", events, batch_id="PG-B1").json()
    again = pg_api.push("sales", events, batch_id="PG-B1").json()
    assert (first["received"], first["accepted"], first["new"]) == (8, 8, 8)
    assert (again["received"], again["accepted"], again["new"], again["unchanged"]) == (8, 8, 0, 8)
    assert count(pg_api, "sales") == before + 8
    assert first["source"] == "pos:till-buyer:PG-B1/sales.jsonl"


def test_bad_rows_are_quarantined_with_reasons_on_postgresql(pg_api: Api) -> None:
    sku = pg_api.skus[0]
    events = [at(sku, "PG-Q1"), at(sku, "PG-Q2", quantity=-1), at("NO-SUCH-SKU", "PG-Q3"), at(sku, "PG-Q4")]
    body = pg_api.push("sales", events).json()
    check_sum(body)
    assert (body["accepted"], body["quarantined"]) == (2, 2)
    assert {(p["row"], p["field"], p["code"]) for p in body["problems"]} == {
        (2, "quantity", "below_minimum"),
        (3, "sku", "unknown_reference"),
    }
    assert count(pg_api, "sales", "event_id IN ('PG-Q1', 'PG-Q4')") == 2
    assert count(pg_api, "quarantine", "import_id = $1", [body["import_id"]]) == 2


def test_a_malformed_body_stores_nothing_on_postgresql(pg_api: Api) -> None:
    before = (count(pg_api, "import_runs"), count(pg_api, "sales"))
    for body, code in (('{"events": "x"}', "refusal.api_events_not_list"), ('{"events": [', "refusal.api_json")):
        answer = pg_api.client.post(
            "/api/v1/events/sales",
            content=body.encode(),
            headers=pg_api.headers(**{"Content-Type": "application/json"}),
        )
        assert answer.json()["code"] == code
    assert (count(pg_api, "import_runs"), count(pg_api, "sales")) == before


def test_a_member_id_is_pseudonymised_on_postgresql(pg_api: Api) -> None:
    member = "HK-MEMBER-PG-0042"
    body = pg_api.push("sales", [at(pg_api.skus[0], "PG-P1", member_id=member, phone="9876 5432")]).json()
    assert body["accepted"] == 1 and [f["field"] for f in body["refused_fields"]] == ["phone"]
    with pg_api.store() as store:
        ((stored,),) = store.engine.rows("SELECT member_id FROM sales WHERE event_id = 'PG-P1'")
    assert stored and member not in stored
    assert count(pg_api, "sales", "member_id = $1", [member]) == 0


def test_a_store_reads_its_proposals_on_postgresql(pg_api: Api, pg_shop: tuple[str, Any, int]) -> None:
    answer = pg_api.client.get("/api/v1/stores/MK/proposals", headers=pg_api.headers(role="vendor"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["plan_id"] == pg_shop[2] and body["location_name"] == "Mong Kok Shop"
    assert {line["sku"] for line in body["lines"]} <= set(pg_api.skus) and body["lines"]
    assert all(line["reason"] and line["reason_code"] for line in body["lines"])
    unknown = pg_api.client.get("/api/v1/stores/ST01/proposals", headers=pg_api.headers())
    assert (unknown.status_code, unknown.json()["code"]) == (404, "refusal.api_store_unknown")


def test_pushes_from_several_tills_at_once_lose_nothing_on_postgresql(pg_api: Api) -> None:
    """Six threads push three batches each, every batch twice and half of them overlapping another
    thread's: every event id is stored once, every answer adds up."""
    sku = pg_api.skus[0]
    answers: list[dict[str, Any]] = []
    failures: list[str] = []

    def till(number: int) -> None:
        client = TestClient(pg_api.client.app)
        for batch in range(3):
            first = (number * 3 + batch) * 10
            events = [at(sku, f"PG-C{i}") for i in range(first, first + 15)]  # 5 shared with the next batch
            for _ in range(2):
                answer = client.post("/api/v1/events/sales", json={"events": events}, headers=pg_api.headers())
                if answer.status_code != 200:
                    failures.append(answer.text)
                else:
                    answers.append(answer.json())

    threads = [threading.Thread(target=till, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    assert len(answers) == 36
    for body in answers:
        check_sum(body)
        assert body["quarantined"] == 0
    expected = 6 * 3 * 10 + 5
    assert count(pg_api, "sales", "event_id LIKE 'PG-C%'") == expected
    assert sum(body["new"] for body in answers) == expected
