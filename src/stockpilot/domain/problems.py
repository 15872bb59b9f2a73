"""Why a row was quarantined, in words a shop clerk understands (R-DATA-3), in both languages.

A problem is a code plus the field, the offending value and a limit. The importer
records codes; people read :func:`describe`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ProblemKind(str, Enum):
    """How readiness counts a problem (R-DATA-4)."""

    MISSING = "missing"  # a required field is empty: completeness
    INVALID = "invalid"  # negative, impossible or unreadable values
    DUPLICATE = "duplicate"  # an id already used with other values
    STRUCTURE = "structure"  # the row itself cannot be read
    EXCLUDED = "excluded"  # set aside on purpose by the import profile
    REFERENCE = "reference"  # names a product or location that is not known


@dataclass(frozen=True)
class ProblemType:
    kind: ProblemKind
    en: str
    zh: str


PROBLEMS: dict[str, ProblemType] = {
    "missing_required": ProblemType(
        ProblemKind.MISSING, "{field} is empty but required", "{field} 是必填欄位，但留空了"
    ),
    "not_a_number": ProblemType(ProblemKind.INVALID, "{field} '{value}' is not a number", "{field}「{value}」不是數字"),
    "not_an_integer": ProblemType(
        ProblemKind.INVALID, "{field} '{value}' is not a whole number", "{field}「{value}」不是整數"
    ),
    "not_a_date": ProblemType(
        ProblemKind.INVALID,
        "{field} '{value}' is not a real date (expected YYYY-MM-DD or YYYY-MM-DD HH:MM)",
        "{field}「{value}」不是有效日期（應為 YYYY-MM-DD 或 YYYY-MM-DD HH:MM）",
    ),
    "too_large": ProblemType(
        ProblemKind.INVALID,
        "{field} {value} is too large to be a real value (more than {limit})",
        "{field} {value} 數值過大，不可能是真實數值（超過 {limit}）",
    ),
    "too_long": ProblemType(
        ProblemKind.INVALID,
        "{field} '{value}' is longer than {limit} characters",
        "{field}「{value}」超過 {limit} 個字元",
    ),
    "invisible_characters": ProblemType(
        ProblemKind.INVALID,
        "{field} '{value}' holds invisible characters (zero-width, direction marks, control or combining "
        "characters); type the code again",
        "{field}「{value}」含有隱形字元（零寬、方向標記、控制或組合字元），請重新輸入編號",
    ),
    "lookalike_characters": ProblemType(
        ProblemKind.INVALID,
        "{field} '{value}' mixes Latin letters with Cyrillic or Greek look-alikes; type the code again",
        "{field}「{value}」混雜了拉丁字母與外形相似的西里爾或希臘字母，請重新輸入編號",
    ),
    "bad_time_zone": ProblemType(
        ProblemKind.INVALID,
        "{field} '{value}' has a time-zone offset that does not exist (from -12:00 to +14:00)",
        "{field}「{value}」的時區偏移不存在（應介乎 -12:00 至 +14:00）",
    ),
    "below_minimum": ProblemType(
        ProblemKind.INVALID,
        "{field} {value} is below the smallest allowed value {limit}",
        "{field} {value} 小於容許的最小值 {limit}",
    ),
    "above_maximum": ProblemType(
        ProblemKind.INVALID,
        "{field} {value} is above the largest allowed value {limit}",
        "{field} {value} 大於容許的最大值 {limit}",
    ),
    "not_a_choice": ProblemType(
        ProblemKind.INVALID,
        "{field} '{value}' is not one of: {limit}",
        "{field}「{value}」不是以下之一：{limit}",
    ),
    "too_early": ProblemType(
        ProblemKind.INVALID,
        "{field} {value} is before {limit}, which is impossible here",
        "{field} {value} 早於 {limit}，不合理",
    ),
    "in_future": ProblemType(
        ProblemKind.INVALID,
        "{field} {value} is in the future (after {limit})",
        "{field} {value} 是未來日期（晚於 {limit}）",
    ),
    "out_of_order": ProblemType(
        ProblemKind.INVALID,
        "{field} {value} comes after {limit}",
        "{field} {value} 晚於 {limit}",
    ),
    "unknown_reference": ProblemType(
        ProblemKind.REFERENCE,
        "{field} '{value}' is not in {limit}; import it there first",
        "{field}「{value}」不在 {limit} 之中，請先匯入",
    ),
    "id_conflict": ProblemType(
        ProblemKind.DUPLICATE,
        "id '{value}' was already received with different values",
        "編號「{value}」已收過，但內容不同",
    ),
    "malformed_row": ProblemType(ProblemKind.STRUCTURE, "the row cannot be read: {value}", "無法讀取此行：{value}"),
    "unreadable_characters": ProblemType(
        ProblemKind.STRUCTURE,
        "the row has characters that are neither UTF-8 nor Big5 (mixed encodings?)",
        "此行含有非 UTF-8 亦非 Big5 的字元（編碼混雜？）",
    ),
    "not_a_product": ProblemType(
        ProblemKind.EXCLUDED,
        "code '{value}' is not a product ({limit}); set aside",
        "代碼「{value}」不是貨品（{limit}），已擱置",
    ),
}


@dataclass(frozen=True)
class Problem:
    """One reason a row was not accepted."""

    code: str
    field: str = ""
    value: str = ""
    limit: str = ""

    def __post_init__(self) -> None:
        if self.code not in PROBLEMS:
            raise ValueError(f"unknown problem code {self.code!r}")

    @property
    def kind(self) -> ProblemKind:
        return PROBLEMS[self.code].kind

    def describe(self, language: str = "en") -> str:
        template = PROBLEMS[self.code].zh if language.startswith("zh") else PROBLEMS[self.code].en
        return template.format(field=self.field, value=self.value, limit=self.limit)


def describe(problems: list[Problem], language: str = "en") -> str:
    """All the reasons for one row, joined for one line of a report."""
    return "; ".join(p.describe(language) for p in problems)
