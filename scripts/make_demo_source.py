"""Write the demo chain's demand source: daily unit sales of 600 real SKUs of UCI Online Retail II.

Data: Online Retail II (Chen, Sain & Guo 2012; Chen 2019, UCI Machine Learning
Repository; CC BY 4.0). Two files are written under ``src/stockpilot/sample/``:

``online_retail_daily.csv.gz``
    ``stock_code,description,date,units``: the units sold per product code and
    day, 2009-12-01 .. 2011-12-09, only days with units > 0, for 600 codes.

``online_retail_trading_days.csv``
    ``date``: the days on which the whole shop sold anything (a sale line of any
    code, product or not, on any invoice) in the same period, so that a reader can tell a zero-sale day of a
    SKU (shop open, nothing of it sold) from a day the shop did not trade.

How the source is read:

* the two Parquet copies overlap on 2010-12-01 .. 2010-12-09 (the same lines);
  days before 2010-12-01 come from the 2009-12 .. 2010-12 file only, days from
  2010-12-01 on from the 2010-12 .. 2011-12 file only;
* a product code is a StockCode starting with five digits, trimmed and upper-cased
  (the shop typed a few codes, e.g. ``85123a``, in lower case);
* a sale is a line with a positive quantity on an invoice not starting with ``C``.

Which 600 codes: among the product codes that sold on at least 40 distinct days in
each of the two years 2009-12-01 .. 2010-11-30 and 2010-12-01 .. 2011-11-30, rank
by the share of the shop's trading days (2009-12-01 .. 2011-12-09) on which the
code sold nothing (ties by code), and take 600 spread evenly across that ranking,
so the demo gets everything from near-daily sellers to very intermittent ones.
The description of a code is its most frequent non-empty description on sale lines
(whitespace collapsed; ties by the description's text).

The script is deterministic: the same source gives the same files, byte for byte
(the gzip header carries no time stamp or file name). Usage::

    python scripts/make_demo_source.py [--source-dir DIR] [--out-dir DIR] [--count N]
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT.parent / "shared" / "data" / "online_retail"
OLD_FILE = "online_retail_II_2009-12_2010-12.parquet"
NEW_FILE = "online_retail_I_2010-12_2011-12.parquet"
OUT_DIR = ROOT / "src" / "stockpilot" / "sample"
DAILY_NAME = "online_retail_daily.csv.gz"
DAYS_NAME = "online_retail_trading_days.csv"

FIRST_DAY, SPLIT_DAY, LAST_DAY = "2009-12-01", "2010-12-01", "2011-12-09"
YEAR_ONE = ("2009-12-01", "2010-11-30")
YEAR_TWO = ("2010-12-01", "2011-11-30")
MIN_DAYS_PER_YEAR = 40
COUNT = 600
PRODUCT_CODE = r"^[0-9]{5}"


def _load(con: duckdb.DuckDBPyConnection, source_dir: Path) -> None:
    """All invoice lines of the period as one table ``lines(invoice, code, description, quantity, day)``."""
    con.execute(
        """
        CREATE TEMP TABLE lines AS
        SELECT Invoice AS invoice, StockCode AS code, Description AS description, Quantity AS quantity,
               CAST(CAST(InvoiceDate AS TIMESTAMP) AS DATE) AS day
        FROM read_parquet($old)
        WHERE CAST(InvoiceDate AS TIMESTAMP) >= $first::DATE AND CAST(InvoiceDate AS TIMESTAMP) < $split::DATE
        UNION ALL
        SELECT InvoiceNo, StockCode, Description, Quantity, CAST(InvoiceDate AS DATE)
        FROM read_parquet($new)
        WHERE InvoiceDate >= $split::DATE AND InvoiceDate < $last::DATE + INTERVAL 1 DAY
        """,
        {
            "old": str(source_dir / OLD_FILE),
            "new": str(source_dir / NEW_FILE),
            "first": FIRST_DAY,
            "split": SPLIT_DAY,
            "last": LAST_DAY,
        },
    )
    con.execute(
        f"""
        CREATE TEMP TABLE sales AS
        SELECT upper(trim(code)) AS code,
               nullif(trim(regexp_replace(coalesce(description, ''), '\\s+', ' ', 'g')), '') AS description,
               quantity, day
        FROM lines
        WHERE regexp_matches(trim(code), '{PRODUCT_CODE}')
          AND quantity > 0 AND NOT starts_with(upper(trim(invoice)), 'C')
        """
    )


def build(source_dir: Path, count: int = COUNT) -> tuple[bytes, bytes, dict[str, int]]:
    """The gzipped daily CSV, the trading-days CSV and a few counts for the report."""
    con = duckdb.connect()
    _load(con, source_dir)
    days = [
        d
        for (d,) in con.execute(
            "SELECT DISTINCT day FROM lines WHERE quantity > 0 AND NOT starts_with(upper(trim(invoice)), 'C') "
            "ORDER BY day"
        ).fetchall()
    ]
    con.execute("CREATE TEMP TABLE daily AS SELECT code, day, sum(quantity) AS units FROM sales GROUP BY code, day")
    eligible = con.execute(
        """
        SELECT code, 1.0 - count(*) / ?::DOUBLE AS zero_share
        FROM daily
        GROUP BY code
        HAVING count(*) FILTER (WHERE day BETWEEN ?::DATE AND ?::DATE) >= ?
           AND count(*) FILTER (WHERE day BETWEEN ?::DATE AND ?::DATE) >= ?
        ORDER BY zero_share, code
        """,
        [len(days), *YEAR_ONE, MIN_DAYS_PER_YEAR, *YEAR_TWO, MIN_DAYS_PER_YEAR],
    ).fetchall()
    if len(eligible) < count:
        raise SystemExit(f"only {len(eligible)} codes qualify, {count} wanted")
    # ``count`` ranks spread evenly over 0 .. n-1, first and last included.
    n = len(eligible)
    picks = [eligible[(i * (n - 1)) // (count - 1)][0] for i in range(count)] if count > 1 else [eligible[0][0]]
    con.execute("CREATE TEMP TABLE chosen AS SELECT unnest(?::VARCHAR[]) AS code", [picks])
    rows = con.execute(
        """
        WITH names AS (
            SELECT code, arg_max(description, (n, description)) AS description
            FROM (
                SELECT s.code, s.description, count(*) AS n
                FROM sales s JOIN chosen USING (code)
                WHERE s.description IS NOT NULL
                GROUP BY ALL
            )
            GROUP BY code
        )
        SELECT d.code, coalesce(names.description, ''), strftime(d.day, '%Y-%m-%d'), d.units
        FROM daily d JOIN chosen USING (code) LEFT JOIN names USING (code)
        ORDER BY d.code, d.day
        """
    ).fetchall()
    text = io.StringIO()
    text.write("stock_code,description,date,units\n")
    for code, description, day, units in rows:
        # The description is always quoted, so that CSV sniffers (DuckDB's read_csv) see the quoting
        # on the first lines, not only where a description first holds a comma.
        if not re.fullmatch(r"[0-9A-Z]+", code):
            raise SystemExit(f"unexpected product code {code!r}")
        quoted = '"' + description.replace('"', '""') + '"'
        text.write(f"{code},{quoted},{day},{units}\n")
    daily = gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)
    trading = ("date\n" + "".join(f"{d.isoformat()}\n" for d in days)).encode("utf-8")
    shares = [share for _, share in eligible]
    stats = {
        "eligible_codes": n,
        "codes": len(set(picks)),
        "rows": len(rows),
        "units": sum(r[3] for r in rows),
        "trading_days": len(days),
        "csv_bytes": len(text.getvalue().encode("utf-8")),
        "min_zero_share_pct": round(100 * min(shares)),
        "max_zero_share_pct": round(100 * max(shares)),
    }
    return daily, trading, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-dir", type=Path, default=SOURCE_DIR)
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument("--count", type=int, default=COUNT)
    args = parser.parse_args()
    daily, trading, stats = build(args.source_dir, args.count)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    daily_path, days_path = args.out_dir / DAILY_NAME, args.out_dir / DAYS_NAME
    daily_path.write_bytes(daily)
    days_path.write_bytes(trading)
    print(
        f"wrote {daily_path}: {stats['codes']} codes (of {stats['eligible_codes']} eligible, zero-sale share "
        f"{stats['min_zero_share_pct']}%..{stats['max_zero_share_pct']}%), {stats['rows']:,} rows, "
        f"{stats['units']:,} units, {daily_path.stat().st_size:,} bytes ({stats['csv_bytes']:,} uncompressed)"
    )
    print(f"wrote {days_path}: {stats['trading_days']} trading days, {days_path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
