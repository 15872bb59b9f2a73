"""Settings are declared once, documented, and overridable; every message exists in both languages."""

from pathlib import Path

import pytest

from stockpilot.adapters.i18n import TEXT, t
from stockpilot.domain.problems import PROBLEMS, Problem, describe
from stockpilot.settings import Settings, documented_settings, listed, load_settings, settings_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_has_help_and_source():
    for field in documented_settings():
        assert field.metadata["help"].strip(), field.name
        assert field.metadata["source"].startswith(("R-", "issue ")), field.name


def test_docs_settings_is_generated_from_the_code():
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_markdown()


def test_spec_defaults():
    s = Settings()
    assert s.readiness_min_completeness == 0.95
    assert s.readiness_pilot_history_days == 90
    assert s.readiness_min_history_days == 30
    assert s.export_interval_days == 30


def test_override_order_file_then_environment_then_arguments(tmp_path):
    config = tmp_path / "stockpilot.toml"
    config.write_text("readiness_pilot_history_days = 60\nretention_days = 100\n", encoding="utf-8")
    env = {"STOCKPILOT_RETENTION_DAYS": "200", "STOCKPILOT_CONFIG": str(config)}
    s = load_settings({"language": "zh-HK"}, environ=env)
    assert (s.readiness_pilot_history_days, s.retention_days, s.language) == (60, 200, "zh-HK")


def test_unknown_or_unreadable_setting_is_refused_with_its_name():
    with pytest.raises(ValueError, match="retention_dayz"):
        load_settings({"retention_dayz": 3}, environ={})
    with pytest.raises(ValueError, match="retention_days"):
        load_settings(environ={"STOCKPILOT_RETENTION_DAYS": "seven"})


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


def test_comma_separated_settings_are_read_or_refused_by_name():
    assert listed(" 50, 200 ,", "priority_tops", int) == (50, 200)
    assert listed("", "forecast_combination") == ()
    with pytest.raises(ValueError, match="setting replay_rule_sweep must be comma-separated float values"):
        listed("1,two", "replay_rule_sweep", float)
    with pytest.raises(ValueError, match="setting forecast_quantiles needs at least one value"):
        listed(" , ", "forecast_quantiles", float, required=True)
