"""Reshape M5 competition files (benchmarking only) into one row per item, store and day.

The long layout (m5_tiny) is already so. Kaggle's wide layout has one row per
item and store with a column per day (d_1 .. d_N); its dates, events and SNAP
days come from ``calendar.*`` and its weekly prices from ``sell_prices*.*`` in
the same folder. The reshaped ``_src`` has the long layout's columns, and each
cell keeps the row number of the item's row in the wide file.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from stockpilot.adapters.importers.readers import SourceFile, UnreadableFileError

LONG_COLUMNS = [
    "item_id",
    "dept_id",
    "cat_id",
    "store_id",
    "state_id",
    "date",
    "value",
    "sell_price",
    "event_name_1",
    "event_type_1",
    "event_name_2",
    "event_type_2",
    "snap",
]


def _sibling(path: Path, stem: str) -> Path:
    for candidate in sorted(path.parent.iterdir()):
        if candidate.name.startswith(stem) and candidate.suffix in (".parquet", ".csv"):
            return candidate
    raise UnreadableFileError(f"{path}: the M5 wide layout needs {stem}.parquet or .csv beside it")


def _reader(path: Path) -> str:
    return "read_parquet" if path.suffix == ".parquet" else "read_csv"


def reshape(con: duckdb.DuckDBPyConnection, source: SourceFile) -> SourceFile:
    """Turn a wide M5 ``_src`` into the long layout (a long one is returned as it is)."""
    days = [c for c in source.columns if c.startswith("d_") and c[2:].isdigit()]
    if not days:
        return source
    calendar, prices = _sibling(source.path, "calendar"), _sibling(source.path, "sell_prices")
    snaps = [
        d[0]
        for d in con.execute(f"SELECT * FROM {_reader(calendar)}(?) LIMIT 0", [str(calendar)]).description
        if d[0].startswith("snap_")
    ]
    snap = "CASE w.state_id " + " ".join(f"WHEN '{s[5:]}' THEN c.{s}" for s in snaps) + " END" if snaps else "NULL"
    day_list = ", ".join(f'"{d}"' for d in days)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _long AS
        SELECT row_number() OVER (ORDER BY w._rec, c.date) AS _rec, w._row,
               w.item_id, w.dept_id, w.cat_id, w.store_id, w.state_id,
               CAST(CAST(c.date AS DATE) AS VARCHAR) AS date, w.value,
               CAST(p.sell_price AS VARCHAR) AS sell_price,
               c.event_name_1, c.event_type_1, c.event_name_2, c.event_type_2,
               CAST({snap} AS VARCHAR) AS snap
        FROM (UNPIVOT _src ON {day_list} INTO NAME d VALUE value) w
        JOIN {_reader(calendar)}(?) c ON c.d = w.d
        LEFT JOIN {_reader(prices)}(?) p
          ON p.store_id = w.store_id AND p.item_id = w.item_id AND p.wm_yr_wk = c.wm_yr_wk
        """,
        [str(calendar), str(prices)],
    )
    received = int((con.execute("SELECT count(*) FROM _src").fetchone() or (0,))[0]) * len(days)
    con.execute("DROP TABLE _src")
    con.execute("ALTER TABLE _long RENAME TO _src")
    rows = int((con.execute("SELECT count(*) FROM _src").fetchone() or (0,))[0])
    if rows != received:
        raise UnreadableFileError(f"{source.path}: {received - rows} day columns have no date in {calendar.name}")
    return SourceFile(source.path, f"{source.format} (M5 wide)", LONG_COLUMNS, rows, source.encoding)
