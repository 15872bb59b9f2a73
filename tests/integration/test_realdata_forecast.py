"""Forecasting on real shop data: M5's 28 items in 10 stores, imported like a shop's export.

The last 28 days are forecast from the days before them, exactly as `stockpilot backtest`
does, and compared with what was sold and with a seasonal-naive forecast (last week
again). CI has the data; a missing folder fails (see tests/integration/test_realdata.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import real_data
from stockpilot.adapters.storage.store import open_store
from stockpilot.domain.forecasting import metrics
from stockpilot.services.backtesting import run_backtest
from stockpilot.services.importing import import_file

pytestmark = pytest.mark.realdata


def test_m5_tiny_backtest_beats_seasonal_naive_and_is_calibrated(tmp_path, settings):
    with open_store(tmp_path / "m5.duckdb") as store:
        with open_store(store.file) as db:  # the file's own connection until import_file takes a store
            assert import_file(db, real_data("m5_tiny/tiny_m5.parquet"), settings).quarantined == 0
        report = run_backtest(store, settings, origins=1, horizon=28)
    history, e = report.history, report.evaluation
    assert history.panel.series == 280
    window = report.evaluation  # one origin: the last 28 days
    sales = history.sales
    actual, before = sales[:, -28:], sales[:, :-28]
    naive = np.tile(before[:, -7:], 4)
    levels = {
        "store": list(history.locations),
        "category": list(history.categories),
        "department": list(history.departments),
        "item": [f"{a}/{b}" for a, b in zip(history.locations, history.skus, strict=True)],
    }
    revenue = np.nansum(before[:, -28:] * np.nan_to_num(history.panel.price[:, -56:-28]), axis=1)
    naive_wrmsse = metrics.wrmsse(before, actual, naive, revenue, levels)["total"]
    assert window.wrmsse["total"] < 0.85 * naive_wrmsse
    assert e.overall["wape"] < 0.9 * metrics.wape(actual, naive)
    assert abs(e.overall["bias"]) < 0.15
    for level in (0.5, 0.8, 0.9, 0.95):
        assert e.pit_coverage[level] == pytest.approx(level, abs=0.05), (level, e.pit_coverage)
