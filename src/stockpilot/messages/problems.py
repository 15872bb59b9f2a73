"""Why a row was quarantined (``problem.<code>``, domain/problems.py) and when a later import fixed
it (``quarantine.fixed``): words a shop clerk understands."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MESSAGES: dict[str, dict[str, str]] = {
    "problem.missing_required": {
        "en": "{field} is empty but required",
        "zh-HK": "{field:term}是必填欄位，但留空了",
    },
    "problem.not_a_number": {
        "en": "{field} '{value}' is not a number",
        "zh-HK": "{field:term}「{value}」不是數字",
    },
    "problem.not_an_integer": {
        "en": "{field} '{value}' is not a whole number",
        "zh-HK": "{field:term}「{value}」不是整數",
    },
    "problem.not_a_date": {
        "en": "{field} '{value}' is not a real date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        "zh-HK": "{field:term}「{value}」不是有效日期（應為 YYYY-MM-DD 或 YYYY-MM-DD HH:MM）",
    },
    "problem.too_large": {
        "en": "{field} {value} is too large to be a real value (more than {limit})",
        "zh-HK": "{field:term} {value} 數值過大，不可能是真實數值（超過 {limit}）",
    },
    "problem.too_long": {
        "en": "{field} '{value}' is longer than {limit} characters",
        "zh-HK": "{field:term}「{value}」超過 {limit} 個字元",
    },
    "problem.invisible_characters": {
        "en": "{field} '{value}' holds invisible characters (zero-width, direction marks, control or combining "
        "characters); type the code again",
        "zh-HK": "{field:term}「{value}」含有隱形字元（零寬、方向標記、控制或組合字元），請重新輸入編號",
    },
    "problem.lookalike_characters": {
        "en": "{field} '{value}' mixes Latin letters with Cyrillic or Greek look-alikes; type the code again",
        "zh-HK": "{field:term}「{value}」混雜了拉丁字母與外形相似的西里爾或希臘字母，請重新輸入編號",
    },
    "problem.bad_time_zone": {
        "en": "{field} '{value}' has a time-zone offset that does not exist (from -12:00 to +14:00)",
        "zh-HK": "{field:term}「{value}」的時區偏移不存在（應介乎 -12:00 至 +14:00）",
    },
    "problem.below_minimum": {
        "en": "{field} {value} is below the smallest allowed value {limit}",
        "zh-HK": "{field:term} {value} 小於容許的最小值 {limit}",
    },
    "problem.above_maximum": {
        "en": "{field} {value} is above the largest allowed value {limit}",
        "zh-HK": "{field:term} {value} 大於容許的最大值 {limit}",
    },
    "problem.not_a_choice": {
        "en": "{field} '{value}' is not one of: {limit}",
        "zh-HK": "{field:term}「{value}」不是以下之一：{limit}",
    },
    "problem.too_early": {
        "en": "{field} {value} is before {limit}, which is impossible here",
        "zh-HK": "{field:term} {value} 早於 {limit}，不合理",
    },
    "problem.in_future": {
        "en": "{field} {value} is in the future (after {limit})",
        "zh-HK": "{field:term} {value} 是未來日期（晚於 {limit}）",
    },
    "problem.beyond_horizon": {
        "en": "{field} {value} is planned too far ahead (the last day allowed is {limit}; "
        "setting planned_horizon_days)",
        "zh-HK": "{field:term} {value} 是太遠的計劃日期（最遲只可到 {limit}）",
    },
    "problem.out_of_order": {
        "en": "{field} {value} comes after {later_field} {later_value}",
        "zh-HK": "{field:term} {value} 晚於{later_field:term} {later_value}",
    },
    "problem.unknown_reference": {
        "en": "{field} '{value}' is not in {limit}; import it there first",
        "zh-HK": "{field:term}「{value}」不在已匯入的{limit:term}資料中，請先匯入",
    },
    "problem.id_conflict": {
        "en": "id '{value}' was already received with different values",
        "zh-HK": "編號「{value}」已收過，但內容不同",
    },
    "problem.malformed_row": {
        "en": "the row cannot be read: {value}",
        "zh-HK": "無法讀取此行：{value}",
    },
    "problem.unreadable_characters": {
        "en": "the row has characters that are neither UTF-8 nor Big5 (mixed encodings?)",
        "zh-HK": "此行含有非 UTF-8 亦非 Big5 的字元（編碼混雜？）",
    },
    "quarantine.empty": {
        "en": "Nothing in quarantine: every row received so far was accepted or has been fixed.",
        "zh-HK": "沒有隔離資料：至今收到的每一行都已接納或已修正。",
    },
    "quarantine.fixed": {
        "en": "fixed by import {import_id} on {at:%Y-%m-%d %H:%M}",
        "zh-HK": "已由第 {import_id} 次匯入於 {at:%Y-%m-%d %H:%M} 修正",
    },
    "problem.not_a_product": {
        "en": "code '{value}' is not a product ({limit}); set aside",
        "zh-HK": "代碼「{value}」不是貨品（{limit}），已擱置",
    },
}


def _out_of_order(params: Mapping[str, Any], lang: str) -> dict[str, str]:
    """The later field and its value, which the import's check gives as one ``limit``
    (``"expected_date 2026-01-01"``, adapters/importers/checks.py), so each is worded on its own."""
    later_field, _, later_value = str(params.get("limit", "")).partition(" ")
    return {"later_field": later_field, "later_value": later_value}


DERIVED = {"problem.out_of_order": _out_of_order}
