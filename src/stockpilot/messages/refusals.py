"""Words of the error family (docs/errors.md): refusals, an unusable database or key, a bug.

Codes are the stable ``code`` of :class:`stockpilot.errors.StockPilotError` (``refusal.*``,
``unavailable.*``) and of a bug (``error.*``); ``--json`` prints them with their values. A
``{detail}`` is one English sentence made where it happened (a setting, a file, a profile,
the database), framed here in the user's language.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # -- a sentence made where it happened (Detailed errors) --
    "refusal.detail": {"en": "{detail}", "zh-HK": "無法執行：{detail}"},
    "refusal.setting": {"en": "{detail}", "zh-HK": "設定不獲接受：{detail}"},
    "refusal.unreadable_file": {"en": "{detail}", "zh-HK": "無法讀取檔案：{detail}"},
    "refusal.profile": {"en": "{detail}", "zh-HK": "匯入設定有問題：{detail}"},
    "unavailable.database": {"en": "{detail}", "zh-HK": "無法使用資料庫：{detail}"},
    "unavailable.database_busy": {"en": "{detail}", "zh-HK": "資料庫正由另一個程序使用：{detail}"},
    "unavailable.keystore": {"en": "{detail}", "zh-HK": "無處存放假名化密鑰：{detail}"},
    # -- the --db path (doors/cli.py Context.open): a mistyped one never becomes an empty database --
    "refusal.db_folder_missing": {
        "en": "database {path}: its folder {folder} does not exist; check the --db path, or add --create to make it",
        "zh-HK": "資料庫 {path}：所在的資料夾 {folder} 不存在；請檢查 --db 路徑，或加上 --create 建立",
    },
    "refusal.db_missing": {
        "en": "database {path} does not exist; check the --db path, or create it with `stockpilot import` "
        "(or add --create)",
        "zh-HK": "資料庫 {path} 不存在；請檢查 --db 路徑，或以 `stockpilot import` 匯入資料建立（或加上 --create）",
    },
    "refusal.purge_needs_yes": {
        "en": "purge would remove {count} rows dated before {cutoff} for good: add --yes to remove them, "
        "or --dry-run to see them per table",
        "zh-HK": "清除會永久刪除 {cutoff} 之前的 {count} 行資料：請加上 --yes 確認刪除，"
        "或以 --dry-run 查看各資料表的行數",
    },
    # -- option values --
    "refusal.choice": {
        "en": "{name} must be one of {allowed}, not '{value}'",
        "zh-HK": "{name} 必須是 {allowed} 其中之一，不可以是「{value}」",
    },
    "refusal.between": {
        "en": "{name} must be between {low} and {high}",
        "zh-HK": "{name} 必須介乎 {low} 至 {high}",
    },
    "refusal.not_negative": {"en": "{name} must be zero or more", "zh-HK": "{name} 必須是零或以上"},
    "refusal.horizon": {
        "en": "horizon must be >= 0 and history_days >= 1",
        "zh-HK": "預測日數（horizon）必須 >= 0，歷史日數（history_days）必須 >= 1",
    },
    # -- data not there yet --
    "refusal.no_sales_to_forecast": {
        "en": "no sales to forecast: import sales first",
        "zh-HK": "沒有銷售資料可供預測：請先匯入銷售資料",
    },
    "refusal.no_sales_to_forecast_by": {
        "en": "no sales to forecast on or before {cutoff}: import sales first or choose a later --cutoff",
        "zh-HK": "{cutoff} 或之前沒有銷售資料可供預測：請先匯入銷售資料，或選擇較後的 --cutoff",
    },
    "refusal.no_forecast": {
        "en": "no forecast yet: run `stockpilot forecast` first",
        "zh-HK": "尚未有預測：請先執行 `stockpilot forecast`",
    },
    "refusal.no_forecast_for_day": {
        "en": "no forecast covers {day}: run `stockpilot forecast` with data up to the day before",
        "zh-HK": "沒有涵蓋 {day} 的預測：請以截至前一日的資料執行 `stockpilot forecast`",
    },
    # -- forecast show --
    "refusal.forecast_unknown_run": {
        "en": "there is no forecast run {run_id}",
        "zh-HK": "沒有第 {run_id} 次預測",
    },
    "refusal.forecast_unknown_sku": {
        "en": "no product has the SKU '{sku}': check the SKU, or import the products first",
        "zh-HK": "沒有貨品編號為「{sku}」的貨品：請檢查貨品編號，或先匯入貨品",
    },
    "refusal.forecast_no_sku": {
        "en": "forecast run {run_id} has no forecast for SKU '{sku}' (it had no sale in the run's data)",
        "zh-HK": "第 {run_id} 次預測沒有貨品「{sku}」的預測（該次預測所用的資料中，此貨品沒有銷售）",
    },
    "refusal.forecast_unknown_location": {
        "en": "there is no location '{location}'",
        "zh-HK": "沒有地點編號為「{location}」的地點",
    },
    "refusal.forecast_no_sku_at": {
        "en": "forecast run {run_id} has no forecast for SKU '{sku}' at '{location}'; it has one at: {locations}",
        "zh-HK": "第 {run_id} 次預測沒有貨品「{sku}」在地點「{location}」的預測；有預測的地點：{locations}",
    },
    "refusal.nothing_to_plan": {
        "en": "nothing to plan on {day}",
        "zh-HK": "{day} 沒有可計劃的貨品",
    },
    "refusal.no_plan": {
        "en": "no plan yet: run `stockpilot plan --date D` first",
        "zh-HK": "尚未有訂貨建議：請先執行 `stockpilot plan --date D`",
    },
    "refusal.no_sales_at_locations": {
        "en": "no sales at the chosen locations",
        "zh-HK": "所選分店沒有銷售資料",
    },
    "refusal.no_sales_to_rank": {
        "en": "no sales to rank SKUs by: import sales first",
        "zh-HK": "沒有銷售資料可用來排列貨品：請先匯入銷售資料",
    },
    "refusal.no_sales_to_rank_by": {
        "en": "no sales on or before {cutoff} to rank SKUs by: import sales first",
        "zh-HK": "{cutoff} 或之前沒有銷售資料可用來排列貨品：請先匯入銷售資料",
    },
    # -- not enough history --
    "refusal.replay_history": {
        "en": "a replay of {days} days needs {needed} days of history before it; "
        "the data has {known} days: replay fewer days",
        "zh-HK": "重演 {days} 日需要之前有 {needed} 日的歷史資料；現有資料只有 {known} 日：請重演較少日數",
    },
    "refusal.backtest_history": {
        "en": "not enough history for {origins} backtest windows of {horizon} days: "
        "{known} days known, {needed} needed",
        "zh-HK": "歷史資料不足以進行 {origins} 個 {horizon} 日的回測窗口：現有 {known} 日，需要 {needed} 日",
    },
    "refusal.priority_weeks": {
        "en": "{weeks} full week(s) of sales up to {cutoff}: at least 2 are needed to measure variability",
        "zh-HK": "截至 {cutoff} 只有 {weeks} 個完整星期的銷售：最少需要 2 個星期才能量度需求波動",
    },
    "refusal.priority_tops": {
        "en": "a priority list needs at least one SKU, got {tops}",
        "zh-HK": "優先名單最少要有一件貨品，收到的是 {tops}",
    },
    # -- review decisions --
    "refusal.edit_needs_quantity_and_reason": {
        "en": "an edit needs a new quantity and a reason",
        "zh-HK": "修改需要新的訂量及原因",
    },
    "refusal.edit_not_whole": {
        "en": "line {line}: {value:num} is not a whole number of units",
        "zh-HK": "第 {line} 行：{value:num} 不是整數件數",
    },
    "refusal.edit_not_above_zero": {
        "en": "line {line}: {value:num} must be above 0; to order nothing, reject the line",
        "zh-HK": "第 {line} 行：{value:num} 必須大於 0；如不訂貨，請拒絕該行",
    },
    "refusal.edit_above_limit": {
        "en": "line {line}: {value:num} is above the limit of {limit:num} "
        "({multiple:num} x the larger of the proposal and one case pack)",
        "zh-HK": "第 {line} 行：{value:num} 超過上限 {limit:num}（建議訂量與每箱件數兩者較大者的 {multiple:num} 倍）",
    },
    "refusal.approve_lines_or_all": {
        "en": "name the lines to approve, or give --all (with the filters of `review list`) "
        "to approve every line shown",
        "zh-HK": "請列出要批准的行，或用 --all（配合 `review list` 的篩選條件）批准所列的每一行",
    },
    "refusal.plan_superseded": {
        "en": "plan {plan_id} was replaced by plan {replaced_by} (a re-plan of the same day): "
        "decide on plan {replaced_by}",
        "zh-HK": "第 {plan_id} 號訂貨建議已由第 {replaced_by} 號取代（同日重新計劃）：請在第 {replaced_by} 號上決定",
    },
    "refusal.who_decides": {"en": "say who decides (--by)", "zh-HK": "請註明由誰決定（--by）"},
    "refusal.export_superseded": {
        "en": "plan {plan_id} was replaced by plan {replaced_by} (a re-plan of the same day): export plan "
        "{replaced_by}, which carries the decisions over, so nothing is ordered twice",
        "zh-HK": "第 {plan_id} 號訂貨建議已由第 {replaced_by} 號取代（同日重新計劃）：請匯出第 {replaced_by} 號"
        "（決定已一併轉過去），以免重複訂購",
    },
    "refusal.two_folders": {
        "en": "give the folder once: {given} and --out {out} differ",
        "zh-HK": "請只給一個資料夾：{given} 與 --out {out} 不同",
    },
    "refusal.unknown_plan": {
        "en": "there is no plan {plan_id}: `stockpilot review list` shows the current one",
        "zh-HK": "沒有第 {plan_id} 號訂貨建議：`stockpilot review list` 會列出現行的一份",
    },
    "refusal.unknown_plan_lines": {
        "en": "plan {plan_id} has no line(s) {lines}",
        "zh-HK": "第 {plan_id} 號訂貨建議沒有第 {lines} 行",
    },
    # -- a bug: an exception nobody meant a person to see --
    "error.bug": {
        "en": "this is a bug in Stock Pilot ({kind}); details in {log}",
        "zh-HK": "這是 Stock Pilot 的程式錯誤（{kind}）；詳情記錄於 {log}",
    },
    "error.bug_unlogged": {
        "en": "this is a bug in Stock Pilot ({kind}); its details could not be written to {log}: {reason}",
        "zh-HK": "這是 Stock Pilot 的程式錯誤（{kind}）；未能把詳情寫入 {log}：{reason}",
    },
}
