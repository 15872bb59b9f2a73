"""Choose the global model's settings by rolling-origin backtest on windows before the test window.

The M5 test window (d_1886..d_1913) is never looked at: each candidate is scored on the three
28-day windows that precede it (origins d_1801, d_1829, d_1857), and the candidate with the
lowest mean WRMSSE becomes ``BoostedParams``' default. Run by hand (about 40 s per fit).
Measured on 2026-11-27 (WRMSSE; "-": not run once the 127-leaf variants had fallen behind):

    candidate     d_1801  d_1829  d_1857   mean
    default       0.609   0.561   0.578   0.583   (15 leaves)
    leaves_31     0.623   0.565   0.562   0.583
    leaves_63     0.658   0.587   0.571   0.605
    train_365     0.654   0.655   0.568   0.626   (127 leaves)
    leaves_127    0.696   0.615   0.592   0.634   (the first prototype)
    train_730     0.663   -       -       -       (127 leaves)
    tweedie_1.3   0.719   -       -       -       (127 leaves)
    tweedie_1.2   0.723   -       -       -       (127 leaves)

    .venv/bin/python benchmarks/choose_boosted_params.py [--origins 1801,1829,1857]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np

from forecast_m5 import DEFAULT_DATA, HORIZON, Scorer, load_m5, stockpilot_panel, train_arrays
from stockpilot.domain.forecasting.global_model import BoostedParams, GlobalBoosted

BASE = BoostedParams()  # the chosen default: 15 leaves
CANDIDATES = {
    "default": BASE,
    "leaves_127": replace(BASE, leaves=127),  # the first prototype
    "leaves_63": replace(BASE, leaves=63),
    "leaves_31": replace(BASE, leaves=31),
    "tweedie_1.2": replace(BASE, leaves=127, tweedie_power=1.2),
    "tweedie_1.3": replace(BASE, leaves=127, tweedie_power=1.3),
    "train_365": replace(BASE, leaves=127, train_days=365),
    "train_730": replace(BASE, leaves=127, train_days=730),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--origins", default="1801,1829,1857", help="training days before each window")
    parser.add_argument("--candidates", help="comma-separated names (default: all)")
    args = parser.parse_args()
    origins = [int(o) for o in args.origins.split(",")]
    names = args.candidates.split(",") if args.candidates else list(CANDIDATES)
    data = load_m5(DEFAULT_DATA)
    scores: dict[str, list[float]] = {name: [] for name in names}
    for origin in origins:
        panel, scorer = stockpilot_panel(train_arrays(data, origin)), Scorer(data, origin)
        for name in names:
            started = time.perf_counter()
            mean = GlobalBoosted(CANDIDATES[name]).fit(panel).predict(HORIZON)
            row = scorer.score(name, mean, None, time.perf_counter() - started)
            scores[name].append(row["wrmsse"])
            print(f"origin d_{origin}  {name:12s}  WRMSSE {row['wrmsse']:.3f}  {row['seconds']:.0f} s", flush=True)
    print("\ncandidate     " + "  ".join(f"d_{o}" for o in origins) + "   mean")
    for name in sorted(names, key=lambda n: np.mean(scores[n])):
        cells = "  ".join(f"{s:.3f} " for s in scores[name])
        print(f"{name:12s}  {cells}  {np.mean(scores[name]):.3f}")


if __name__ == "__main__":
    main()
