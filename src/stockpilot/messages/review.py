"""The words of a plan under review (presenters/review.py, presenters/plan.py): decisions with who,
when and why, totals per supplier and location, and what a list says when it has no line."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "review.decision.approve": {"en": "approve", "zh-HK": "批准"},
    "review.decision.edit": {"en": "edit", "zh-HK": "修改"},
    "review.decision.reject": {"en": "reject", "zh-HK": "拒絕"},
    "review.decided.approve": {"en": "approved by {who} at {at}", "zh-HK": "由 {who} 於 {at} 批准"},
    "review.decided.edit": {"en": "edited by {who} at {at}", "zh-HK": "由 {who} 於 {at} 修改"},
    "review.decided.reject": {"en": "rejected by {who} at {at}", "zh-HK": "由 {who} 於 {at} 拒絕"},
    "review.decided_because": {"en": "{decided}; reason: {reason}", "zh-HK": "{decided}；原因：{reason}"},
    "review.carried": {
        "en": "{decided} (on plan {plan_id}, kept by the re-plan)",
        "zh-HK": "{decided}（於第 {plan_id} 號訂貨建議作出，重新計劃後保留）",
    },
    "review.totals_by_supplier": {"en": "Totals per supplier", "zh-HK": "按供應商合計"},
    "review.totals_by_location": {"en": "Totals per store and warehouse", "zh-HK": "按分店及倉庫合計"},
    "review.total": {
        "en": "{name} ({key}): {lines} line(s), {units:,.0f} units, HK${value:,.2f}",
        "zh-HK": "{name}（{key}）：{lines} 行，{units:,.0f} 件，HK${value:,.2f}",
    },
    "review.total_shown": {
        "en": "All lines shown: {lines} line(s), HK${value:,.2f} at unit cost",
        "zh-HK": "所列各行合共：{lines} 行，按單位成本計 HK${value:,.2f}",
    },
    "review.nothing_flagged": {
        "en": "nothing is flagged in plan {plan_id}",
        "zh-HK": "第 {plan_id} 號訂貨建議沒有需要覆核的行",
    },
    "review.nothing_shown": {
        "en": "no line of plan {plan_id} matches",
        "zh-HK": "第 {plan_id} 號訂貨建議沒有符合條件的行",
    },
    "review.superseded": {
        "en": "plan {plan_id} was replaced by plan {replaced_by}: shown for the record; decide on plan {replaced_by}",
        "zh-HK": "第 {plan_id} 號訂貨建議已由第 {replaced_by} 號取代：只供紀錄；請在第 {replaced_by} 號上決定",
    },
    "review.replan": {
        "en": "replaces plan {plan_id} of the same day: {carried} decision(s) kept, "
        "{changed} line(s) changed since decided",
        "zh-HK": "取代同日第 {plan_id} 號訂貨建議：保留 {carried} 個決定，{changed} 行在決定後已更改",
    },
}
