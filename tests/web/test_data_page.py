"""The Data page (doors/web/routes/data.py) through FastAPI's TestClient: an upload shows
received = accepted + quarantined and every bad row's file, row and reason; the rows download as
`quarantine export` writes them, and a fixed file closes their problems; personal data stays
hidden from the vendor; who may upload, CSRF, safe file names, the size limit, Big5, refusals
and the readiness verdict per location."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import re
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from stockpilot.domain.errors import Refusal
from stockpilot.doors.web.app import WebConfig, create_app
from stockpilot.messages import render
from stockpilot.services.importing import upload_name
from stockpilot.services.quarantine import FIX_COLUMNS
from web_fixtures import SECRET, Shop, log_in

HEADER = ["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price", "recorded_at"]
BAD = {"WEB-BAD-1": "quantity", "WEB-BAD-2": "sku", "WEB-BAD-3": "occurred_at"}  # event id -> the field it breaks


@dataclasses.dataclass(frozen=True)
class Sale:
    """A valid sale of the demo chain to copy: its day, store, SKU and price."""

    day: str
    location: str
    sku: str
    price: str


@pytest.fixture
def sale(web_shop: Shop) -> Sale:
    with (web_shop.db.parent / "files" / "sales.csv").open(encoding="utf-8", newline="") as handle:
        first = next(csv.DictReader(handle))
    return Sale(first["occurred_at"], first["location_id"], first["sku"], first["unit_price"])


def sales_file(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def week(sale: Sale) -> list[list[object]]:
    """Two good sales, then three bad ones: a negative quantity, an unknown SKU, an impossible date."""
    at = f"{sale.day} 20:00:00"
    return [
        ["WEB-OK-1", sale.day, sale.location, sale.sku, 2, sale.price, at],
        ["WEB-OK-2", sale.day, sale.location, sale.sku, 1, sale.price, at],
        ["WEB-BAD-1", sale.day, sale.location, sale.sku, -3, sale.price, at],
        ["WEB-BAD-2", sale.day, sale.location, "NO-SUCH-SKU", 1, sale.price, at],
        ["WEB-BAD-3", "2025-02-30", sale.location, sale.sku, 1, sale.price, at],
    ]


def upload(client: TestClient, token: str | None, name: str, content: bytes, encoding: str = ""):  # type: ignore[no-untyped-def]
    data = {"encoding": encoding} | ({} if token is None else {"csrf": token})
    return client.post("/data/upload", data=data, files={"file": (name, content, "text/csv")})


def card(page: str, name: str) -> int:
    found = re.search(rf'<div class="card" id="{name}">[^<]*<div class="big">(\d+)</div>', page)
    assert found, f"no {name} card"
    return int(found.group(1))


def table(page: str, table_id: str) -> list[list[str]]:
    """The body rows of the table ``table_id``, each cell as plain text."""
    found = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', page, re.S)
    assert found, f"no table {table_id}"
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S)
    ]


def open_rows(page: str) -> dict[str, list[str]]:
    """The quarantine list: a bad row's event id -> its cells (import, file, row, table, reason, content)."""
    return {
        re.search(r"event_id=([^,]*)", cells[5]).group(1): cells  # type: ignore[union-attr]
        for cells in table(page, "quarantine")
        if len(cells) > 5 and "event_id=" in cells[5]
    }


def quarantine_total(page: str) -> int:
    found = re.search(r'<p id="quarantine-count">(.*?)</p>', page)
    return int(re.findall(r"\d+", found.group(1))[1]) if found else 0


def uploads_left() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("stockpilot-upload-*"))


def test_an_upload_shows_received_accepted_quarantined_and_each_bad_rows_file_row_and_reason(
    client_as, sale, tmp_path, monkeypatch
):
    # this test's own temporary folder: another test process may be uploading at the same time
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client, token = client_as("buyer")
    before, left = quarantine_total(client.get("/data").text), uploads_left()
    answer = upload(client, token, "sales-week.csv", sales_file(week(sale)))
    assert answer.status_code == 200, answer.text
    page = answer.text
    assert (card(page, "received"), card(page, "accepted"), card(page, "quarantined")) == (5, 2, 3)
    assert "sales-week.csv: what the import did" in html.unescape(page)
    rows = open_rows(page)
    assert set(BAD) <= set(rows)
    for event_id, field in BAD.items():
        _, file, row, table_name, reason, _ = rows[event_id]
        assert file == "sales-week.csv"  # the person's own file name, not the temporary path
        assert table_name == "sales" and field in reason, (event_id, reason)
    # the file's data rows are lines 2 to 6: the bad ones its lines 4, 5 and 6, as the result lists them too
    assert [rows[e][2] for e in BAD] == ["4", "5", "6"]
    assert [cells[0] for cells in table(page, "result-rows")] == ["4", "5", "6"]
    assert quarantine_total(page) == before + 3
    (latest, *_) = table(page, "imports")
    assert latest[1] == "sales-week.csv" and latest[4:] == ["5", "2", "3"]  # received = accepted + quarantined
    assert "stockpilot-upload" not in page and uploads_left() == left == set()  # the temporary file is gone


def test_the_downloaded_rows_fixed_and_imported_again_close_their_problems(client_as, sale):
    client, token = client_as("buyer")
    first = upload(client, token, "sales-week.csv", sales_file(week(sale))).text
    (import_id, *_) = open_rows(first)["WEB-BAD-1"]
    download = client.get(f"/data/quarantine.csv?import_id={import_id}")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''sales-week.quarantine.csv" in download.headers["content-disposition"]
    handed_back = list(csv.DictReader(io.StringIO(download.text)))
    assert list(handed_back[0]) == [*HEADER, *FIX_COLUMNS]
    assert [(r["event_id"], r["source_row"]) for r in handed_back] == [
        ("WEB-BAD-1", "4"),
        ("WEB-BAD-2", "5"),
        ("WEB-BAD-3", "6"),
    ]
    assert "quantity" in handed_back[0]["reason"]
    fixes = {"WEB-BAD-1": ("quantity", "3"), "WEB-BAD-2": ("sku", sale.sku), "WEB-BAD-3": ("occurred_at", sale.day)}
    for row in handed_back:
        field, value = fixes[row["event_id"]]
        row[field] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(handed_back[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(handed_back)
    fixed = upload(client, token, "sales-week.quarantine.csv", out.getvalue().encode("utf-8"))
    assert fixed.status_code == 200, fixed.text
    assert (card(fixed.text, "received"), card(fixed.text, "accepted"), card(fixed.text, "quarantined")) == (3, 3, 0)
    assert not set(BAD) & set(open_rows(fixed.text))  # no longer open
    assert quarantine_total(fixed.text) == quarantine_total(first) - 3
    assert not set(BAD) & set(open_rows(client.get("/data").text))
    assert client.get(f"/data/quarantine.csv?import_id={import_id}").status_code == 404  # nothing left to fix


def test_the_vendor_sees_the_reasons_but_never_a_rows_content(client_as, sale):
    buyer, token = client_as("buyer")
    upload(buyer, token, "sales-week.csv", sales_file(week(sale)))
    vendor, _ = client_as("vendor")
    page = vendor.get("/data").text
    reasons = [cells[4] for cells in table(page, "quarantine")]
    assert len(reasons) >= 3 and all(reasons)
    assert all(len(cells) == 5 for cells in table(page, "quarantine"))  # no content column
    assert 'id="content-hidden"' in page and "Content as received" not in page
    assert "WEB-OK" not in page and "WEB-BAD" not in page and "event_id=" not in page
    assert 'id="downloads"' not in page and 'id="upload"' not in page
    assert vendor.get("/data/quarantine.csv?import_id=1").status_code == 403
    assert "event_id=WEB-BAD-1" in buyer.get("/data").text  # the buyer may see it


def test_an_employee_representative_may_look_but_not_upload(client_as, sale):
    client, token = client_as("employee_rep")
    page = client.get("/data")
    assert page.status_code == 200 and 'id="imports"' in page.text and 'id="readiness"' in page.text
    assert 'id="upload"' not in page.text and render("web.data.upload.not_allowed") in html.unescape(page.text)
    refused = upload(client, token, "sales-week.csv", sales_file(week(sale)))
    assert refused.status_code == 403
    assert "sales-week.csv" not in client.get("/data").text  # nothing was imported


def test_an_upload_without_the_csrf_token_is_refused(client_as, sale):
    client, token = client_as("buyer")
    for sent in (None, "not-the-token"):
        answer = upload(client, sent, "sales-week.csv", sales_file(week(sale)))
        assert answer.status_code == 403
        assert render("refusal.csrf") in html.unescape(answer.text)
    assert "sales-week.csv" not in client.get("/data").text


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("../../../../tmp/sales-escape.csv", "sales-escape.csv"),
        ("..\\..\\Windows\\sales-escape.csv", "sales-escape.csv"),
        ("/etc/cron.d/sales-escape.csv", "sales-escape.csv"),
    ],
)
def test_a_path_in_the_file_name_is_dropped(client_as, sale, sent, stored):
    client, token = client_as("buyer")
    answer = upload(client, token, sent, sales_file(week(sale)))
    assert answer.status_code == 200, answer.text
    assert html.unescape(answer.text).count(f"{stored}: what the import did") == 1
    assert table(answer.text, "imports")[0][1] == stored
    assert {cells[1] for cells in open_rows(answer.text).values() if cells[5].startswith("event_id=WEB")} == {stored}
    assert not Path("/tmp/sales-escape.csv").exists() and not Path("/etc/cron.d/sales-escape.csv").exists()


def test_upload_names_keep_only_the_last_part_made_safe_with_its_suffix():
    assert upload_name("sales.csv") == "sales.csv"
    assert upload_name("C:\\Users\\me\\Products.XLSX") == "Products.XLSX"
    assert upload_name("../銷售.parquet") == "銷售.parquet"
    odd = upload_name("sales (1)\x00;rm -rf.csv")
    assert odd.startswith("sales__1") and odd.endswith(".csv") and "~" in odd  # changed, so marked with a hash
    assert re.fullmatch(r"[\w.~-]+", odd)
    assert not upload_name("..csv").startswith(".")
    for refused in ("../../etc/passwd", "sales.exe", "sales.csv.zip", ".csv", ""):
        with pytest.raises(Refusal) as caught:
            upload_name(refused)
        assert caught.value.code == "web.data.unknown_type"


def test_an_unknown_file_type_is_refused_on_the_page_naming_the_file(client_as):
    client, token = client_as("buyer")
    answer = upload(client, token, "report.exe", b"MZ")
    assert answer.status_code == 400
    refusal = html.unescape(re.search(r'<p class="error" role="alert" id="refusal">(.*?)</p>', answer.text).group(1))  # type: ignore[union-attr]
    assert "report.exe" in refusal and "'.exe'" in refusal and ".csv" in refusal
    assert 'id="upload"' in answer.text  # the page is there to try again


def test_an_unreadable_file_is_a_refusal_on_the_page_not_an_error(client_as):
    client, token = client_as("buyer")
    before = table(client.get("/data").text, "imports")
    answer = upload(client, token, "sales.xlsx", b"this is not a workbook")
    assert answer.status_code == 400
    page = html.unescape(answer.text)
    assert "sales.xlsx was not imported, nothing of it was stored: sales.xlsx: not a readable Excel .xlsx" in page
    assert "stockpilot-upload" not in page and "/tmp" not in page
    assert table(answer.text, "imports") == before


def test_an_empty_file_choice_is_refused(client_as):
    client, token = client_as("buyer")
    answer = client.post("/data/upload", data={"csrf": token}, files={"file": ("", b"", "application/octet-stream")})
    assert answer.status_code == 400
    assert render("web.data.no_file") in html.unescape(answer.text)


def test_an_upload_over_the_size_limit_is_refused_with_413(web_shop, web_db, sale):
    settings = dataclasses.replace(
        web_shop.settings, web=dataclasses.replace(web_shop.settings.web, api_max_request_bytes=1_000)
    )
    with TestClient(create_app(WebConfig(settings, str(web_db), SECRET))) as client:
        token = log_in(client, "buyer")
        assert upload(client, token, "sales-week.csv", sales_file(week(sale))).status_code == 200  # 20 x 1,000 bytes
        rows = week(sale) * 100
        big = sales_file([[f"WEB-BIG-{n}", *row[1:]] for n, row in enumerate(rows)])
        assert len(big) > 20_000
        answer = upload(client, token, "sales-big.csv", big)
        assert answer.status_code == 413 and answer.json()["code"] == "refusal.request_too_large"
        assert "sales-big.csv" not in client.get("/data").text


@pytest.mark.parametrize("encoding", ["big5", ""])
def test_a_big5_file_is_imported_chosen_or_detected(client_as, sale, encoding):
    client, token = client_as("buyer")
    at = f"{sale.day} 20:00:00"
    rows = [["WEB-B5-1", sale.day, sale.location, sale.sku, 1, sale.price, at]]
    rows += [["WEB-B5-2", sale.day, sale.location, "貨品甲", 1, sale.price, at]]  # an unknown SKU, in Chinese
    answer = upload(client, token, "sales-big5.csv", sales_file(rows, "big5"), encoding)
    assert answer.status_code == 200, answer.text
    assert (card(answer.text, "received"), card(answer.text, "accepted"), card(answer.text, "quarantined")) == (2, 1, 1)
    assert open_rows(answer.text)["WEB-B5-2"][5].count("sku=貨品甲") == 1  # read as the Chinese it was
    assert re.search(r"encoding (big5|cp950)", answer.text)


def test_only_so_many_quarantined_rows_are_listed_with_the_total(client_as, sale):
    client, token = client_as("buyer")
    at = f"{sale.day} 20:00:00"
    rows = [[f"WEB-NEG-{n}", sale.day, sale.location, sale.sku, -1, sale.price, at] for n in range(150)]
    page = upload(client, token, "sales-negative.csv", sales_file(rows)).text
    total = quarantine_total(page)
    assert total >= 150 and len(table(page, "quarantine")) == 100
    assert f"100 of {total} open rows shown" in page


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_readiness_is_shown_per_location_in_the_viewers_language(client_as, language):
    client, _ = client_as("finance", language)
    page = html.unescape(client.get("/data").text)
    verdict = re.search(r'<p class="(ok|error)" id="verdict">(.*?)</p>', page)
    assert verdict and verdict.group(2) in {
        render(level, language) for level in ("pilot", "estimates_only", "not_ready")
    }
    scopes = [cells[0] for cells in table(page, "readiness")]
    stores = [render("web.data.scope.location", language, location=f"ST{n:02d}") for n in range(1, 13)]
    assert set(stores) <= set(scopes)
    assert scopes[0] == render("web.data.scope.overall", language)
    outcomes = {render(o, language) for o in ("passed", "warn", "failed")}
    assert all(cells[1] in outcomes for cells in table(page, "readiness"))
    history = {"en": "days of sales history", "zh-HK": "日銷售紀錄"}[language]
    assert page.count(history) >= 12


def test_the_quarantine_reasons_are_worded_in_the_viewers_language(client_as, sale):
    client, token = client_as("buyer", "zh-HK")
    page = html.unescape(upload(client, token, "sales-week.csv", sales_file(week(sale))).text)
    assert "sales-week.csv：匯入結果" in page
    reasons = [open_rows(page)[event_id][4] for event_id in BAD]
    assert all(re.search(r"[\u4e00-\u9fff]", reason) for reason in reasons), reasons
    assert "收到 = 接納 + 隔離" in page


def test_after_an_upload_a_language_switch_goes_back_to_the_data_page(client_as):
    client, _ = client_as("buyer")
    answer = client.get("/data/upload", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/data"
