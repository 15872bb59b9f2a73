"""Words of `stockpilot forecast show` and its chart: one SKU's sales, forecast mean and bands.

Rendered by presenters/forecast.py (the table) and services/forecast_view.py (the chart).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "forecast_show_title": {
        "en": "{sku} {name} at {location} {location_name}: forecast run {run_id} (model {model}), data up to {cutoff}",
        "zh-HK": "{sku} {name}，{location} {location_name}：第 {run_id} 次預測（模型 {model}），資料截至 {cutoff}",
    },
    "forecast_show_most_sales": {
        "en": "{location} sold the most of it in the days shown; also forecast at {others} (choose with --location)",
        "zh-HK": "{location} 是所列日子中此貨品銷量最多的地點；其他有預測的地點：{others}（以 --location 選擇）",
    },
    "forecast_show_bands": {
        "en": "bands: the central 80% and 95% of each day's demand (negative binomial around the mean, "
        "dispersion {dispersion:.3f}); '-': no data for the day yet",
        "zh-HK": "區間：每日需求分佈中間的 80% 及 95%（以平均值為中心的負二項分佈，離散度 {dispersion:.3f}）；"
        "「-」：該日尚未有資料",
    },
    "forecast_show_date": {"en": "date", "zh-HK": "日期"},
    "forecast_show_actual": {"en": "actual", "zh-HK": "實際銷量"},
    "forecast_show_mean": {"en": "mean", "zh-HK": "預測平均"},
    "forecast_show_band": {"en": "{coverage:pct} band", "zh-HK": "{coverage:pct} 區間"},
    "forecast_show_history": {"en": "sales, last {days} days:", "zh-HK": "最近 {days} 日銷量："},
    "forecast_show_forecast": {"en": "forecast, {days} days:", "zh-HK": "預測，共 {days} 日："},
    "forecast_show_chart": {"en": "chart written to {paths}", "zh-HK": "圖表已寫入 {paths}"},
    "chart.forecast.title": {
        "en": "{sku} {name} at {location}: daily sales and forecast",
        "zh-HK": "{sku} {name}（{location}）：每日銷量及預測",
    },
    "chart.forecast.x": {"en": "date", "zh-HK": "日期"},
    "chart.forecast.y": {"en": "units a day", "zh-HK": "每日件數"},
    "chart.forecast.actual": {"en": "actual sales", "zh-HK": "實際銷量"},
    "chart.forecast.mean": {"en": "forecast mean", "zh-HK": "預測平均"},
    "chart.forecast.band": {"en": "{coverage:pct} band", "zh-HK": "{coverage:pct} 預測區間"},
    "chart.forecast.origin": {"en": "forecast from {date}", "zh-HK": "{date} 起預測"},
}
