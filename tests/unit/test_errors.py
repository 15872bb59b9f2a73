"""The error family: stable codes, words in both languages, nothing personal in the error log."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from stockpilot.adapters.errorlog import describe, log_path, scrub
from stockpilot.adapters.importers.profiles import ProfileError
from stockpilot.adapters.importers.readers import UnreadableFileError
from stockpilot.adapters.keystore import KeyStoreError
from stockpilot.adapters.storage.engine import DatabaseBusyError, DatabaseError
from stockpilot.domain import errors as domain_errors
from stockpilot.errors import Refusal, StockPilotError, Unavailable
from stockpilot.messages import CATALOGUE, LANGUAGES, render
from stockpilot.settings import SettingsError

SOURCE = Path(__file__).resolve().parents[2] / "src" / "stockpilot"
RAISED = re.compile(r"""(?:Refusal|Unavailable|StockPilotError)\(\s*["']([a-z_.]+)["']""")


def test_the_family_is_re_exported_from_the_domain():
    assert Refusal is domain_errors.Refusal and StockPilotError is domain_errors.StockPilotError
    assert issubclass(Refusal, ValueError) and issubclass(Unavailable, RuntimeError)


@pytest.mark.parametrize(
    ("kind", "code", "base"),
    [
        (SettingsError, "refusal.setting", ValueError),
        (UnreadableFileError, "refusal.unreadable_file", ValueError),
        (ProfileError, "refusal.profile", ValueError),
        (DatabaseError, "unavailable.database", RuntimeError),
        (DatabaseBusyError, "unavailable.database_busy", RuntimeError),
        (KeyStoreError, "unavailable.keystore", RuntimeError),
    ],
)
def test_the_specialised_errors_keep_their_words_and_gain_a_code(kind, code, base):
    error = kind("the file x.csv: no such thing")
    assert isinstance(error, StockPilotError) and isinstance(error, base)
    assert error.code == code and dict(error.params) == {"detail": "the file x.csv: no such thing"}
    assert str(error) == "the file x.csv: no such thing"  # the English words as before
    assert render(error.message, "zh-HK").endswith("the file x.csv: no such thing")
    assert render(error.message, "zh-HK") != str(error)  # framed in Chinese
    copy = pickle.loads(pickle.dumps(error))  # crosses process boundaries intact
    assert type(copy) is kind and copy.code == code and str(copy) == str(error)


def test_a_refusal_renders_in_both_languages():
    refusal = Refusal("refusal.replay_history", days=90, needed=28, known=60)
    english = "a replay of 90 days needs 28 days of history before it; the data has 60 days: replay fewer days"
    assert str(refusal) == english == render(refusal.message, "en")
    chinese = render(refusal.message, "zh-HK")
    assert "重演 90 日" in chinese and "60 日" in chinese
    assert refusal.message.to_dict() == {
        "code": "refusal.replay_history",
        "params": {"days": 90, "needed": 28, "known": 60},
    }


def _raised_codes() -> set[str]:
    return {code for path in SOURCE.rglob("*.py") for code in RAISED.findall(path.read_text(encoding="utf-8"))}


def test_every_code_raised_is_in_the_catalogue_in_both_languages():
    codes = _raised_codes()
    assert len(codes) >= 15, codes  # the search finds the raise sites
    specialised = {"refusal.setting", "refusal.unreadable_file", "refusal.profile"}
    specialised |= {"unavailable.database", "unavailable.database_busy", "unavailable.keystore"}
    for code in codes | specialised | {"error.bug", "error.bug_unlogged"}:
        assert set(CATALOGUE[code]) == set(LANGUAGES), code


def test_services_raise_no_bare_value_error():
    """A refusal a person can act on is a Refusal with a code; the services have none left as ValueError."""
    services = SOURCE / "services"
    bare = [p.name for p in services.rglob("*.py") if "raise ValueError" in p.read_text(encoding="utf-8")]
    assert not bare, bare


def test_the_log_lives_beside_the_database_file():
    assert log_path("/data/shop.duckdb") == Path("/data/.stockpilot/logs/errors.log")
    assert log_path("postgresql://me@db/shop") == Path(".stockpilot/logs/errors.log")
    assert log_path(":memory:") == log_path(None) == Path(".stockpilot/logs/errors.log")


@pytest.mark.parametrize(
    "leak",
    [
        "C0012345",  # a customer id
        "91234567",  # an HK mobile number
        "9123 4567",
        "+852 6123-4567",
        "chan.taiman@example.com",
        "陳大文",
        "A123456(7)",  # an HKID
        "Mr Chan Tai Man",
        "Flat 3, 12/F, 8 Nathan Road",
    ],
)
def test_scrub_masks_what_could_be_about_a_person(leak):
    for message in (f"not a member id: {leak!r}", f'Could not convert string "{leak}" to INT32', f"row {leak} bad"):
        cleaned = scrub(message)
        assert leak not in cleaned, cleaned
        assert not any(part in cleaned for part in re.findall(r"[0-9]{4,}", leak)), cleaned


def test_a_traceback_keeps_frames_and_types_but_no_values():
    phone, customer = "9123" + "4567", "C00" + "12345"  # made at run time: the source lines show code only

    def parse(value: str) -> int:
        secret = value  # a local is never written
        return int(secret)

    try:
        try:
            parse(phone + "x")
        except ValueError as inner:
            raise KeyError(customer) from inner
    except KeyError as exc:
        exc.add_note(f"member {chr(0x9673)}大文 at {phone}")
        text = describe(exc)
    assert "in parse" in text and "return int(secret)" in text  # the frames and their code
    assert "builtins.ValueError" in text and "builtins.KeyError" in text and "which led to" in text
    assert phone not in text and customer not in text and chr(0x9673) not in text
