"""Presenters turn typed results into plain lines, without the database or the command line."""

from __future__ import annotations

from stockpilot.presenters import Line
from stockpilot.presenters.priority import priority_row
from stockpilot.presenters.replay import KPI_COLUMNS, kpi_header, kpi_row
from stockpilot.services.prioritising import PriorityRow
from stockpilot.services.replay import PolicyResult


def test_a_priority_row_is_one_aligned_line():
    row = PriorityRow(1, "SKU1", "Jasmine rice 5kg", "A", "Z", 1.2345, 1_234_567.0, 0.0512, 10.0)
    assert priority_row(row) == "     1  SKU1         AZ         1.23     1,234,567    5.1%  Jasmine rice 5kg"
    unsold = PriorityRow(2, "SKU2", None, "C", "Z", None, 0.0, 0.0, None)
    assert priority_row(unsold).split()[:4] == ["2", "SKU2", "CZ", "-"]


def test_a_policy_row_formats_each_kpi_and_shows_unknowns_as_a_dash():
    kpis = {key: 0.5 for key, _ in KPI_COLUMNS} | {"order_lines": 12, "turnover": None}
    cells = kpi_row(PolicyResult("min_max", "1w/3w", True, kpis))
    assert cells[0] == "min_max 1w/3w" and cells[1] == "50.0%" and cells[6] == "-" and cells[8] == "12"
    assert len(kpi_header("en")) == len(cells) == len(kpi_header("zh-HK"))


def test_a_line_is_plain_data():
    assert Line("text") == Line("text", None) and Line("x", "bold").style == "bold"
