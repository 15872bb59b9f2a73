"""The one message catalogue: every word a person reads, in English and Traditional Chinese (HK).

Each topic module here (``cli``, ``reasons``, ``flags``, ``problems``, ``readiness``,
``replay``, ``refusals``...) holds ``MESSAGES: dict[code, {"en": ..., "zh-HK": ...}]`` with
:pep:`3101` templates; codes are unique across topics. :func:`render` fills a
:class:`~stockpilot.domain.messages.Message` (or a code and values) in one language. A test
fails when a code lacks either language or the two templates ask for different values.
Stable keys in code, translated labels here (the frePPLe pattern).

Beyond Python's format specs a template may use:

- ``{x:pct}``: a share as a percentage with at most one decimal, no trailing zeros (``12.5%``, ``3%``);
- ``{x:num}``: a number with at most one decimal, no trailing zeros (``2``, ``1.5``);
- ``{x:term}``: a table or field name of the data model (``products``, ``expected_date``) in the
  language: itself in English, its name in ``glossary.toml`` in Chinese (``貨品``, ``預計送達日期``);
  any other value (a column of the shop's own file) as it is;
- a value that is itself a :class:`Message` is rendered in the same language.

A topic module may also hold ``DERIVED: dict[code, function(params, lang) -> values]`` for a
message whose wording depends on its values (an optional clause, a list of rounding steps):
the function returns further template values, already in ``lang``.

Every Chinese word of the product comes from one glossary, ``glossary.toml`` beside this module
(:data:`GLOSSARY`; docs/glossary.md is made from it): per concept the one Hong Kong term and the
variants never to use, and the Chinese name of every table and field.
"""

from __future__ import annotations

import importlib
import importlib.resources
import pkgutil
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from stockpilot.domain.messages import Message

LANGUAGES = ("en", "zh-HK")

Derive = Callable[[Mapping[str, Any], str], Mapping[str, Any]]


class UnknownLanguageError(ValueError):
    """A language other than those of :data:`LANGUAGES`."""


def _collect() -> tuple[dict[str, dict[str, str]], dict[str, Derive]]:
    found: dict[str, dict[str, str]] = {}
    derived: dict[str, Derive] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        topic: Mapping[str, dict[str, str]] = loaded.MESSAGES
        repeated = sorted(set(found) & set(topic))
        if repeated:
            raise RuntimeError(f"message codes defined twice (again in messages/{module.name}.py): {repeated}")
        found.update(topic)
        derived.update(getattr(loaded, "DERIVED", {}))
    return found, derived


CATALOGUE, DERIVED = _collect()


@dataclass(frozen=True)
class Term:
    """One concept of the glossary: its English term, the one Hong Kong term, the variants never to
    use (plain text, and regular expressions over a template) and why this word."""

    en: str
    zh: str
    forbidden: tuple[str, ...]
    forbidden_patterns: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class Glossary:
    """``glossary.toml``: the terms, and the Chinese names of the data model's tables and fields."""

    terms: tuple[Term, ...]
    tables: Mapping[str, str]
    fields: Mapping[str, str]

    def name(self, name: str, lang: str) -> str:
        """``name`` (a table or field of the model) in ``lang``; any other name as it is."""
        if language(lang) == "en":
            return name
        return self.tables.get(name) or self.fields.get(name) or name


def _glossary() -> Glossary:
    data = tomllib.loads(importlib.resources.files(__name__).joinpath("glossary.toml").read_text(encoding="utf-8"))
    terms = tuple(
        Term(t["en"], t["zh"], tuple(t["forbidden"]), tuple(t.get("forbidden_patterns", ())), t["note"])
        for t in data["term"]
    )
    return Glossary(terms, data["tables"], data["fields"])


GLOSSARY = _glossary()


def glossary_markdown(glossary: Glossary = GLOSSARY) -> str:
    """docs/glossary.md: the glossary's terms, then the Chinese names of the tables and fields."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "# Glossary: the one Hong Kong Chinese word per concept",
        "",
        "Generated from `src/stockpilot/messages/glossary.toml` (tests/unit/test_glossary.py compares it;",
        "`STOCKPILOT_UPDATE_GOLDEN=1` rewrites it). Every zh-HK message of the catalogue uses the term",
        "and never a variant of the last column but one; the test names each message that does.",
        "",
        "| English | 香港中文 | never | why |",
        "|---|---|---|---|",
    ]
    for term in glossary.terms:
        never = "、".join(term.forbidden + tuple(f"`{p}`" for p in term.forbidden_patterns))
        lines.append(f"| {cell(term.en)} | {cell(term.zh)} | {cell(never)} | {cell(term.note)} |")
    lines += [
        "",
        "## Tables and fields",
        "",
        "A Chinese message names a table or field of the data model (`domain/model.py`) in Chinese:",
        "a template shows a name given as a value with `{x:term}`.",
        "",
        "| table | 中文 |",
        "|---|---|",
        *(f"| `{name}` | {zh} |" for name, zh in glossary.tables.items()),
        "",
        "| field | 中文 |",
        "|---|---|",
        *(f"| `{name}` | {zh} |" for name, zh in glossary.fields.items()),
    ]
    return "\n".join(lines) + "\n"


def language(name: str) -> str:
    """``name`` as one of :data:`LANGUAGES` (case-insensitive), else :class:`UnknownLanguageError`."""
    for known in LANGUAGES:
        if name.lower() == known.lower():
            return known
    raise UnknownLanguageError(f"unknown language {name!r}: use one of {', '.join(LANGUAGES)}")


def _trimmed(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message):
            return render(value, self.lang)
        if format_spec == "pct":
            return _trimmed(value * 100) + "%"
        if format_spec == "num":
            return _trimmed(value)
        if format_spec == "term":
            return GLOSSARY.name(str(value), self.lang)
        return str(super().format_field(value, format_spec))


def render(message: Message | str, lang: str = "en", **values: Any) -> str:
    """The text of ``message`` (or of the code ``message`` with ``values``) in ``lang``."""
    if isinstance(message, Message):
        code, values = message.code, {**message.params, **values}
    else:
        code = message
    lang = language(lang)
    if code in DERIVED:
        values = {**values, **DERIVED[code](values, lang)}
    return _Formatter(lang).format(CATALOGUE[code][lang], **values)


def joined(messages: list[Message] | tuple[Message, ...], lang: str, separator: str = "sep.list") -> str:
    """``messages`` rendered in ``lang`` and joined with the separator code's text."""
    return CATALOGUE[separator][language(lang)].join(render(m, lang) for m in messages)
