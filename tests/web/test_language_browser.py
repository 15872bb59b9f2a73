"""Every page of the menu, as the owner sees it in Chinese in a real browser, holds no English.

The pages are read from the menu's links, so a page added to the menu is covered. On each page,
in the text a person sees (``innerText``):

1. no English text of the catalogue appears: every message without values (its template has no
   ``{``) of two words or more, unless the Chinese catalogue itself keeps it (``Stock Pilot``);
2. no English word of four letters or more is left, where a word is English unless it is
   - the shop's data: inside ``<code>`` (setting names and values, SKU codes, raw rows, access
     log details), or a word of a value stored in the shop's database that a page shows as it
     is: user and integration names, the names of products, locations and suppliers, the files
     imported and their import profiles;
   - a code, not prose: it holds a digit or an underscore (ST01, R15044B, web_port), or is in
     capitals (POS, API, HTTPS, KPI);
   - a Latin word the Chinese catalogue keeps on purpose (``Stock Pilot``, ``English``,
     ``cookie``, ``DuckDB``): one that appears in a zh-HK text outside backticks.

Each page is saved as test-artifacts/screenshots/zh-HK-<page>.png. Switching the language in the
header's selector changes the page's words.
"""

from __future__ import annotations

import re
import string

import pytest

from stockpilot.doors.web.pages import MENU
from stockpilot.messages import CATALOGUE, render
from stockpilot.messages.settings_help import CHINESE
from web_fixtures import screenshot

pytestmark = pytest.mark.browser

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_'-]*[A-Za-z0-9_]|[A-Za-z]")
BACKTICKED = re.compile(r"`[^`]*`")
# The text a person sees on the page, without the shop's data and code: every visible text node
# outside <code> and the like, and the attributes a person reads or hears.
VISIBLE_TEXT = """() => {
  const skip = "code, pre, kbd, samp, script, style, noscript, template";
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const parent = walker.currentNode.parentElement;
    if (parent && !parent.closest(skip) && parent.checkVisibility()) found.push(walker.currentNode.textContent);
  }
  document.body.querySelectorAll("[placeholder], [title], [aria-label], [alt]").forEach((e) => {
    for (const name of ["placeholder", "title", "aria-label", "alt"]) found.push(e.getAttribute(name) || "");
  });
  return found.join(" ");
}"""


def _literal(template: str) -> str:
    return "".join(text for text, _, _, _ in string.Formatter().parse(template))


ZH_TEXTS = [_literal(entry["zh-HK"]) for entry in CATALOGUE.values()] + list(CHINESE.values())
KEPT_LATIN = {w.lower() for text in ZH_TEXTS for w in LATIN_WORD.findall(BACKTICKED.sub(" ", text))}
"""Latin words the Chinese catalogue writes itself."""

ENGLISH_TEXTS = sorted(
    {
        entry["en"].strip()
        for entry in CATALOGUE.values()
        if "{" not in entry["en"]
        and len(entry["en"].split()) >= 2
        and not any(entry["en"].strip() in text for text in ZH_TEXTS)
    }
)
"""The catalogue's English texts without values, of two words or more, that Chinese never keeps."""


def is_code(word: str) -> bool:
    return bool(re.search(r"[\d_]", word)) or word.isupper()


def data_words(live) -> set[str]:  # type: ignore[no-untyped-def]
    """The words of the values a page shows as stored: people's, integrations' and the shop's
    master data's names, and the files imported with their profiles."""
    queries = (
        "SELECT name FROM users",
        "SELECT name FROM api_tokens",
        "SELECT name_en FROM products UNION SELECT category FROM products UNION SELECT department FROM products",
        "SELECT name_en FROM locations UNION SELECT district FROM locations UNION SELECT address FROM locations",
        "SELECT name FROM suppliers",
        "SELECT source FROM import_runs UNION SELECT profile FROM import_runs",
    )
    with live.server.config.app.state.web.pool.store() as store:
        values = [row[0] for query in queries for row in store.engine.rows(query) if row[0]]
    return {w.lower() for value in values for w in LATIN_WORD.findall(str(value))}


def english_left(text: str, data: set[str]) -> tuple[list[str], list[str]]:
    """The catalogue's English texts and the English words found in ``text``."""
    texts = [e for e in ENGLISH_TEXTS if re.search(rf"(?<![A-Za-z]){re.escape(e)}(?![A-Za-z])", text)]
    words = sorted(
        {
            w
            for w in LATIN_WORD.findall(text)
            if len(re.sub(r"[^A-Za-z]", "", w)) >= 4
            and not is_code(w)
            and w.lower() not in KEPT_LATIN
            and w.lower() not in data
        }
    )
    return texts, words


def test_the_rule_finds_english_and_lets_data_and_kept_words_pass():
    data = {"buyer", "retrospot"}
    text = "設定 Stock Pilot 智能補貨 buyer（採購員） ST01 R15044B web_port POS HTTPS Retrospot English cookie"
    assert english_left(text, data) == ([], [])
    assert english_left("主選單 Log out 設定", data) == (["Log out"], [])
    assert english_left("用途 Where the data lives 存貨", data) == ([], ["Where", "data", "lives"])
    assert "Log in" in ENGLISH_TEXTS and "Stock Pilot" not in ENGLISH_TEXTS


def menu_paths(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("nav a", "links => links.map((a) => a.getAttribute('href'))")


def test_every_page_of_the_menu_reads_in_chinese(page_as, live):
    page = page_as("owner", "zh-HK")
    paths = menu_paths(page)
    assert paths == [path for path, _, _ in MENU], "the owner's menu has every page"
    data = data_words(live)
    found = {}
    for path in paths:
        answer = page.goto(live.url + path)
        assert answer is not None and answer.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == "zh-Hant-HK"
        assert re.search(r"[\u4e00-\u9fff]", page.inner_text("main")), path
        texts, words = english_left(BACKTICKED.sub(" ", page.evaluate(VISIBLE_TEXT)), data)
        if texts or words:
            found[path] = (texts, words)
        screenshot(page, "zh-HK-" + (path.strip("/").replace("/", "-") or "home"))
    assert found == {}, "\n".join(f"{path}: {texts} {words}" for path, (texts, words) in found.items())


def test_the_header_selector_switches_the_pages_language(page_as, live):
    page = page_as("owner", "zh-HK")
    page.goto(f"{live.url}/settings")
    assert page.inner_text("h1") == render("web.settings.title", "zh-HK")
    with page.expect_navigation():
        page.select_option("#language", "en")
    assert page.url.endswith("/settings")
    assert page.inner_text("h1") == render("web.settings.title", "en")
    assert page.locator("#logout").inner_text() == render("web.logout", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert not re.search(r"[\u4e00-\u9fff]", page.inner_text("main"))
    page.reload()
    assert page.inner_text("h1") == render("web.settings.title", "en"), "the choice is remembered"
    with page.expect_navigation():
        page.select_option("#language", "zh-HK")
    assert page.inner_text("h1") == render("web.settings.title", "zh-HK")
    screenshot(page, "zh-HK-switched-back")
