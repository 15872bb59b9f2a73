"""Every message exists in both languages (the settings' tests are in test_settings.py)."""

import pytest

from stockpilot.domain.problems import PROBLEMS, Problem
from stockpilot.messages import cli, render


@pytest.mark.parametrize("key", sorted(cli.MESSAGES))
def test_every_cli_text_in_both_languages(key):
    assert set(cli.MESSAGES[key]) == {"en", "zh-HK"}
    assert cli.MESSAGES[key]["en"] != cli.MESSAGES[key]["zh-HK"]


def test_cli_text_is_filled_in():
    assert render("summary", "zh-HK", source="a.csv", received=3, accepted=2, quarantined=1) == (
        "a.csv：收到 3 = 接納 2 + 隔離 1"
    )


@pytest.mark.parametrize("code", sorted(PROBLEMS))
def test_every_problem_reads_in_both_languages(code):
    problem = Problem(code, "quantity", "-3", "0")
    assert render(problem.message, "en") and render(problem.message, "zh-HK")
    assert render(problem.message, "en") != render(problem.message, "zh-HK")


def test_problem_text_names_field_and_value():
    problems = [Problem("below_minimum", "quantity", "-3", "0"), Problem("missing_required", "sku")]
    text = "; ".join(render(p.message) for p in problems)
    assert text == "quantity -3 is below the smallest allowed value 0; sku is empty but required"


def test_unknown_problem_code_is_refused():
    with pytest.raises(ValueError):
        Problem("no_such_code")
