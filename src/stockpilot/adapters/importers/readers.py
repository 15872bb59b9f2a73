"""Read a user's file into a DuckDB temporary table of text columns, losing no row.

Every reader produces the table ``_src`` with ``_rec`` (the record's order in the
file), ``_row`` (where a person finds it: the line of a CSV or JSON Lines file,
the row of a spreadsheet, the record of a Parquet file or JSON array) and one
VARCHAR column per source column. Rows that cannot even be split into fields
are returned as :class:`RawReject` so that the importer quarantines them.

Memory stays bounded whatever the file's size: text is decoded in blocks with
incremental codecs (https://docs.python.org/3/library/codecs.html#incremental-decoding),
JSON and spreadsheet records are appended to ``_src`` in chunks of
:data:`CHUNK_ROWS`, and DuckDB runs under ``memory_limit`` with a private
``temp_directory``, past which it writes temporary tables and large operators
to disk (https://duckdb.org/docs/stable/guides/performance/how_to_tune_workloads#spilling-to-disk).

Nothing from the file is pasted into SQL: DuckDB gets paths as bound parameters
(on Linux ``/proc/self/fd/N`` of a file opened here, elsewhere a link with a
plain name when the path holds ``*``, ``?`` or ``[``, so that it is never
expanded as a glob), Parquet columns are cast with
``COLUMNS(*)`` without naming them, and the one statement that must name a
column (``ALTER TABLE ... ADD COLUMN``) quotes it with :func:`_ident`.
A decoded copy of a file handed to DuckDB has no name on disk (``O_TMPFILE``
or unlinked at once, :func:`tempfile.TemporaryFile`), so it cannot outlive
the process, even one killed mid-import.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa

from stockpilot.errors import Detailed, Refusal
from stockpilot.settings import ImportingSettings, SettingsError

SNIFF_BYTES = 1 << 16  # the start of a file looked at to tell text from binary
BLOCK = 1 << 20  # bytes (or characters) read at a time
CHUNK_ROWS = 50_000  # JSON and spreadsheet records appended to _src at a time
MAX_RECORD_CHARS = 64 << 20  # a JSON Lines line or JSON array item longer than this refuses the file
MAX_HEADER_CHARS = 1 << 20  # the part of a CSV header line looked at for its delimiter
DELIMITERS = (",", "\t", ";", "|")  # the delimiters a CSV file may use, preferred first
REPLACEMENT = "\ufffd"
RESERVED = ("_rec", "_row")
SPILL_PREFIX = "stockpilot-spill-"
USE_PROC_FD = Path("/proc/self/fd").is_dir()  # Linux: hand DuckDB an open file, not a name
GLOB_CHARS = re.compile(r"[*?\[]")  # what makes DuckDB read a path as a glob pattern

# Byte-order marks; UTF-32 LE's (FF FE 00 00) starts with UTF-16 LE's, so it comes first.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_BREAK = re.compile(rb"[\r\n]")


class UnreadableFileError(Detailed, Refusal):
    """The file as a whole cannot be read; nothing was imported."""

    code = "refusal.unreadable_file"


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


def read_source(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    encoding: str | None = None,
    *,
    memory_limit: str | None = None,
) -> SourceFile:
    """Load ``path`` into ``_src``; the format is chosen by the file's extension.

    The connection is left capped at ``memory_limit`` (default: the setting
    ``import_memory_limit``) and spilling to a private folder, for the rest of
    the import too.
    """
    if not path.is_file():
        raise _fail(path, "no such file")
    suffix = path.suffix.lower()
    text_readers = {".csv": _read_csv, ".txt": _read_csv, ".tsv": _read_csv}
    text_readers |= {".json": _read_json, ".jsonl": _read_json, ".ndjson": _read_json}
    binary_readers = {".xlsx": _read_xlsx, ".parquet": _read_parquet}
    if suffix not in text_readers and suffix not in binary_readers:
        raise _fail(path, f"unknown file type '{suffix}' (use .csv, .xlsx, .parquet, .json or .jsonl)")
    bound_memory(con, memory_limit or ImportingSettings.import_memory_limit)
    con.execute("DROP TABLE IF EXISTS _src")
    if suffix in text_readers:
        return text_readers[suffix](con, path, encoding)
    return binary_readers[suffix](con, path)


# --- memory -----------------------------------------------------------------------------

_spill: Path | None = None


def bound_memory(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """Cap DuckDB's buffer memory at ``limit`` and let it spill to a private folder
    (https://duckdb.org/docs/stable/configuration/overview: ``memory_limit``,
    ``temp_directory``)."""
    try:
        con.execute("SET memory_limit = ?", [limit])
    except duckdb.Error as exc:
        raise SettingsError(f"import_memory_limit '{limit}' is not a DuckDB size such as '1GB': {exc}") from exc
    folder = str(spill_folder())
    if con.execute("SELECT current_setting('temp_directory')").fetchone() != (folder,):
        with contextlib.suppress(duckdb.Error):  # DuckDB keeps a temp directory it already uses
            con.execute("SET temp_directory = ?", [folder])


def spill_folder() -> Path:
    """This process's folder for DuckDB's spill files: mode 0700, removed at exit;
    folders left by killed processes are removed the next time one is made."""
    global _spill
    if _spill is None:
        root = Path(tempfile.gettempdir())
        for stale in root.glob(f"{SPILL_PREFIX}*-*"):
            pid = stale.name[len(SPILL_PREFIX) :].split("-")[0]
            try:
                owner = stale.stat().st_uid
            except FileNotFoundError:  # another process starting at once removed it first
                continue
            if pid.isdigit() and owner == os.getuid() and not _alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        _spill = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-", dir=root))
        atexit.register(_remove_spill, _spill, os.getpid())
    return _spill


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_spill(folder: Path, owner: int) -> None:
    if os.getpid() == owner:  # not in a forked child
        shutil.rmtree(folder, ignore_errors=True)


# --- files handed to DuckDB ---------------------------------------------------------------


@contextlib.contextmanager
def _duckdb_path(path: Path) -> Iterator[str]:
    """A name DuckDB opens ``path`` by, and that it cannot read as a glob pattern.

    Without ``/proc/self/fd`` (macOS, Windows) a path holding a glob character is
    handed over as a link to it (a copy where links are not allowed) in a private
    folder: DuckDB would read ``sales[1]*.csv`` as a pattern and import the rows of
    ``sales1.csv`` and ``sales1-old.csv`` in its place.
    """
    if USE_PROC_FD:
        with path.open("rb") as handle:
            yield f"/proc/self/fd/{handle.fileno()}"
        return
    if not GLOB_CHARS.search(str(path)):
        yield str(path)
        return
    folder = tempfile.mkdtemp(prefix="stockpilot-")
    try:
        alias = os.path.join(folder, "source" + path.suffix.lower())
        try:
            os.symlink(os.path.abspath(path), alias)
        except OSError:  # Windows without the right to make links
            shutil.copyfile(path, alias)
        yield alias
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _scratch() -> Iterator[tuple[IO[str], str]]:
    """A UTF-8 text file for DuckDB to read, and its name for DuckDB.

    On Linux it never has a name in a folder (``O_TMPFILE``, else unlinked at
    once), so it disappears with the process however that ends. Elsewhere it
    lives in a private 0700 folder removed when done.
    """
    if USE_PROC_FD:
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as handle:
            yield handle, f"/proc/self/fd/{handle.fileno()}"
        return
    folder = tempfile.mkdtemp(prefix="stockpilot-")
    try:
        name = os.path.join(folder, "source.csv")
        with open(name, "w+", encoding="utf-8", newline="") as handle:
            yield handle, name
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- text files -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """How a text file is decoded."""

    codec: str  # a Python codec
    errors: str  # "strict", or "replace" when some bytes fit no encoding
    label: str  # SourceFile.encoding
    mixed_newlines: bool  # more than one of CRLF, LF and CR ends its lines: read as LF

    @property
    def direct(self) -> bool:
        """Whether DuckDB can read the file's bytes as they are."""
        return (
            codecs.lookup(self.codec).name in ("utf-8", "utf-8-sig")
            and self.errors == "strict"
            and not self.mixed_newlines
        )

    def open(self, raw: IO[bytes]) -> io.TextIOWrapper:
        return io.TextIOWrapper(raw, self.codec, self.errors, newline=None if self.mixed_newlines else "")


@dataclass(frozen=True)
class _Scan:
    """What one decoding pass over a file found."""

    error: UnicodeDecodeError | None
    content: bool  # something other than white space
    mixed_newlines: bool


def _blocks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while block := handle.read(BLOCK):
            yield block


def _scan(path: Path, codec: str, errors: str) -> _Scan:
    """Decode the whole file in blocks, keeping nothing but what it found."""
    decoder = codecs.getincrementaldecoder(codec)(errors)
    content, crlf, cr, lf, last = False, 0, 0, 0, ""
    try:
        for block in _with_end(_blocks(path)):
            text = decoder.decode(block or b"", final=block is None)
            if not text:
                continue
            content = content or not text.isspace()
            joined = last == "\r" and text[0] == "\n"  # a CRLF cut between two blocks
            pairs = text.count("\r\n")
            crlf += pairs + joined
            cr += text.count("\r") - pairs - joined
            lf += text.count("\n") - pairs - joined
            last = text[-1]
    except UnicodeDecodeError as exc:
        return _Scan(exc, content, False)
    return _Scan(None, content, sum(n > 0 for n in (crlf, cr, lf)) > 1)


def _with_end(blocks: Iterable[bytes]) -> Iterator[bytes | None]:
    yield from blocks
    yield None


def _choose(path: Path, encoding: str | None) -> _Text:
    """How to decode ``path``: ``encoding`` when given, else the encoding its BOM names
    (UTF-8, UTF-16, UTF-32), else UTF-8, else Big5-HKSCS (Hong Kong POS exports)
    when the file decodes as it and none of its non-ASCII lines is UTF-8. A file
    that is none of these is read as UTF-8 with the bad bytes replaced; the rows
    holding them are quarantined, not guessed at. Bytes are only judged (NUL
    means binary) once decoded, so UTF-16 and UTF-32 text is text.
    """
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    bom = next((name for mark, name in BOMS if head.startswith(mark)), None)
    if encoding:
        try:
            name = codecs.lookup(encoding).name
        except LookupError as exc:
            raise _fail(path, f"cannot decode as {encoding}: unknown encoding") from exc
        codec = bom if bom and name.startswith(bom.removesuffix("-sig")) else encoding
    else:
        codec = bom or "utf-8"
    if "\x00" in head.decode(codec, errors="replace"):
        hint = ""
        if not encoding and head.count(0) > len(head) // 4:
            order = "le" if head[1::2].count(0) > head[0::2].count(0) else "be"
            hint = f"; if it is UTF-16 text without a byte-order mark, import it with --encoding utf-16-{order}"
        raise _fail(path, f"this is a binary file, not text (is it a spreadsheet or an archive?){hint}")
    scan = _scan(path, codec, "strict")
    if scan.error is None:
        return _checked(path, scan, _Text(codec, "strict", encoding or codec, scan.mixed_newlines))
    if encoding:
        raise _fail(path, f"cannot decode as {encoding}: {scan.error}")
    if codec == "utf-8" and _is_big5(path):
        scan = _scan(path, "big5hkscs", "strict")
        return _checked(path, scan, _Text("big5hkscs", "strict", "big5hkscs", scan.mixed_newlines))
    scan = _scan(path, codec, "replace")
    return _checked(path, scan, _Text(codec, "replace", f"{codec} (with unreadable bytes)", scan.mixed_newlines))


def _checked(path: Path, scan: _Scan, text: _Text) -> _Text:
    if not scan.content:
        raise _fail(path, "the file is empty")
    return text


def _is_big5(path: Path) -> bool:
    """Whether the file decodes as Big5-HKSCS and no line with non-ASCII bytes is valid
    UTF-8 (then it is a UTF-8 file with a few foreign rows, not a Big5 file)."""
    big5 = codecs.getincrementaldecoder("big5hkscs")()
    carry = b""
    try:
        for block in _blocks(path):
            big5.decode(block)
            *lines, carry = _LINE_BREAK.split(carry + block)
            if len(carry) > BLOCK:  # a line this long is judged by its pieces
                lines.append(carry)
                carry = b""
            if any(_is_utf8_text(line) for line in lines):
                return False
        big5.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return not _is_utf8_text(carry)


def _is_utf8_text(line: bytes) -> bool:
    if line.isascii():
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(path: Path, text: _Text) -> str:
    """The delimiter of a CSV file, told by its header line alone: the one of
    :data:`DELIMITERS` that appears most often outside quotes (a comma on a tie or
    when none does, so a one-column file is read whole). DuckDB's sniffer judges
    sample rows too and can be led by a value full of semicolons."""
    with path.open("rb") as raw, text.open(raw) as stream:
        header = stream.readline(MAX_HEADER_CHARS)
    outside = re.sub(r'"[^"]*("|$)', "", header)
    counts = [outside.count(d) for d in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))] if max(counts) else ","


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, encoding: str | None) -> SourceFile:
    text = _choose(path, encoding)
    delimiter = _delimiter(path, text)
    con.execute("DROP TABLE IF EXISTS _src_rejects; DROP TABLE IF EXISTS _src_scan")
    with contextlib.ExitStack() as stack:
        if text.direct:
            source = stack.enter_context(_duckdb_path(path))
        else:
            copy, source = stack.enter_context(_scratch())
            with path.open("rb") as raw, text.open(raw) as decoded:
                while chunk := decoded.read(BLOCK):
                    copy.write(chunk)
            copy.flush()
        try:
            con.execute(
                "CREATE TEMP TABLE _src AS SELECT row_number() OVER () AS _rec, * FROM read_csv("
                "?, all_varchar = true, header = true, store_rejects = true, "
                "rejects_scan = '_src_scan', rejects_table = '_src_rejects', "
                "null_padding = false, auto_detect = true, sample_size = 20480, delim = ?)",
                [source, delimiter],
            )
            rejected = con.execute(
                "SELECT line, any_value(csv_line), string_agg(DISTINCT error_message, '; ') "
                "FROM _src_rejects GROUP BY line ORDER BY line"
            ).fetchall()
            rejects = []
            for line, raw, message in rejected:
                text_line = _rejected_line(raw)
                rejects.append(RawReject(int(line), text_line, message or "", _split(text_line, delimiter)))
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0].replace(source, path.name)
            raise _fail(path, f"cannot read as CSV: {message}") from exc
    columns = [c for c in _columns(con) if c != "_rec"]
    _number_lines(con, [r.row for r in rejects])
    return SourceFile(path, "csv", columns, _count(con), text.label, rejects, text.errors != "strict")


def _rejected_line(raw: str | None) -> str:
    """A rejected line as DuckDB reports it (``csv_line``), without line breaks at its ends.

    In a file whose lines end in CRLF, DuckDB 1.4 reports a rejected line (all but one
    right after the header) with the LF that ended the line before it in front
    ("\\nE2,..."): it then could not be split into fields, and its columns were lost in
    the quarantine (withheld whole when the file has columns that are not kept). No
    record starts or ends with an unquoted line break, so none is taken from a record.
    """
    return (raw or "").strip("\r\n")


def _split(line: str, delimiter: str) -> list[str] | None:
    """The fields of a line the CSV reader rejected, when they can be told apart at all."""
    try:
        return next(csv.reader([line], delimiter=delimiter), None)
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
    text = _choose(path, encoding)
    with path.open("rb") as raw, text.open(raw) as stream:
        kind = "json" if _first_char(stream) == "[" else "jsonl"
    table = _Records(con, str)
    rejects: list[RawReject] = []
    with path.open("rb") as raw, text.open(raw) as stream:
        items = _array_items(path, stream) if kind == "json" else _json_lines(path, stream)
        for number, value, line in items:
            if isinstance(value, dict):
                table.add(number, {str(k): _text(v) for k, v in value.items()})
            elif isinstance(value, json.JSONDecodeError):
                rejects.append(RawReject(number, line, f"not valid JSON ({value.msg})"))
            else:
                rejects.append(RawReject(number, line, "a record must be one JSON object"))
    table.close()
    return SourceFile(path, kind, table.names, table.count, text.label, rejects, text.errors != "strict")


def _first_char(stream: IO[str]) -> str:
    """The first character that is not white space ("" if none)."""
    while block := stream.read(BLOCK):
        if rest := block.lstrip():
            return rest[0]
    return ""


def _json_lines(path: Path, stream: IO[str]) -> Iterator[tuple[int, object, str]]:
    """(line number, the parsed value or its error, the line) for each non-blank line."""
    lines = iter(lambda: stream.readline(MAX_RECORD_CHARS + 1), "")
    for number, line in enumerate(lines, start=1):
        body = line.rstrip("\r\n")
        if len(body) > MAX_RECORD_CHARS:
            raise _fail(path, f"line {number} is longer than {MAX_RECORD_CHARS:,} characters")
        if body.strip():
            try:
                yield number, json.loads(body), body
            except json.JSONDecodeError as exc:
                yield number, exc, body


def _array_items(path: Path, stream: IO[str]) -> Iterator[tuple[int, object, str]]:
    """(record number, item, item as JSON) for each item of a file holding one JSON
    array, parsed as it is read with :meth:`json.JSONDecoder.raw_decode`; only the
    item being parsed is held, up to :data:`MAX_RECORD_CHARS`."""
    decoder = json.JSONDecoder()
    buffer, pos, done, lines = "", 0, False, 0

    def fill() -> None:
        nonlocal buffer, pos, done, lines
        if len(buffer) - pos > MAX_RECORD_CHARS:
            raise _fail(path, f"a record of the JSON array is longer than {MAX_RECORD_CHARS:,} characters")
        lines += buffer.count("\n", 0, pos)
        buffer, pos = buffer[pos:], 0
        more = stream.read(max(BLOCK, len(buffer)))
        buffer += more
        done = not more

    def next_char() -> str:
        nonlocal pos
        while True:
            pos = _skip_space(buffer, pos)
            if pos < len(buffer) or done:
                return buffer[pos : pos + 1]
            fill()

    def invalid(message: str, at: int) -> UnreadableFileError:
        return _fail(path, f"not valid JSON at line {lines + buffer.count(chr(10), 0, at) + 1}: {message}")

    fill()
    next_char()
    pos += 1  # the "[" seen by _first_char
    number = 0
    while True:
        char = next_char()
        if char == "]":
            pos += 1
            if next_char():
                raise invalid("Extra data", pos)
            return
        if number:
            if char != ",":
                raise invalid("Expecting ',' delimiter", pos)
            pos += 1
            next_char()
        while True:
            try:
                item, end = decoder.raw_decode(buffer, pos)
            except json.JSONDecodeError as exc:
                if done:
                    raise invalid(exc.msg, exc.pos) from exc
                fill()
                continue
            if end < len(buffer) or done:  # a number cut at the end of the buffer parses short
                break
            fill()
        number += 1
        yield number, item, json.dumps(item, ensure_ascii=False)
        pos = end


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


# --- binary formats ---------------------------------------------------------------------


def _read_xlsx(con: duckdb.DuckDBPyConnection, path: Path) -> SourceFile:
    """The first sheet, read row by row (openpyxl ``read_only``:
    https://openpyxl.readthedocs.io/en/stable/optimized.html); row 1 is the header."""
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
        heads = [str(h).strip() if h is not None else "" for h in header]
        table = _Records(con, lambda i: heads[i] if i < len(heads) and heads[i] else f"column_{i + 1}")
        for i in range(len(heads)):
            table.column(i)
        for number, values in enumerate(rows, start=2):
            if values is None or all(v is None for v in values):
                continue
            # cells right of the header are columns too: nothing in the sheet is dropped
            table.add(number, {i: _text(v) for i, v in enumerate(values) if i < len(heads) or v is not None})
    except UnreadableFileError:
        raise
    except Exception as exc:  # as above: damage inside the sheet shows only while reading it
        raise _fail(path, f"the workbook is damaged: {exc}") from exc
    finally:
        book.close()
    table.close()
    return SourceFile(path, "xlsx", table.names, table.count)


def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path) -> SourceFile:
    """Every column cast to text by ``COLUMNS(*)`` (https://duckdb.org/docs/stable/sql/expressions/star),
    so no column name is written into the statement; DuckDB renames empty,
    duplicate and reserved names itself."""
    with _duckdb_path(path) as source:
        try:
            con.execute(
                "CREATE TEMP TABLE _src AS SELECT _rec, _rec AS _row, * EXCLUDE (_rec) FROM "
                "(SELECT row_number() OVER () AS _rec, CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet(?))",
                [source],
            )
        except duckdb.Error as exc:
            message = str(exc).splitlines()[0].replace(source, path.name)
            raise _fail(path, f"not a readable Parquet file (truncated or damaged?): {message}") from exc
    names = [c for c in _columns(con) if c not in RESERVED]
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


def _ident(name: str) -> str:
    """``name`` as a quoted SQL identifier (SQL standard: a double quote is doubled)."""
    return '"' + name.replace('"', '""') + '"'


class _Records:
    """Builds ``_src`` from records appended in chunks of :data:`CHUNK_ROWS`, adding a
    column when a key first appears. ``name_of`` names a key's column; names are
    made unique the way DuckDB's CSV reader does (``a``, ``A_1``: DuckDB's names
    ignore case), keeping ``_rec`` and ``_row`` for the reader and replacing NUL."""

    def __init__(self, con: duckdb.DuckDBPyConnection, name_of: Callable[[Any], str]) -> None:
        self.con, self.name_of = con, name_of
        self.keys: dict[Any, str] = {}  # a record's key -> its column
        self.taken = {name.lower() for name in RESERVED}
        self.added = 0  # columns already in _src
        self.records: list[dict[Any, str | None]] = []
        self.numbers: list[int] = []
        self.count = 0
        con.execute("CREATE TEMP TABLE _src (_rec BIGINT, _row BIGINT)")

    @property
    def names(self) -> list[str]:
        return list(self.keys.values())

    def column(self, key: Any) -> None:
        if key in self.keys:
            return
        base = self.name_of(key).replace("\x00", REPLACEMENT) or f"column_{len(self.keys) + 1}"
        name, n = base, 0
        while name.lower() in self.taken:
            n += 1
            name = f"{base}_{n}"
        self.taken.add(name.lower())
        self.keys[key] = name

    def add(self, number: int, record: dict[Any, str | None]) -> None:
        for key in record:
            self.column(key)
        self.records.append(record)
        self.numbers.append(number)
        if len(self.records) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        for name in self.names[self.added :]:
            self.con.execute(f"ALTER TABLE _src ADD COLUMN {_ident(name)} VARCHAR")
        self.added = len(self.keys)
        if not self.records:
            return
        first = self.count + 1
        arrays = {
            "_rec": pa.array(range(first, first + len(self.records)), pa.int64()),
            "_row": pa.array(self.numbers, pa.int64()),
        }
        for key, name in self.keys.items():
            arrays[name] = pa.array([r.get(key) for r in self.records], pa.string())
        self.con.register("_src_chunk", pa.table(arrays))
        try:
            self.con.execute("INSERT INTO _src BY NAME SELECT * FROM _src_chunk")
        finally:
            self.con.unregister("_src_chunk")
        self.count += len(self.records)
        self.records, self.numbers = [], []

    def close(self) -> None:
        self.flush()


def _columns(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [d[0] for d in con.execute("SELECT * FROM _src LIMIT 0").description]


def _count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM _src").fetchone()
    return int(row[0]) if row else 0
