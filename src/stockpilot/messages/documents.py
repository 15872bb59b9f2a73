"""The words of the documents a supplier receives (``doc.*``: the purchase order, presenters/purchase_order.py)
and of `stockpilot review export`'s summary (``exported.*``)."""

from __future__ import annotations

BOTH = "both"
DOCUMENT_LANGUAGES = ("en", "zh-HK", BOTH)
"""A document is in one language or in both (every label in English, then Chinese)."""


def document_language(name: str) -> str:
    """``name`` as one of :data:`DOCUMENT_LANGUAGES` (any case), else ValueError."""
    from stockpilot.messages import language  # here: the catalogue imports this module while it loads

    return BOTH if name.lower() == BOTH else language(name)


MESSAGES: dict[str, dict[str, str]] = {
    "doc.purchase_order": {"en": "Purchase order", "zh-HK": "採購單"},
    "doc.order_number": {"en": "Order number", "zh-HK": "採購單編號"},
    "doc.order_date": {"en": "Order date", "zh-HK": "訂單日期"},
    "doc.delivery_date": {"en": "Expected delivery", "zh-HK": "預計送達日期"},
    "doc.supplier": {"en": "Supplier", "zh-HK": "供應商"},
    "doc.deliver_to": {"en": "Deliver to", "zh-HK": "送貨地點"},
    "doc.address": {"en": "Address", "zh-HK": "地址"},
    "doc.sku": {"en": "SKU", "zh-HK": "貨號"},
    "doc.name_en": {"en": "Product (English)", "zh-HK": "貨品（英文）"},
    "doc.name_zh": {"en": "Product (Chinese)", "zh-HK": "貨品（中文）"},
    "doc.case_pack": {"en": "Case pack", "zh-HK": "每箱件數"},
    "doc.cases": {"en": "Cases", "zh-HK": "箱數"},
    "doc.loose_units": {"en": "Loose units", "zh-HK": "散件"},
    "doc.units": {"en": "Units", "zh-HK": "件數"},
    "doc.unit_cost": {"en": "Unit cost", "zh-HK": "單位成本"},
    "doc.line_total": {"en": "Line total", "zh-HK": "小計"},
    "doc.total": {"en": "Total", "zh-HK": "總計"},
    "exported.orders": {
        "en": "Plan {plan_id}: {orders} purchase order(s) written to {directory} (Excel and PDF), "
        "and the shop's own list of the lines ordered ({order_lines})",
        "zh-HK": "第 {plan_id} 號訂貨建議：已寫出 {orders} 張採購單至 {directory}（Excel 及 PDF），"
        "另有店內用的訂購明細（{order_lines}）",
    },
    "exported.order": {
        "en": "  {order_number}  {supplier} to {deliver_to}: {lines} line(s), {units:,} units, HK${total:,.2f}",
        "zh-HK": "  {order_number}  {supplier} 送往 {deliver_to}：{lines} 行，{units:,} 件，HK${total:,.2f}",
    },
    "exported.nothing": {
        "en": "Plan {plan_id} has no approved or edited line that orders anything: no purchase order written",
        "zh-HK": "第 {plan_id} 號訂貨建議沒有已批准或已修改而需訂購的行：未有寫出採購單",
    },
}
