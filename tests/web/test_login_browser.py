"""Log-in in a real browser (Debian Chromium through Playwright), in both languages."""

from __future__ import annotations

import pytest

from web_fixtures import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "zh-HK"])
def test_a_buyer_logs_in_and_lands_on_the_first_page_of_the_menu(page_as, language):
    page = page_as("buyer", language)
    assert page.url.endswith("/data"), page.url
    page.goto(page.url.replace("/data", "/settings"))
    expected = {"en": "Log out", "zh-HK": "登出"}[language]
    assert page.locator("#logout").inner_text() == expected
    screenshot(page, f"logged-in-{language}")
