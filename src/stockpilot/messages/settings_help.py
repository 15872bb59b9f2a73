"""What each setting does, as the settings page shows it: ``setting.<name>`` for every documented
setting of stockpilot/settings.py.

The English text is the setting's own ``help`` (one source, beside its declaration), given as the
value ``help``; the Chinese text is :data:`CHINESE` here. A messages module may not import the
settings (they import the catalogue), so tests/web/test_templates.py checks that :data:`CHINESE`
names exactly the documented settings, with the glossary's terms.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

CHINESE: dict[str, str] = {
    # -- storage --
    "db_path": "沒有提供 `--db` 時資料存放的位置：DuckDB 檔案（內置的預設），或 `postgresql://user@host:port/name` "
    "網址，供多個用戶及程序同時使用。",
    "language": "訊息及報告的語言：en（英文）或 zh-HK（香港繁體中文），大小寫均可。",
    # -- privacy --
    "pseudonym_key_file": "存放會員編號假名化密鑰的檔案（首次使用時建立，只有擁有者可讀取）。留空：使用資料庫旁的 "
    "`<資料庫檔案>.key`，不論在哪裡執行指令；相對路徑由資料庫所在的資料夾起計。記憶體中的資料庫必須設定此項，"
    "或設定環境變數 STOCKPILOT_PSEUDONYM_KEY（後者優先）。密鑰從不存入資料庫。",
    "retention_days": "早於此日數的事件會由 `stockpilot purge` 刪除（7 年：香港商業紀錄須保存的年期）。",
    "export_interval_days": "每隔此日數須作一次完整的資料匯出。",
    # -- importing --
    "future_tolerance_days": "日期比匯入時晚超過此日數的事件，會視為不可能而被拒絕。",
    "planned_horizon_days": "預定事件（預計送達的貨、推廣、日曆事件）最遠可定於多少日後：預定日期比匯入時晚超過"
    "此日數，會視為超出範圍而被拒絕。",
    "timezone": "商店所在的當地時區：附有時區的時間（例如以 Z 結尾）會換算為當地時間；沒有時區的時間當作當地時間。",
    "earliest_event_date": "日期早於此日的事件，會視為不可能而被拒絕。",
    "import_memory_limit": "匯入檔案時 DuckDB 可用的記憶體；超出後，匯入用的工作表會暫存到私人的臨時資料夾，"
    "因此任何大小的檔案都能以有限的記憶體匯入。",
    "import_max_code_length": "長於此字元數的編號或代碼（記錄編號、貨品編號、地點、供應商）會被拒絕。",
    "import_max_text_length": "長於此字元數的自由文字（名稱、原因）會被拒絕。",
    # -- readiness --
    "readiness_min_completeness": "收到的資料行之中，必須填齊所有必填欄位的比例。",
    "readiness_pilot_history_days": "試行所需的銷售歷史日數。",
    "readiness_min_history_days": "銷售歷史少於此日數時，甚麼都無法估算。",
    "readiness_max_sync_delay_hours": "事件發生至資料送達之間的延遲，第 95 百分位數可接受的最大值。",
    "readiness_max_granularity_days": "銷售日期最少要細緻至此程度：即一個地點相鄰兩個營業日之間一般相隔的日數。",
    "readiness_max_duplicate_share": "收到的資料行之中，重用同一編號但內容不同的行可接受的最大比例。",
    "readiness_max_invalid_share": "收到的資料行之中，含負數或不可能數值的行可接受的最大比例。",
    "readiness_max_plausible_quantity": "已儲存的數量（售出、退貨、收貨、訂貨或盤點）高於此值，會報告為不合理。",
    "readiness_max_plausible_price": "已儲存的單價或成本（HK$）高於此值，會報告為不合理。",
    "readiness_max_gap_share": "一個地點的營業日之中，完全沒有銷售的日子可接受的最大比例（固定休息的日子不計）。",
    "readiness_closed_weekday_share": "某個星期幾在至少此比例的星期都沒有銷售，便當作該地點固定休息的日子。",
    # -- forecasting --
    "forecast_min_horizon_days": "預測期（日）：最長的供應商送貨期加上覆核相隔的日數，且最少為此日數。",
    "forecast_quantiles": "每次預測一併儲存的分位數。",
    "forecast_models": "候選模型，按回測為每條序列選用（見 `docs/forecasting.md`）。",
    "forecast_backtest_windows": "截止日前的回測期數，每期為一個預測期，用以為每條序列選用模型及量度其離散程度。",
    "forecast_switch_margin": "另一模型的回測誤差（以 RMSSE 的平方計）比首個候選模型低超過此值，序列才會改用該模型"
    "（`docs/forecasting.md`：防範「贏家詛咒」的差距）。",
    "forecast_combination": "兩個模型的混合（首個模型的每日分佈，總量取兩者的平均）也是候選模型；合併所有序列的"
    "回測結果較佳時排第一（見 `docs/forecasting.md`）；留空：不混合。",
    "forecast_history_days": "預測最多參考的歷史日數。",
    "forecast_returns": "退貨如何計入需求：`ignore`（退貨不抵銷銷售：需求是顧客取走的數量）或 `net`"
    "（退貨於退回當日從需求中扣除）。",
    "backtest_origins": "`stockpilot backtest` 評估的預測起點數目，每個相隔一個預測期。",
    "forecast_show_history_days": "`stockpilot forecast show` 列出及繪圖時，預測首日之前顯示的實際銷售日數。",
    # -- replenishment --
    "review_period_days": "同一貨品兩次訂貨覆核之間相隔的日數（定期覆核）。",
    "service_level_a": "A 類貨品（佔銷售額首 80%）的目標週期服務水平。",
    "service_level_b": "B 類貨品（其後的 15%）的目標週期服務水平。",
    "service_level_c": "C 類貨品（最後的 5%）的目標週期服務水平。",
    "abc_a_share": "A 類：合共佔銷售額此比例的貨品。",
    "abc_b_share": "B 類：累計比例達此值為止的貨品（其餘為 C 類）。",
    "abc_days": "用以將貨品分為 A、B、C 類的銷售額日數。",
    "lead_time_error_prior_windows": "覆核相隔日數加送貨期內需求的標準差，按過往對該段時間的預測誤差量度，"
    "並以此數目次預測的權重，向預測本身的標準差收縮。",
    "lead_time_error_days": "在訂貨建議日期前此日數內作出的過往預測，才計入該標準差。",
    "supplier_budget": "一日的訂貨建議對每個供應商最多可花費的金額（HK$；0：不設上限）。削減時先減 C 類，"
    "再減 B 類，最後才減 A 類。",
    "review_order_multiple": "訂量超過平常訂量此倍數的行，會標示為需要覆核。",
    "review_new_sku_days": "在該地點的銷售紀錄少於此日數的貨品屬新貨品，會標示為需要覆核。",
    "review_band": "上星期預測的中間區間：一星期的銷量落在區間外，該行便會標示為需要覆核。預測準確的貨品，"
    "每五十個星期才會偶然有一個星期超出 98% 區間（90% 區間則是十個星期一次，M5 重演顯示這會埋沒真正的失誤）。",
    "review_edit_max_multiple": "`review edit` 拒絕高於建議訂量與每箱件數兩者較大者此倍數的數量（打錯的 1e9 "
    "永不會訂出）；修改的數量亦須為整數件數且大於零（不訂貨請拒絕）。",
    "review_rounding_share": "一行的需要低於按每箱件數及最低訂量取整後訂量的此比例時，標示為訂量主要來自取整"
    "（例如需要 0.04 件，卻訂了一箱 12 件）。",
    "review_dead_days": "現有存貨在此日數內完全沒有銷售，即屬滯銷存貨，會標示為需要覆核；這麼久未售出的貨品"
    "亦不列入試行名單。",
    "review_slow_days": "現有存貨按最近 review_dead_days 日的銷售速度足夠超過此日數，即屬慢銷存貨，會標示為需要覆核。",
    "review_season_share": "一個貨品過去 365 日售出的件數之中，至少此比例集中在 review_season_days 日內（即其季節），"
    "便屬季節性貨品；季節過後會標示為需要覆核，並不列入試行名單。",
    "review_season_days": "最長的季節：容納一年 review_season_share 件數的日數。",
    "review_season_gap_days": "季節之內的最後一次銷售比訂貨建議日期早至少此日數，該季節便已結束。",
    "review_no_data_days": "一行的地點在訂貨建議日期前超過此日數沒有銷售資料時，該行會標示為「最近 N 日沒有銷售資料」"
    "（此時不檢查其預測區間：沒有資料不算超出區間）。",
    # -- replay --
    "replay_days": "`stockpilot replay` 重演的歷史日數（最近的日子）。",
    "replay_refit_days": "重演時，每隔此日數以之前的歷史重新配適預測。",
    "replay_seed": "重演從收貨紀錄抽取送貨期所用的隨機種子：相同的種子，相同的重演結果。",
    "replay_rule": "重演用作比較的商店現行規則：min_max、weeks_of_cover（每次覆核都補至最高週數）或 "
    "fixed_quantity（存貨跌至最低週數時，訂（最高 - 最低）週的銷量）。",
    "replay_rule_min_weeks": "商店的最低/最高規則：現有存貨加已訂未到跌至此週數的銷量時訂貨。",
    "replay_rule_max_weeks": "商店的最低/最高規則：補至此週數的平均銷量。",
    "replay_rule_window_days": "商店的規則以此日數的銷量求平均（移動平均）。",
    "replay_rule_sweep": "規則的取捨曲線所試的各個最低週數（最高 = 最低 + 平常的最高減最低）。",
    "replay_service_sweep": "預測方案的取捨曲線所試的各個週期服務水平。",
    "replay_minutes_per_manual_line": "採購員以人手計算及寫出一行訂貨所需的分鐘（商店現行的規則）。"
    "這是估計：請在試行時量度。",
    "replay_minutes_per_reviewed_flag": "採購員覆核一行標示為需要覆核的建議所需的分鐘（閱讀原因、檢查、決定）。",
    "replay_minutes_per_routine_approval": "採購員在覆核清單中批准一行毋須覆核的建議所需的分鐘。",
    "break_even_reduction": "收支平衡的準確度：預測誤差須帶來的缺貨減幅。",
    "break_even_top": "收支平衡的準確度：列出多少個最值得改善準確度的貨品。",
    "xyz_x_max": "X 類：每週需求的變異系數不超過此值（穩定）。",
    "xyz_y_max": "Y 類：變異系數不超過此值；高於此值為 Z 類（不穩定）。",
    "priority_tops": "優先名單的長度（試行由第一份開始）。",
    # -- pilot --
    "pilot_stockout_reduction": "試行目標：缺貨率比商店現行規則低此比例（項目原始要求的 KPI）。",
    "pilot_turnover_increase": "試行目標：存貨週轉比商店現行規則高此比例（項目原始要求的 KPI）。",
    "pilot_hours_reduction": "試行目標：採購員的訂貨工時比商店現行規則少此比例（項目原始要求的 KPI）。",
    # -- demo --
    "demo_seed": "示範連鎖店的隨機種子：相同的種子產生逐個位元組相同的檔案。",
    "demo_skus": "示範連鎖店的貨品數目（300 至 600）。",
    "demo_start_date": "示範歷史的首日（移至與來源資料星期幾相同的最近一日）；歷史長 739 日，即來源資料集 "
    "`Online Retail II` 的長度。",
    "demo_chain_file": "載有示範連鎖店的分店、倉庫及供應商的 TOML 檔案（留空：使用內附的 `sample/demo_chain.toml`）。",
    "demo_promotion_share": "每 4 星期之內開始推廣的示範貨品比例。",
    "demo_promotion_elasticity": "示範推廣每單位折扣帶來的銷量增幅：八折時銷量為 1 + 2.5 x 0.2 = 1.5 倍。",
    # -- web --
    "web_host": "`stockpilot serve` 監聽的地址（預設為本機迴環地址：只有本機可連接；0.0.0.0 則供商店的網絡使用，"
    "並須經 HTTPS 連接）。",
    "web_port": "`stockpilot serve` 監聽的連接埠。",
    "web_secret_file": "存放簽署登入 cookie 所用密鑰的檔案（最少 32 個字元；只有擁有者可讀取）。環境變數 "
    "STOCKPILOT_WEB_SECRET 優先。沒有密鑰或密鑰是眾所周知的預設值時，伺服器會拒絕啟動，示範模式除外"
    "（`serve --demo`：每次啟動都產生新的密鑰）。",
    "web_session_hours": "每次登入的有效時間（小時），之後須再次登入。",
    "login_free_failures": "連續登入失敗多少次之後，每次再試都須等候。",
    "login_delay_seconds": "超出免等候次數後，首次登入失敗須等候的時間；其後每多失敗一次，等候時間加倍。",
    "login_delay_max_seconds": "同一用戶名稱兩次登入之間最長的等候時間（秒）。",
    "api_max_events": "每批 POS 資料最多可載的事件數目；超出的整批會被拒絕。",
    "api_max_request_bytes": "POS 請求或上載檔案最大的內容（位元組）；超出的在完整讀取之前便會被拒絕（上載檔案可大 "
    "20 倍）。",
}


def _text(values: Mapping[str, Any], lang: str, *, name: str) -> dict[str, str]:
    """The text of setting ``name``: its own help in English (the value ``help``), else the Chinese."""
    return {"text": str(values["help"]) if lang == "en" else CHINESE[name]}


MESSAGES: dict[str, dict[str, str]] = {f"setting.{name}": {"en": "{text}", "zh-HK": "{text}"} for name in CHINESE}
DERIVED = {f"setting.{name}": partial(_text, name=name) for name in CHINESE}
