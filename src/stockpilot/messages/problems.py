"""Why a row was quarantined (``problem.<code>``, domain/problems.py): words a shop clerk understands."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "problem.missing_required": {
        "en": "{field} is empty but required",
        "zh-HK": "{field} 是必填欄位，但留空了",
    },
    "problem.not_a_number": {
        "en": "{field} '{value}' is not a number",
        "zh-HK": "{field}「{value}」不是數字",
    },
    "problem.not_an_integer": {
        "en": "{field} '{value}' is not a whole number",
        "zh-HK": "{field}「{value}」不是整數",
    },
    "problem.not_a_date": {
        "en": "{field} '{value}' is not a real date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        "zh-HK": "{field}「{value}」不是有效日期（應為 YYYY-MM-DD 或 YYYY-MM-DD HH:MM）",
    },
    "problem.too_large": {
        "en": "{field} {value} is too large to be a real value (more than {limit})",
        "zh-HK": "{field} {value} 數值過大，不可能是真實數值（超過 {limit}）",
    },
    "problem.too_long": {
        "en": "{field} '{value}' is longer than {limit} characters",
        "zh-HK": "{field}「{value}」超過 {limit} 個字元",
    },
    "problem.invisible_characters": {
        "en": "{field} '{value}' holds invisible characters (zero-width, direction marks, control or combining "
        "characters); type the code again",
        "zh-HK": "{field}「{value}」含有隱形字元（零寬、方向標記、控制或組合字元），請重新輸入編號",
    },
    "problem.lookalike_characters": {
        "en": "{field} '{value}' mixes Latin letters with Cyrillic or Greek look-alikes; type the code again",
        "zh-HK": "{field}「{value}」混雜了拉丁字母與外形相似的西里爾或希臘字母，請重新輸入編號",
    },
    "problem.bad_time_zone": {
        "en": "{field} '{value}' has a time-zone offset that does not exist (from -12:00 to +14:00)",
        "zh-HK": "{field}「{value}」的時區偏移不存在（應介乎 -12:00 至 +14:00）",
    },
    "problem.below_minimum": {
        "en": "{field} {value} is below the smallest allowed value {limit}",
        "zh-HK": "{field} {value} 小於容許的最小值 {limit}",
    },
    "problem.above_maximum": {
        "en": "{field} {value} is above the largest allowed value {limit}",
        "zh-HK": "{field} {value} 大於容許的最大值 {limit}",
    },
    "problem.not_a_choice": {
        "en": "{field} '{value}' is not one of: {limit}",
        "zh-HK": "{field}「{value}」不是以下之一：{limit}",
    },
    "problem.too_early": {
        "en": "{field} {value} is before {limit}, which is impossible here",
        "zh-HK": "{field} {value} 早於 {limit}，不合理",
    },
    "problem.in_future": {
        "en": "{field} {value} is in the future (after {limit})",
        "zh-HK": "{field} {value} 是未來日期（晚於 {limit}）",
    },
    "problem.out_of_order": {
        "en": "{field} {value} comes after {limit}",
        "zh-HK": "{field} {value} 晚於 {limit}",
    },
    "problem.unknown_reference": {
        "en": "{field} '{value}' is not in {limit}; import it there first",
        "zh-HK": "{field}「{value}」不在 {limit} 之中，請先匯入",
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
    "problem.not_a_product": {
        "en": "code '{value}' is not a product ({limit}); set aside",
        "zh-HK": "代碼「{value}」不是貨品（{limit}），已擱置",
    },
}
