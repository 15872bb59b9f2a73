"""The one catalogue: every code in both languages, with the same values asked for in each."""

from __future__ import annotations

import string

import pytest

from stockpilot.domain.messages import Message
from stockpilot.messages import CATALOGUE, LANGUAGES, UnknownLanguageError, language, render


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
