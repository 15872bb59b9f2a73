"""The Orders page through FastAPI's TestClient: the plan's lines flagged first with their reasons
and flags, the filters and pages, approving, editing and rejecting with who, when and why,
refusals in the viewer's language, roles that may not decide, CSRF, the purchase-order downloads
and a plan a re-plan replaced."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest
from markupsafe import escape

from stockpilot.domain.messages import Message
from stockpilot.domain.replenishment.decisions import edit_limit
from stockpilot.domain.replenishment.review import flag_message
from stockpilot.messages import render
from stockpilot.services.parameters import review_limits
from stockpilot.services.planning import latest_forecast_day, make_plan
from stockpilot.services.review import ReviewFilter, ReviewLine, review_lines

ROW = re.compile(r'<tr id="line-(\d+)" data-flagged="([01])">')


def store_of(client):  # type: ignore[no-untyped-def]
    """A store of the app's own pool (the test's copy of the shop)."""
    return client.app.state.web.pool.store()


def lines_of(client, plan_id: int, chosen: ReviewFilter | None = None) -> list[ReviewLine]:  # type: ignore[no-untyped-def]
    with store_of(client) as store:
        return review_lines(store, plan_id, chosen)


def line_of(client, plan_id: int, line: int) -> ReviewLine:  # type: ignore[no-untyped-def]
    return next(x for x in lines_of(client, plan_id) if x.line == line)


def rows(html: str) -> list[tuple[int, bool]]:
    """(line, flagged) of every line the page lists, in its order."""
    return [(int(line), flagged == "1") for line, flagged in ROW.findall(html)]


def row(html: str, line: int) -> str:
    """The HTML of one line's row."""
    start = html.index(f'<tr id="line-{line}"')
    return html[start : html.index("</tr>", start)]


def post(client, path: str, csrf: str, **data: object):  # type: ignore[no-untyped-def]
    return client.post(path, data={"csrf": csrf, **data}, follow_redirects=False)


def flagged_lines(client, plan_id: int, count: int) -> list[ReviewLine]:  # type: ignore[no-untyped-def]
    found = lines_of(client, plan_id, ReviewFilter(flagged_only=True))[:count]
    assert len(found) == count
    return found


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_the_page_lists_flagged_lines_first_with_their_reasons_and_flags_in_the_viewers_language(
    client_as, web_shop, language
):
    client, _ = client_as("buyer", language)
    answer = client.get("/orders")
    assert answer.status_code == 200
    html = answer.text
    assert render("web.orders.heading", language, plan_id=web_shop.plan_id) in html
    listed = rows(html)
    every = lines_of(client, web_shop.plan_id)
    assert len(listed) == min(len(every), 100)  # one page of the lines that order or are flagged
    flags = [flagged for _, flagged in listed]
    assert flags[0] and flags == sorted(flags, reverse=True)  # every flagged line before any other
    first = line_of(client, web_shop.plan_id, listed[0][0])
    limits = review_limits(web_shop.settings)
    shown = row(html, first.line)
    assert escape(render(first.reason, language)) in shown
    for code in first.flags:
        assert escape(render(flag_message(code, limits, first.flag_values.get(code)), language)) in shown
    assert escape(first.product_name(language)) in shown
    assert render("web.orders.not_decided", language) in shown
    flagged = sum(1 for x in every if x.flags)
    assert f'<div class="big">{flagged}</div>' in html  # the figure of flagged lines


def test_lines_are_grouped_by_supplier_and_store_with_totals(client_as, web_shop):
    client, _ = client_as("buyer")
    html = client.get("/orders?limit=500").text
    every = lines_of(client, web_shop.plan_id)
    order = [line for line, _ in rows(html)]
    by_line = {x.line: x for x in every}
    keys = [(not by_line[n].flags, by_line[n].supplier_id, by_line[n].location_id) for n in order]
    assert keys == sorted(keys)  # flagged first, then one supplier's lines to one store together
    first = by_line[order[0]]
    group = [x for x in every if x.flags and (x.supplier_id, x.location_id) == (first.supplier_id, first.location_id)]
    location = render("web.orders.named", "en", name=first.location_name_en, key=first.location_id)
    supplier = render("web.orders.named", "en", name=first.supplier_name, key=first.supplier_id)
    heading = render(
        "web.orders.group",
        "en",
        supplier=supplier,
        location=location,
        lines=len(group),
        units=sum(x.quantity for x in group),
        value=sum(x.value for x in group),
    )
    assert escape(heading) in html
    supplier_totals = html[html.index('id="supplier-totals"') :]
    assert render("web.orders.money", "en", value=sum(x.value for x in every)) in html
    for supplier_id in {x.supplier_id for x in every}:
        of_supplier = [x for x in every if x.supplier_id == supplier_id]
        assert f'({supplier_id})</td><td class="num">{len(of_supplier)}</td>' in supplier_totals


def test_filters_by_supplier_store_and_flag_keep_to_their_lines(client_as, web_shop):
    client, _ = client_as("buyer")
    every = lines_of(client, web_shop.plan_id)
    supplier = every[-1].supplier_id
    shown = {line for line, _ in rows(client.get(f"/orders?supplier={supplier}&limit=500").text)}
    assert shown == {x.line for x in every if x.supplier_id == supplier}
    location = every[0].location_id
    html = client.get(f"/orders?location={location}&flagged=1&limit=500").text
    shown = {line for line, _ in rows(html)}
    assert shown and shown == {x.line for x in every if x.location_id == location and x.flags}
    assert 'id="flagged" name="flagged" value="1" checked' in html
    assert f'<option value="{location}" selected>' in html


def test_a_long_plan_is_shown_a_page_at_a_time(client_as, web_shop):
    client, _ = client_as("buyer")
    in_groups = sorted(lines_of(client, web_shop.plan_id), key=lambda x: (not x.flags, x.supplier_id, x.location_id))
    every = [x.line for x in in_groups]
    first = client.get("/orders?limit=10").text
    assert [line for line, _ in rows(first)] == every[:10]
    assert render("web.orders.page", "en", first=1, last=10, total=len(every)) in first
    assert 'href="/orders?offset=10&amp;limit=10" id="next"' in first
    second = client.get("/orders?limit=10&offset=10").text
    assert [line for line, _ in rows(second)] == every[10:20]
    assert 'href="/orders?limit=10" id="previous"' in second
    assert len(rows(client.get("/orders?limit=100000").text)) == min(len(every), 500)  # at most 500 a page


def test_a_buyer_approves_one_flagged_line_and_goes_back_to_the_same_lines(client_as, web_shop):
    client, csrf = client_as("buyer")
    (line,) = flagged_lines(client, web_shop.plan_id, 1)
    answer = post(
        client, "/orders/decide", csrf, plan=web_shop.plan_id, lines=[line.line], decision="approve", back="flagged=1"
    )
    assert answer.status_code == 303
    target = urlsplit(answer.headers["location"])
    assert target.path == "/orders"
    assert parse_qs(target.query) == {"flagged": ["1"], "decided": ["approve"], "count": ["1"]}
    decided = line_of(client, web_shop.plan_id, line.line)
    assert (decided.decision, decided.decided_by, decided.quantity) == ("approve", "buyer", line.proposed_quantity)
    html = client.get(answer.headers["location"]).text
    approved = Message("review.decision.approve")
    assert render("decided", "en", decision=approved, count=1, plan_id=web_shop.plan_id) in html
    at = decided.decided_at.strftime("%Y-%m-%d %H:%M")
    assert render("review.decided.approve", "en", who="buyer", at=at) in row(html, line.line)


def test_a_buyer_approves_several_lines_at_once(client_as, web_shop):
    client, csrf = client_as("buyer")
    chosen = [x.line for x in flagged_lines(client, web_shop.plan_id, 4)]
    answer = post(client, "/orders/decide", csrf, plan=web_shop.plan_id, lines=chosen, decision="approve")
    assert answer.status_code == 303 and "count=4" in answer.headers["location"]
    decided = {x.line: x.decision for x in lines_of(client, web_shop.plan_id)}
    assert [decided[n] for n in chosen] == ["approve"] * 4
    assert sum(1 for d in decided.values() if d) == 4  # no other line


def test_an_edit_keeps_its_quantity_reason_and_who_and_the_page_shows_them(client_as, web_shop):
    client, csrf = client_as("buyer")
    (line,) = flagged_lines(client, web_shop.plan_id, 1)
    quantity = line.proposed_quantity + line.case_pack
    answer = post(
        client,
        "/orders/edit",
        csrf,
        plan=web_shop.plan_id,
        line=line.line,
        quantity=quantity,
        reason="Promotion next week",
    )
    assert answer.status_code == 303 and "decided=edit" in answer.headers["location"]
    edited = line_of(client, web_shop.plan_id, line.line)
    assert (edited.decision, edited.quantity, edited.decision_reason, edited.decided_by) == (
        "edit",
        quantity,
        "Promotion next week",
        "buyer",
    )
    shown = row(client.get("/orders").text, line.line)
    assert f'<td class="num quantity">{quantity:,.0f}</td>' in shown
    decided = Message("review.decided.edit", {"who": "buyer", "at": edited.decided_at.strftime("%Y-%m-%d %H:%M")})
    assert render("review.decided_because", "en", decided=decided, reason="Promotion next week") in shown


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_an_edit_without_a_reason_is_refused_in_the_viewers_language(client_as, web_shop, language):
    client, csrf = client_as("buyer", language)
    (line,) = flagged_lines(client, web_shop.plan_id, 1)
    answer = post(client, "/orders/edit", csrf, plan=web_shop.plan_id, line=line.line, quantity=line.case_pack)
    assert answer.status_code == 400
    refused = render("refusal.edit_needs_quantity_and_reason", language)
    assert f'<p class="error" role="alert" id="refused">{escape(refused)}</p>' in answer.text
    assert rows(answer.text)  # the lines are still there to correct the edit
    assert line_of(client, web_shop.plan_id, line.line).decision is None


def test_an_edit_too_far_from_its_proposal_is_refused_with_its_limit(client_as, web_shop):
    client, csrf = client_as("buyer")
    (line,) = flagged_lines(client, web_shop.plan_id, 1)
    limit = edit_limit(line.proposed_quantity, line.case_pack, web_shop.settings.replenishment.review_edit_max_multiple)
    answer = post(
        client, "/orders/edit", csrf, plan=web_shop.plan_id, line=line.line, quantity=limit + 1, reason="typo"
    )
    assert answer.status_code == 400
    multiple = web_shop.settings.replenishment.review_edit_max_multiple
    words = render("refusal.edit_above_limit", "en", line=line.line, value=limit + 1, limit=limit, multiple=multiple)
    assert escape(words) in answer.text
    assert line_of(client, web_shop.plan_id, line.line).decision is None


def test_a_rejection_orders_nothing_and_keeps_its_reason(client_as, web_shop):
    client, csrf = client_as("buyer")
    (line,) = flagged_lines(client, web_shop.plan_id, 1)
    answer = post(
        client,
        "/orders/decide",
        csrf,
        plan=web_shop.plan_id,
        lines=[line.line],
        decision="reject",
        reason="Overstocked",
    )
    assert answer.status_code == 303
    rejected = line_of(client, web_shop.plan_id, line.line)
    assert (rejected.decision, rejected.quantity, rejected.decision_reason) == ("reject", 0.0, "Overstocked")
    shown = row(client.get("/orders").text, line.line)
    assert '<span class="error">' + render("review.decided.reject", "en", who="buyer", at="") in shown


def test_approving_with_no_line_ticked_says_so(client_as, web_shop):
    client, csrf = client_as("buyer", "zh-HK")
    answer = post(client, "/orders/decide", csrf, plan=web_shop.plan_id, decision="approve")
    assert answer.status_code == 400
    assert render("web.orders.none_ticked", "zh-HK") in answer.text


@pytest.mark.parametrize("role", ["vendor", "finance", "verifier"])
def test_a_role_that_may_not_decide_sees_the_lines_and_no_decision_control(client_as, web_shop, role):
    client, _ = client_as(role)
    html = client.get("/orders").text
    assert rows(html)  # it sees the plan
    assert f'href="/orders/{web_shop.plan_id}/purchase-orders.csv"' in html  # and may download it
    for control in ('name="lines"', 'id="approve"', 'id="reject"', 'action="/orders/decide"', 'action="/orders/edit"'):
        assert control not in html, control
    assert 'action="/orders/run"' not in html


def test_a_vendors_forced_decision_is_refused_and_logged(client_as, web_shop):
    client, csrf = client_as("vendor")
    (line,) = flagged_lines(client, web_shop.plan_id, 1)
    answer = post(client, "/orders/decide", csrf, plan=web_shop.plan_id, lines=[line.line], decision="approve")
    assert answer.status_code == 403
    assert line_of(client, web_shop.plan_id, line.line).decision is None
    with store_of(client) as store:
        refused = [e for e in store.access.access_log(20) if e.event == "refused"]
    assert refused[0].who == "vendor" and refused[0].detail == "decide_orders POST /orders/decide"


def test_a_decision_without_the_csrf_token_is_refused(client_as, web_shop):
    client, _ = client_as("buyer")
    (line,) = flagged_lines(client, web_shop.plan_id, 1)
    for path, data in (
        ("/orders/decide", {"plan": web_shop.plan_id, "lines": [line.line], "decision": "approve"}),
        ("/orders/edit", {"plan": web_shop.plan_id, "line": line.line, "quantity": 1, "reason": "x"}),
        ("/orders/run", {}),
    ):
        answer = client.post(path, data=data, follow_redirects=False)
        assert answer.status_code == 403, path
        assert render("refusal.csrf", "en") in answer.text
    assert line_of(client, web_shop.plan_id, line.line).decision is None


def test_the_csv_download_holds_the_approved_and_edited_lines(client_as, web_shop):
    client, csrf = client_as("buyer")
    approved, edited, rejected = flagged_lines(client, web_shop.plan_id, 3)
    chosen = {approved.line, edited.line, rejected.line}
    ordering = next(x for x in lines_of(client, web_shop.plan_id) if x.proposed_quantity > 0 and x.line not in chosen)
    plan = web_shop.plan_id
    post(client, "/orders/decide", csrf, plan=plan, lines=[approved.line, ordering.line], decision="approve")
    quantity = edited.proposed_quantity + edited.case_pack
    post(client, "/orders/edit", csrf, plan=plan, line=edited.line, quantity=quantity, reason="More for the fair")
    post(client, "/orders/decide", csrf, plan=plan, lines=[rejected.line], decision="reject")
    answer = client.get(f"/orders/{web_shop.plan_id}/purchase-orders.csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"] == f'attachment; filename="plan-{web_shop.plan_id}-order-lines.csv"'
    found = {int(r["line"]): r for r in csv.DictReader(io.StringIO(answer.text))}
    expected = {x.line for x in (approved, ordering) if round(x.proposed_quantity) > 0} | {edited.line}
    assert set(found) == expected  # a rejected line, or one approved at 0, orders nothing
    assert found[edited.line]["quantity"] == f"{quantity:.0f}"
    assert found[edited.line]["decision_reason"] == "More for the fair"
    assert {r["decided_by"] for r in found.values()} == {"buyer"}


def test_the_excel_download_is_in_the_viewers_language(client_as, web_shop):
    client, csrf = client_as("buyer", "zh-HK")
    line = next(x for x in lines_of(client, web_shop.plan_id) if x.proposed_quantity > 0)
    post(client, "/orders/decide", csrf, plan=web_shop.plan_id, lines=[line.line], decision="approve")
    answer = client.get(f"/orders/{web_shop.plan_id}/purchase-orders.xlsx")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].endswith('order-lines.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    header, *values = [list(r) for r in sheet.iter_rows(values_only=True)]
    (only,) = [dict(zip(header, r, strict=True)) for r in values]
    assert (only["line"], only["sku"], only["quantity"]) == (line.line, line.sku, round(line.proposed_quantity))
    assert only["product"] == line.product_name("zh-HK")
    assert only["reason"] == render(line.reason, "zh-HK")


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_a_download_with_no_approved_line_says_so(client_as, web_shop, language):
    client, _ = client_as("finance", language)
    answer = client.get(f"/orders/{web_shop.plan_id}/purchase-orders.csv")
    assert answer.status_code == 400
    assert escape(render("exported.nothing", language, plan_id=web_shop.plan_id)) in answer.text
    assert client.get(f"/orders/{web_shop.plan_id}/purchase-orders.pdf").status_code == 404


def test_a_plan_a_re_plan_replaced_is_shown_for_the_record_only(client_as, web_shop):
    client, csrf = client_as("buyer")
    (line,) = flagged_lines(client, web_shop.plan_id, 1)
    with store_of(client) as store:
        newer = make_plan(store, web_shop.settings, latest_forecast_day(store)).plan_id
    assert render("web.orders.heading", "en", plan_id=newer) in client.get("/orders").text  # the latest by default
    old = client.get(f"/orders?plan={web_shop.plan_id}").text
    note = render("review.superseded", "en", plan_id=web_shop.plan_id, replaced_by=newer)
    assert escape(note) in old and 'name="lines"' not in old and "purchase-orders.csv" not in old
    answer = post(client, "/orders/decide", csrf, plan=web_shop.plan_id, lines=[line.line], decision="approve")
    assert answer.status_code == 400
    assert escape(render("refusal.plan_superseded", "en", plan_id=web_shop.plan_id, replaced_by=newer)) in answer.text
    download = client.get(f"/orders/{web_shop.plan_id}/purchase-orders.csv")
    assert download.status_code == 400
    refused = render("refusal.export_superseded", "en", plan_id=web_shop.plan_id, replaced_by=newer)
    assert escape(refused) in download.text
