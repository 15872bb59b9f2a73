"""Write the bundled demo file ``src/stockpilot/sample/online_retail_sample.csv``.

A compact slice of UCI Online Retail II (Chen, Sain & Guo 2012; Chen 2019;
CC BY 4.0), kept as the raw point-of-sale export it is: the original column
spelling (InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice,
CustomerID, Country), with sales, cancellations (``C...`` invoices), negative
adjustments and postage / fee codes left in, so that the importer's handling of
all of them can be shown on real data.

What goes in, all dated 2011-03-01 .. 2011-11-30 (nine whole months):

* every line of the regular product codes (five digits, optional letter suffix)
  with the most invoice lines in that period: the top 150, or fewer when the
  file would exceed ``--max-bytes`` (ties broken by code, so the slice is
  deterministic);
* every line whose StockCode is not a regular product code (POST, DOT, M, C2,
  D, S, BANK CHARGES, AMAZONFEE, CRUK, gift vouchers, ...).

Lines keep the order of the source file. Usage::

    python scripts/make_sample.py [--source PARQUET] [--out CSV] [--max-bytes N]
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "data" / "online_retail" / "online_retail_I_2010-12_2011-12.parquet"
OUT = ROOT / "src" / "stockpilot" / "sample" / "online_retail_sample.csv"
COLUMNS = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]
FIRST_DAY, END_DAY = "2011-03-01", "2011-12-01"  # END_DAY excluded
TOP_CODES = 150
MAX_BYTES = 4_000_000
PRODUCT_CODE = r"^[0-9]{5}[A-Za-z]{0,3}$"


def _number(value: float | None) -> str:
    """A price or id the way the source spreadsheet shows it (2.55, 17850, 0)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _line(row: tuple) -> str:
    invoice, code, description, quantity, when, price, customer, country = row
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(
        [
            invoice,
            code,
            description or "",
            quantity,
            when.strftime("%Y-%m-%d %H:%M:%S"),
            _number(price),
            _number(customer),
            country or "",
        ]
    )
    return buffer.getvalue()


def build(source: Path, max_bytes: int = MAX_BYTES, top: int = TOP_CODES) -> tuple[str, int, int]:
    """The CSV text, the number of product codes kept and the number of lines."""
    con = duckdb.connect()
    con.execute(
        "CREATE TEMP TABLE lines AS SELECT file_row_number AS _order, * FROM "
        "read_parquet(?, file_row_number = true) WHERE InvoiceDate >= ? AND InvoiceDate < ?",
        [str(source), FIRST_DAY, END_DAY],
    )
    ranked = con.execute(
        "SELECT StockCode FROM lines WHERE regexp_matches(StockCode, ?) "
        "GROUP BY StockCode ORDER BY count(*) DESC, StockCode LIMIT ?",
        [PRODUCT_CODE, top],
    ).fetchall()
    rank = {code: i for i, (code,) in enumerate(ranked)}
    rows = con.execute(
        f"SELECT {', '.join(COLUMNS)} FROM lines "
        "WHERE StockCode IN (SELECT unnest(?::VARCHAR[])) OR NOT regexp_matches(StockCode, ?) "
        "ORDER BY _order",
        [list(rank), PRODUCT_CODE],
    ).fetchall()
    lines = [(rank.get(row[1], -1), _line(row)) for row in rows]
    header = ",".join(COLUMNS) + "\n"
    # Keep the most frequent codes that fit: bytes by code rank, then the longest prefix.
    size_by_rank = [0] * len(ranked)
    base = len(header.encode())
    for r, text in lines:
        if r < 0:
            base += len(text.encode())
        else:
            size_by_rank[r] += len(text.encode())
    keep, total = 0, base
    while keep < len(ranked) and total + size_by_rank[keep] <= max_bytes:
        total += size_by_rank[keep]
        keep += 1
    kept = [text for r, text in lines if r < keep]
    return header + "".join(kept), keep, len(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES)
    args = parser.parse_args()
    text, codes, count = build(args.source, args.max_bytes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {args.out}: {count} lines, {codes} product codes, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
