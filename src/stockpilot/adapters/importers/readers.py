"""Read a user's file into a DuckDB temporary table of text columns, losing no row.

Every reader produces the table ``_src`` with ``_rec`` (the record's order in the
file), ``_row`` (where a person finds it: the line of a CSV or JSON Lines file,
the row of a spreadsheet, the record of a Parquet file) and one VARCHAR column
per source column. Rows that cannot even be split into fields are returned as
:class:`RawReject` so that the importer quarantines them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

SNIFF_BYTES = 1 << 16
REPLACEMENT = "\ufffd"


class UnreadableFileError(ValueError):
    """The file as a whole cannot be read; nothing was imported."""


@dataclass(frozen=True)
class RawReject:
    """A row the reader could not split into the file's columns (``fields`` when it
    could be split at all)."""

    row: int
    raw: str
    message: str
    fields: list[str] | None = None


@dataclass
class SourceFile:
    """What a reader loaded into ``_src``."""

    path: Path
    format: str
    columns: list[str]
    rows: int
    encoding: str = ""
    rejects: list[RawReject] = field(default_factory=list)
    mixed_encoding: bool = False

    @property
    def received(self) -> int:
        return self.rows + len(self.rejects)


def _fail(path: Path, why: str) -> UnreadableFileError:
    return UnreadableFileError(f"{path}: {why}")


def read_source(con: duckdb.DuckDBPyConnection, path: Path, encoding: str | None = None) -> SourceFile:
    """Load ``path`` into ``_src``; the format is chosen by the file's extension."""
    if not path.is_file():
        raise _fail(path, "no such file")
    suffix = path.suffix.lower()
    readers = {
        ".csv": _read_csv,
        ".txt": _read_csv,
        ".tsv": _read_csv,
        ".xlsx": _read_xlsx,
        ".parquet": _read_parquet,
        ".json": _read_json,
        ".jsonl": _read_json,
        ".ndjson": _read_json,
    }
    if suffix not in readers:
        raise _fail(path, f"unknown file type '{suffix}' (use .csv, .xlsx, .parquet, .json or .jsonl)")
    con.execute("DROP TABLE IF EXISTS _src")
    if suffix in (".csv", ".txt", ".tsv", ".json", ".jsonl", ".ndjson"):
        return readers[suffix](con, path, encoding)
    return readers[suffix](con, path)


# --- text files -------------------------------------------------------------------------


def _decode(path: Path, encoding: str | None) -> tuple[str, str, bool]:
    """The file's text, the encoding used ("utf-8-sig" when it had a BOM), and whether
    some bytes fitted no encoding.

    UTF-8 (with or without BOM) is tried first, then Big5-HKSCS, which Hong Kong
    POS exports use. A file that is neither is read as UTF-8 with the bad bytes
    replaced, and the rows holding them are quarantined, not guessed at.
    """
    data = path.read_bytes()
    if b"\x00" in data[:SNIFF_BYTES]:
        raise _fail(path, "this is a binary file, not text (is it a spreadsheet or an archive?)")
    if encoding:
        try:
            return data.decode(encoding), encoding, False
        except (LookupError, UnicodeDecodeError) as exc:
            raise _fail(path, f"cannot decode as {encoding}: {exc}") from exc
    utf8 = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        return data.decode(utf8), utf8, False
    except UnicodeDecodeError:
        pass
    if not _some_line_is_utf8(data):
        try:
            return data.decode("big5hkscs"), "big5hkscs", False
        except UnicodeDecodeError:
            pass
    return data.decode(utf8, errors="replace"), f"{utf8} (with unreadable bytes)", True


def _some_line_is_utf8(data: bytes) -> bool:
    """Whether any line with non-ASCII bytes is valid UTF-8: then the file is UTF-8
    with a few foreign rows, not a Big5 file."""
    for line in data.splitlines():
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


def _utf8_copy(text: str, suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=suffix, delete=False, newline="")
    with handle:
        handle.write(text)
    return Path(handle.name)


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, encoding: str | None) -> SourceFile:
    text, used, mixed = _decode(path, encoding)
    if not text.strip():
        raise _fail(path, "the file is empty")
    source = path if used == "utf-8" else _utf8_copy(text, ".csv")
    con.execute("DROP TABLE IF EXISTS _src_rejects; DROP TABLE IF EXISTS _src_scan")
    try:
        con.execute(
            "CREATE TEMP TABLE _src AS SELECT row_number() OVER () AS _rec, * FROM read_csv("
            "?, all_varchar = true, header = true, store_rejects = true, "
            "rejects_scan = '_src_scan', rejects_table = '_src_rejects', "
            "null_padding = false, auto_detect = true, sample_size = 20480)",
            [str(source)],
        )
        delimiter = con.execute("SELECT any_value(delimiter) FROM _src_scan").fetchone()[0] or ","
        rejects = [
            RawReject(int(line), raw or "", message or "", _split(raw or "", delimiter))
            for line, raw, message in con.execute(
                "SELECT line, any_value(csv_line), string_agg(DISTINCT error_message, '; ') "
                "FROM _src_rejects GROUP BY line ORDER BY line"
            ).fetchall()
        ]
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0].replace(str(source), path.name)
        raise _fail(path, f"cannot read as CSV: {message}") from exc
    finally:
        if source != path:
            source.unlink(missing_ok=True)
    columns = [c for c in _columns(con) if c != "_rec"]
    _number_lines(con, [r.row for r in rejects])
    rows = _count(con)
    return SourceFile(path, "csv", columns, rows, used, rejects, mixed)


def _split(line: str, delimiter: str) -> list[str] | None:
    """The fields of a line the CSV reader rejected, when they can be told apart at all."""
    try:
        return next(csv.reader([line], delimiter=delimiter[:1] or ","), None)
    except csv.Error:
        return None


def _number_lines(con: duckdb.DuckDBPyConnection, reject_lines: list[int]) -> None:
    """Give each parsed record its line in the file (header = line 1).

    With rejected lines L1 < L2 < ..., the k-th parsed record sits on line
    b + j, where b = k + 1 and j counts the rejects with L_i - (i - 1) <= b.
    Line breaks inside quoted fields are not counted.
    """
    con.execute("ALTER TABLE _src ADD COLUMN _row BIGINT")
    con.execute("UPDATE _src SET _row = _rec + 1")
    if not reject_lines:
        return
    thresholds = [line - i for i, line in enumerate(sorted(reject_lines))]
    con.execute(
        "UPDATE _src SET _row = _row + (SELECT count(*) FROM unnest(?::BIGINT[]) t(v) WHERE v <= _src._rec + 1)",
        [thresholds],
    )


def _read_json(con: duckdb.DuckDBPyConnection, path: Path, encoding: str | None) -> SourceFile:
    """JSON Lines (one object a line), or one JSON array of objects."""
    text, used, mixed = _decode(path, encoding)
    if not text.strip():
        raise _fail(path, "the file is empty")
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _fail(path, f"not valid JSON at line {exc.lineno}: {exc.msg}") from exc
        numbered = [(n, item, json.dumps(item, ensure_ascii=False)) for n, item in enumerate(items, start=1)]
    else:
        numbered = []
        for number, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    numbered.append((number, json.loads(line), line))
                except json.JSONDecodeError as exc:
                    numbered.append((number, exc, line))
    records: list[dict[str, str | None]] = []
    row_numbers: list[int] = []
    rejects: list[RawReject] = []
    for number, value, line in numbered:
        if isinstance(value, dict):
            records.append({str(k): _text(v) for k, v in value.items()})
            row_numbers.append(number)
        elif isinstance(value, json.JSONDecodeError):
            rejects.append(RawReject(number, line, f"not valid JSON ({value.msg})"))
        else:
            rejects.append(RawReject(number, line, "a record must be one JSON object"))
    columns = list(dict.fromkeys(k for record in records for k in record))
    _load_records(con, columns, records, row_numbers)
    kind = "json" if text.lstrip().startswith("[") else "jsonl"
    return SourceFile(path, kind, columns, len(records), used, rejects, mixed)


# --- binary formats ---------------------------------------------------------------------


def _read_xlsx(con: duckdb.DuckDBPyConnection, path: Path) -> SourceFile:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook fails in zip, zlib, XML or openpyxl code
        raise _fail(path, f"not a readable Excel .xlsx workbook (truncated or damaged?): {exc}") from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise _fail(path, "the first sheet is empty")
        columns = [str(h).strip() if h is not None else f"column_{i + 1}" for i, h in enumerate(header)]
        records: list[dict[str, str | None]] = []
        numbers: list[int] = []
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None for v in values):
                continue
            records.append({c: _text(v) for c, v in zip(columns, values, strict=False)})
            numbers.append(number)
    except UnreadableFileError:
        raise
    except Exception as exc:  # as above: damage inside the sheet shows only while reading it
        raise _fail(path, f"the workbook is damaged: {exc}") from exc
    finally:
        book.close()
    _load_records(con, columns, records, numbers)
    return SourceFile(path, "xlsx", columns, len(records))


def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> SourceFile:
    try:
        names = [d[0] for d in con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(path)]).description]
        casts = ", ".join(f'CAST("{n}" AS VARCHAR) AS "{n}"' for n in names)
        con.execute(
            f"CREATE TEMP TABLE _src AS SELECT _rec, _rec AS _row, * EXCLUDE (_rec) FROM "
            f"(SELECT row_number() OVER () AS _rec, {casts} FROM read_parquet(?))",
            [str(path)],
        )
    except duckdb.Error as exc:
        raise _fail(path, f"not a readable Parquet file (truncated or damaged?): {str(exc).splitlines()[0]}") from exc
    return SourceFile(path, "parquet", names, _count(con))


# --- helpers ----------------------------------------------------------------------------


def _text(value: object) -> str | None:
    """A cell as text the way a person would write it (12.0 -> '12', dates in ISO)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _load_records(
    con: duckdb.DuckDBPyConnection,
    columns: list[str],
    records: list[dict[str, str | None]],
    row_numbers: list[int],
) -> None:
    arrays = {
        "_rec": pa.array(range(1, len(records) + 1), pa.int64()),
        "_row": pa.array(row_numbers, pa.int64()),
    }
    for column in columns:
        arrays[column] = pa.array([r.get(column) for r in records], pa.string())
    con.register("_records", pa.table(arrays))
    con.execute("CREATE TEMP TABLE _src AS SELECT * FROM _records")
    con.unregister("_records")


def _columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [d[0] for d in con.execute("SELECT * FROM _src LIMIT 0").description]


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM _src").fetchone()
    return int(row[0]) if row else 0
