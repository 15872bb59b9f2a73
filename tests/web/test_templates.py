"""The templates write no word of their own: every word comes from the catalogue (pages.py).

Each template of doors/web/templates/ (a template added later is covered too) is read as text:
without its Jinja blocks, HTML tags and entities no letter, Latin or Chinese, may remain, nor in
the attributes a person reads or hears (placeholder, title, aria-label, alt, an input button's value).
Every code a template asks ``t()`` for is in the catalogue; a code built as ``"prefix." ~ value``
must have a code for every value the product gives (roles, languages, access log events, the
documented settings). The settings' help has a Chinese text for each documented setting.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest

from stockpilot.domain.access import Role
from stockpilot.doors.web.pages import MENU, TEMPLATES
from stockpilot.messages import CATALOGUE, GLOSSARY, LANGUAGES, render
from stockpilot.messages.settings_help import CHINESE
from stockpilot.settings import documented_settings

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "stockpilot"
TEMPLATE_FILES = sorted(TEMPLATES.glob("*.html"))
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
LETTER = re.compile(r"[A-Za-z\u3400-\u9fff\uf900-\ufaff]")
SPOKEN = re.compile(r"""\b(placeholder|title|aria-label|alt)\s*=\s*(["'])(.*?)\2""", re.S)
# an input button shows its value (a <button>'s value is sent, not shown: its words are its content)
BUTTON_VALUE = re.compile(r"""<input\s[^>]*type=["']?(?:submit|button|reset)[^>]*\bvalue\s*=\s*(["'])(.*?)\1""", re.S)
CODE = re.compile(r"""\bt\(\s*(["'])([^"']*)\1\s*(~)?""")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def literal_words(template: str) -> list[str]:
    """The letters a template writes itself: in its text, and in the attributes a person reads."""
    bare = JINJA.sub(" ", template)
    text = ENTITY.sub(" ", TAG.sub(" ", bare))
    found = [word for word in re.split(r"\s+", text) if LETTER.search(word)]
    found += [value for _, _, value in SPOKEN.findall(bare) if LETTER.search(value)]
    found += [value for _, value in BUTTON_VALUE.findall(bare) if LETTER.search(value)]
    return found


def test_there_are_templates():
    names = {path.name for path in TEMPLATE_FILES}
    assert {"base.html", "login.html", "refused.html", "settings.html", "users.html"} <= names


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_a_template_writes_no_word_of_its_own(path):
    assert literal_words(_read(path)) == []


@pytest.mark.parametrize(
    "bad",
    [
        "<p>Orders</p>",
        "<h1>{{ t('web.title') }} 訂貨</h1>",
        '<input placeholder="Search">',
        '<a title="{{ x }} more" href="/">{{ t("web.title") }}</a>',
        '<nav aria-label="Main">',
        '<img alt="logo" src="/static/a.png">',
        '<input type="button" value="Send" id="send">',
        '<input type="submit" value="送出">',
        "<td>{% if x %}none{% endif %}</td>",
    ],
)
def test_the_check_finds_a_literal_word(bad):
    assert literal_words(bad) != []


def test_the_check_lets_data_markup_and_entities_pass():
    good = (
        '<option value="zh-HK" selected>{{ t("web.language.zh-HK") }}</option><th>#</th> &middot; &#183;'
        '<input type="hidden" name="csrf" value="{{ csrf }}">'
        '<button name="decision" value="approve">{{ t("a") }}</button>'
        '<a href="/orders?plan=1">{# a note #}{{ x }}</a>'
    )
    assert literal_words(good) == []


# --- the codes a template asks for -------------------------------------------------------------


def access_events() -> set[str]:
    """The events services write to the access log: the third value of every ``AccessEvent(...)``."""
    found = set()
    for module in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "AccessEvent" and len(node.args) == 4:
                event = node.args[2]
                if isinstance(event, ast.Constant) and isinstance(event.value, str):
                    found.add(event.value)
    return found


# A code built from a value: every value the product gives needs its code.
FAMILIES: dict[str, set[str]] = {
    "web.role.": {role.value for role in Role},
    "web.language.": set(LANGUAGES),
    "web.access.": access_events(),
    "setting.": {declared.name for declared in documented_settings()},
}


def codes_of(template: str) -> tuple[set[str], set[str]]:
    """The codes a template names whole, and the prefixes it builds codes from."""
    whole, prefixes = set(), set()
    for _, code, built in CODE.findall(template):
        (prefixes if built else whole).add(code)
    return whole, prefixes


def test_the_access_log_has_the_events_it_is_known_for():
    assert {"login", "login_failed", "login_throttled", "refused", "token_issued"} <= FAMILIES["web.access."]


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.name)
def test_every_code_a_template_asks_for_is_in_the_catalogue(path):
    whole, prefixes = codes_of(_read(path))
    assert sorted(whole - set(CATALOGUE)) == []
    for prefix in prefixes:
        family = sorted(code for code in CATALOGUE if code.startswith(prefix))
        assert family, f"{path.name}: no code starts with {prefix!r}"
        missing = sorted(
            f"{prefix}{value}" for value in FAMILIES.get(prefix, ()) if f"{prefix}{value}" not in CATALOGUE
        )
        assert missing == [], f"{path.name}: {missing}"


def test_codes_given_to_templates_by_the_web_door_are_in_the_catalogue():
    """A template also renders codes it is given (the menu's, a refusal's, an error's): every
    code-like string of doors/web/ must be in the catalogue."""
    door = PACKAGE / "doors" / "web"
    named = {
        node.value
        for module in sorted(door.rglob("*.py"))
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.fullmatch(r"(?:web|refusal)\.[a-z0-9_.-]*[a-z0-9_-]", node.value)
    }
    assert {code for _, code, _ in MENU} <= named
    assert sorted(named - set(CATALOGUE)) == []


# --- the settings' help in both languages --------------------------------------------------------


def test_every_documented_setting_has_a_chinese_help_and_no_other_is_named():
    documented = {declared.name for declared in documented_settings()}
    assert len(documented) >= 89
    assert sorted(documented - set(CHINESE)) == [], "documented settings without a Chinese help"
    assert sorted(set(CHINESE) - documented) == [], "Chinese help for settings that do not exist"


@pytest.mark.parametrize("name", sorted(CHINESE))
def test_a_settings_help_reads_in_chinese_with_the_glossarys_words(name):
    text = CHINESE[name]
    assert re.search(r"[\u4e00-\u9fff]", text)
    wrong = [f"{word} (say {term.zh})" for term in GLOSSARY.terms for word in term.forbidden if word in text]
    wrong += [
        f"{p!r} (say {term.zh})" for term in GLOSSARY.terms for p in term.forbidden_patterns if re.search(p, text)
    ]
    assert wrong == []
    assert "天" not in text.replace("天然", ""), "days are 日 in Hong Kong"


def test_a_settings_help_renders_its_own_english_and_the_chinese():
    for declared in documented_settings():
        code, english = f"setting.{declared.name}", declared.metadata["help"]
        assert render(code, "en", help=english) == english
        assert render(code, "zh-HK", help=english) == CHINESE[declared.name]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_settings_page_shows_the_help_in_the_pages_language(client_as, language):
    client, _ = client_as("owner", language)
    page = html.unescape(client.get("/settings").text)
    for declared in documented_settings():
        shown = declared.metadata["help"] if language == "en" else CHINESE[declared.name]
        assert shown in page, declared.name
    if language == "zh-HK":
        assert "Where the data lives" not in page
