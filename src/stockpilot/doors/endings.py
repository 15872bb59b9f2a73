"""How a command ends when it cannot do what was asked (docs/errors.md), in one place.

Every command of :class:`StockPilotApp` runs inside :func:`ends_as_documented`:

- a :class:`~stockpilot.errors.StockPilotError` (a refusal, an unusable database or key)
  prints its words in the chosen language on stderr, or with ``--json`` the document
  ``{"error": {"code", "message", "params"}}`` on stdout, and exits :data:`EXIT_REFUSED`;
- Ctrl-C (:class:`KeyboardInterrupt`, or DuckDB's interrupted query) ends with one line,
  "Stopped." in the chosen language (``{"error": {"code": "stopped", ...}}`` with ``--json``),
  no traceback, exit :data:`EXIT_STOPPED` (128 + SIGINT, as a shell reports it);
- any other exception is a bug: its traceback goes to the error log
  (:mod:`stockpilot.adapters.errorlog`, no personal data), the person is told so and where
  the log is (``{"error": {"code": "error.bug", ...}}`` with ``--json``), exit :data:`EXIT_BUG`.
  A bug is never worded as a refusal.

Every command also takes the command line's own options after its name (:data:`DOOR_OPTIONS`:
``stockpilot readiness --lang zh-HK``), which then win over those given before it.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, NoReturn

import duckdb
import typer
from rich.console import Console

from stockpilot.adapters.errorlog import log_path, write_bug
from stockpilot.domain.messages import Message
from stockpilot.errors import BUG, StockPilotError
from stockpilot.messages import LANGUAGES, UnknownLanguageError, language, render

EXIT_PARTLY = 1  # `import`: some files could not be imported (refused), the others were
EXIT_NOT_READY = 1  # `readiness`: the data is not ready for a pilot (the verdict is not "pilot")
EXIT_REFUSED = 2  # a StockPilotError; the command line's own usage errors exit 2 as well
EXIT_BUG = 70  # an unexpected exception: a bug in Stock Pilot (EX_SOFTWARE of sysexits.h)
EXIT_STOPPED = 130  # stopped with Ctrl-C: 128 + SIGINT (2), what a shell reports for it
STOPPED = "stopped"  # the catalogue code of that one line

INTERRUPTED: tuple[type[BaseException], ...] = (KeyboardInterrupt, duckdb.InterruptException)
"""Ctrl-C: Python's, or DuckDB's when it arrives during a query (DuckDB raises its own exception)."""
_STOPS: tuple[type[BaseException], ...] = (*INTERRUPTED, typer.Abort)  # Abort: Ctrl-C or end of input at a question

DbOption = Annotated[
    str | None, typer.Option("--db", help="A DuckDB file, or a postgresql:// URL (default: setting db_path).")
]
LanguageOption = Annotated[
    str | None, typer.Option("--lang", help=f"Language: {' or '.join(LANGUAGES)} (default: setting language).")
]
CreateOption = Annotated[
    bool, typer.Option("--create", help="Create the --db file, and its folder, if they do not exist.")
]

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
            if isinstance(obj, Unready) and getattr(ctx, "invoked_subcommand", None) is None:
                raise obj.error  # a group's callback leaves it to the subcommand it runs
            return command(*args, **kwargs)
        except (typer.Exit, typer.TyperException):
            raise
        except _STOPS:
            _end(Message(STOPPED), render(STOPPED, _language(obj)), as_json, EXIT_STOPPED)
        except StockPilotError as exc:
            lang = _language(obj)
            _end(exc.message, words(exc, lang, refused_as), as_json, EXIT_REFUSED)
        except Exception as exc:
            message = bug_message(exc, obj, getattr(ctx, "command_path", command.__name__))
            _end(message, render(message, _language(obj)), as_json, EXIT_BUG)

    return run


def chosen_language(lang: str | None) -> str | None:
    """``--lang`` as one of :data:`~stockpilot.messages.LANGUAGES` (any case), ``None`` if not given;
    anything else ends the command (exit 2) naming the two."""
    if lang is None:
        return None
    try:
        return language(lang)
    except UnknownLanguageError as exc:
        _err.print(f"--lang {lang!r} refused: use one of {', '.join(LANGUAGES)}", style="red")
        raise typer.Exit(EXIT_REFUSED) from exc


DOOR_OPTIONS = (
    inspect.Parameter("door_db", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=DbOption),
    inspect.Parameter("door_lang", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=LanguageOption),
    inspect.Parameter("door_create", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=CreateOption),
)
"""``--db``, ``--lang`` and ``--create``, taken by every command as well as before it."""


def with_door_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``command`` also taking :data:`DOOR_OPTIONS`: those given replace the main callback's
    choice in ``ctx.obj`` (any dataclass with ``db_path``, ``language`` or ``create``) before it runs."""

    @functools.wraps(command)
    def run(
        *args: Any, door_db: str | None = None, door_lang: str | None = None, door_create: bool = False, **kwargs: Any
    ) -> Any:
        ctx = kwargs.get("ctx")
        obj = getattr(ctx, "obj", None)
        chosen = {"db_path": door_db, "language": chosen_language(door_lang), "create": door_create or None}
        if ctx is not None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            names = {field.name for field in dataclasses.fields(obj)}
            ctx.obj = dataclasses.replace(obj, **{k: v for k, v in chosen.items() if v is not None and k in names})
        return command(*args, **kwargs)

    signature = inspect.signature(command, eval_str=True)
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*signature.parameters.values(), *DOOR_OPTIONS]
    )
    return run


class StockPilotApp(typer.Typer):
    """A :class:`typer.Typer` whose commands and callback end as :func:`ends_as_documented` says;
    ``@app.command(refused_as="replay_error")`` frames the command's refusals (a callback's too: a
    group that does its own work when run without a subcommand, as ``stockpilot forecast``). Each
    takes :data:`DOOR_OPTIONS` after its name; the main callback, which declares them itself, says
    ``door_options=False``."""

    def command(  # type: ignore[override]
        self, name: str | None = None, *, refused_as: str | None = None, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        register = super().command(name, **kwargs)
        return lambda function: register(with_door_options(ends_as_documented(function, refused_as)))

    def callback(  # type: ignore[override]
        self, *, refused_as: str | None = None, door_options: bool = True, **kwargs: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        register = super().callback(**kwargs)
        wrap = with_door_options if door_options else (lambda function: function)
        return lambda function: register(wrap(ends_as_documented(function, refused_as)))
