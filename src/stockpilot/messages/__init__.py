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
- a value that is itself a :class:`Message` is rendered in the same language.

A topic module may also hold ``DERIVED: dict[code, function(params, lang) -> values]`` for a
message whose wording depends on its values (an optional clause, a list of rounding steps):
the function returns further template values, already in ``lang``.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Callable, Mapping
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
