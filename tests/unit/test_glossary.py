"""The one glossary (messages/glossary.toml): every zh-HK text of the product uses its Hong Kong
term per concept, never a forbidden variant, and names tables and fields in Chinese.

Each check collects every offender before failing, so one run lists each message key and word.
"""

from __future__ import annotations

import ast
import os
import re
import string
from pathlib import Path

import pytest

from stockpilot.domain.model import TABLES
from stockpilot.domain.problems import PROBLEMS, Problem
from stockpilot.messages import CATALOGUE, GLOSSARY, glossary_markdown, render

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "stockpilot"
CJK = re.compile(r"[\u3400-\u9fff]")

MODEL_NAMES = frozenset(TABLES) | {column.name for table in TABLES.values() for column in table.columns}
"""Every table and field name of the data model: never in English inside a Chinese message."""

NAME_VALUES = frozenset({"table", "field", "later_field"})
"""Template values that carry a table or field name: a zh-HK template shows them with ``:term``."""

# What may hold an English word in a Chinese sentence: a command (`stockpilot plan --date D`), an
# option (--cutoff) or code in backticks. A model name there is the command's, not a table's.
NOT_PROSE = re.compile(r"`[^`]*`|stockpilot(?: [a-z][a-z-]*)*|--[a-z][a-z-]*")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _zh_templates() -> dict[str, str]:
    return {code: entry["zh-HK"] for code, entry in CATALOGUE.items()}


def _literal(template: str) -> str:
    """The template's own words, without its values."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(template))


def _offenders(check) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(f"{code}: {word}" for code, template in _zh_templates().items() for word in check(template))


def test_no_zh_hk_message_uses_a_forbidden_variant():
    def forbidden(template: str) -> list[str]:
        found = [f"{word} (say {t.zh})" for t in GLOSSARY.terms for word in t.forbidden if word in template]
        found += [
            f"{match.group(0)!r} (say {t.zh})"
            for t in GLOSSARY.terms
            for pattern in t.forbidden_patterns
            for match in re.finditer(pattern, template)
        ]
        return found

    offenders = _offenders(forbidden)
    assert offenders == [], "\n".join(offenders)


def test_no_zh_hk_message_names_a_table_or_field_in_english():
    def english_names(template: str) -> list[str]:
        prose = NOT_PROSE.sub(" ", _literal(template))
        return [f"{w} (say {GLOSSARY.name(w, 'zh-HK')})" for w in WORD.findall(prose) if w in MODEL_NAMES]

    offenders = _offenders(english_names)
    assert offenders == [], "\n".join(offenders)


def test_zh_hk_templates_word_table_and_field_values_through_the_glossary():
    def raw_names(template: str) -> list[str]:
        return [
            f"{{{name}}} (write {{{name}:term}})"
            for _, name, spec, _ in string.Formatter().parse(template)
            if name in NAME_VALUES and spec != "term"
        ]

    offenders = _offenders(raw_names)
    assert offenders == [], "\n".join(offenders)


def _problems_naming_the_model() -> list[Problem]:
    """A problem for every rule that names a field, a table or a later field of the model."""
    found = [Problem(code, "expected_date", "7", "1") for code in PROBLEMS]
    for table in TABLES.values():
        for column in table.columns:
            if column.references:
                found.append(Problem("unknown_reference", column.name, "X-1", column.references))
        for first, second in table.after:
            found.append(Problem("out_of_order", first, "2026-02-01", f"{second} 2026-01-01"))
    return found


@pytest.mark.parametrize("problem", _problems_naming_the_model(), ids=lambda p: f"{p.code}-{p.field}-{p.limit}")
def test_a_quarantine_reason_names_fields_and_tables_in_chinese(problem):
    text = render(problem.message, "zh-HK")
    assert not set(WORD.findall(text)) & MODEL_NAMES, text


def test_the_reported_example_reads_in_chinese():
    """Finding 8's own example: ``sku「TWN-999」不在 products 之中``."""
    problem = Problem("unknown_reference", "sku", "TWN-999", "products")
    assert render(problem.message, "zh-HK") == "貨品編號「TWN-999」不在已匯入的貨品資料中，請先匯入"
    assert render(problem.message, "en") == "sku 'TWN-999' is not in products; import it there first"
    later = Problem("out_of_order", "order_date", "2026-02-01", "expected_date 2026-01-01")
    assert render(later.message, "zh-HK") == "訂貨日期 2026-02-01 晚於預計送達日期 2026-01-01"
    assert render(later.message, "en") == "order_date 2026-02-01 comes after expected_date 2026-01-01"


def _fields(code: str) -> set[str]:
    """The placeholders of a message's zh-HK text."""
    return {name for _, name, _, _ in string.Formatter().parse(CATALOGUE[code]["zh-HK"]) if name}


NAMING_A_TABLE = sorted(c for c in CATALOGUE if c.startswith("readiness.") and "table" in _fields(c))


def test_readiness_findings_that_name_a_table_are_found():
    assert len(NAMING_A_TABLE) >= 3, NAMING_A_TABLE  # the share findings: completeness, conflicts, impossible


@pytest.mark.parametrize("code", NAMING_A_TABLE)
def test_readiness_findings_name_every_table_in_chinese(code):
    fields = _fields(code)
    for table in TABLES:
        values = {name: 1 for name in fields} | {"table": table}
        text = render(code, "zh-HK", **values)
        assert table not in text and GLOSSARY.tables[table] in text, text


def test_the_term_spec_keeps_english_and_unknown_names_as_they_are():
    assert render("problem.missing_required", "en", field="expected_date", value="", limit="") == (
        "expected_date is empty but required"
    )
    # a column of the shop's own file (a profile's exclude field) is not a model name: shown as it is
    assert GLOSSARY.name("Artikelnummer", "zh-HK") == "Artikelnummer"
    assert GLOSSARY.name("expected_date", "zh-HK") == "預計送達日期"
    assert GLOSSARY.name("products", "en") == "products"


def test_the_glossary_names_every_table_and_field_of_the_model_once():
    missing = sorted(MODEL_NAMES - set(GLOSSARY.tables) - set(GLOSSARY.fields))
    assert missing == [], f"add to messages/glossary.toml: {missing}"
    chinese = list(GLOSSARY.fields.values())
    assert len(chinese) == len(set(chinese)), "two fields with one Chinese name"
    assert len(set(GLOSSARY.tables.values())) == len(GLOSSARY.tables), "two tables with one Chinese name"


def test_the_glossary_follows_its_own_rules():
    words = [t.zh for t in GLOSSARY.terms] + [*GLOSSARY.tables.values(), *GLOSSARY.fields.values()]
    banned = [(w, v) for w in words for t in GLOSSARY.terms for v in t.forbidden if v in w]
    assert banned == []
    assert all(t.forbidden and t.note for t in GLOSSARY.terms)
    assert len({t.zh for t in GLOSSARY.terms}) == len(GLOSSARY.terms), "one term per concept"
    for term in GLOSSARY.terms:
        for pattern in term.forbidden_patterns:
            re.compile(pattern)


def test_the_amount_rule_catches_the_old_wording():
    (amount,) = [t for t in GLOSSARY.terms if t.zh == "HK$1,234"]
    for bad in ("港幣 {value:,.0f} 元", "{value:,.0f} 港元", "港元 {value}"):
        assert any(re.search(p, bad) for p in amount.forbidden_patterns) or any(w in bad for w in amount.forbidden)
    good = "HK${value:,.0f}（以港元計）"
    assert not any(re.search(p, good) for p in amount.forbidden_patterns)


def _chinese_literals(module: Path) -> list[str]:
    """String constants with Chinese characters in ``module``, docstrings left out."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CJK.search(node.value)
    ]


def test_presenters_doors_and_exports_word_nothing_outside_the_catalogue():
    """So that the checks above see every Chinese word a person reads."""
    modules = [
        m for folder in ("presenters", "doors", "adapters/exports") for m in sorted((PACKAGE / folder).rglob("*.py"))
    ]
    found = {str(m.relative_to(PACKAGE)): words for m in modules if (words := _chinese_literals(m))}
    assert found == {}


def test_docs_glossary_is_made_from_the_glossary():
    path = ROOT / "docs" / "glossary.md"
    if os.environ.get("STOCKPILOT_UPDATE_GOLDEN"):
        path.write_text(glossary_markdown(), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == glossary_markdown(), "regenerate: STOCKPILOT_UPDATE_GOLDEN=1"
