"""Words of the web app's Evidence page (doors/web/routes/evidence.py): the latest replay, its
charts, and the SKU priority. The replay's and the priority's own sentences (``replay_*``,
``kpi_*``, ``priority_*``, ``chart.tradeoff.*``) are the command line's, in messages/cli.py."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.evidence.title": {"en": "Evidence", "zh-HK": "成效證據"},
    "web.evidence.intro": {
        "en": "Your own sales history replayed day by day: your ordering rule against Stock Pilot. "
        "Nothing was ordered; this is evidence for the decision to go ahead.",
        "zh-HK": "以你自己的銷售歷史逐日重演：現行訂貨規則對比 Stock Pilot。"
        "過程中沒有實際訂貨；結果只作為是否採用的決策證據。",
    },
    "web.evidence.none": {
        "en": "No replay is stored yet, so there is no evidence to show.",
        "zh-HK": "尚未儲存任何重演，暫時沒有證據可顯示。",
    },
    "web.evidence.how": {
        "en": "Run one on the server with `stockpilot replay` (the last 365 days of every store; "
        "`stockpilot replay --days 56 --location ST01` is a quick first look), then reload this page.",
        "zh-HK": "請在伺服器執行 `stockpilot replay`（重演每間分店最近 365 日；"
        "`stockpilot replay --days 56 --location ST01` 可快速先看一次），然後重新載入此頁。",
    },
    "web.evidence.run": {"en": "{done} (run on {at})", "zh-HK": "{done}（於 {at} 執行）"},
    # -- the headline at equal stock --
    "web.evidence.equal.title": {"en": "At the same stock value", "zh-HK": "同等存貨值下"},
    "web.evidence.equal.stockouts": {
        "en": "stockouts, Stock Pilot against your rule",
        "zh-HK": "缺貨率變化（Stock Pilot 對比現行規則）",
    },
    "web.evidence.equal.lost_units": {
        "en": "fewer units lost ({change:+.0%})",
        "zh-HK": "流失件數減少（{change:+.0%}）",
    },
    "web.evidence.equal.lost_value": {"en": "of sales not lost", "zh-HK": "避免流失的銷售額"},
    "web.evidence.change": {"en": "{value:+.0%}", "zh-HK": "{value:+.0%}"},
    "web.evidence.units": {"en": "{value:,.0f}", "zh-HK": "{value:,.0f}"},
    "web.evidence.hkd": {"en": "HK${value:,.0f}", "zh-HK": "HK${value:,.0f}"},
    "web.evidence.share": {"en": "{value:.1%}", "zh-HK": "{value:.1%}"},
    "web.evidence.cv": {"en": "{value:.2f}", "zh-HK": "{value:.2f}"},
    "web.evidence.unknown": {"en": "-", "zh-HK": "-"},
    # -- the policies --
    "web.evidence.kpis": {"en": "Each policy at its usual setting", "zh-HK": "各規則按現行設定的結果"},
    "web.evidence.name.min_max": {"en": "Your min/max rule", "zh-HK": "現行最低/最高存貨規則"},
    "web.evidence.name.weeks_of_cover": {"en": "Your weeks-of-cover rule", "zh-HK": "現行存貨週數規則"},
    "web.evidence.name.fixed_quantity": {"en": "Your fixed-quantity rule", "zh-HK": "現行固定訂量規則"},
    "web.evidence.name.stock_pilot": {"en": "Stock Pilot", "zh-HK": "Stock Pilot"},
    "web.evidence.name.orders_placed": {"en": "The orders you placed", "zh-HK": "實際已發出的訂貨"},
    "web.evidence.setting": {"en": "{name} ({setting})", "zh-HK": "{name}（{setting}）"},
    "web.evidence.setting.abc": {"en": "ABC service levels", "zh-HK": "ABC 服務水平"},
    "web.evidence.setting.recorded": {"en": "as recorded", "zh-HK": "按紀錄"},
    # -- the trade-off chart --
    "web.evidence.tradeoff.title": {
        "en": "Trade-off: lost units against average stock value, every setting swept",
        "zh-HK": "取捨：各設定下的流失件數與平均存貨值",
    },
    "web.evidence.tradeoff.desc": {
        "en": "One line per policy, a point per setting. At your rule's stock value of HK${stock:,.0f} "
        "your rule loses {theirs:,.0f} units and Stock Pilot {ours}.",
        "zh-HK": "每條線代表一種規則，每點代表一個設定。在現行規則的存貨值 HK${stock:,.0f} 下，"
        "現行規則流失 {theirs:,.0f} 件，Stock Pilot 流失 {ours}。",
    },
    "web.evidence.tradeoff.ours_units": {"en": "{value:,.0f}", "zh-HK": "{value:,.0f} 件"},
    "web.evidence.tradeoff.ours_unknown": {
        "en": "cannot be read off (its curve does not reach that stock value)",
        "zh-HK": "無法讀出（其曲線未達該存貨值）",
    },
    "web.evidence.curve": {"en": "{name}, every setting", "zh-HK": "{name}，各設定"},
    "web.evidence.mark.usual": {"en": "{name}: usual setting", "zh-HK": "{name}：現行設定"},
    "web.evidence.mark.equal": {
        "en": "Stock Pilot at your rule's stock value",
        "zh-HK": "Stock Pilot 於現行規則的存貨值",
    },
    "web.evidence.guide.equal": {"en": "same stock value", "zh-HK": "同等存貨值"},
    # -- day by day --
    "web.evidence.daily.title": {"en": "Day by day", "zh-HK": "逐日結果"},
    "web.evidence.daily.intro": {
        "en": "Each policy at its usual setting, all SKU x location series together.",
        "zh-HK": "各規則按現行設定，合計所有貨品 × 地點序列。",
    },
    "web.evidence.daily.none": {
        "en": "This replay was stored before daily figures were kept: run `stockpilot replay` again to see them.",
        "zh-HK": "這次重演儲存時尚未保留每日數字：請再執行 `stockpilot replay` 以查看。",
    },
    "web.evidence.daily.day": {"en": "day", "zh-HK": "日期"},
    "web.evidence.stockouts.title": {
        "en": "Stockouts each day: share of series with demand whose shelf ended the day empty",
        "zh-HK": "每日缺貨率：有需求的序列中，當日結束時貨架清空的比例",
    },
    "web.evidence.stockouts.axis": {"en": "stockouts", "zh-HK": "缺貨率"},
    "web.evidence.stock.title": {
        "en": "Stock value each day, at the end of the day (HK$ at cost)",
        "zh-HK": "每日日終存貨值（按成本，以港元計）",
    },
    "web.evidence.stock.axis": {"en": "stock value (HK$ at cost)", "zh-HK": "存貨值（按成本，以港元計）"},
    "web.evidence.daily.desc": {
        "en": "{first} to {last}, one line per policy: {lines}.",
        "zh-HK": "{first} 至 {last}，每條線代表一種規則：{lines}。",
    },
    "web.evidence.daily.mean_rate": {"en": "{name} {value:.1%} on average", "zh-HK": "{name} 平均 {value:.1%}"},
    "web.evidence.daily.mean_value": {
        "en": "{name} HK${value:,.0f} on average",
        "zh-HK": "{name} 平均 HK${value:,.0f}",
    },
    "web.evidence.tick.pct": {"en": "{value}%", "zh-HK": "{value}%"},
    "web.evidence.tick.hkd": {"en": "HK${value}", "zh-HK": "HK${value}"},
    "web.evidence.tick.units": {"en": "{value}", "zh-HK": "{value}"},
    # -- SKU priority --
    "web.evidence.priority.title": {"en": "Which SKUs first", "zh-HK": "優先處理哪些貨品"},
    "web.evidence.matrix.title": {
        "en": "SKUs per class: ABC by sales value x XYZ by weekly demand variability",
        "zh-HK": "各類貨品數目：ABC 按銷售額 × XYZ 按每週需求波動",
    },
    "web.evidence.matrix.desc": {
        "en": "{skus} SKUs in nine classes, rows A B C, columns X Y Z: {cells}.",
        "zh-HK": "{skus} 個貨品分為九類，橫行 A B C，直行 X Y Z：{cells}。",
    },
    "web.evidence.matrix.cell_desc": {"en": "{abc}{xyz} {count}", "zh-HK": "{abc}{xyz} {count} 個"},
    "web.evidence.matrix.rows": {
        "en": "rows: ABC by sales value (A: the top 80%)",
        "zh-HK": "橫行：ABC 按銷售額（A：最高的 80%）",
    },
    "web.evidence.matrix.columns": {
        "en": "columns: XYZ by weekly demand variability (X: steadiest)",
        "zh-HK": "直行：XYZ 按每週需求波動（X：最穩定）",
    },
    "web.evidence.matrix.count": {"en": "{count} SKUs", "zh-HK": "{count} 個貨品"},
    "web.evidence.matrix.legend": {
        "en": "darker: more SKUs (darkest: {most})",
        "zh-HK": "顏色越深，貨品越多（最深：{most} 個）",
    },
    "web.evidence.matrix.cash_note": {
        "en": "The amount in a cell: the expected cash improvement of its SKUs, from replay {run_id} "
        "(the SKUs left out of the pilot lists not counted).",
        "zh-HK": "格內金額：該類別貨品的預計現金改善，來自第 {run_id} 次重演（不列入試行名單的貨品不計算在內）。",
    },
    "web.evidence.col.rank": {"en": "rank", "zh-HK": "排名"},
    "web.evidence.col.sku": {"en": "SKU", "zh-HK": "貨品編號"},
    "web.evidence.col.name": {"en": "name", "zh-HK": "名稱"},
    "web.evidence.col.class": {"en": "class", "zh-HK": "類別"},
    "web.evidence.col.cv": {"en": "CV of weekly demand", "zh-HK": "每週需求變異系數"},
    "web.evidence.col.sales_value": {"en": "sales value", "zh-HK": "銷售額"},
    "web.evidence.col.share": {"en": "share", "zh-HK": "佔比"},
    "web.evidence.col.cash": {"en": "expected cash improvement", "zh-HK": "預計現金改善"},
}
