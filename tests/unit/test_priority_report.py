"""The priority report prints every row of the lists it names (`--top 50` printed 10: the presenter
cut each list to its first ten), each once, and says which SKUs it left out of them and why."""

from __future__ import annotations

import datetime as dt

from stockpilot.domain.messages import Message
from stockpilot.presenters.priority import priority_report
from stockpilot.services.prioritising import LeftOut, PriorityList, PriorityReport, PriorityRow


def _report(*tops: int) -> PriorityReport:
    rows = [PriorityRow(r, f"SKU{r}", f"Item {r}", None, "A", "Z", 1.0, 100.0, 0.001, None) for r in range(1, 301)]
    lists = [PriorityList(n, rows[:n], n / 1000, None) for n in tops]
    left_out = [
        LeftOut(
            "MOON-01",
            "Lotus Seed Mooncakes",
            "蓮蓉月餅",
            Message("flag.season_ended", {"share": 1.0, "ago": 63, "window": 90}),
        ),
        LeftOut("OLD-1", "Old stock", None, Message("priority.unsold", {"days": 56})),
    ]
    return PriorityReport(dt.date(2024, 3, 31), dt.date(2023, 4, 1), 52, 302, {}, lists, None, left_out)


def _texts(report: PriorityReport, language: str = "en") -> list[str]:
    return [line.text for line in priority_report(report, language)]


def _ranks(texts: list[str]) -> list[int]:
    """The ranks of the rows printed (a row: rank, then the SKU)."""
    return [int(t.split()[0]) for t in texts if t.split()[:1] and t.split()[0].isdigit()]


def test_top_50_prints_its_50_rows():
    texts = _texts(_report(50))
    assert _ranks(texts) == list(range(1, 51))
    assert "top 50: 50 SKUs, 5.0% of sales value, expected cash improvement not known" in texts


def test_a_longer_list_adds_the_rows_after_the_shorter_one_once():
    texts = _texts(_report(50, 200))
    assert _ranks(texts) == list(range(1, 201))  # 1..50 under the top 50, 51..200 under the top 200
    assert "  ranks 1 to 50: as above" in texts


def test_the_report_says_what_it_left_out_and_why_in_both_languages():
    en = _texts(_report(10))
    assert "left out of the pilot lists: 2 SKUs (season over, or no recent sales)" in en
    assert (
        "  MOON-01      season over: 100% of the last year's units sold within 90 days, the last 63 days ago"
        "  Lotus Seed Mooncakes"
    ) in en
    assert "  OLD-1        no sales in the last 56 days  Old stock" in en
    zh = _texts(_report(10), "zh-HK")
    assert "不列入試行名單：2 個貨品（季節已過或近期沒有銷售）" in zh
    assert any(t.startswith("  MOON-01") and t.endswith("蓮蓉月餅") for t in zh)
