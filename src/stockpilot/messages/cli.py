"""Words the command line shows: summaries, progress steps, readiness levels, replay and priority lines.

Codes are those of the command line (``summary``, ``step_<key>`` of :mod:`stockpilot.domain.progress`...);
rendered with :func:`stockpilot.messages.render`.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
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
    "stopped": {"en": "Stopped.", "zh-HK": "已停止。"},
    "import_crashed": {
        "en": "cannot import {source}: {error} (nothing of this file was stored; going on with the next)",
        "zh-HK": "無法匯入 {source}：{error}（此檔案的資料全部未有儲存；繼續匯入下一個檔案）",
    },
    "pilot": {"en": "READY for a pilot", "zh-HK": "資料已準備好試行"},
    "estimates_only": {
        "en": "NOT READY for a pilot (enough history for estimates only)",
        "zh-HK": "未準備好試行（歷史資料只足夠作估算）",
    },
    "not_ready": {"en": "NOT READY", "zh-HK": "資料未準備好"},
    "passed": {"en": "ok", "zh-HK": "通過"},
    "failed": {"en": "FAIL", "zh-HK": "不通過"},
    "warn": {"en": "warn", "zh-HK": "注意"},
    "purged": {
        "en": "removed {count} rows dated before {cutoff}",
        "zh-HK": "已刪除 {cutoff} 之前的 {count} 行資料",
    },
    "purge_dry_run": {
        "en": "would remove {count} rows dated before {cutoff}",
        "zh-HK": "將會刪除 {cutoff} 之前的 {count} 行資料",
    },
    "purge_table": {"en": "{table:term}: {count}", "zh-HK": "{table:term}：{count} 行"},
    "purge_confirm": {
        "en": "Remove these {count} rows for good?",
        "zh-HK": "確定永久刪除這 {count} 行資料？",
    },
    "purge_kept": {"en": "nothing was removed", "zh-HK": "未有刪除任何資料"},
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
    "step_replay_forecast": {"en": "replay: forecast {done} of {total}", "zh-HK": "重演：第 {done} / {total} 次預測"},
    "step_replay_policies": {"en": "replaying the rule and Stock Pilot", "zh-HK": "重演現行規則及 Stock Pilot"},
    "step_replay_store": {"en": "storing the replay", "zh-HK": "儲存重演結果"},
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
        "（其中 {inferred_censored_days} 日由連續零銷售推斷，其餘按存貨記錄）",
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
    "replay_error": {"en": "cannot replay: {error}", "zh-HK": "無法重演：{error}"},
    "replay_done": {
        "en": "Replay {run_id}: {first_day} to {last_day} ({days} days), {series} SKU x location series",
        "zh-HK": "重演 {run_id}：{first_day} 至 {last_day}（{days} 日），{series} 個貨品 × 地點序列",
    },
    "replay_policy": {"en": "policy", "zh-HK": "規則"},
    "kpi_stockout_rate": {"en": "stockouts", "zh-HK": "缺貨率"},
    "kpi_fill_rate": {"en": "fill rate", "zh-HK": "滿足率"},
    "kpi_lost_units": {"en": "lost units", "zh-HK": "流失件數"},
    "kpi_lost_value": {"en": "lost HK$", "zh-HK": "流失金額 HK$"},
    "kpi_average_stock_value": {"en": "avg stock HK$", "zh-HK": "平均存貨 HK$"},
    "kpi_turnover": {"en": "turns/yr", "zh-HK": "年週轉"},
    "kpi_days_of_cover": {"en": "days cover", "zh-HK": "覆蓋日數"},
    "kpi_order_lines": {"en": "order lines", "zh-HK": "訂貨行數"},
    "kpi_ordering_hours": {"en": "hours", "zh-HK": "工時"},
    "replay_headline": {
        "en": "At the same stock value (HK${average_stock_value:,.0f}): stockouts {stockouts_change:+.0%}, "
        "lost sales {lost_units_saved:,.0f} units fewer ({lost_units_change:+.0%}, HK${lost_value_saved:,.0f})",
        "zh-HK": "同等存貨值（HK${average_stock_value:,.0f}）下：缺貨率 {stockouts_change:+.0%}，"
        "流失銷售少 {lost_units_saved:,.0f} 件（{lost_units_change:+.0%}，HK${lost_value_saved:,.0f}）",
    },
    "replay_no_headline": {
        "en": "the two trade-off curves do not reach the same stock value: no equal-stock headline",
        "zh-HK": "兩條取捨曲線沒有相同的存貨值：無法作同等存貨比較",
    },
    "replay_pilot": {
        "en": "Stock Pilot at its ABC service levels against the rule: stockouts {stockouts:+.0%}, "
        "turnover {turnover:+.0%}, ordering hours {ordering_hours:+.0%}",
        "zh-HK": "Stock Pilot 按 ABC 服務水平對比現行規則：缺貨率 {stockouts:+.0%}，週轉 {turnover:+.0%}，"
        "採購工時 {ordering_hours:+.0%}",
    },
    "replay_targets_met": {
        "en": "Every pilot target is met at service level {level:g}: stockouts {stockouts:+.0%}, "
        "turnover {turnover:+.0%}, ordering hours {ordering_hours:+.0%}",
        "zh-HK": "服務水平 {level:g} 達到全部試行目標：缺貨率 {stockouts:+.0%}，週轉 {turnover:+.0%}，"
        "採購工時 {ordering_hours:+.0%}",
    },
    "replay_targets_missed": {
        "en": "No swept service level meets every pilot target at once (see the policies and the chart)",
        "zh-HK": "沒有一個服務水平能同時達到全部試行目標（見各規則結果及圖表）",
    },
    "replay_break_even": {
        "en": "accuracy pays most: {location_id}/{sku}, forecast error to {required_sigma_ratio:.0%} "
        "of today's for {reduction:.0%} fewer stockouts, HK${value_a_year:,.0f} a year",
        "zh-HK": "準確度最值得改善：{location_id}/{sku}，預測誤差降至現時的 {required_sigma_ratio:.0%} "
        "可減少 {reduction:.0%} 缺貨，每年 HK${value_a_year:,.0f}",
    },
    "replay_chart": {"en": "chart: {path}", "zh-HK": "圖表：{path}"},
    "plan_done": {
        "en": "plan {plan_id} for {date}: {flagged} lines flagged for review",
        "zh-HK": "第 {plan_id} 號訂貨建議（{date}）：{flagged} 行需要人手覆核",
    },
    "decided": {
        "en": "{decision}: {count} line(s) of plan {plan_id}",
        "zh-HK": "{decision}：第 {plan_id} 號訂貨建議 {count} 行",
    },
    "priority_done": {
        "en": "SKU priority: {skus} SKUs, sales {first_day} to {cutoff} ({window_days} days, {weeks} full weeks)",
        "zh-HK": "{skus} 個貨品的優先次序，按 {first_day} 至 {cutoff} 的銷售（{window_days} 日，{weeks} 個完整星期）",
    },
    "priority_matrix": {
        "en": "SKUs per class: rows A B C by sales value, columns X Y Z by weekly demand variability",
        "zh-HK": "各類貨品數目：橫行 A B C 按銷售額，直行 X Y Z 按每週需求波動",
    },
    "priority_no_replay": {
        "en": "expected cash improvement not known: no replay yet, run `stockpilot replay` first",
        "zh-HK": "預計現金改善未知：尚未重演歷史，請先執行 `stockpilot replay`",
    },
    "priority_list": {
        "en": "top {top}: {count} SKUs, {share:.1%} of sales value, expected cash improvement {cash}",
        "zh-HK": "首 {top} 位：{count} 個貨品，佔銷售額 {share:.1%}，預計現金改善 {cash}",
    },
    "priority_cash": {
        "en": "HK${value:,.0f} (replay run {run_id})",
        "zh-HK": "HK${value:,.0f}（第 {run_id} 次重演）",
    },
    "priority_cash_unknown": {"en": "not known", "zh-HK": "未知"},
    "priority_columns": {
        "en": "rank  SKU          class        CV   sales value   share  name",
        "zh-HK": "排名  貨品編號     類別     變異系數        銷售額    佔比  名稱",
    },
    "priority_error": {"en": "cannot rank SKUs: {error}", "zh-HK": "無法排列貨品優先次序：{error}"},
}
