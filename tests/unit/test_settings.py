"""Settings are declared once in sections, documented, overridable, and checked when loaded."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stockpilot.domain.forecasting.models import MODEL_NAMES
from stockpilot.settings import (
    ORDERED,
    Settings,
    SettingsError,
    documented_settings,
    load_settings,
    section_of,
    sections,
    settings_markdown,
)

ROOT = Path(__file__).resolve().parents[2]
NO_FILE = Path(__file__).with_name("no-such.toml")
SECTIONS = (
    "storage",
    "privacy",
    "importing",
    "readiness",
    "forecasting",
    "replenishment",
    "replay",
    "pilot",
    "demo",
    "governance",
    "finance",
    "web",
)


def load(overrides: dict[str, Any] | None = None, **kwargs: Any) -> Settings:
    """Settings from ``overrides`` alone: no environment, no file unless given."""
    kwargs.setdefault("environ", {})
    kwargs.setdefault("config_file", NO_FILE)
    return load_settings(overrides, **kwargs)


def toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stockpilot.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_setting_has_help_and_source():
    for field in documented_settings():
        assert field.metadata["help"].strip(), field.name
        assert field.metadata["source"].startswith(("R-", "issue ")), field.name


def test_docs_settings_is_generated_from_the_code():
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_markdown()


def test_sections_exist_and_group_every_field_once():
    assert tuple(sections()) == SECTIONS
    settings = Settings()
    names = [f.name for f in documented_settings()]
    assert len(names) == len(set(names)) > 60
    for name in names:
        section = getattr(settings, section_of(name))
        assert hasattr(section, name)
    assert {section_of(n) for n in names} == set(SECTIONS) - {"governance", "finance"}
    assert settings.replenishment.service_level_a == 0.98 and settings.replay.replay_days == 365
    assert all(n.startswith("pilot_") for n in names if section_of(n) == "pilot")
    assert all(n.startswith("demo_") for n in names if section_of(n) == "demo")
    for empty in ("governance", "finance"):
        assert type(getattr(settings, empty)).__doc__
        assert f"## {empty}" in settings_markdown()


def test_spec_defaults():
    s = Settings()
    assert s.readiness.readiness_min_completeness == 0.95
    assert s.readiness.readiness_pilot_history_days == 90
    assert s.readiness.readiness_min_history_days == 30
    assert s.privacy.export_interval_days == 30
    assert load() == Settings()  # the defaults pass their own checks


def test_override_order_file_then_environment_then_arguments(tmp_path):
    config = toml(tmp_path, "[readiness]\nreadiness_pilot_history_days = 60\n[privacy]\nretention_days = 100\n")
    env = {"STOCKPILOT_RETENTION_DAYS": "200", "STOCKPILOT_CONFIG": str(config)}
    s = load_settings({"language": "zh-HK"}, environ=env)
    assert (s.readiness.readiness_pilot_history_days, s.privacy.retention_days, s.storage.language) == (
        60,
        200,
        "zh-HK",
    )


def test_toml_with_sections_loads(tmp_path):
    config = toml(
        tmp_path,
        "[replenishment]\nservice_level_a = 0.97\nreview_period_days = 14\n"
        '[forecasting]\nforecast_quantiles = [0.9, 0.5]\nforecast_combination = ""\n'
        "[governance]\n",
    )
    s = load(config_file=config)
    assert s.replenishment.service_level_a == 0.97 and s.replenishment.review_period_days == 14
    assert s.forecasting.forecast_quantiles == (0.9, 0.5) and s.forecasting.forecast_combination == ()


def test_unknown_or_unreadable_setting_is_refused_with_its_name():
    with pytest.raises(ValueError, match="retention_dayz"):
        load({"retention_dayz": 3})
    with pytest.raises(ValueError, match="retention_days"):
        load_settings(environ={"STOCKPILOT_RETENTION_DAYS": "seven"}, config_file=NO_FILE)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("service_level_a = 0.97\n", r"put service_level_a under \[replenishment\]"),
        ("[storage]\nservice_level_a = 0.97\n", r"put service_level_a under \[replenishment\], not \[storage\]"),
        ("[shop]\nname = 'x'\n", "unknown section or setting 'shop'; the sections are storage, privacy, importing"),
        ("colour = 'red'\n", "unknown section or setting 'colour'; the sections are storage, privacy"),
        ("[replenishment]\nservice_level_z = 0.9\n", r"unknown setting replenishment.service_level_z; \[replen"),
        ("[finance]\nport = 80\n", r"unknown setting finance.port; \[finance\] holds no settings yet"),
        ("[web]\nport = 80\n", r"unknown setting web.port; \[web\] holds web_host, web_port"),
        ("replay = 3\n", r"replay is a section: write \[replay\]"),
        ("[replay\n", "not valid TOML"),
    ],
)
def test_a_misplaced_or_unknown_key_in_the_file_is_refused(tmp_path, text, message):
    config = toml(tmp_path, text)
    with pytest.raises(SettingsError, match=message) as caught:
        load(config_file=config)
    assert str(config) in str(caught.value)


def test_a_refusal_names_its_source_the_value_and_what_is_allowed(tmp_path):
    config = toml(tmp_path, "[replenishment]\nservice_level_a = 1.5\n")
    with pytest.raises(SettingsError) as caught:
        load(config_file=config)
    assert str(caught.value) == (
        f"{config}: replenishment.service_level_a = 1.5 refused: service_level_a must be a number in (0, 1) exclusive"
    )
    with pytest.raises(SettingsError) as caught:
        load_settings(environ={"STOCKPILOT_REVIEW_PERIOD_DAYS": "0"}, config_file=NO_FILE)
    assert str(caught.value) == (
        "environment variable STOCKPILOT_REVIEW_PERIOD_DAYS = '0' refused: review_period_days must be an integer >= 1"
    )
    with pytest.raises(SettingsError) as caught:
        load({"language": "fr"})
    assert str(caught.value) == "override language = 'fr' refused: language must be one of en, zh-HK"


def test_the_language_is_en_or_zh_hk_in_any_case_and_reads_as_spelt():
    assert [load({"language": name}).storage.language for name in ("EN", "zh-hk", "ZH-HK")] == ["en", "zh-HK", "zh-HK"]
    assert load_settings(environ={"STOCKPILOT_LANGUAGE": "Zh-Hk"}, config_file=NO_FILE).storage.language == "zh-HK"
    for other in ("zh", "zh-TW", "english", ""):
        with pytest.raises(SettingsError, match="language must be one of en, zh-HK"):
            load({"language": other})


@pytest.mark.parametrize(
    ("name", "value", "allowed"),
    [
        ("replay_rule", "gut_feeling", "one of min_max, weeks_of_cover, fixed_quantity"),
        ("forecast_returns", "gross", "one of ignore, net"),
        ("forecast_models", "moving_average,crystal_ball", "names among " + ", ".join(MODEL_NAMES)),
        ("forecast_models", "", "at least one"),
        ("forecast_combination", "theta", "two models or none"),
        ("forecast_quantiles", "0.5,1", r"numbers in \(0, 1\) exclusive"),
        ("replay_rule_sweep", "1,two", "a list of numbers >= 0"),
        ("priority_tops", [50, 0], "a list of integers >= 1"),
        ("timezone", "Asia/Atlantis", "a time zone of the IANA database"),
        ("earliest_event_date", "01/01/2000", "an ISO date"),
        ("import_memory_limit", "lots", "a DuckDB size, such as '512MB'"),
        ("retention_days", True, "an integer >= 1"),
        ("retention_days", 2.5, "an integer >= 1"),
        ("readiness_min_completeness", "nan", r"a number in \[0, 1\]"),
        ("db_path", "", "non-empty text"),
    ],
)
def test_each_kind_of_bad_value_is_refused(name, value, allowed):
    with pytest.raises(SettingsError, match=f"override {name} = .* refused: {name} must be .*{allowed}"):
        load({name: value})


@pytest.mark.parametrize(("low", "high"), ORDERED)
def test_rules_across_settings_name_both_sources(low, high):
    high_value = getattr(getattr(Settings(), section_of(high)), high)
    with pytest.raises(
        SettingsError, match=f"override {low} = .* and default {high} = .* refused: {low} must be below"
    ):
        load({low: high_value})


def test_lists_and_choices_are_parsed_once_into_tuples(tmp_path):
    s = load({"priority_tops": " 50, 200 ,", "forecast_combination": "", "replay_service_sweep": (0.9, "0.5")})
    assert s.replay.priority_tops == (50, 200)
    assert s.forecasting.forecast_combination == ()
    assert s.replay.replay_service_sweep == (0.9, 0.5)
    env = {"STOCKPILOT_FORECAST_MODELS": "theta, moving_average"}
    assert load_settings(environ=env, config_file=NO_FILE).forecasting.forecast_models == ("theta", "moving_average")
    config = toml(tmp_path, "[replay]\nreplay_rule_sweep = [1, 2.5]\n")
    assert load(config_file=config).replay.replay_rule_sweep == (1.0, 2.5)
    defaults = Settings()
    assert defaults.forecasting.forecast_quantiles == (0.5, 0.8, 0.9, 0.95, 0.99)
    assert defaults.forecasting.forecast_models == MODEL_NAMES


def test_replace_takes_flat_names_and_checks_them():
    s = Settings().replace(replay_days=28, forecast_models="moving_average")
    assert s.replay.replay_days == 28 and s.forecasting.forecast_models == ("moving_average",)
    assert s.replenishment == Settings().replenishment
    with pytest.raises(SettingsError, match="override replay_rule = 'gut_feeling' refused"):
        s.replace(replay_rule="gut_feeling")
    with pytest.raises(SettingsError, match="unknown setting"):
        s.replace(replay_dayz=3)


def test_a_settings_error_is_a_value_error():
    assert issubclass(SettingsError, ValueError)


# --- property: inside the declared range loads, outside is refused -------------------------

_CROSS = {name for pair in ORDERED for name in pair}
_RANGED = [
    f
    for f in documented_settings()
    if f.name not in _CROSS
    and f.metadata["rule"].range_text()
    and f.metadata["rule"].check is None
    and not f.metadata["rule"].choices
]


def _bounds(field: Any) -> tuple[float | None, bool, float | None, bool]:
    rule = field.metadata["rule"]
    low, low_open = (rule.above, True) if rule.above is not None else (rule.minimum, False)
    high, high_open = (rule.below, True) if rule.below is not None else (rule.maximum, False)
    return low, low_open, high, high_open


def _is_int(field: Any) -> bool:
    default = field.default
    return isinstance(default[0] if isinstance(default, tuple) else default, int)


def _inside(field: Any) -> st.SearchStrategy[Any]:
    low, low_open, high, high_open = _bounds(field)
    if _is_int(field):
        lo = None if low is None else math.floor(low) + 1 if low_open else math.ceil(low)
        hi = None if high is None else math.ceil(high) - 1 if high_open else math.floor(high)
        return st.integers(min_value=lo, max_value=hi if hi is not None else 10**9)
    return st.floats(
        min_value=low,
        max_value=high if high is not None else 1e12,
        exclude_min=low_open,
        exclude_max=high_open,
        allow_nan=False,
    )


def _outside(field: Any) -> st.SearchStrategy[Any]:
    low, low_open, high, high_open = _bounds(field)
    options = []
    if _is_int(field):
        if low is not None:
            options.append(st.integers(max_value=math.ceil(low) - (0 if low_open else 1), min_value=-(10**9)))
        if high is not None:
            options.append(st.integers(min_value=math.floor(high) + (0 if high_open else 1), max_value=10**9))
    else:
        if low is not None:
            options.append(st.floats(max_value=low, exclude_max=not low_open, min_value=-1e12))
        if high is not None:
            options.append(st.floats(min_value=high, exclude_min=not high_open, max_value=1e12))
    return st.one_of(options)


def _as_given(field: Any, value: Any) -> Any:
    return [value] if isinstance(field.default, tuple) else value


@given(st.data())
def test_any_value_inside_the_declared_range_loads(data):
    field = data.draw(st.sampled_from(_RANGED))
    value = data.draw(_inside(field))
    loaded = getattr(getattr(load({field.name: _as_given(field, value)}), section_of(field.name)), field.name)
    assert loaded == ((value,) if isinstance(field.default, tuple) else value)


@given(st.data())
def test_any_value_outside_the_declared_range_is_refused(data):
    field = data.draw(st.sampled_from(_RANGED))
    value = data.draw(_outside(field))
    with pytest.raises(SettingsError, match=f"override {field.name} = .* refused: {field.name} must be"):
        load({field.name: _as_given(field, value)})


@given(st.data())
def test_any_choice_loads_and_anything_else_is_refused(data):
    field = data.draw(st.sampled_from([f for f in documented_settings() if f.metadata["rule"].choices]))
    choices = field.metadata["rule"].choices
    listed = isinstance(field.default, tuple)
    if not listed or field.metadata["rule"].check is None:  # forecast_combination: two or none
        choice = data.draw(st.sampled_from(choices))
        load({field.name: [choice] if listed else choice})
    other = data.draw(st.text().filter(lambda text: text.strip() not in choices and "," not in text and text.strip()))
    with pytest.raises(SettingsError, match=f"override {field.name} = .* refused"):
        load({field.name: [other] if listed else other})
