"""How a command ends when it cannot do what was asked (docs/errors.md), in one place.

Every command of :class:`StockPilotApp` runs inside :func:`ends_as_documented`:

- a :class:`~stockpilot.errors.StockPilotError` (a refusal, an unusable database or key)
  prints its words in the chosen language on stderr, or with ``--json`` the document
  ``{"error": {"code", "message", "params"}}`` on stdout, and exits :data:`EXIT_REFUSED`;
- any other exception is a bug: its traceback goes to the error log
  (:mod:`stockpilot.adapters.errorlog`, no personal data), the person is told so and where
  the log is (``{"error": {"code": "error.bug", ...}}`` with ``--json``), exit :data:`EXIT_BUG`.
  A bug is never worded as a refusal.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import typer
from rich.console import Console

from stockpilot.adapters.errorlog import log_path, write_bug
from stockpilot.domain.messages import Message
from stockpilot.errors import BUG, StockPilotError
from stockpilot.messages import UnknownLanguageError, language, render

EXIT_PARTLY = 1  # `import`: some files could not be imported (refused), the others were
EXIT_REFUSED = 2  # a StockPilotError; the command line's own usage errors exit 2 as well
EXIT_BUG = 70  # an unexpected exception: a bug in Stock Pilot (EX_SOFTWARE of sysexits.h)

_err = Console(stderr=True, markup=False, emoji=False, highlight=False, soft_wrap=True)


@dataclass(frozen=True)
class Unready:
    """What the main callback leaves as ``ctx.obj`` when the settings cannot be loaded: the
    command then ends with ``error`` like any refusal, ``--json`` included."""

    error: StockPilotError
    language: str
    db_path: str | None


def _language(obj: Any) -> str:
    try:
        return language(str(getattr(obj, "language", None) or "en"))
    except UnknownLanguageError:
        return "en"


def words(error: StockPilotError, lang: str, refused_as: str | None = None) -> str:
    """The words of ``error`` in ``lang``, inside the command's frame (``cannot replay: ...``) if any."""
    try:
        text = render(error.message, lang)
        return render(refused_as, lang, error=text) if refused_as else text
    except (KeyError, IndexError, ValueError):  # a code or value the catalogue lacks (tests/unit/test_errors.py)
        return str(error)


def error_document(message: Message, text: str) -> dict[str, Any]:
    """The one ``--json`` error shape: ``{"error": {"code", "message", "params"}}``."""
    return {"error": {"code": message.code, "message": text, "params": message.to_dict()["params"]}}


def _end(message: Message, text: str, as_json: bool, code: int) -> NoReturn:
    if as_json:
        typer.echo(json.dumps(error_document(message, text), ensure_ascii=False, indent=2, default=str))
    else:
        _err.print(text, style="red")
    raise typer.Exit(code)


def bug_message(error: BaseException, obj: Any, command: str) -> Message:
    """Write ``error`` to the error log and say so (``error.bug``), or say the log could not be written."""
    path = log_path(getattr(obj, "db_path", None))
    kind = type(error).__name__
    try:
        write_bug(error, path, command)
    except OSError as exc:
        return Message("error.bug_unlogged", {"kind": kind, "log": str(path), "reason": exc.strerror or kind})
    return Message(BUG, {"kind": kind, "log": str(path)})


def ends_as_documented(command: Callable[..., Any], refused_as: str | None = None) -> Callable[..., Any]:
    """``command`` ending as this module says; ``refused_as`` frames a refusal's words (a key of the
    command line's words taking ``{error}``, e.g. ``replay_error``: "cannot replay: {error}")."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        ctx = kwargs.get("ctx")  # every command takes the Typer context as ``ctx``
        obj = getattr(ctx, "obj", None)
        as_json = bool(kwargs.get("as_json", False))
        try:
            if isinstance(obj, Unready):
                raise obj.error
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except StockPilotError as exc:
            lang = _language(obj)
            _end(exc.message, words(exc, lang, refused_as), as_json, EXIT_REFUSED)
        except Exception as exc:
            message = bug_message(exc, obj, getattr(ctx, "command_path", command.__name__))
            _end(message, render(message, _language(obj)), as_json, EXIT_BUG)

    return run


class StockPilotApp(typer.Typer):
    """A :class:`typer.Typer` whose commands and callback end as :func:`ends_as_documented` says;
    ``@app.command(refused_as="replay_error")`` frames the command's refusals."""

    def command(  # type: ignore[override]
        self, name: str | None = None, *, refused_as: str | None = None, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        register = super().command(name, **kwargs)
        return lambda function: register(ends_as_documented(function, refused_as))

    def callback(self, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:  # type: ignore[override]
        register = super().callback(**kwargs)
        return lambda function: register(ends_as_documented(function))
