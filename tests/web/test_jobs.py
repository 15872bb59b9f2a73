"""Background jobs (doors/web/jobs.py) and forecast + plan started from the Orders page: the
step while a job runs, its result or error in the viewer's language, one job at a time, and
other requests served while one runs."""

from __future__ import annotations

import threading
import time

from stockpilot.domain.messages import Message
from stockpilot.errors import Refusal
from stockpilot.messages import render
from stockpilot.services.review import latest_plan

JOB_SECONDS = 600  # forecast + plan of the 24-SKU shop takes about 20 s on a busy machine


def jobs_of(client):  # type: ignore[no-untyped-def]
    return client.app.state.web.jobs


def ended(client, job_id: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The job's JSON once it has ended, asked as the page's script asks."""
    deadline = time.monotonic() + JOB_SECONDS
    while time.monotonic() < deadline:
        state = client.get(f"/jobs/{job_id}").json()
        if not state["running"]:
            return state  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still runs after {JOB_SECONDS} s")


def test_while_a_job_runs_its_step_is_shown_and_other_requests_are_served(client_as):
    client, _ = client_as("buyer")
    release, stepped = threading.Event(), threading.Event()

    def work(store, settings, progress) -> Message:  # type: ignore[no-untyped-def]
        progress("forecast_load")
        stepped.set()
        assert release.wait(60)
        return Message("plan_done", {"plan_id": 7, "date": "2026-01-05", "flagged": 3})

    job = jobs_of(client).start("test", "buyer", work)
    try:
        assert stepped.wait(60)
        page = client.get("/orders")  # answered while the job waits
        assert page.status_code == 200 and job.running
        step = render("web.job.running", "en", step=Message("step_forecast_load"))
        assert f'data-job="/jobs/{job.job_id}">{step}</p>' in page.text
        assert 'action="/orders/run"' not in page.text  # no second start while one runs
        assert client.get(f"/jobs/{job.job_id}").json() == {"running": True, "succeeded": False, "text": step}
        assert jobs_of(client).start("test", "owner", work) is job  # not queued: the one running
    finally:
        release.set()
    done = render("web.job.done", "en", result=Message("plan_done", {"plan_id": 7, "date": "2026-01-05", "flagged": 3}))
    assert ended(client, job.job_id) == {"running": False, "succeeded": True, "text": done}
    after = client.get(f"/orders?job={job.job_id}").text
    assert f'<p class="ok" role="status" id="job">{done}</p>' in after  # shown once, no longer polled
    assert "data-job" not in after


def test_a_refused_job_says_why_in_the_viewers_language(client_as):
    client, _ = client_as("buyer", "zh-HK")

    def work(store, settings, progress) -> Message:  # type: ignore[no-untyped-def]
        raise Refusal("refusal.no_plan")

    job = jobs_of(client).start("test", "buyer", work)
    failed = render("web.job.failed", "zh-HK", error=Message("refusal.no_plan"))
    assert ended(client, job.job_id) == {"running": False, "succeeded": False, "text": failed}
    assert f'<p class="error" role="status" id="job">{failed}</p>' in client.get(f"/orders?job={job.job_id}").text


def test_a_crashed_job_names_the_error_without_the_data_it_held(client_as):
    client, _ = client_as("buyer")
    phone = "9123" + "4567"

    def work(store, settings, progress) -> Message:  # type: ignore[no-untyped-def]
        raise RuntimeError(f"member at {phone} broke it")

    job = jobs_of(client).start("test", "buyer", work)
    state = ended(client, job.job_id)
    assert state["succeeded"] is False
    assert str(state["text"]).startswith(render("web.job.failed", "en", error="")) and "RuntimeError" in state["text"]
    assert phone not in state["text"]


def test_an_unknown_job_is_not_found(client_as):
    client, _ = client_as("finance")
    answer = client.get("/jobs/99")
    assert answer.status_code == 404
    assert answer.json() == {"running": False, "succeeded": False, "text": render("web.orders.no_job", "en")}


def test_a_role_that_may_not_plan_cannot_start_a_job(client_as):
    client, csrf = client_as("vendor")
    assert client.post("/orders/run", data={"csrf": csrf}, follow_redirects=False).status_code == 403
    assert jobs_of(client).latest() is None


def test_forecast_and_plan_from_the_page_ends_with_a_new_plan(client_as, web_shop):
    client, csrf = client_as("buyer")
    answer = client.post("/orders/run", data={"csrf": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    job = jobs_of(client).latest()
    assert answer.headers["location"] == f"/orders?job={job.job_id}" and job.started_by == "buyer"
    state = ended(client, job.job_id)
    assert state["succeeded"] is True, state["text"]
    with client.app.state.web.pool.store() as store:
        newer = latest_plan(store)
    assert newer > web_shop.plan_id
    assert job.result is not None and job.result.params["plan"].params["plan_id"] == newer
    assert state["text"] == render("web.job.done", "en", result=job.result)
    page = client.get(answer.headers["location"]).text
    assert render("web.orders.heading", "en", plan_id=newer) in page
    assert render("plan_done", "en", **job.result.params["plan"].params) in page
