"""Property tests for the importer (R-DATA-2, R-DATA-3).

Generated canonical sales CSV files mix valid rows with every kind of bad row a
POS export produces. Whatever the mix, the import must not raise, must account
for every row (accepted + quarantined = received = rows written), must
quarantine exactly the bad rows with a known reason and the line they sit on,
and must store exactly the distinct valid event ids. Re-sending is harmless.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.domain.model import is_no_value
from stockpilot.domain.privacy import find_personal_data, mask_personal_data
from stockpilot.domain.problems import PROBLEMS
from stockpilot.services.importing import import_file

COLUMNS = ("event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price")
REQUIRED = ("event_id", "occurred_at", "location_id", "sku", "quantity")
LOCATIONS = ("ST01", "WH")
SKUS = ("SKU1", "SKU2", "SKU3")

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- the rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One data line of the generated file and what the importer must do with it.

    ``fields`` is set when the line has exactly one value per header column;
    ``line`` is the line's bytes (without the newline). ``expect`` is the problem
    code the row must be quarantined with, or None for a valid row.
    """

    line: bytes
    fields: dict[str, str] | None
    expect: str | None

    @property
    def event_id(self) -> str:
        assert self.fields is not None
        return self.fields["event_id"]


def _line(fields: dict[str, str], header: tuple[str, ...]) -> bytes:
    return ",".join(fields[c] for c in header).encode("utf-8")


def _row(fields: dict[str, str], header: tuple[str, ...], expect: str | None) -> Row:
    return Row(_line(fields, header), dict(fields), expect)


event_ids = st.one_of(
    st.sampled_from([f"E{i}" for i in range(10)]),  # small pool: repeats happen
    st.text(alphabet="abcdefghXYZ0123456789-_", min_size=1, max_size=10).filter(
        lambda t: not is_no_value(t)
        and not find_personal_data(t, in_code=True)  # those are read as blanks, pseudonymised
    ),
    st.sampled_from(["銷售-1", "銷售-2", "退貨-3"]),  # valid UTF-8, non-ASCII
)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2024, 12, 31))
times = st.one_of(
    days.map(lambda d: d.isoformat()),
    st.tuples(days, st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0].isoformat()} {t[1]:02d}:{t[2]:02d}"),
)
quantities = st.one_of(
    st.integers(0, 500).map(str),
    st.integers(1, 999).map(lambda n: f"{n / 4:g}"),
)
prices = st.one_of(st.just(""), st.integers(0, 9999).map(lambda n: f"{n / 10:g}"))

valid_fields = st.fixed_dictionaries(
    {
        "event_id": event_ids,
        "occurred_at": times,
        "location_id": st.sampled_from(LOCATIONS),
        "sku": st.sampled_from(SKUS),
        "quantity": quantities,
        "unit_price": prices,
    }
)

# (column, bad value, expected problem code)
BAD_VALUES = st.sampled_from(
    [
        ("quantity", "abc", "not_a_number"),
        ("quantity", "12kg", "not_a_number"),
        ("unit_price", "x1", "not_a_number"),
        ("occurred_at", "2023-02-30", "not_a_date"),
        ("occurred_at", "2024-13-01", "not_a_date"),
        ("occurred_at", "yesterday", "not_a_date"),
        ("occurred_at", "1850-01-01", "too_early"),
        ("occurred_at", "1999-12-31", "too_early"),
        ("occurred_at", "2999-06-01", "in_future"),
        ("occurred_at", "9999-12-31 23:59", "in_future"),
        ("quantity", "-1", "below_minimum"),
        ("quantity", "-0.5", "below_minimum"),
        ("unit_price", "-3", "below_minimum"),
        ("sku", "NOPE-1", "unknown_reference"),
        ("location_id", "ST99", "unknown_reference"),
    ]
    + [(c, "", "missing_required") for c in REQUIRED]
)

# Byte strings that are neither UTF-8 nor Big5-HKSCS.
BAD_BYTES = st.sampled_from([b"\xff", b"\x80", b"\xff\xfe", b"\x80\x80\xff"])


@st.composite
def sales_rows(draw: st.DrawFn, header: tuple[str, ...], bad_bytes: bool) -> list[Row]:
    """A random mix of valid and malformed data rows, in file order."""
    kinds = ["valid", "valid", "bad_value", "same_repeat", "different_repeat", "too_many", "too_few"]
    if bad_bytes:
        kinds.append("bad_bytes")
    rows: list[Row] = []
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=25)):
        fields = draw(valid_fields)
        earlier = [r for r in rows if r.expect is None]
        if kind == "valid":
            rows.append(_row(fields, header, None))
        elif kind == "bad_value":
            column, value, code = draw(BAD_VALUES)
            rows.append(_row({**fields, column: value}, header, code))
        elif kind in ("same_repeat", "different_repeat"):
            if not earlier:
                rows.append(_row(fields, header, None))
                continue
            first = draw(st.sampled_from(earlier))
            copied = dict(first.fields or {})
            if kind == "different_repeat":
                copied["quantity"] = str(draw(st.integers(501, 900)))  # surely different
            rows.append(_row(copied, header, None))
        elif kind == "too_many":
            # DuckDB tolerates extra fields that are all empty (nothing is lost), so
            # the last extra field holds a value.
            extra = draw(st.lists(st.sampled_from(["x", "1", "", "ST01"]), max_size=2))
            extra.append(draw(st.sampled_from(["x", "1", "ST01", "9"])))
            line = _line(fields, header) + b"," + ",".join(extra).encode()
            rows.append(Row(line, None, "malformed_row"))
        elif kind == "too_few":
            keep = draw(st.integers(2, len(header) - 1))  # 1 field may be a blank line
            rows.append(Row(",".join(fields[c] for c in header[:keep]).encode(), None, "malformed_row"))
        elif kind == "bad_bytes":
            column = draw(st.sampled_from(COLUMNS))
            junk = draw(BAD_BYTES)
            text = fields[column]
            at = draw(st.integers(0, len(text)))
            cells = [fields[c].encode() for c in header]
            cells[header.index(column)] = text[:at].encode() + junk + text[at:].encode()
            rows.append(Row(b",".join(cells), None, "unreadable_characters"))
    return rows


@st.composite
def sales_files(draw: st.DrawFn, bad_bytes: bool = False) -> tuple[tuple[str, ...], list[Row]]:
    header = tuple(draw(st.permutations(COLUMNS)))
    rows = draw(sales_rows(header, bad_bytes))
    if bad_bytes:
        assume(any(r.expect == "unreadable_characters" for r in rows))
    return header, rows


def file_bytes(header: tuple[str, ...], rows: list[Row]) -> bytes:
    return b"\n".join([",".join(header).encode(), *(r.line for r in rows)]) + b"\n"


def typed(fields: dict[str, str]) -> tuple:
    """The values the importer compares when an id comes again (types, not spelling)."""

    def number(text: str) -> float | None:
        return float(text) if text else None

    return (
        fields["event_id"],
        dt.datetime.fromisoformat(fields["occurred_at"]),
        fields["location_id"],
        fields["sku"],
        number(fields["quantity"]),
        number(fields["unit_price"]),
    )


def expected_outcome(rows: list[Row]) -> tuple[dict[int, str], set[str], int]:
    """Line number -> expected problem code of each quarantined row, the event ids
    the sales table must hold, and how many rows must be accepted.

    The first valid row of an id is stored; a later valid row with the same values
    is accepted as unchanged; one with other values is an id conflict.
    """
    quarantined: dict[int, str] = {}
    firsts: dict[str, tuple] = {}
    accepted = 0
    for line_number, row in enumerate(rows, start=2):  # the header is line 1
        if row.expect is not None:
            quarantined[line_number] = row.expect
            continue
        values = typed(row.fields or {})
        first = firsts.setdefault(row.event_id, values)
        if first == values:
            accepted += 1
        else:
            quarantined[line_number] = "id_conflict"
    return quarantined, set(firsts), accepted


# --- helpers ----------------------------------------------------------------------------


def fresh_db(master_files: tuple[Path, Path], run_settings) -> Store:
    db = open_store(":memory:")
    for path in master_files:
        import_file(db, path, run_settings)
    return db


def sales_ids(db: Store) -> list[str]:
    return [r[0] for r in db.engine.connection.execute("SELECT event_id FROM sales").fetchall()]


def sales_fingerprint(db: Store) -> tuple:
    return db.engine.connection.execute(
        "SELECT count(*), sum(hash(event_id, occurred_at, location_id, sku, quantity, unit_price,"
        " member_id, recorded_at, import_id)) FROM sales"
    ).fetchone()


def quarantine_of(db: Store, import_id: int) -> list[tuple[int, dict, list[dict], str]]:
    rows = db.engine.connection.execute(
        "SELECT row_number, raw, problems, first_code FROM quarantine WHERE import_id = ? ORDER BY row_number",
        [import_id],
    ).fetchall()
    return [(n, json.loads(raw), json.loads(problems), first) for n, raw, problems, first in rows]


def check_import(db: Store, path: Path, header: tuple[str, ...], rows: list[Row], run_settings):
    """Import ``path`` into a database without sales and check every R-DATA-3 property."""
    report = import_file(db, path, run_settings)  # must not raise
    summary = report.to_dict()
    expected_quarantine, expected_ids, expected_accepted = expected_outcome(rows)

    assert report.received == len(rows), summary
    assert report.accepted + report.quarantined == report.received, summary
    assert report.quarantined == len(expected_quarantine), summary
    assert report.accepted == expected_accepted, summary

    quarantined = quarantine_of(db, report.import_id)
    assert len(quarantined) == report.quarantined
    assert [n for n, *_ in quarantined] == sorted(expected_quarantine), (
        "quarantined line numbers differ from the bad rows' lines"
    )
    for row_number, raw, problems, first_code in quarantined:
        row = rows[row_number - 2]
        assert problems, f"line {row_number}: quarantined without a reason"
        codes = [p["code"] for p in problems]
        assert all(code in PROBLEMS for code in codes), codes
        assert first_code == codes[0]
        assert expected_quarantine[row_number] in codes, (row_number, row.line, codes)
        text = row.line.decode("utf-8", errors="replace")
        if row.fields is not None or row.expect == "unreadable_characters":
            # One value per column: the raw content is the line, column by column.
            assert list(raw) == list(header), raw
            assert ",".join("" if v is None else v for v in raw.values()) == text
        else:
            # A line with the wrong number of fields keeps the fields under the header's
            # names, each masked as free text (none can be trusted to be its column); a
            # surplus sits under no column the profile maps, so it is not kept.
            assert list(raw) == list(header)[: len(raw)], raw
            kept = [mask_personal_data(f)[0] for f in text.split(",")[: len(header)]]
            assert ",".join("" if v is None else v for v in raw.values()) == ",".join(kept)

    stored = sales_ids(db)
    assert len(stored) == len(set(stored)), "an event id was stored twice"
    assert set(stored) == expected_ids
    assert summary["new"] == len(expected_ids)
    return report


# --- properties ---------------------------------------------------------------------------


@contextmanager
def sales_file_in_fresh_db(settings, master_files, header, rows) -> Iterator[tuple[Store, Path]]:
    """A sales.csv with ``rows`` in a temporary folder, and a fresh database with the master data."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sales.csv"
        path.write_bytes(file_bytes(header, rows))
        db = fresh_db(master_files, settings)
        try:
            yield db, path
        finally:
            db.close()


def import_generated(settings, master_files, generated) -> None:
    """Import the generated file into a fresh database and check every row."""
    header, rows = generated
    with sales_file_in_fresh_db(settings, master_files, header, rows) as (db, path):
        check_import(db, path, header, rows, settings)


@PROPERTY
@given(sales_files())
def test_every_row_is_accounted_for(settings, master_files, generated) -> None:
    import_generated(settings, master_files, generated)


@PROPERTY
@given(sales_files(bad_bytes=True))
def test_rows_with_undecodable_bytes_are_quarantined_not_fatal(settings, master_files, generated) -> None:
    """Bytes that are neither UTF-8 nor Big5 quarantine their row (unreadable_characters)."""
    import_generated(settings, master_files, generated)


@PROPERTY
@given(sales_files())
def test_importing_the_same_file_twice_adds_nothing(settings, master_files, generated) -> None:
    header, rows = generated
    with sales_file_in_fresh_db(settings, master_files, header, rows) as (db, path):
        first = check_import(db, path, header, rows, settings)
        before = sales_fingerprint(db)
        second = import_file(db, path, settings)
        summary = second.to_dict()
        assert sales_fingerprint(db) == before
        assert summary["new"] == 0, summary
        assert second.received == first.received
        assert second.accepted + second.quarantined == second.received
        assert second.quarantined == first.quarantined, summary
        # every problem is open already (the same key and problem, or the same content): counted, not
        # stored again, and none closed (the accepted ids' problems are found again)
        assert quarantine_of(db, second.import_id) == []
        open_problems = "SELECT count(*) FROM quarantine WHERE closed_at IS NULL"
        assert db.engine.rows(open_problems) == [(first.quarantined,)]


@PROPERTY
@given(sales_files(), st.permutations(COLUMNS), st.randoms(use_true_random=False))
def test_shuffled_resend_of_valid_rows_is_idempotent(
    settings, master_files, generated, resend_header, rnd: random.Random
) -> None:
    """Re-sending the accepted rows, in another order and column order, changes nothing."""
    header, rows = generated
    quarantined, _, accepted = expected_outcome(rows)
    good = [r for n, r in enumerate(rows, start=2) if n not in quarantined]
    assert len(good) == accepted
    resend = [_row(r.fields or {}, tuple(resend_header), None) for r in good]
    rnd.shuffle(resend)
    with sales_file_in_fresh_db(settings, master_files, header, rows) as (db, path):
        again = path.with_name("sales_resend.csv")
        again.write_bytes(file_bytes(tuple(resend_header), resend))
        import_file(db, path, settings)
        before = sales_fingerprint(db)
        report = import_file(db, again, settings)
        summary = report.to_dict()
        assert report.received == len(resend), summary
        assert report.quarantined == 0, (summary, quarantine_of(db, report.import_id))
        assert report.accepted == len(resend), summary
        assert summary["new"] == 0 and summary["unchanged"] == len(resend), summary
        assert sales_fingerprint(db) == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    column=st.sampled_from(["quantity", "unit_price"]),
    spelling=st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e400"]),
)
def test_non_finite_numbers_are_never_stored(settings, master_files, column, spelling) -> None:
    """NaN and infinity are impossible quantities and prices: never stored as numbers."""
    header = COLUMNS
    fields = {
        "event_id": "NF1",
        "occurred_at": "2024-01-02",
        "location_id": "ST01",
        "sku": "SKU1",
        "quantity": "2",
        "unit_price": "3",
        column: spelling,
    }
    with sales_file_in_fresh_db(settings, master_files, header, [_row(fields, header, None)]) as (db, path):
        report = import_file(db, path, settings)
        assert report.accepted + report.quarantined == report.received == 1
        stored = db.engine.connection.execute(f"SELECT {column} FROM sales").fetchall()
        assert all(v is None or math.isfinite(v) for (v,) in stored), (spelling, stored)
        # "nan" is also a "no value" word: an empty optional price, a missing quantity.
        no_value = spelling.casefold() == "nan" and column == "unit_price"
        assert report.quarantined == (0 if no_value else 1), report.to_dict()
