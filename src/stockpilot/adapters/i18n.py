"""Words the command line shows, in English and Traditional Chinese (Hong Kong).

Stable keys in code, translated labels here (the frePPLe pattern). A test checks
every key has both languages.
"""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "summary": {
        "en": "{source}: received {received} = accepted {accepted} + quarantined {quarantined}",
        "zh-HK": "{source}：收到 {received} = 接納 {accepted} + 隔離 {quarantined}",
    },
    "profile": {"en": "profile: {profile} ({how})", "zh-HK": "匯入設定：{profile}（{how}）"},
    "recognised": {"en": "recognised from the columns", "zh-HK": "按欄位自動識別"},
    "chosen": {"en": "chosen with --profile", "zh-HK": "由 --profile 指定"},
    "new_unchanged": {
        "en": "new {new}, already stored (no change) {unchanged}",
        "zh-HK": "新增 {new}，已存在（無變動）{unchanged}",
    },
    "refused": {
        "en": "refused personal-data column '{column}' ({kind}); its values were not stored",
        "zh-HK": "拒收個人資料欄位「{column}」（{kind}），其內容未有儲存",
    },
    "masked": {
        "en": "{count} values in free text had personal data masked",
        "zh-HK": "{count} 個自由文字欄位值中的個人資料已遮蔽",
    },
    "pseudonymised": {
        "en": "member ids pseudonymised in: {columns}",
        "zh-HK": "以下欄位的會員編號已假名化：{columns}",
    },
    "ignored": {"en": "columns not used: {columns}", "zh-HK": "未使用的欄位：{columns}"},
    "derived": {"en": "added from the file: {items}", "zh-HK": "由檔案新增：{items}"},
    "set_aside": {"en": "set aside (not products): {count}", "zh-HK": "擱置（非貨品）：{count}"},
    "see_quarantine": {
        "en": "see the quarantined rows with: stockpilot quarantine list --import-id {import_id}",
        "zh-HK": "查看被隔離的資料：stockpilot quarantine list --import-id {import_id}",
    },
    "cannot_read": {"en": "cannot import: {error}", "zh-HK": "無法匯入：{error}"},
    "pilot": {"en": "READY for a pilot", "zh-HK": "資料已準備好進行試點"},
    "estimates_only": {
        "en": "NOT READY for a pilot (enough history for estimates only)",
        "zh-HK": "未準備好進行試點（歷史資料只足夠作估算）",
    },
    "not_ready": {"en": "NOT READY", "zh-HK": "資料未準備好"},
    "passed": {"en": "ok", "zh-HK": "通過"},
    "failed": {"en": "FAIL", "zh-HK": "不通過"},
    "warn": {"en": "warn", "zh-HK": "注意"},
    "purged": {
        "en": "removed {count} rows dated before {cutoff}",
        "zh-HK": "已刪除 {cutoff} 之前的 {count} 行資料",
    },
    "exported": {
        "en": "exported {tables} tables ({rows} rows) to {directory} as CSV and Parquet; next export due by {due}",
        "zh-HK": "已匯出 {tables} 個資料表（{rows} 行）至 {directory}（CSV 及 Parquet）；下次匯出限期 {due}",
    },
    "quarantine_written": {
        "en": "wrote {rows} quarantined rows to {files} file(s) in {directory}; fix them and import them again",
        "zh-HK": "已將 {rows} 行隔離資料寫入 {directory} 內 {files} 個檔案；修正後可再匯入",
    },
    "step_reading": {"en": "reading {file}", "zh-HK": "讀取 {file}"},
    "step_reshaping": {"en": "reshaping the M5 layout", "zh-HK": "轉換 M5 格式"},
    "step_protecting": {"en": "protecting personal data", "zh-HK": "保護個人資料"},
    "step_checking": {"en": "checking rows", "zh-HK": "檢查資料"},
    "step_building_demand": {"en": "building demand from the real series", "zh-HK": "由真實銷售序列建立需求"},
    "step_running_rule": {
        "en": "running the current ordering rule over the history",
        "zh-HK": "以現行訂貨規則重演歷史",
    },
    "step_writing_files": {"en": "writing the shop's export files", "zh-HK": "寫出商店的匯出檔案"},
    "step_forecast_load": {"en": "reading the demand history", "zh-HK": "讀取需求歷史"},
    "step_forecast_backtest": {
        "en": "backtesting {model} ({number}/{models})",
        "zh-HK": "回測 {model}（{number}/{models}）",
    },
    "step_forecast_fit": {"en": "forecasting {series} series with {model}", "zh-HK": "以 {model} 預測 {series} 個序列"},
    "step_forecast_store": {"en": "storing the forecast", "zh-HK": "儲存預測"},
    "step_backtest_origin": {
        "en": "forecasting from {origin} ({number}/{origins})",
        "zh-HK": "由 {origin} 起預測（{number}/{origins}）",
    },
    "forecast_done": {
        "en": "forecast run {run_id}: {series} series x {horizon_days} days from {first_date} (data up to {cutoff})",
        "zh-HK": "預測第 {run_id} 次：{series} 個序列 × {horizon_days} 日，由 {first_date} 起（資料截至 {cutoff}）",
    },
    "forecast_models": {"en": "models chosen by backtest: {models}", "zh-HK": "按回測選用的模型：{models}"},
    "forecast_censored": {
        "en": "stock-out days treated as unknown demand: {censored_days} ({inferred_censored_days} inferred "
        "from zero-sale runs, the rest from stock records)",
        "zh-HK": "缺貨日視為需求未知：{censored_days} 日"
        "（其中 {inferred_censored_days} 日由連續零銷售推斷，其餘按庫存記錄）",
    },
    "forecast_failed": {
        "en": "{model} failed and its series fell back to the moving average: {error}",
        "zh-HK": "{model} 失敗，其序列改用移動平均：{error}",
    },
    "backtest_done": {
        "en": "backtest run {run_id}: {series} series, origins {origins}, {horizon_days} days each",
        "zh-HK": "回測第 {run_id} 次：{series} 個序列，起點 {origins}，每次 {horizon_days} 日",
    },
    "backtest_accuracy": {
        "en": "WAPE {wape:.1%}  bias {bias:+.1%}  mean RMSSE {rmsse:.3f}  scaled pinball {scaled_pinball:.3f}",
        "zh-HK": "WAPE {wape:.1%}  偏差 {bias:+.1%}  平均 RMSSE {rmsse:.3f}  縮放分位數損失 {scaled_pinball:.3f}",
    },
    "backtest_wrmsse": {"en": "WRMSSE by level: {levels}", "zh-HK": "各層級 WRMSSE：{levels}"},
    "backtest_coverage": {
        "en": "share of days at or below each quantile: {coverage}",
        "zh-HK": "實際需求不高於各分位數的日數比例：{coverage}",
    },
    "forecast_error": {"en": "cannot forecast: {error}", "zh-HK": "無法預測：{error}"},
    "plan_done": {
        "en": "plan {plan_id} for {date}: {flagged} lines flagged for review",
        "zh-HK": "第 {plan_id} 號訂貨建議（{date}）：{flagged} 行需要人手覆核",
    },
    "decided": {
        "en": "{decision}: {count} line(s) of plan {plan_id}",
        "zh-HK": "{decision}：第 {plan_id} 號建議 {count} 行",
    },
    "exported_orders": {
        "en": "{count} purchase order(s) written to {directory} (CSV and Excel)",
        "zh-HK": "已寫出 {count} 張採購單至 {directory}（CSV 及 Excel）",
    },
}


def t(key: str, language: str = "en", **values: object) -> str:
    """The text for ``key`` in ``language`` (zh-HK or en), filled with ``values``."""
    entry = TEXT[key]
    return entry["zh-HK" if language.lower().startswith("zh") else "en"].format(**values)
