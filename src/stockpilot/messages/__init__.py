"""The one message catalogue: every word a person reads, in English and Traditional Chinese (HK).

Each topic module here (``cli``, ``reasons``, ``flags``, ``problems``, ``readiness``,
``replay``, ``refusals``...) holds ``MESSAGES: dict[code, {"en": ..., "zh-HK": ...}]`` with
:pep:`3101` templates; codes are unique across topics. :func:`render` fills a
:class:`~stockpilot.domain.messages.Message` (or a code and values) in one language. A test
fails when a code lacks either language or the two templates ask for different values.
Stable keys in code, translated labels here (the frePPLe pattern).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from stockpilot.domain.messages import Message

LANGUAGES = ("en", "zh-HK")


class UnknownLanguageError(ValueError):
    """A language other than those of :data:`LANGUAGES`."""


def _collect() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        topic: Mapping[str, dict[str, str]] = importlib.import_module(f"{__name__}.{module.name}").MESSAGES
        repeated = sorted(set(found) & set(topic))
        if repeated:
            raise RuntimeError(f"message codes defined twice (again in messages/{module.name}.py): {repeated}")
        found.update(topic)
    return found


CATALOGUE: dict[str, dict[str, str]] = _collect()


def language(name: str) -> str:
    """``name`` as one of :data:`LANGUAGES` (case-insensitive), else :class:`UnknownLanguageError`."""
    for known in LANGUAGES:
        if name.lower() == known.lower():
            return known
    raise UnknownLanguageError(f"unknown language {name!r}: use one of {', '.join(LANGUAGES)}")


def render(message: Message | str, lang: str = "en", **values: Any) -> str:
    """The text of ``message`` (or of the code ``message`` with ``values``) in ``lang``."""
    if isinstance(message, Message):
        code, values = message.code, {**message.params, **values}
    else:
        code = message
    return CATALOGUE[code][language(lang)].format(**values)
