"""Cheap SQL tests that spare the import a costlier one pass every value the costly one would take.

- The privacy scan looks in Python only at the distinct values that ``CODE_CANDIDATE`` or
  ``TEXT_CANDIDATE`` select in DuckDB (RE2), so each must be a superset of what
  :func:`stockpilot.domain.privacy.find_personal_data` finds with the rules it stands for.
- The time-zone regular expressions run only on values :func:`may_have_zone` passes.
"""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stockpilot.adapters.importers.checks import ZONE_SUFFIX, may_have_zone, quote
from stockpilot.adapters.importers.privacy_scan import CODE_CANDIDATE, TEXT_CANDIDATE
from stockpilot.domain.privacy import find_personal_data

# Pieces of personal data as people write them, and pieces that nearly are.
PIECES = [
    *("+852 9123 4567", "85291234567", "9123.4567", "2345-6789", "9 1 2 3 4 5 6 7", "61234567"),
    *("chan@example.com", "a.b@x.hk", "A123456(3)", "A1234563", "AB987654(5)", "Z 683365-5"),
    *("4111 1111 1111 1111", "4111111111111111", "378282246310005", "5500-0000-0000-0004"),
    *("6011 0009 9013 9424", "30569309025904", "4111.1111.1111.1111"),
    *("Mr Chan", "Ms. Wong Siu Ming", "Dr Lee", "陳先生", "李小姐", "Flat B", "Rm 12", "Room A3"),
    *("12/F", "3 / F", "18 Nathan Road", "1A Queen's Road", "彌敦道18號", "12樓", "B室"),
    *("2024-01-01", "2024-01-01 10:15:00+08:00", "SKU-0012", "PO 2024 0001", "1,234.50"),
]
ALPHABET = list("0123456789 -+@.()/_abcAFZrmoFlat852Mr電話號樓\n")
value = st.lists(
    st.sampled_from(PIECES) | st.text(alphabet=st.sampled_from(ALPHABET), max_size=20) | st.text(max_size=8),
    max_size=5,
).map("".join)

CHECKS = settings(max_examples=400, deadline=None)


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def _selects(con: duckdb.DuckDBPyConnection, pattern: str, text: str) -> bool:
    return bool(con.execute("SELECT regexp_matches(?, ?)", [text, pattern]).fetchone()[0])


@CHECKS
@given(text=value)
def test_the_code_filter_passes_what_the_code_rules_find(con, text):
    if find_personal_data(text, in_code=True):
        assert _selects(con, CODE_CANDIDATE, text), text


@CHECKS
@given(text=value)
def test_the_text_filter_passes_what_the_free_text_rules_find(con, text):
    if find_personal_data(text):
        assert _selects(con, TEXT_CANDIDATE, text), text


@pytest.mark.parametrize("piece", [p for p in PIECES if find_personal_data(p, in_code=True)])
def test_every_piece_found_in_a_code_is_selected(con, piece):
    assert _selects(con, CODE_CANDIDATE, piece)


def test_the_code_filter_leaves_dates_and_plain_ids_to_sql(con):
    """What makes the filter worth having: a million such values never reach Python."""
    for text in ("2024-01-01 10:15:00", "2024-01-01", "S123456", "SKU00017", "INV-2024-000123", "12.50"):
        assert not find_personal_data(text, in_code=True)
        assert not _selects(con, CODE_CANDIDATE, text), text


stamp = st.lists(
    st.sampled_from(["2024-01-01", " ", "T", "10:15", ":00", ".5", "Z", "+08:00", "-05", "+0800", "z", "-"])
    | st.text(alphabet=st.sampled_from(list("0123456789:+-Z T.")), max_size=12),
    max_size=6,
).map("".join)


@CHECKS
@given(text=stamp)
def test_the_zone_guard_passes_every_value_with_a_zone(con, text):
    if _selects(con, ZONE_SUFFIX, text):
        guard = con.execute(f"SELECT {may_have_zone(quote(text))}").fetchone()[0]
        assert guard, text
