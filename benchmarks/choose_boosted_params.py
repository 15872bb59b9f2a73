"""Choose the global model's settings by rolling-origin backtest on windows before every reported one.

Each candidate is fitted at every origin of ``forecast_m5.SELECTION_ORIGINS`` (training on
d_1..d_N, scoring the next 28 days) on M5 CA_1 (3,049 series, one store) and on m5_tiny
(280 series, 10 stores in three states), and scored by WRMSSE and by the WAPE of 14-day
totals (mean over the levels). The windows end on d_1801, before the first window that
``forecast_m5.py`` reports (d_1802..d_1829) and long before the standard test window
(d_1886..d_1913): no reported window chooses anything. A candidate wins on the pooled mean
over both data sets' windows, every window counting the same.

Measured on 2026-12-03 and 04, the global model alone, as WRMSSE (docs/forecasting.md has the
14-day-total WAPE too; "-": not run at that origin, to save time):

    candidate                         CA_1: 1689  1717   1745   1773   m5_tiny: 1689  1717   1745   1773
    lag 28 only, 550 days (old)             0.579 0.569  0.674  0.771           0.562 0.677  0.701  0.956
    buckets 7/14/28, 550 days               0.578 0.566  0.650  0.789           0.623 0.680  0.699  0.978
    the same, near days blended with 28     0.577 0.566  0.659  0.776           0.584 0.676  0.698  0.964
    buckets 7/28, 150 rounds at 0.14        -     0.550  -      0.758           0.531 0.648  0.701  0.784 (all days)
    the same, 1,100 days                    0.516 0.560  -      0.659           0.540 0.671  0.689  0.815
    the same, 1,100 days in 1.7M rows       0.523 -      0.677  -               (under the row limit)
    the same, whole days sampled to 1.2M    -     0.573  -      0.919           (under the row limit)
    the same, rows sampled to 1.2M          -     0.535  -      0.685           (under the row limit)
    all history under the row limit         (over the limit: as above)           0.546 0.661  0.688  0.778

Chosen: buckets 7/28, 150 rounds at 0.14, all history while it holds at most 1.2 million
rows (series x days), else the latest 1,100 days with a random share of their rows kept to
1.2 million for time (the default ``BoostedParams``). Sampling whole days instead left
Christmas out of the d_1773 fit (0.919).
Rejected on the same windows (m5_tiny): a level correction by department, store or store x
department from the backtest window (0.676 to 0.735 against 0.666), and fitting once 28 days before the origin (0.704).

    .venv/bin/python benchmarks/choose_boosted_params.py [--datasets m5_ca1,m5_tiny] [--candidates NAME,...]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import numpy as np

from forecast_m5 import HORIZON, SELECTION_ORIGINS, Scorer, load, stockpilot_panel, train_arrays
from stockpilot.domain.forecasting.global_model import BoostedParams, GlobalBoosted

BASE = BoostedParams()  # the chosen default
CANDIDATES = {
    "default": BASE,
    "long_only": replace(BASE, near_lags=()),
    "buckets_3": replace(BASE, near_lags=(7, 14)),
    "slow_rounds": replace(BASE, rounds=300, learning_rate=0.07),
    "train_550": replace(BASE, train_days=550),
    "unsampled": replace(BASE, train_rows=10**12),  # all history, every row
    "all_days": replace(BASE, train_days=10**6),  # all history, sampled to train_rows
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default="m5_ca1,m5_tiny")
    parser.add_argument("--origins", default=",".join(map(str, SELECTION_ORIGINS)), help="training days")
    parser.add_argument("--candidates", help="comma-separated names (default: all)")
    args = parser.parse_args()
    origins = [int(o) for o in args.origins.split(",")]
    names = args.candidates.split(",") if args.candidates else list(CANDIDATES)
    windows = [(name, origin) for name in args.datasets.split(",") for origin in origins]
    scores: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for dataset in dict.fromkeys(d for d, _ in windows):
        data = load(None, dataset)
        for origin in origins:
            panel, scorer = stockpilot_panel(train_arrays(data, origin)), Scorer(data, origin)
            for name in names:
                started = time.perf_counter()
                mean = GlobalBoosted(CANDIDATES[name]).fit(panel).predict(HORIZON)
                row = scorer.score(name, mean, None, time.perf_counter() - started)
                scores[name].append((row["wrmsse"], row["wape_14"]))
                print(
                    f"{dataset} d_{origin}  {name:12s}  WRMSSE {row['wrmsse']:.3f}  WAPE14 {row['wape_14']:.3f}  "
                    f"{row['seconds']:.0f} s",
                    flush=True,
                )
    header = "  ".join(f"{d[3:]}@d_{o}" for d, o in windows)
    print(f"\ncandidate     {header}   pooled mean (WRMSSE/WAPE14)")
    for name in sorted(names, key=lambda n: np.mean([w for w, _ in scores[n]])):
        cells = "  ".join(f"{w:.3f}/{x:.3f}" for w, x in scores[name])
        wrmsse, wape = np.mean(scores[name], axis=0)
        print(f"{name:12s}  {cells}  {wrmsse:.3f}/{wape:.3f}")


if __name__ == "__main__":
    main()
