"""Words of the Orders page (doors/web/routes/orders.py, templates/orders*.html): the plan's lines
and their groups, the filters, the decision and edit forms, the downloads, forecast + plan.

The page also shows words of the command line's review (``review.*``: decisions, totals, a
superseded plan, an empty list), the proposals' reasons and flags, and the frame's job states
(``web.job.*``). ``step_orders_plan`` is the step the forecast + plan job reports between the
forecast's steps (``step_forecast_*``) and its end, named as a progress step is (``step_<key>``).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.orders.title": {"en": "Orders", "zh-HK": "訂貨"},
    "web.orders.heading": {"en": "Plan {plan_id}", "zh-HK": "第 {plan_id} 號訂貨建議"},
    "web.orders.no_plan": {
        "en": "There is no plan yet: forecast and plan to make one.",
        "zh-HK": "尚未有訂貨建議：請先預測並製作訂貨建議。",
    },
    # -- the filters --
    "web.orders.filters": {"en": "Which lines", "zh-HK": "列出哪些行"},
    "web.orders.supplier": {"en": "Supplier", "zh-HK": "供應商"},
    "web.orders.location": {"en": "Store or warehouse", "zh-HK": "分店或倉庫"},
    "web.orders.every": {"en": "all", "zh-HK": "全部"},
    "web.orders.flagged_only": {"en": "flagged lines only", "zh-HK": "只列需要覆核的行"},
    "web.orders.show": {"en": "Show", "zh-HK": "顯示"},
    "web.orders.named": {"en": "{name} ({key})", "zh-HK": "{name}（{key}）"},
    # -- the figures of the lines shown --
    "web.orders.lines": {"en": "Lines", "zh-HK": "行數"},
    "web.orders.flagged": {"en": "Flagged for review", "zh-HK": "需要覆核"},
    "web.orders.units": {"en": "Units", "zh-HK": "件數"},
    "web.orders.value": {"en": "HK$ at unit cost", "zh-HK": "按單位成本計 HK$"},
    "web.orders.money": {"en": "HK${value:,.2f}", "zh-HK": "HK${value:,.2f}"},
    "web.orders.count": {"en": "{value:,.0f}", "zh-HK": "{value:,.0f}"},
    # -- the lines --
    "web.orders.section.flagged": {"en": "Flagged for review", "zh-HK": "需要覆核的行"},
    "web.orders.section.other": {"en": "Not flagged", "zh-HK": "毋須覆核的行"},
    "web.orders.group": {
        "en": "{supplier} to {location}: {lines} line(s), {units:,.0f} units, HK${value:,.2f}",
        "zh-HK": "{supplier} → {location}：{lines} 行，{units:,.0f} 件，HK${value:,.2f}",
    },
    "web.orders.col.line": {"en": "Line", "zh-HK": "行"},
    "web.orders.col.location": {"en": "Store", "zh-HK": "地點"},
    "web.orders.col.product": {"en": "SKU", "zh-HK": "貨品"},
    "web.orders.col.proposed": {"en": "Proposed", "zh-HK": "建議訂量"},
    "web.orders.col.quantity": {"en": "To order", "zh-HK": "訂量"},
    "web.orders.col.value": {"en": "HK$", "zh-HK": "HK$"},
    "web.orders.col.reason": {"en": "Reason and flags", "zh-HK": "原因及覆核提示"},
    "web.orders.col.decision": {"en": "Decision", "zh-HK": "決定"},
    "web.orders.not_decided": {"en": "not decided yet", "zh-HK": "尚未決定"},
    "web.orders.page": {
        "en": "Lines {first} to {last} of {total}",
        "zh-HK": "第 {first} 至 {last} 行，共 {total} 行",
    },
    "web.orders.previous": {"en": "Previous lines", "zh-HK": "上一頁"},
    "web.orders.next": {"en": "Next lines", "zh-HK": "下一頁"},
    # -- deciding --
    "web.orders.tick": {"en": "Tick line {line}", "zh-HK": "選取第 {line} 行"},
    "web.orders.tick_all": {"en": "Tick every line shown", "zh-HK": "選取所有列出的行"},
    "web.orders.decide_reason": {"en": "Reason (optional)", "zh-HK": "原因（可選填）"},
    "web.orders.approve": {"en": "Approve the ticked lines", "zh-HK": "批准已選取的行"},
    "web.orders.reject": {"en": "Reject the ticked lines", "zh-HK": "拒絕已選取的行"},
    "web.orders.none_ticked": {
        "en": "tick at least one line, then approve or reject",
        "zh-HK": "請先選取最少一行，然後批准或拒絕",
    },
    "web.orders.edit": {"en": "Edit", "zh-HK": "修改"},
    "web.orders.new_quantity": {"en": "New quantity for line {line}", "zh-HK": "第 {line} 行的新訂量"},
    "web.orders.edit_reason": {"en": "Reason (required)", "zh-HK": "原因（必須填寫）"},
    "web.orders.save_edit": {"en": "Save the edit", "zh-HK": "儲存修改"},
    # -- downloads --
    "web.orders.download": {
        "en": "Purchase orders of the approved and edited lines:",
        "zh-HK": "已批准及已修改的行的採購單：",
    },
    "web.orders.download_csv": {"en": "order lines (CSV)", "zh-HK": "訂貨行（CSV）"},
    "web.orders.download_xlsx": {"en": "order lines (Excel)", "zh-HK": "訂貨行（Excel）"},
    # -- forecast + plan in the background --
    "web.orders.run": {"en": "Forecast and plan again", "zh-HK": "重新預測並製作訂貨建議"},
    "web.orders.ran": {"en": "{forecast}; {plan}", "zh-HK": "{forecast}；{plan}"},
    "web.orders.no_job": {"en": "no such job", "zh-HK": "沒有這項工作"},
    "step_orders_plan": {"en": "making the plan for {day}", "zh-HK": "製作 {day} 的訂貨建議"},
}
