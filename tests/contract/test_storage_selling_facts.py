"""The storage contract for the season and dead-stock facts (domain/replenishment/lifecycle.py):
the same per-SKU facts on DuckDB and on PostgreSQL, worked out by hand.

The year to 2024-03-31 (ages counted back from 2024-04-01, 1 = the cutoff day):
- SKU1, evergreen: 1 a day on the last 120 days. Its best 90 days hold 90, ending on the cutoff
  (age 1); 56 sold in the last 56 days.
- SKU2, seasonal: 20 a day from 2023-09-01 to 2023-09-20, 400 in all, all in one window whose
  last sale is 194 days before 2024-04-01; none in the last 56 days.
- SKU3: 5 on the 15th of each month from June to December 2023 (35): spread over seven months,
  the best 90 days hold 15 (three sales), the latest such window ending 2023-12-15 (age 108).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from stockpilot.services.importing import import_file

pytestmark = pytest.mark.contract
CUTOFF = dt.date(2024, 3, 31)


def _sales_csv() -> str:
    rows = ["event_id,occurred_at,location_id,sku,quantity,unit_price"]
    for n in range(120):
        rows.append(f"A{n},{CUTOFF - dt.timedelta(days=n)} 12:00,ST01,SKU1,1,59.9")
    for n in range(20):
        rows.append(f"B{n},{dt.date(2023, 9, 1) + dt.timedelta(days=n)} 12:00,ST01,SKU2,20,12.5")
    for month in range(6, 13):
        rows.append(f"C{month},2023-{month:02d}-15 12:00,ST01,SKU3,5,16")
    return "\n".join(rows) + "\n"


def test_the_season_facts_of_each_sku_by_hand(any_store, settings, master_files, tmp_path):
    for path in master_files:
        import_file(any_store, path, settings)
    sales = tmp_path / "sales.csv"
    sales.write_text(_sales_csv(), encoding="utf-8")
    assert import_file(any_store, sales, settings).accepted == 147
    facts = any_store.sales.selling_facts(CUTOFF, season_days=90, dead_days=56)
    assert list(facts["sku"]) == ["SKU1", "SKU2", "SKU3"]
    got = np.column_stack(
        [facts[k] for k in ("year_units", "peak_units", "peak_end_age", "last_sale_age", "dead_units")]
    )
    assert got.tolist() == [
        [120, 90, 1, 1, 56],
        [400, 400, 194, 194, 0],
        [35, 15, 108, 108, 0],
    ]


def test_the_plan_reads_the_same_facts_per_series_and_the_days_without_data(
    any_store, settings, master_files, tmp_path
):
    """The plan's series (plans.SELLING_CTE over ST01's sales, the warehouse's the same as it sells
    what its stores sell): planned 2024-04-04, the latest sale row 4 days before, 3 days without data."""
    for path in master_files:
        import_file(any_store, path, settings)
    sales = tmp_path / "sales.csv"
    sales.write_text(_sales_csv(), encoding="utf-8")
    import_file(any_store, sales, settings)
    day = CUTOFF + dt.timedelta(days=4)
    engine = any_store.engine
    engine.execute(
        "INSERT INTO forecast_runs VALUES (1, $1, $2, $3, 28, '0.5', 'given', 1, 'ignore', 3, 0, 0, NULL)",
        [dt.datetime(2024, 4, 3, 8), day - dt.timedelta(days=1), day],
    )
    for sku in ("SKU1", "SKU2", "SKU3"):
        engine.execute("INSERT INTO forecasts VALUES (1, 'ST01', $1, $2, 1.0, 'given', 0)", [sku, day])
    base, _ = any_store.plans.series(1, day, 90, season_days=90, dead_days=56)
    got = {
        str(sku): [
            float(base[k][i]) for k in ("year_units", "peak_units", "peak_end_age", "dead_units", "days_without")
        ]
        for i, sku in enumerate(base["sku"])
        if base["location_id"][i] == "ST01"
    }
    # ages now count back from 2024-04-04: three more days than from 2024-04-01
    assert got == {
        "SKU1": [120, 90, 4, 53, 3],
        "SKU2": [400, 400, 197, 0, 3],
        "SKU3": [35, 15, 111, 0, 3],
    }
