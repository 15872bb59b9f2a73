"""The one error family of Stock Pilot, with stable codes (docs/errors.md).

Everything a person is told when a command cannot do what was asked is a
:class:`StockPilotError`: a stable ``code`` and its ``params``, rendered in English or
Traditional Chinese (HK) by the catalogue (``stockpilot/messages/refusals.py``):

- :class:`Refusal` (also a ``ValueError``): the data or the values asked for do not allow
  it; the words say what to do (``refusal.no_forecast``, ``refusal.replay_history``...).
- :class:`Unavailable` (also a ``RuntimeError``): the database or the key file cannot be
  used now (``unavailable.database``, ``unavailable.database_busy``, ``unavailable.keystore``).
- :class:`Detailed`: one of the above whose words are a sentence made where it happened,
  raised as ``Kind("sentence")``: :class:`~stockpilot.settings.SettingsError`
  (``refusal.setting``), ``UnreadableFileError`` (``refusal.unreadable_file``) and
  ``ProfileError`` (``refusal.profile``) of ``adapters/importers``, ``DatabaseError`` and
  ``DatabaseBusyError`` of ``adapters/storage/engine.py``, ``KeyStoreError`` of
  ``adapters/keystore.py``.

The base lives in the domain (``stockpilot.domain.errors``) so pure code can refuse too;
importing this module makes ``str(error)`` the English words of the catalogue.
"""

from __future__ import annotations

from stockpilot.domain.errors import Detailed, Refusal, StockPilotError, Unavailable
from stockpilot.domain.messages import Message

__all__ = ["BUG", "Detailed", "Refusal", "StockPilotError", "Unavailable", "english"]

#: The code of an unexpected exception: a bug in Stock Pilot, its traceback in the error log.
BUG = "error.bug"


def english(message: Message) -> str:
    """``message`` in English, from the catalogue (imported on first use: no import cycle)."""
    from stockpilot.messages import render

    return render(message, "en")


StockPilotError.english = english
