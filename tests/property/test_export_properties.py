"""Property tests for the safe export writer (issue 11): whatever the text, a CSV cell never
starts a formula unless it is a plain number and gives back the original once its one added
quote is taken off; whatever the id, its file name stays one plain name of its own."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from stockpilot.adapters.exports import csv_cell, is_plain_number, neutralise, safe_name, safe_names, target_path

# the characters the rule is about, mixed generously into arbitrary text
TRICKY = "=+-@\t\r\n '\"0123456789.eE＝＋－＠﹦﹢﹣﹫\u3000\u200b\xa0/\\\x00~"
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), max_size=40)
DANGEROUS_FIRST = set("=+-@\t\r＝＋－＠﹦﹢﹣﹫")
LOOKED_THROUGH = " \n\u3000\u200b\xa0"
FOLDER = Path(tempfile.gettempdir()) / "stockpilot-export-properties"  # need not exist


def unneutralise(original: str, cell: str) -> str:
    """The cell with its one added quote taken off (the writer adds at most one)."""
    return cell[1:] if cell != original else cell


@given(texts)
def test_a_csv_cell_never_starts_a_formula_and_gives_back_the_original(text):
    cell = neutralise(text)
    assert cell in (text, "'" + text)
    assert unneutralise(text, cell) == text
    assert csv_cell(text) == cell
    if cell and not is_plain_number(cell):
        assert cell[0] not in DANGEROUS_FIRST
    if text.lstrip(LOOKED_THROUGH)[:1] in DANGEROUS_FIRST and not is_plain_number(text):
        assert cell.startswith("'")  # whitespace in front does not hide a formula


@given(st.lists(texts, max_size=5))
def test_a_neutralised_row_survives_csv_quoting(row):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow([csv_cell(c) for c in row])
    read = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")), [])
    assert [unneutralise(o, c) for o, c in zip(row, read, strict=True)] == row


@given(st.integers() | st.floats(allow_nan=False))
def test_numbers_are_never_altered(number):
    assert csv_cell(number) == (repr(number) if isinstance(number, float) else str(number))


@given(texts)
def test_a_safe_name_is_one_plain_name_inside_its_folder(identifier):
    name = safe_name(identifier, ".csv")
    stem = name.removesuffix(".csv")
    assert not any(c in name for c in "/\\\x00") and stem not in (".", "..") and not name.startswith(".")
    assert ".." not in name and len(name.encode("utf-8")) <= 255
    assert target_path(FOLDER, name).parent == FOLDER
    assert safe_name(identifier, ".csv") == name  # stable


@given(st.lists(texts, unique=True, max_size=8))
def test_distinct_ids_get_distinct_names(identifiers):
    names = [safe_name(i) for i in identifiers]
    assert len(set(names)) == len(names)
    batch = safe_names(identifiers, ".csv")
    assert len({n.casefold() for n in batch.values()}) == len(identifiers)  # even where case is ignored
