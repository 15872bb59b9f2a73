"""Presenters turn typed results into plain lines, without the database or the command line."""

from __future__ import annotations

import math

from stockpilot.domain.imports import ImportReport, TableCounts
from stockpilot.domain.messages import Message
from stockpilot.domain.readiness import BLOCKER, NOT_READY, WARNING, Check, ReadinessReport
from stockpilot.domain.replay.engine import ReplayKpis
from stockpilot.messages import render
from stockpilot.presenters import Line
from stockpilot.presenters.imports import import_summary
from stockpilot.presenters.priority import priority_row
from stockpilot.presenters.readiness import readiness_report
from stockpilot.presenters.replay import kpi_header, kpi_row
from stockpilot.services.prioritising import PriorityRow
from stockpilot.services.replay import PolicyResult


def test_a_priority_row_is_one_aligned_line():
    row = PriorityRow(1, "SKU1", "Jasmine rice 5kg", "茉莉香米", "A", "Z", 1.2345, 1_234_567.0, 0.0512, 10.0)
    assert priority_row(row, "en") == "     1  SKU1         AZ         1.23     1,234,567    5.1%  Jasmine rice 5kg"
    assert priority_row(row, "zh-HK").endswith("5.1%  茉莉香米")
    unsold = PriorityRow(2, "SKU2", None, None, "C", "Z", None, 0.0, 0.0, None)
    assert priority_row(unsold, "zh-HK").split()[:4] == ["2", "SKU2", "CZ", "-"]


def test_a_policy_row_formats_each_kpi_and_shows_unknowns_as_a_dash():
    kpis = ReplayKpis(0.5, 0.5, 0.5, 0.5, 0.5, math.nan, math.inf, order_lines=12, flagged_lines=12, ordering_hours=0.5)
    cells = kpi_row(PolicyResult("min_max", "1w/3w", True, kpis))
    assert cells[0] == "min_max 1w/3w" and cells[1] == "50.0%" and cells[6] == cells[7] == "-" and cells[8] == "12"
    assert len(kpi_header("en")) == len(cells) == len(kpi_header("zh-HK"))


def test_a_line_is_plain_data():
    assert Line("text") == Line("text", None) and Line("x", "bold").style == "bold"


def test_an_import_summary_adds_up_and_shows_only_what_happened():
    counts = TableCounts(received=10, new=7, unchanged=1, quarantined=2)
    report = ImportReport(
        4, "/shop/exports/sales.csv", "canonical", "csv", "utf-8", 10, 8, 2, {"sales": counts},
        refused_columns={"Phone": "phone"}, pseudonymised_columns=["member"],
    )  # fmt: skip
    lines = import_summary(report, "en", chosen=False)
    texts = [line.text for line in lines]
    assert texts[0] == "sales.csv: received 10 = accepted 8 + quarantined 2"
    assert texts[1] == "  profile: canonical (recognised from the columns)"
    assert texts[2] == "  new 7, already stored (no change) 1"
    assert lines[3].style == "yellow" and "'Phone'" in texts[3]
    assert texts[-1].endswith("--import-id 4")
    assert not any("masked" in t or "not used" in t for t in texts)  # nothing masked, no column ignored
    chinese = [line.text for line in import_summary(report, "zh-HK", chosen=True)]
    assert chinese[0] == "sales.csv：收到 10 = 接納 8 + 隔離 2" and "由 --profile 指定" in chinese[1]


def test_a_readiness_report_gives_the_verdict_then_a_line_per_check():
    finding = Message("weekday.0")
    checks = [
        Check("a", "overall", 1.0, 1.0, True, BLOCKER, finding),
        Check("b", "location:ST01", 0.0, 1.0, False, BLOCKER, finding),
        Check("c", "table:sales", 0.0, 1.0, False, WARNING, finding),
    ]
    report = ReadinessReport(False, NOT_READY, [finding], checks, facts=None)
    lines = readiness_report(report, "en")
    assert lines[0] == Line("NOT READY", "bold red")
    assert [line.text.split()[0] for line in lines[1:]] == ["ok", "FAIL", "warn"]
    assert lines[2].text.split()[1] == "location:ST01" and lines[2].text.endswith(render(finding, "en"))
    assert readiness_report(report, "zh-HK")[1].text.split()[0] == "通過"
