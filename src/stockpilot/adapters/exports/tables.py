"""The one export writer: rows to CSV, Excel and Parquet files, every text cell made safe.

CSV cells go through :func:`~stockpilot.adapters.exports.cells.csv_cell` (RFC 4180 quoting by
the ``csv`` module, OWASP CSV-injection rule for text). Excel files are written with XlsxWriter
(https://xlsxwriter.readthedocs.io/workbook.html) with ``strings_to_formulas``,
``strings_to_urls`` and ``strings_to_numbers`` off; text goes in with ``write_string`` and
numbers with ``write_number``, so no cell is ever a formula, and a text that looks like one
also gets the ``quote_prefix`` format, so Excel keeps it text after a person edits the cell.
Every file is created 0600 and renamed into place (:mod:`~stockpilot.adapters.exports.files`).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from stockpilot.adapters.exports.cells import csv_cell, is_dangerous, neutralise, sheet_name
from stockpilot.adapters.exports.files import atomic_file, target_path

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "nan_inf_to_errors": True,
    "in_memory": True,  # no worksheet temp files outside the target folder
}


_ARROW_FORMATTED = (
    pa.types.is_integer,
    pa.types.is_floating,
    pa.types.is_decimal,
    pa.types.is_boolean,
    pa.types.is_date,
    pa.types.is_timestamp,
)


def write_csv(folder: Path, name: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """``folder/name`` as UTF-8 CSV with ``header`` and ``rows``; returns the path."""
    path = target_path(folder, name)
    with atomic_file(path, text=True) as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_cell(c) for c in header])
        writer.writerows([csv_cell(c) for c in row] for row in rows)
    return path


def write_xlsx(
    folder: Path, name: str, header: Sequence[str], rows: Iterable[Sequence[object]], *, sheet: str = "Sheet1"
) -> Path:
    """``folder/name`` as an Excel workbook of one sheet (name made valid) with ``header`` and ``rows``."""
    path = target_path(folder, name)
    with atomic_file(path) as handle:
        book = xlsxwriter.Workbook(handle, WORKBOOK_OPTIONS)
        text = book.add_format({"quote_prefix": True})
        worksheet = book.add_worksheet(sheet_name(sheet))
        for y, row in enumerate([header, *rows]):
            for x, value in enumerate(row):
                write_cell(worksheet, y, x, value, text)
        book.close()
    return path


def write_cell(
    worksheet: Worksheet, y: int, x: int, value: object, quoted: Format, style: Format | None = None
) -> None:
    """One cell, never a formula (the rule in this module's docstring): nothing for None, a
    boolean or a number as such, anything else as text, with ``quoted`` (a format with
    ``quote_prefix``) when it looks like a formula. ``style`` formats numbers and plain text."""
    if value is None:
        return
    if isinstance(value, bool):
        worksheet.write_boolean(y, x, value, style)
    elif isinstance(value, int | float | Decimal):
        worksheet.write_number(y, x, float(value), style)
    else:
        cell = _text(value)
        worksheet.write_string(y, x, cell, quoted if is_dangerous(cell) else style)


def _text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)


def write_batches(
    batches: pa.RecordBatchReader, folder: Path, csv_name: str | None = None, parquet_name: str | None = None
) -> int:
    """Stream ``batches`` into a CSV and/or a Parquet file in one pass, one batch in memory at a
    time; returns the number of rows."""
    rows = 0
    with ExitStack() as stack:
        writer = parquet = None
        if csv_name is not None:
            handle = stack.enter_context(atomic_file(target_path(folder, csv_name), text=True))
            writer = csv.writer(handle)
            writer.writerow([csv_cell(c) for c in batches.schema.names])
        if parquet_name is not None:
            sink = stack.enter_context(atomic_file(target_path(folder, parquet_name)))
            parquet = stack.enter_context(pq.ParquetWriter(sink, batches.schema))
        for batch in batches:
            rows += batch.num_rows
            if parquet is not None:
                parquet.write_batch(batch)
            if writer is not None:
                writer.writerows(zip(*(_csv_column(column) for column in batch.columns), strict=True))
    return rows


def _csv_column(column: pa.Array) -> list[str]:
    """A column's CSV cells: text neutralised value by value; numbers, booleans, dates and
    times (never text, so never a formula) formatted by Arrow in one go; anything else by ``csv_cell``."""
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return ["" if v is None else neutralise(v) for v in column.to_pylist()]
    if any(test(kind) for test in _ARROW_FORMATTED):
        text = pc.cast(column, pa.string())
        if pa.types.is_timestamp(kind):
            text = pc.replace_substring_regex(text, r"\.0+$", "")  # 10:00:00.000000 -> 10:00:00, as DuckDB writes
        return pc.fill_null(text, "").to_pylist()
    return [csv_cell(v) for v in column.to_pylist()]
