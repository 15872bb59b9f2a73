"""Migration 008 on both backends: proposals stored with their reason as prose in two languages
(schema 007) read exactly as before once the reason is a code and its values."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stockpilot.adapters.storage import engine as engine_module
from stockpilot.adapters.storage.engine import latest_version, schema_version
from stockpilot.adapters.storage.store import open_store
from stockpilot.messages import render
from stockpilot.services import review

pytestmark = pytest.mark.contract

# (proposal columns from supplier_id to flags, English reason, Chinese reason), as schema 007 stored them
OLD_LINES = [
    (
        ("S1", "WH", "SKU1", "A", 0.98, 36.2, 15.9, 20, 0, 52.1, 32.1, 32, 1.5, "case_pack_up", ""),
        "expected demand over the next 12 days 36, safety stock 16 (service level 98%), on hand 20, on order 0; "
        "up to 52 needs 32; rounded up to cases of 4 -> order 32",
        "預計未來 12 天需求 36 件，安全庫存 16 件（服務水平 98%），現有 20 件，在途 0 件，補至 52 件需 32 件，"
        "按箱規 4 件取整 → 訂 32 件",
    ),
    (
        ("S1", "WH", "SKU2", "B", 0.95, 18, 7, 200, 0, 25, 0, 0, None, "", "promotion_soon"),
        "expected demand over the next 12 days 18 (promotion included), safety stock 7 (service level 95%), "
        "on hand 200, on order 0; up to 25 needs 0 -> order 0",
        "預計未來 12 天需求 18 件（含推廣），安全庫存 7 件（服務水平 95%），現有 200 件，在途 0 件，"
        "補至 25 件需 0 件 → 訂 0 件",
    ),
    (
        ("S1", "WH", "SKU3", "C", 0.9, 2, 2, 0, 0, 4, 4, 1200, 2.0, "case_pack_up,moq,budget_cut", "budget_cut"),
        "expected demand over the next 9 days 2, safety stock 2 (service level 90%), on hand 0, on order 0; "
        "up to 4 needs 4; rounded up to cases of 6, raised to the minimum order 1200, cut by the supplier budget "
        "-> order 1,200",
        "預計未來 9 天需求 2 件，安全庫存 2 件（服務水平 90%），現有 0 件，在途 0 件，補至 4 件需 4 件，"
        "按箱規 6 件取整，提高至最低訂量 1200 件，因預算削減 → 訂 1,200 件",
    ),
]

# the same reasons as they read today: in the glossary's words (messages/glossary.toml, issue 13 finding 8)
NOW_ZH = [
    "預計未來 12 日需求 36 件，安全存貨 16 件（服務水平 98%），現有存貨 20 件，已訂未到 0 件，補至 52 件需 32 件，"
    "按每箱件數 4 取整 → 訂 32 件",
    "預計未來 12 日需求 18 件（含推廣），安全存貨 7 件（服務水平 95%），現有存貨 200 件，已訂未到 0 件，"
    "補至 25 件需 0 件 → 訂 0 件",
    "預計未來 9 日需求 2 件，安全存貨 2 件（服務水平 90%），現有存貨 0 件，已訂未到 0 件，補至 4 件需 4 件，"
    "按每箱件數 6 取整，提高至最低訂量 1200 件，因預算削減 → 訂 1,200 件",
]


def test_stored_reasons_read_the_same_after_migration_008(backend_target, monkeypatch):
    before = [m for m in engine_module.migrations("duckdb") if m[0] < 8]
    older = engine_module.migrations
    monkeypatch.setattr(engine_module, "migrations", lambda backend: [m for m in older(backend) if m[0] < 8])
    with open_store(backend_target) as store:
        assert schema_version(store.engine) == before[-1][0] == 7
        store.engine.execute(
            "INSERT INTO plans VALUES ($1, $2, $3, $4, $5, $6)",
            [1, dt.datetime(2024, 3, 10), dt.date(2024, 3, 11), 1, 3, 2],
        )
        for line, (columns, en, zh) in enumerate(OLD_LINES, start=1):
            marks = ", ".join(f"${i}" for i in range(1, len(columns) + 5))
            store.engine.execute(f"INSERT INTO proposals VALUES ({marks})", [1, line, *columns, en, zh])
    monkeypatch.setattr(engine_module, "migrations", older)
    with open_store(backend_target) as store:
        assert schema_version(store.engine) == latest_version() >= 8
        lines = {line.line: line for line in review.review_lines(store, 1, review.ReviewFilter(ordered_only=False))}
        stored = store.engine.rows("SELECT line, reason_code, reason_params FROM proposals ORDER BY line")
    for line, ((_, en, _), zh) in enumerate(zip(OLD_LINES, NOW_ZH, strict=True), start=1):
        assert render(lines[line].reason, "en") == en
        assert render(lines[line].reason, "zh-HK") == zh
    assert [code for _, code, _ in stored] == ["reason.line"] * 3
    assert json.loads(stored[2][2]) == {"days": 9, "promotion": False, "pack": 6, "moq": 1200}
    assert json.loads(stored[1][2])["promotion"] is True
