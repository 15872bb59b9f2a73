"""`stockpilot forecast show`: one SKU's sales, forecast mean and bands on a small hand-made shop.

The shop (tests/conftest.py): ST01 (Mong Kok store, 旺角店) and WH; SKU1 is Jasmine rice 5kg
(茉莉香米 5公斤). SKU1 sold 3 a day at ST01 from 2024-03-01 to 03-10 except on 03-04, once at
WH (03-09), and 5 at ST01 on 03-12, after the run's data. The forecast run is stored by hand:
from 03-11 for 4 days, SKU1 at ST01 with mean 4 and dispersion 0.25, at WH mean 1 (Poisson),
SKU2 at ST01 only.

Negative binomial with mean 4 and phi 0.25: size n = 1 / phi = 4, p = n / (n + mu) = 0.5, so
P(k) = C(k + 3, 3) / 2**(k + 4): P(0..1) = 0.0625, 0.125; P(7..8) = 0.05859, 0.04028; the
mid-distribution M(k) = F(k) - P(k) / 2 is 0.03125, 0.125 at 0, 1 and 0.857422, 0.906860 at 7, 8.
q0.10 = 0 + (0.10 - 0.03125) / (0.125 - 0.03125) = 0.7333;
q0.90 = 7 + (0.90 - 0.857422) / (0.906860 - 0.857422) = 7.8612;
q0.025 is below M(0), so 0; q0.975 = 10 + (0.975 - 0.962585) / (0.976868 - 0.962585) = 10.8692.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from stockpilot.adapters.storage.store import Store, open_store
from stockpilot.doors.cli import app
from stockpilot.errors import Refusal
from stockpilot.services.forecast_view import ASKED, MOST_SALES, forecast_view, write_forecast_chart
from stockpilot.services.ports.forecasts import ForecastRunRecord

D = dt.date
FIRST = D(2024, 3, 11)
runner = CliRunner()


def _sales(store: Store) -> None:
    rows = [(f"s{d}", D(2024, 3, d), "ST01", "SKU1", 3.0) for d in range(1, 11) if d != 4]
    rows += [("w9", D(2024, 3, 9), "WH", "SKU1", 1.0), ("s12", D(2024, 3, 12), "ST01", "SKU1", 5.0)]
    rows += [("t2", D(2024, 3, 2), "ST01", "SKU2", 2.0)]
    ids, days, locations, skus, quantities = zip(*rows, strict=True)
    table = pa.table(
        {
            "event_id": ids,
            "occurred_at": pa.array([dt.datetime.combine(d, dt.time(11)) for d in days]),
            "location_id": locations,
            "sku": skus,
            "quantity": quantities,
        }
    )
    con = store.engine.connection
    con.register("new_sales", table)
    con.execute("INSERT INTO sales (event_id, occurred_at, location_id, sku, quantity) SELECT * FROM new_sales")
    con.unregister("new_sales")


def _forecast_run(store: Store) -> int:
    series = [
        ("ST01", "SKU1", 4.0, 0.25, "theta"),
        ("WH", "SKU1", 1.0, 0.0, "croston_sba"),
        ("ST01", "SKU2", 2.0, 0.1, "theta"),
    ]
    days = [FIRST + dt.timedelta(days=i) for i in range(4)]
    cells = [(loc, sku, day, mean, model, phi) for loc, sku, mean, phi, model in series for day in days]
    location, sku, date, mean, model, phi = zip(*cells, strict=True)
    forecasts = pa.table(
        {"location_id": location, "sku": sku, "date": date, "mean": mean, "model": model, "dispersion": phi}
    )
    quantiles = pa.table(
        {"location_id": location, "sku": sku, "date": date, "level": [0.5] * len(cells), "value": mean}
    )
    record = ForecastRunRecord(
        created_at=dt.datetime(2024, 3, 10, 22),
        cutoff=FIRST - dt.timedelta(days=1),
        first_date=FIRST,
        horizon_days=4,
        quantile_levels="0.5",
        models="theta,croston_sba",
        backtest_windows=1,
        returns="ignore",
        series=3,
        censored_days=0,
        inferred_censored_days=0,
        failures=None,
    )
    return store.forecasts.save(record, forecasts, quantiles)


def _master_data(store: Store) -> None:
    """The locations and products of tests/conftest.py's small shop (stored directly: this test is
    about showing a forecast, not importing)."""
    con = store.engine.connection
    con.execute(
        "INSERT INTO locations (location_id, name_en, name_zh, kind) VALUES "
        "('ST01', 'Mong Kok store', '旺角店', 'store'), ('WH', 'Central warehouse', '中央倉', 'warehouse')"
    )
    con.execute(
        "INSERT INTO products (sku, name_en, name_zh, case_pack) VALUES "
        "('SKU1', 'Jasmine rice 5kg', '茉莉香米 5公斤', 4), ('SKU2', 'Soy sauce 500ml', '生抽 500毫升', 12), "
        "('SKU3', 'Instant noodles 5-pack', '即食麵 五包裝', 6)"
    )


@pytest.fixture
def empty_shop(tmp_path: Path) -> Iterator[Store]:
    """The shop's master data, no sales and no forecast."""
    store = open_store(tmp_path / "shop.duckdb")
    _master_data(store)
    yield store
    store.close()


@pytest.fixture
def shop(empty_shop: Store) -> Store:
    _sales(empty_shop)
    _forecast_run(empty_shop)
    return empty_shop


def _bands(day) -> list[tuple[float, float, float]]:
    return [(b.coverage, round(b.low, 4), round(b.high, 4)) for b in day.bands]


def test_the_view_lists_the_history_and_the_bands_of_the_stored_distribution(shop, settings):
    view = forecast_view(shop, settings, "SKU1", history_days=5)
    assert (view.run_id, view.cutoff, view.model, view.dispersion) == (1, D(2024, 3, 10), "theta", 0.25)
    assert (view.product.name_en, view.product.name_zh) == ("Jasmine rice 5kg", "茉莉香米 5公斤")
    # ST01 sold 15 in the 5 days shown, WH 1: ST01 is shown and WH offered
    assert (view.location.id, view.location.name_zh, view.location_chosen) == ("ST01", "旺角店", MOST_SALES)
    assert view.other_locations == ("WH",)
    assert [(d.date, d.actual) for d in view.history] == [(D(2024, 3, d), 3.0) for d in range(6, 11)]
    assert [d.date for d in view.forecast] == [FIRST + dt.timedelta(days=i) for i in range(4)]
    for day in view.forecast:
        assert day.mean == 4.0
        assert _bands(day) == [(0.8, 0.7333, 7.8612), (0.95, 0.0, 10.8692)]  # by hand: the module docstring
    # the data reaches 03-12 (a sale then): 03-11 sold nothing, 03-12 sold 5; later days are not known yet
    assert [d.actual for d in view.forecast] == [0.0, 5.0, None, None]


def test_a_day_without_a_sale_counts_as_zero_and_the_location_can_be_chosen(shop, settings):
    view = forecast_view(shop, settings, "SKU1", location="WH", history_days=3)
    assert (view.location.id, view.location_chosen, view.other_locations) == ("WH", ASKED, ("ST01",))
    assert [d.actual for d in view.history] == [0.0, 1.0, 0.0]  # 03-08, 03-09, 03-10
    # Poisson(1): P(0) = P(1) = 0.36788, so F(0..3) = 0.36788, 0.73576, 0.91970, 0.98101; mid at
    # 0 = 0.18394, 1 = 0.55182, 2 = 0.82773, 3 = 0.95036: q0.10 = 0.1 / 0.18394 - 1 < 0 -> 0;
    # q0.90 = 2 + (0.9 - 0.82773) / (0.95036 - 0.82773) = 2.5893
    low, high = view.forecast[0].bands[0].low, view.forecast[0].bands[0].high
    assert low == 0.0 and high == pytest.approx(2.5893, abs=1e-4)
    assert forecast_view(shop, settings, "SKU2").location_chosen == "only"


def test_the_history_length_comes_from_the_settings(shop, settings):
    assert settings.forecasting.forecast_show_history_days == 56
    view = forecast_view(shop, settings.replace(forecast_show_history_days=12), "SKU1")
    assert view.history[0].date == D(2024, 2, 28) and len(view.history) == 12
    assert sum(d.actual for d in view.history) == 27.0  # 9 days of 3 at ST01
    assert forecast_view(shop, settings, "SKU1", history_days=0).history == ()


@pytest.mark.parametrize(
    ("sku", "options", "code", "named"),
    [
        ("NOPE", {}, "refusal.forecast_unknown_sku", "NOPE"),
        ("SKU3", {}, "refusal.forecast_no_sku", "SKU3"),  # a product, never sold: no forecast
        ("SKU1", {"location": "XX"}, "refusal.forecast_unknown_location", "XX"),
        ("SKU2", {"location": "WH"}, "refusal.forecast_no_sku_at", "SKU2"),
        ("SKU1", {"run_id": 99}, "refusal.forecast_unknown_run", "99"),
        ("SKU1", {"history_days": -1}, "refusal.not_negative", "--days-of-history"),
    ],
)
def test_what_cannot_be_shown_is_refused_by_name(shop, settings, sku, options, code, named):
    with pytest.raises(Refusal) as refused:
        forecast_view(shop, settings, sku, **options)
    assert refused.value.message.code == code and named in str(refused.value)


def test_no_forecast_yet_is_refused(empty_shop, settings):
    with pytest.raises(Refusal, match="no forecast yet"):
        forecast_view(empty_shop, settings, "SKU1")


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk, after checking its signature."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_the_chart_is_a_png_and_an_svg_in_the_language(shop, settings, tmp_path):
    view = forecast_view(shop, settings, "SKU1")
    png, svg = write_forecast_chart(view, tmp_path / "charts" / "rice.png", "zh-HK")
    assert (png.name, svg.name) == ("rice.png", "rice.svg")
    assert _png_size(png) == (960, 600) and png.stat().st_size > 20_000  # 8 x 5 inches at 120 dpi, drawn
    text = svg.read_text(encoding="utf-8")
    assert "茉莉香米 5公斤" in text and "80% 預測區間" in text and "實際銷量" in text  # SVG keeps its text
    english = write_forecast_chart(view, tmp_path / "rice.v2", "en")[1].read_text(encoding="utf-8")
    assert "Jasmine rice 5kg" in english and "95% band" in english and "forecast from 2024-03-11" in english


@pytest.fixture
def shop_file(shop: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The shop as a closed file, the command run from tmp_path."""
    monkeypatch.chdir(tmp_path)
    path = str(shop.file)
    shop.close()
    return path


def test_command_line_table_in_both_languages_and_the_chart(shop_file, tmp_path):
    result = runner.invoke(app, ["--db", shop_file, "forecast", "show", "SKU1", "--days-of-history", "5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        lines[0] == "SKU1 Jasmine rice 5kg at ST01 Mong Kok store: forecast run 1 (model theta), data up to 2024-03-10"
    )
    assert "also forecast at WH" in lines[1]
    assert "  2024-03-10        3.0" in lines
    assert "  2024-03-12        5.0       4.0        0.7–7.9       0.0–10.9" in lines
    assert "  2024-03-13          -       4.0        0.7–7.9       0.0–10.9" in lines
    chart = tmp_path / ".stockpilot" / "charts" / "forecast-SKU1-ST01.png"
    assert lines[-1] == f"chart written to {Path('.stockpilot/charts/forecast-SKU1-ST01.png')}, " + str(
        Path(".stockpilot/charts/forecast-SKU1-ST01.svg")
    )
    assert _png_size(chart) == (960, 600)
    result = runner.invoke(
        app, ["--db", shop_file, "--lang", "zh-HK", "forecast", "show", "SKU1", "--location", "WH", "--chart", "wh.png"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "SKU1 茉莉香米 5公斤，WH 中央倉：第 1 次預測（模型 croston_sba），資料截至 2024-03-10"
    )
    assert "日期" in result.output and "實際銷量" in result.output and "80% 區間" in result.output
    assert "最近 56 日銷量" in result.output and "其他有預測的地點" not in result.output  # asked for WH
    assert "圖表已寫入 wh.png, wh.svg" in result.output and (tmp_path / "wh.png").exists()


def test_command_line_json_is_the_view(shop_file, tmp_path):
    result = runner.invoke(
        app, ["--db", shop_file, "forecast", "show", "SKU1", "--run", "1", "--days-of-history", "2", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["product"] == {"id": "SKU1", "name_en": "Jasmine rice 5kg", "name_zh": "茉莉香米 5公斤"}
    assert data["location"]["id"] == "ST01" and data["location_chosen"] == "most_sales"
    assert data["history"] == [{"date": "2024-03-09", "actual": 3.0}, {"date": "2024-03-10", "actual": 3.0}]
    first = data["forecast"][0]
    assert first["date"] == "2024-03-11" and first["mean"] == 4.0 and first["actual"] == 0.0
    assert [b["coverage"] for b in first["bands"]] == [0.8, 0.95]
    assert first["bands"][0]["high"] == pytest.approx(7.8612, abs=1e-4)
    assert data["charts"] == [
        str(Path(".stockpilot/charts/forecast-SKU1-ST01").with_suffix(s)) for s in (".png", ".svg")
    ]


def test_command_line_refuses_an_unknown_sku_by_name(shop_file):
    result = runner.invoke(app, ["--db", shop_file, "forecast", "show", "TWN-999"])
    assert result.exit_code == 2
    assert "cannot forecast: no product has the SKU 'TWN-999'" in result.output
    result = runner.invoke(app, ["--db", shop_file, "--lang", "zh-HK", "forecast", "show", "TWN-999", "--json"])
    assert result.exit_code == 2
    error = json.loads(result.output)["error"]
    assert error["code"] == "refusal.forecast_unknown_sku" and error["params"] == {"sku": "TWN-999"}
    assert "「TWN-999」" in error["message"] and "products" not in error["message"]


def test_forecast_without_a_subcommand_still_forecasts(shop_file, monkeypatch):
    """`stockpilot forecast` runs and stores a forecast as before `show` was added beneath it."""
    monkeypatch.setenv("STOCKPILOT_FORECAST_MODELS", "moving_average")
    monkeypatch.setenv("STOCKPILOT_FORECAST_COMBINATION", "")
    monkeypatch.setenv("STOCKPILOT_FORECAST_BACKTEST_WINDOWS", "0")
    result = runner.invoke(app, ["--db", shop_file, "forecast", "--horizon", "5", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["run_id"], data["horizon_days"], data["series"]) == (2, 5, 3)  # SKU1 at ST01 and WH, SKU2 at ST01
    result = runner.invoke(app, ["--db", shop_file, "forecast", "--horizon", "5"])
    assert result.exit_code == 0 and result.output.startswith("forecast run 3:")
    shown = json.loads(runner.invoke(app, ["--db", shop_file, "forecast", "show", "SKU1", "--json"]).output)
    assert shown["run_id"] == 3 and len(shown["forecast"]) == 5 and shown["cutoff"] == "2024-03-12"


@pytest.mark.parametrize("args", [["forecast", "--json"], ["forecast", "show", "SKU1", "--json"]])
def test_a_bad_setting_ends_either_form_with_one_json_error(shop_file, monkeypatch, args):
    """The group's callback leaves a subcommand's ending to it: `show --json` gets its JSON error too."""
    monkeypatch.setenv("STOCKPILOT_RETENTION_DAYS", "0")
    result = runner.invoke(app, ["--db", shop_file, "--lang", "zh-HK", *args])
    assert result.exit_code == 2
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "refusal.setting" and error["message"].startswith("無法預測：設定不獲接受：")
