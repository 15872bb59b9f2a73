"""Every message exists in both languages (the settings' tests are in test_settings.py)."""

import pytest

from stockpilot.adapters.i18n import TEXT, t
from stockpilot.domain.problems import PROBLEMS, Problem, describe


@pytest.mark.parametrize("key", sorted(TEXT))
def test_every_cli_text_in_both_languages(key):
    assert set(TEXT[key]) == {"en", "zh-HK"}
    assert TEXT[key]["en"] != TEXT[key]["zh-HK"]


def test_cli_text_is_filled_in():
    assert t("summary", "zh-HK", source="a.csv", received=3, accepted=2, quarantined=1) == (
        "a.csv：收到 3 = 接納 2 + 隔離 1"
    )


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_every_problem_reads_in_both_languages(code):
    problem = Problem(code, "quantity", "-3", "0")
    assert problem.describe("en") and problem.describe("zh-HK")
    assert problem.describe("en") != problem.describe("zh-HK")


def test_problem_text_names_field_and_value():
    text = describe([Problem("below_minimum", "quantity", "-3", "0"), Problem("missing_required", "sku")])
    assert text == "quantity -3 is below the smallest allowed value 0; sku is empty but required"


def test_unknown_problem_code_is_refused():
    with pytest.raises(ValueError):
        Problem("no_such_code")
