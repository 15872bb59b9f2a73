"""Run the demo chain end to end on DuckDB and on PostgreSQL and compare the two outputs.

Builds the demo chain's files once, then on each backend: import them, check readiness,
forecast, plan the first forecast day and replay the last weeks of one store, each
through the `stockpilot` command line with ``--json``. The two sets of JSON documents
must be identical except for ids, times and file paths, which are listed and ignored, and
for the last digits of sums of doubles: DuckDB adds a column's doubles in parallel, in no
fixed order, so two runs on the same backend can already differ by a unit or two in the
last place (relative 1e-15). Such floats are counted and their largest relative difference
printed; a difference above ``ROUNDING`` (1e-12), or any other, fails the comparison.
PostgreSQL is a throwaway server (Debian's postgresql package, as in the tests).

    .venv/bin/python scripts/compare_backends.py [--days 28] [--location ST01]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from stockpilot.adapters.storage import scratch_postgres

STOCKPILOT = [str(Path(sys.executable).parent / "stockpilot")]
VOLATILE = {"import_id", "run_id", "plan_id", "forecast_run_id", "replay_run_id", "source", "charts", "seconds"}
TIME_KEYS = ("_at", "started", "finished")
ROUNDING = 1e-12  # relative: the order of a parallel sum of doubles, no more


def _run(db: str, *args: str, env: dict[str, str]) -> Any:
    done = subprocess.run([*STOCKPILOT, "--db", db, *args, "--json"], capture_output=True, text=True, env=env)
    if done.returncode:
        raise SystemExit(f"stockpilot {' '.join(args)} on {db} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout)


def _steps(db: str, files: Path, days: int, location: str, env: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"import": _run(db, "import", str(files), env=env)}
    out["readiness"] = _run(db, "readiness", env=env)
    out["forecast"] = _run(db, "forecast", env=env)
    out["plan"] = _run(db, "plan", env=env)
    out["replay"] = _run(db, "replay", "--days", str(days), "--location", location, env=env)
    return out


def _relative(left: float, right: float) -> float:
    return abs(left - right) / max(abs(left), abs(right))


def differences(left: Any, right: Any, path: str = "", rounded: list[float] | None = None) -> list[str]:
    """Where two JSON documents differ, ignoring ids, times and paths; floats apart by no more
    than ``ROUNDING`` are not differences, their relative gaps are appended to ``rounded``."""
    rounded = [] if rounded is None else rounded
    key = path.rsplit(".", 1)[-1].split("[", 1)[0]
    if key in VOLATILE or key.endswith(TIME_KEYS):
        return []
    if isinstance(left, dict) and isinstance(right, dict):
        found = [f"{path}.{k}: only on one side" for k in sorted(set(left) ^ set(right))]
        return found + [
            d for k in sorted(set(left) & set(right)) for d in differences(left[k], right[k], f"{path}.{k}", rounded)
        ]
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return [f"{path}: {len(left)} items against {len(right)}"]
        pairs = enumerate(zip(left, right, strict=True))
        return [d for i, (a, b) in pairs for d in differences(a, b, f"{path}[{i}]", rounded)]
    if isinstance(left, float) and isinstance(right, float) and left != right and _relative(left, right) <= ROUNDING:
        rounded.append(_relative(left, right))
        return []
    return [] if left == right else [f"{path}: {left!r} against {right!r}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=28, help="days the replay replays")
    parser.add_argument("--location", default="ST01", help="the store the replay replays")
    parser.add_argument("--save", type=Path, help="write each backend's outputs here as JSON")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="stockpilot-compare-"))
    env = {**os.environ, "STOCKPILOT_PSEUDONYM_KEY": "compare-backends-key", "STOCKPILOT_CONFIG": str(folder / "none")}
    files = folder / "demo-chain"
    duckdb_file = str(folder / "demo.duckdb")
    build = subprocess.run(
        [*STOCKPILOT, "--db", str(folder / "build.duckdb"), "demo-data", "build", "--out", str(files)],
        capture_output=True,
        text=True,
        env=env,
    )
    if build.returncode:
        raise SystemExit(f"demo-data build failed:\n{build.stdout}\n{build.stderr}")
    with scratch_postgres.running() as server:
        url = server.create_database("demo")
        outputs = {
            "duckdb": _steps(duckdb_file, files, args.days, args.location, env),
            "postgresql": _steps(url, files, args.days, args.location, env),
        }
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for backend, steps in outputs.items():
            (args.save / f"{backend}.json").write_text(json.dumps(steps, indent=1, default=str), encoding="utf-8")
    rounded: list[float] = []
    found = differences(outputs["duckdb"], outputs["postgresql"], rounded=rounded)
    plan_lines = len(outputs["duckdb"]["plan"]["lines"])
    series = outputs["duckdb"]["forecast"].get("series")
    print(
        f"demo chain on DuckDB and PostgreSQL: import, readiness, forecast ({series} series), "
        f"plan ({plan_lines} lines),"
    )
    print(f"replay of {args.days} days at {args.location}; ignored keys: {', '.join(sorted(VOLATILE))} and times")
    if rounded:
        print(f"{len(rounded)} floats apart in their last digits only (largest relative gap {max(rounded):.1e})")
    if found:
        print(f"{len(found)} differences:")
        for line in found[:50]:
            print("  " + line)
        return 1
    print("identical" + (" to the last digits of sums" if rounded else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
