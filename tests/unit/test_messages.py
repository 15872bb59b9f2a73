"""The one catalogue: every code in both languages, with the same values asked for in each."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import string
from pathlib import Path

import pytest

from flag_examples import FLAG_EXAMPLES
from stockpilot.domain.messages import Message
from stockpilot.domain.problems import PROBLEMS, Problem
from stockpilot.domain.readiness import LocationFacts, ReadinessFacts, TableFacts, assess, weekday
from stockpilot.domain.replenishment.reasons import REASON, STEPS, LineFacts, reason
from stockpilot.domain.replenishment.review import FLAGS, ReviewLimits, flag_message
from stockpilot.messages import CATALOGUE, DERIVED, LANGUAGES, UnknownLanguageError, language, render
from stockpilot.services.parameters import readiness_limits
from stockpilot.settings import load_settings

CJK = re.compile(r"[\u4e00-\u9fff]")


def _fields(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_code_has_both_languages_asking_for_the_same_values(code):
    entry = CATALOGUE[code]
    assert set(entry) == set(LANGUAGES), f"{code}: {sorted(entry)}"
    assert all(entry[lang].strip() for lang in LANGUAGES), code
    assert _fields(entry["en"]) == _fields(entry["zh-HK"]), code


def test_language_accepts_only_english_and_hong_kong_chinese():
    assert language("EN") == "en" and language("zh-hk") == "zh-HK"
    for other in ("zh", "zh-TW", "fr", ""):
        with pytest.raises(UnknownLanguageError, match="en, zh-HK"):
            language(other)


def test_a_message_renders_from_its_code_and_parameters():
    code = next(c for c in sorted(CATALOGUE) if _fields(CATALOGUE[c]["en"]))
    params = {name: 7 for name in _fields(CATALOGUE[code]["en"])}
    message = Message(code, params)
    assert render(message, "en") == CATALOGUE[code]["en"].format(**params)
    assert render(message, "zh-HK") == CATALOGUE[code]["zh-HK"].format(**params)
    assert message.to_dict() == {"code": code, "params": params}


# --- every code the product uses is in the catalogue, in both languages ----------------------

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "stockpilot"


def _literal_codes(function: str, *, under: str = "") -> set[str]:
    """The string literals given first to every call of ``function`` in the product's code."""
    found = set()
    for module in sorted((PACKAGE / under).rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            first = node.args[0]
            if name == function and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
    return found


def _domain_codes() -> set[str]:
    """Every code the domain can give: those it names literally, and each family it builds."""
    codes = _literal_codes("Message", under="domain") | {REASON}
    codes |= {f"problem.{code}" for code in PROBLEMS}
    codes |= {flag_message(code, ReviewLimits(), FLAG_EXAMPLES.get(code)).code for code in FLAGS}
    codes |= {f"step.{step}" for step in STEPS}
    codes |= {weekday(day).code for day in range(7)}
    return codes


def test_every_code_the_domain_gives_is_in_the_catalogue():
    missing = sorted(_domain_codes() - set(CATALOGUE))
    assert not missing, f"codes without words in messages/: {missing}"
    assert {c for c in _domain_codes() if c.startswith("readiness.")} >= {"readiness.gaps", "readiness.warning"}


def test_every_code_the_services_and_the_command_line_name_is_in_the_catalogue():
    named = _literal_codes("Message", under="services") | _literal_codes("render")
    named |= {f"step_{step}" for step in _literal_codes("progress")}
    assert named and not sorted(named - set(CATALOGUE))


def test_the_catalogue_words_every_domain_message_in_both_languages():
    facts = ReadinessFacts(
        tables=(
            TableFacts(
                "sales", missing_required=9, id_conflicts=3, quarantined=12, stored=88, implausible=2, largest=5e6
            ),
        ),
        locations=(
            LocationFacts("ST01", dt.date(2024, 1, 1), dt.date(2024, 2, 14), 40, 5, (5, 6), 1.0),
            LocationFacts("ST09", dt.date(2024, 1, 1), dt.date(2024, 1, 1), 1, 0, (), None),
        ),
    )
    limits = readiness_limits(load_settings(environ={}, config_file=Path(__file__).with_name("no-such.toml")))
    report = assess(facts, limits)
    line = LineFacts(9, 42, True, 11, 0.95, 18, 12, 53, 23, 24, 12, 24, STEPS)
    messages = [c.finding for c in report.checks] + report.reasons + [reason(line)]
    messages += [Problem(code, "sku", "X", "1").message for code in PROBLEMS]
    messages += [flag_message(code, ReviewLimits(), FLAG_EXAMPLES.get(code)) for code in FLAGS]
    for message in messages:
        en, zh = render(message, "en"), render(message, "zh-HK")
        assert en.strip() and zh.strip() and en != zh, message
        assert not CJK.search(en) and CJK.search(zh), (en, zh)
        assert render(Message.from_dict(json.loads(json.dumps(message.to_dict()))), "zh-HK") == zh


def test_derived_values_belong_to_codes_of_the_catalogue():
    assert set(DERIVED) <= set(CATALOGUE)


def test_the_reason_reads_as_before_in_both_languages():
    steps = LineFacts(12, 2, False, 2, 0.9, 0, 0, 4, 4, 24, 6, 24, ("case_pack_up", "moq"))
    assert render(reason(steps), "en") == (
        "expected demand over the next 12 days 2, safety stock 2 (service level 90%), on hand 0, on order 0; "
        "up to 4 needs 4; rounded up to cases of 6, raised to the minimum order 24 -> order 24"
    )
    assert render(reason(steps), "zh-HK") == (
        "預計未來 12 日需求 2 件，安全存貨 2 件（服務水平 90%），現有存貨 0 件，已訂未到 0 件，補至 4 件需 4 件，"
        "按每箱件數 6 取整，提高至最低訂量 24 件 → 訂 24 件"
    )
    plain = LineFacts(8, 12, True, 6, 0.95, 30, 0, 18, 0, 0, 1, 0, ())
    assert render(reason(plain), "en").endswith(
        "(service level 95%), on hand 30, on order 0; up to 18 needs 0 -> order 0"
    )
    assert render(reason(plain), "zh-HK").endswith("補至 18 件需 0 件 → 訂 0 件")
