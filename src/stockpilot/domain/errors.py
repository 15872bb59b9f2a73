"""The one error family (docs/errors.md): an error meant for a person is a stable code and its values.

:class:`StockPilotError` carries a catalogue code (``refusal.no_forecast``...) and the values
it is filled with, as a :class:`~stockpilot.domain.messages.Message`; the door renders it in
the user's language and, with ``--json``, prints the code and values for machines. Two kinds:

- :class:`Refusal`: what was asked cannot be done with this data or these values, and the
  person can act on it (import sales, forecast first, replay fewer days, fix an option or a
  setting, fix a file). Also a :class:`ValueError`, as the refusals it replaced were.
- :class:`Unavailable`: something Stock Pilot needs outside itself (the database, the key
  file) cannot be used now; the message says what to do. Also a :class:`RuntimeError`.

Anything else that escapes a command is a bug in Stock Pilot, never shown as a refusal.
A check that only a programming error can fail stays a plain ``ValueError`` or assertion.

The domain holds the base so that domain code can refuse too; ``stockpilot.errors``
re-exports it and renders ``str(error)`` in English from the catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from stockpilot.domain.messages import Message


class StockPilotError(Exception):
    """An error a person reads: ``code`` is stable (documented, in ``--json``), ``params`` fill its words."""

    #: Renders a message in English for ``str(error)``; installed by ``stockpilot.errors``.
    english: ClassVar[Callable[[Message], str] | None] = None

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params: Mapping[str, Any] = dict(params)
        super().__init__(code, self.params)

    @property
    def message(self) -> Message:
        """The code and values, for the catalogue."""
        return Message(self.code, self.params)

    def __str__(self) -> str:
        if StockPilotError.english is not None:
            try:
                return StockPilotError.english(self.message)
            except (KeyError, IndexError, ValueError):  # a code or value the catalogue lacks
                pass
        if set(self.params) == {"detail"}:
            return str(self.params["detail"])
        return f"{self.code} {dict(self.params)}" if self.params else self.code

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across processes, whatever the subclass takes
        return _rebuilt, (type(self), self.code, dict(self.params))


def _rebuilt(kind: type[StockPilotError], code: str, params: dict[str, Any]) -> StockPilotError:
    error = kind.__new__(kind)
    StockPilotError.__init__(error, code, **params)
    return error


class Refusal(StockPilotError, ValueError):
    """What was asked cannot be done with this data or these values; the words say what to do."""


class Unavailable(StockPilotError, RuntimeError):
    """Something needed outside Stock Pilot (the database, the key file) cannot be used now."""


class Detailed(StockPilotError):
    """An error whose words are one English sentence made where it happened (a setting, a file,
    a profile, the database), raised as ``Kind("sentence")`` under the class's ``code``; the
    catalogue puts the sentence in the user's language frame (``refusal.setting``: "設定...")."""

    code: str = "refusal.detail"

    def __init__(self, detail: str) -> None:
        super().__init__(type(self).code, detail=detail)
