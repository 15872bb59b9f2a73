"""What the domain says to a person, as a stable code and its parameters, never as prose.

A reason, a review flag, a quarantine problem, a readiness finding or a refusal is a
:class:`Message`; the catalogue (``stockpilot.messages``) renders it in English or
Traditional Chinese (Hong Kong). The database stores the code and the parameters, so a
stored plan reads in either language and a wording can be corrected after the fact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Message:
    """A catalogue code (``"reason.line"``, ``"flag.new_sku"``...) and the values it is filled with."""

    code: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{"code": ..., "params": {...}}`` (a parameter that is a message, or a list
        of them, nested the same way)."""
        return {"code": self.code, "params": {k: _plain(v) for k, v in self.params.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Message:
        """The message :meth:`to_dict` wrote (as read back from JSON)."""
        return cls(data["code"], {k: _revived(v) for k, v in data.get("params", {}).items()})


def _plain(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _revived(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"code", "params"}:
        return Message.from_dict(value)
    if isinstance(value, list):
        return [_revived(v) for v in value]
    return value
