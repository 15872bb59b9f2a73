"""The storage contract for reading the latest replay back (the web app's evidence page), on DuckDB
and on PostgreSQL: the report reads back as ``run_replay`` stored it, the latest run wins, and a
run stored before the daily totals were kept reads back without them."""

from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa
import pytest

from stockpilot.domain.messages import Message
from stockpilot.domain.replay.engine import ReplayKpis
from stockpilot.services.replay import (
    BreakEvenLine,
    DailyTotals,
    PilotKpis,
    PolicyResult,
    ReplayReport,
    latest_replay,
)

pytestmark = pytest.mark.contract

FIGURES = ("demand_units", "demand_value", "rule_lost_units", "rule_lost_value", "rule_stock_value")
FIGURES += ("ours_lost_units", "ours_lost_value", "ours_stock_value", "recovered_margin", "stock_released")


def _rows(run_id: int) -> pa.Table:
    """One series' row of replay_series."""
    return pa.table(
        {
            "run_id": pa.array([run_id], pa.int64()),
            "location_id": ["ST01"],
            "sku": ["SKU1"],
            **{name: [1.0] for name in FIGURES},
            "cash_improvement": [2.0],
        }
    )


def _report(run_id: int) -> ReplayReport:
    """A report with one KPI not known (NaN: no demand, no stockout rate), a note and daily totals."""
    kpis = ReplayKpis(0.25, 0.9, 12.0, 340.5, 1000.0, 6.5, 56.0, 4, 1, 0.5)
    no_demand = ReplayKpis(float("nan"), float("nan"), 0.0, 0.0, 80.0, 0.0, float("inf"), 0, 0, 0.0)
    return ReplayReport(
        run_id=run_id,
        first_day=dt.date(2024, 1, 1),
        last_day=dt.date(2024, 1, 3),
        series=1,
        policies=[PolicyResult("min_max", "1w/3w", True, kpis), PolicyResult("stock_pilot", "0.5", False, no_demand)],
        equal_inventory={"average_stock_value": 1000.0, "stockouts_change": None},
        pilot_kpis=PilotKpis({"stockouts": {"change": -0.5, "met": True}}, 0.95, None),
        break_even=[BreakEvenLine("ST01", "SKU1", 1.5, 0.8, 12.25)],
        charts=[],
        notes=[Message("replay.note.no_unit_cost", {"series": 1})],
        daily=[DailyTotals("min_max", "1w/3w", [1, 1, 0], [0, 1, 0], [900.0, 1000.0, 1100.0])],
    )


def _save(store, report: dict, run_id: int) -> None:
    at = dt.datetime(2024, 1, 4, 8, run_id % 60)
    store.replays.save(run_id, at, dt.date(2024, 1, 1), dt.date(2024, 1, 3), report, _rows(run_id))


def test_no_replay_reads_back_as_none(any_store):
    assert any_store.replays.latest_report() is None
    assert latest_replay(any_store) is None


def test_the_latest_report_reads_back_as_it_was_stored(any_store):
    first, second = any_store.replays.next_run_id(), any_store.replays.next_run_id()
    _save(any_store, _report(first).to_dict(), first)
    _save(any_store, _report(second).to_dict(), second)
    created_at, stored = any_store.replays.latest_report()
    assert created_at == dt.datetime(2024, 1, 4, 8, second % 60)
    assert stored == _report(second).to_dict()  # the JSON as written: NaN and infinity as None

    read = latest_replay(any_store)
    assert read is not None and read.created_at == created_at
    report = read.report
    assert report.to_dict() == _report(second).to_dict()
    assert (report.run_id, report.first_day, report.days) == (second, dt.date(2024, 1, 1), 3)
    unknown = report.policies[1].kpis
    assert math.isnan(unknown.stockout_rate) and math.isnan(unknown.days_of_cover)  # None became NaN again
    assert report.policies[0].kpis == _report(second).policies[0].kpis
    assert report.notes == [Message("replay.note.no_unit_cost", {"series": 1})]
    assert report.break_even == [BreakEvenLine("ST01", "SKU1", 1.5, 0.8, 12.25)]
    assert report.daily[0].stockout_rate == [0.0, 1.0, None]


def test_a_run_stored_before_the_daily_totals_reads_back_without_them(any_store):
    run_id = any_store.replays.next_run_id()
    older = _report(run_id).to_dict()
    del older["daily"]
    _save(any_store, older, run_id)
    read = latest_replay(any_store)
    assert read is not None and read.report.daily == [] and read.report.policies[0].setting == "1w/3w"
