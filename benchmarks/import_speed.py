"""Import speed and memory: `stockpilot import` against bare DuckDB, side by side in one run.

Speed: a 1M-line canonical sales CSV, each side into a new database file with the
same schema: Stock Pilot with its full pipeline (encoding detection, privacy scan,
type and range checks, reference checks against products and locations,
duplicate-id detection, quarantine, one transaction), and a bare
``INSERT INTO sales SELECT * FROM read_csv(file, ignore_errors = true)`` with no
checks at all (it silently drops the rows it cannot cast).
Target (issue 2): <= 10 s for 1M lines, within 3x of the bare load.

Backends (``--backend duckdb,postgresql``, both by default): the same imports into a DuckDB
file and into a PostgreSQL database on a throwaway local server (``scratch_postgres``, loopback),
in the same run, each followed by the same file sent again (every row already stored), and the
ratio PostgreSQL / DuckDB.

Memory (``--memory``): the peak resident memory of one process importing a CSV and a
JSON Lines sales file of about 100 MB and 1 GB, against a bare DuckDB load of the
same file into a table, each in a fresh process (``ru_maxrss``). Target (issue 11):
bounded, and independent of file size within a small factor.

    .venv/bin/python benchmarks/import_speed.py [--rows 1000000] [--repeat 3] [--backend duckdb,postgresql]
    .venv/bin/python benchmarks/import_speed.py --memory [--sizes 100,1000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from stockpilot.adapters.storage import scratch_postgres
from stockpilot.adapters.storage.store import open_store
from stockpilot.services.importing import import_file
from stockpilot.settings import load_settings

STORES, SKUS = 12, 2000


def write_sales_csv(path: Path, rows: int) -> None:
    """A deterministic canonical sales file; one row in 10,000 carries a typical mistake."""
    duckdb.execute(
        f"""
        COPY (
          SELECT 'S' || i AS event_id,
                 CASE WHEN i % 10000 = 7 THEN '2023-02-30'
                      ELSE strftime(TIMESTAMP '2024-01-01' + to_minutes(CAST(i % 500000 AS BIGINT)),
                                    '%Y-%m-%d %H:%M:%S') END AS occurred_at,
                 'ST' || lpad(CAST(i % {STORES} + 1 AS VARCHAR), 2, '0') AS location_id,
                 'SKU' || lpad(CAST((i * 7919) % {SKUS} + 1 AS VARCHAR), 5, '0') AS sku,
                 CASE WHEN i % 10000 = 3 THEN '-2' ELSE CAST(1 + i % 5 AS VARCHAR) END AS quantity,
                 CAST(round(5 + (i % 97) * 0.5, 2) AS VARCHAR) AS unit_price,
                 CASE WHEN i % 3 = 0 THEN 'M' || (i % 5000) END AS member_id,
                 NULL AS recorded_at
          FROM range({rows}) t(i)
        ) TO '{path}' (HEADER, DELIMITER ',')
        """
    )


def write_master_data(folder: Path) -> list[Path]:
    locations, products = folder / "locations.csv", folder / "products.csv"
    locations.write_text(
        "location_id,name_en,kind\n" + "".join(f"ST{i:02d},Store {i},store\n" for i in range(1, STORES + 1)),
        encoding="utf-8",
    )
    products.write_text(
        "sku,name_en,unit_price\n" + "".join(f"SKU{i:05d},Product {i},10\n" for i in range(1, SKUS + 1)),
        encoding="utf-8",
    )
    return [locations, products]


BACKENDS = ("duckdb", "postgresql")


def time_stockpilot(csv: Path, master: list[Path], target: str, key: Path) -> tuple[float, float, int]:
    """Seconds to import ``csv`` into a new database at ``target``, then to import it again (every
    row already stored), and the rows quarantined."""
    settings = load_settings({"pseudonym_key_file": str(key)})
    with open_store(target) as db:
        for path in master:
            import_file(db, path, settings)
        start = time.perf_counter()
        report = import_file(db, csv, settings)
        elapsed = time.perf_counter() - start
        assert report.accepted + report.quarantined == report.received
        start = time.perf_counter()
        again = import_file(db, csv, settings)
        resent = time.perf_counter() - start
        assert again.accepted + again.quarantined == again.received and again.to_dict()["new"] == 0
        return elapsed, resent, report.quarantined


def time_bare(csv: Path, db_path: Path) -> float:
    with open_store(db_path) as db:
        start = time.perf_counter()
        db.engine.connection.execute(
            "INSERT INTO sales SELECT *, NULL FROM read_csv(?, header = true, ignore_errors = true, "
            "types = {'occurred_at': 'TIMESTAMP', 'quantity': 'DOUBLE', 'unit_price': 'DOUBLE', "
            "'member_id': 'VARCHAR', 'recorded_at': 'TIMESTAMP'})",
            [str(csv)],
        )
        return time.perf_counter() - start


BYTES_PER_LINE = {"csv": 52, "jsonl": 170}  # what write_sales_csv / write_sales_jsonl write per row

PEAK = """
import resource, sys
from pathlib import Path
kind, db_path, file_path = sys.argv[1:4]
if kind == "stockpilot":
    from stockpilot.adapters.storage.store import Store, open_store
    from stockpilot.services.importing import import_file
    from stockpilot.settings import load_settings
    settings = load_settings({"pseudonym_key_file": str(Path(db_path).parent / "key")})
    with open_store(db_path) as db:
        for master in sys.argv[4:]:
            import_file(db, master, settings)
        report = import_file(db, file_path, settings)
        assert report.accepted + report.quarantined == report.received
        rows = report.received
else:
    import duckdb
    con = duckdb.connect(db_path)
    reader = "read_csv" if file_path.endswith(".csv") else "read_json"
    con.execute(f"CREATE TABLE sales AS SELECT * FROM {reader}(?)", [file_path])
    rows = con.execute("SELECT count(*) FROM sales").fetchone()[0]
    con.close()
print(rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""
"""One import in a fresh process; prints the rows and the peak resident memory in MB."""


def write_sales_jsonl(path: Path, rows: int) -> None:
    """The same rows as :func:`write_sales_csv`, one JSON object a line."""
    csv = path.with_suffix(".csv")
    write_sales_csv(csv, rows)
    duckdb.execute(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar = true)) TO '{path}' (FORMAT JSON)")
    csv.unlink()


def peak_memory(kind: str, source: Path, master: list[Path], db_path: Path) -> tuple[int, int]:
    """(rows, peak MB) of importing ``source`` in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, kind, str(db_path), str(source), *map(str, master)],
        capture_output=True,
        text=True,
        check=True,
    )
    rows, megabytes = done.stdout.splitlines()[-1].split()  # after any progress bar
    return int(rows), int(megabytes)


def memory(sizes_mb: list[int]) -> None:
    print(f"peak resident memory of one import process (MB), {os.cpu_count()} cores")
    print(f"{'file':>18}{'rows':>13}{'stockpilot':>12}{'bare DuckDB':>13}{'ratio':>8}")
    peaks: dict[str, list[int]] = {}
    for fmt, writer in (("csv", write_sales_csv), ("jsonl", write_sales_jsonl)):
        for size in sizes_mb:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                source = folder / f"sales.{fmt}"
                writer(source, size * 1_000_000 // BYTES_PER_LINE[fmt])
                master = write_master_data(folder)
                rows, ours = peak_memory("stockpilot", source, master, folder / "sp.duckdb")
                _, bare = peak_memory("bare", source, [], folder / "bare.duckdb")
                actual = os.path.getsize(source) / 1e6
                label = f"{fmt} {actual:,.0f} MB"
                print(f"{label:>18}{rows:>13,}{ours:>12,}{bare:>13,}{ours / bare:>7.2f}x")
                peaks.setdefault(fmt, []).append(ours)
    for fmt, values in peaks.items():
        print(f"{fmt}: largest file's peak / smallest file's peak = {values[-1] / values[0]:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="measure peak memory instead of speed")
    parser.add_argument("--sizes", default="100,1000", help="file sizes in MB for --memory")
    parser.add_argument("--backend", default=",".join(BACKENDS), help="duckdb, postgresql or both (default)")
    args = parser.parse_args()
    if args.memory:
        memory([int(s) for s in args.sizes.split(",")])
        return
    backends = [b.strip() for b in args.backend.split(",") if b.strip()]
    if not backends or set(backends) - set(BACKENDS):
        parser.error(f"--backend takes {' and/or '.join(BACKENDS)}, comma-separated")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv = folder / "sales.csv"
        write_sales_csv(csv, args.rows)
        master = write_master_data(folder)
        server = scratch_postgres.start() if "postgresql" in backends else None
        ours: dict[str, list[tuple[float, float]]] = {b: [] for b in backends}
        bare, quarantined = [], 0
        try:
            for run in range(args.repeat):
                for backend in backends:
                    if server is not None and backend == "postgresql":
                        target = server.create_database(f"bench_{run}")
                    else:
                        target = str(folder / f"sp{run}.duckdb")
                    first, resent, quarantined = time_stockpilot(csv, master, target, folder / f"key-{backend}")
                    ours[backend].append((first, resent))
                bare.append(time_bare(csv, folder / f"bare{run}.duckdb"))
        finally:
            if server is not None:
                scratch_postgres.stop(server)
        best = {b: min(t[0] for t in times) for b, times in ours.items()}
        best_again = {b: min(t[1] for t in times) for b, times in ours.items()}
        best_bare = min(bare)
        size_mb = os.path.getsize(csv) / 1e6
        print(f"file: {args.rows:,} lines, {size_mb:.0f} MB; best of {args.repeat} runs; {os.cpu_count()} cores")
        print(f"{'':44}{'seconds':>10}{'rows/s':>14}")
        for backend in backends:
            label = f"stockpilot import (validated), {backend}"
            print(f"{label:44}{best[backend]:>10.2f}{args.rows / best[backend]:>14,.0f}")
            label = f"  the same file again, {backend}"
            print(f"{label:44}{best_again[backend]:>10.2f}{args.rows / best_again[backend]:>14,.0f}")
        print(f"{'bare DuckDB read_csv + INSERT':44}{best_bare:>10.2f}{args.rows / best_bare:>14,.0f}")
        if "duckdb" in best:
            print(f"ratio stockpilot (duckdb) / bare: {best['duckdb'] / best_bare:.2f}x  (target <= 3x, <= 10 s)")
        if len(best) == len(BACKENDS):
            print(
                f"ratio postgresql / duckdb: {best['postgresql'] / best['duckdb']:.2f}x new file, "
                f"{best_again['postgresql'] / best_again['duckdb']:.2f}x the same file again"
            )
        print(f"quarantined by stockpilot: {quarantined:,} rows (bare DuckDB dropped what it could not cast, silently)")


if __name__ == "__main__":
    main()
