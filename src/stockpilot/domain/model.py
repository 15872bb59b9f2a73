"""The canonical retail data model (R-DATA-1): master data and events.

Pure declarations: every table, its columns, their types and the rules a value
must meet. The importer compiles these rules into its checks, the storage
migrations create matching tables (a test keeps the two in step), and
``docs/data-format.md`` documents them for the people who write export files.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

NO_VALUE_WORDS = frozenset(
    {"", "na", "n/a", "n.a.", "#n/a", "null", "none", "nil", "nan", "-", "--"}
    | {"不適用", "不适用", "沒有", "没有", "無", "无"}
)
"""Words a spreadsheet or POS writes for "no value": read as missing before any rule runs (R-DATA-3)."""


def is_no_value(text: str | None) -> bool:
    """Whether ``text`` says "no value" (None, blank, or one of :data:`NO_VALUE_WORDS`, any case)."""
    return text is None or text.strip().casefold() in NO_VALUE_WORDS


class ColumnType(str, Enum):
    """Value types a canonical column can hold."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    TIMESTAMP = "timestamp"


class TableKind(str, Enum):
    """How rows with a known key are treated when they arrive again.

    Master data and documents with a lifecycle (a purchase-order line going from
    open to closed) are updated by key; events are immutable, so a re-sent event
    must be identical and one with other values is a conflict.
    """

    MASTER = "master"
    DOCUMENT = "document"
    EVENT = "event"


@dataclass(frozen=True)
class Column:
    """One canonical column and the rules its values must meet."""

    name: str
    type: ColumnType
    doc: str
    required: bool = False
    minimum: float | None = None
    exclusive_minimum: bool = False
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    references: str | None = None  # "table" whose key this column must name
    free_text: bool = False  # scanned for personal data and masked (R-DATA-5)
    pseudonymised: bool = False  # replaced by a keyed hash on import (R-DATA-5)
    # a planned event's date (an expected delivery, a promotion, a calendar event): may lie ahead of
    # the import up to the planned horizon (setting planned_horizon_days), not only future_tolerance_days
    planned: bool = False
    # free text about a business, not a person (a store's delivery address): its header is not
    # refused as personal data, and only privacy.BUSINESS_TEXT_KINDS are masked in it (a shop's
    # phone number or street address stays, an HKID, card number, e-mail or a person's name does not)
    business_text: bool = False

    @property
    def is_code(self) -> bool:
        """An id or code (event id, SKU, location, supplier, order and promotion ids): text
        that is neither free text, a choice nor pseudonymised; compared exactly, so it must
        hold no invisible or look-alike characters (R-DATA-3)."""
        return self.type is ColumnType.TEXT and not (self.free_text or self.choices or self.pseudonymised)

    def __post_init__(self) -> None:
        if self.choices and self.type is not ColumnType.TEXT:
            raise ValueError(f"{self.name}: choices only apply to text columns")
        if self.minimum is not None and self.type not in (ColumnType.INTEGER, ColumnType.NUMBER):
            raise ValueError(f"{self.name}: a minimum only applies to numbers")
        if self.business_text and not self.free_text:
            raise ValueError(f"{self.name}: business text is free text")
        if self.planned and self.type is not ColumnType.DATE:
            raise ValueError(f"{self.name}: only a date column can be planned")


@dataclass(frozen=True)
class Table:
    """One canonical table: its key, its time column (for events) and its columns."""

    name: str
    kind: TableKind
    key: str
    doc: str
    columns: tuple[Column, ...]
    time_column: str | None = None
    after: tuple[tuple[str, str], ...] = ()  # (column, column) pairs: first must not be after second

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: duplicate column names")
        for needed in filter(None, (self.key, self.time_column)):
            if needed not in names:
                raise ValueError(f"{self.name}: no column {needed}")

    @property
    def updatable(self) -> bool:
        """Whether a row arriving again with other values updates the stored one."""
        return self.kind is not TableKind.EVENT

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


T, I, N, D, TS = (
    ColumnType.TEXT,
    ColumnType.INTEGER,
    ColumnType.NUMBER,
    ColumnType.DATE,
    ColumnType.TIMESTAMP,
)


def _event_columns(time_name: str, time_doc: str, *rest: Column) -> tuple[Column, ...]:
    """Columns every event carries: its id, when it happened, where, which SKU."""
    return (
        Column("event_id", T, "Unique id of the event; re-sending the same id is harmless.", True),
        Column(time_name, TS, time_doc, True),
        Column("location_id", T, "Store or warehouse.", True, references="locations"),
        Column("sku", T, "Product.", True, references="products"),
        *rest,
        Column("recorded_at", TS, "When the source system sent the event (to measure sync delay)."),
    )


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "locations",
            TableKind.MASTER,
            "location_id",
            "Stores and warehouses.",
            (
                Column("location_id", T, "Short stable code, e.g. ST01 or WH.", True),
                Column("name_en", T, "English name.", True, free_text=True),
                Column("name_zh", T, "Traditional Chinese name.", free_text=True),
                Column("kind", T, "store or warehouse.", True, choices=("store", "warehouse")),
                Column("district", T, "Hong Kong district.", free_text=True),
                Column(
                    "address",
                    T,
                    "Delivery address of the store or warehouse (a business address).",
                    free_text=True,
                    business_text=True,
                ),
            ),
        ),
        Table(
            "suppliers",
            TableKind.MASTER,
            "supplier_id",
            "Suppliers with their nominal terms.",
            (
                Column("supplier_id", T, "Short stable code.", True),
                Column("name", T, "Supplier name.", True, free_text=True),
                Column("lead_time_days", N, "Nominal lead time in days.", True, minimum=0),
                Column("moq", N, "Minimum order quantity in units.", minimum=0),
            ),
        ),
        Table(
            "products",
            TableKind.MASTER,
            "sku",
            "Products (SKUs).",
            (
                Column("sku", T, "Stock-keeping unit code.", True),
                Column("name_en", T, "English name.", True, free_text=True),
                Column("name_zh", T, "Traditional Chinese name.", free_text=True),
                Column("category", T, "Category.", free_text=True),
                Column("department", T, "Department (a grouping above category).", free_text=True),
                Column("unit_cost", N, "Purchase cost per unit, HK$.", minimum=0),
                Column("unit_price", N, "Regular selling price per unit, HK$.", minimum=0),
                Column("case_pack", I, "Units per case; orders are rounded to it.", minimum=1),
                Column("supplier_id", T, "Usual supplier.", references="suppliers"),
                Column(
                    "shelf_capacity",
                    N,
                    "Units of the SKU one store can hold; an order never fills beyond it.",
                    minimum=0,
                ),
            ),
        ),
        Table(
            "sales",
            TableKind.EVENT,
            "event_id",
            "Sales lines (or daily sales totals) at a location.",
            _event_columns(
                "occurred_at",
                "Date or date-time of the sale.",
                Column("quantity", N, "Units sold (0 for a day with no sale).", True, minimum=0),
                Column("unit_price", N, "Price actually paid per unit, HK$.", minimum=0),
                Column("member_id", T, "Loyalty member id; stored pseudonymised.", pseudonymised=True),
            ),
            time_column="occurred_at",
        ),
        Table(
            "returns",
            TableKind.EVENT,
            "event_id",
            "Goods returned by customers.",
            _event_columns(
                "occurred_at",
                "Date or date-time of the return.",
                Column("quantity", N, "Units returned.", True, minimum=0, exclusive_minimum=True),
                Column("unit_price", N, "Price refunded per unit, HK$.", minimum=0),
                Column("reason", T, "Why it was returned.", free_text=True),
                Column("member_id", T, "Loyalty member id; stored pseudonymised.", pseudonymised=True),
            ),
            time_column="occurred_at",
        ),
        Table(
            "receipts",
            TableKind.EVENT,
            "event_id",
            "Goods received against a purchase order (lead time = received_at - order_date).",
            _event_columns(
                "received_at",
                "Date or date-time the goods arrived.",
                Column("quantity", N, "Units received.", True, minimum=0, exclusive_minimum=True),
                Column("po_id", T, "Purchase order the goods were ordered on."),
                Column("order_date", D, "Day that purchase order was placed."),
                Column("supplier_id", T, "Supplier who delivered.", references="suppliers"),
            ),
            time_column="received_at",
            after=(("order_date", "received_at"),),
        ),
        Table(
            "promotions",
            TableKind.EVENT,
            "event_id",
            "Promotions: one row per promotion, SKU and location (empty location = all).",
            (
                Column("event_id", T, "Unique id of this promotion line.", True),
                Column("promotion_id", T, "Promotion the line belongs to.", True),
                Column("sku", T, "Product promoted.", True, references="products"),
                Column("location_id", T, "Location, or empty for every location.", references="locations"),
                Column("start_date", D, "First day of the promotion.", True, planned=True),
                Column("end_date", D, "Last day of the promotion.", True, planned=True),
                Column("mechanism", T, "e.g. discount, bundle, 2-for-1.", free_text=True),
                Column("discount_pct", N, "Discount in percent.", minimum=0, maximum=100),
                Column("recorded_at", TS, "When the source system sent the line."),
            ),
            time_column="start_date",
            after=(("start_date", "end_date"),),
        ),
        Table(
            "stock_counts",
            TableKind.EVENT,
            "event_id",
            "Counted stock on hand.",
            _event_columns(
                "counted_at",
                "Date or date-time of the count.",
                Column("on_hand", N, "Units on hand.", True, minimum=0),
            ),
            time_column="counted_at",
        ),
        Table(
            "purchase_orders",
            TableKind.DOCUMENT,
            "event_id",
            "Purchase order lines; re-sending a line with a new status or quantity updates it.",
            (
                Column("event_id", T, "Unique id of the order line.", True),
                Column("po_id", T, "Purchase order number.", True),
                Column("supplier_id", T, "Supplier.", references="suppliers"),
                Column("location_id", T, "Location to deliver to.", True, references="locations"),
                Column("sku", T, "Product.", True, references="products"),
                Column("order_date", D, "Day the order was placed.", True),
                Column("expected_date", D, "Day delivery is expected.", planned=True),
                Column("quantity", N, "Units ordered.", True, minimum=0, exclusive_minimum=True),
                Column("status", T, "open, closed or cancelled.", choices=("open", "closed", "cancelled")),
                Column("recorded_at", TS, "When the source system sent the line."),
            ),
            time_column="order_date",
            after=(("order_date", "expected_date"),),
        ),
        Table(
            "calendar_events",
            TableKind.EVENT,
            "event_id",
            "The data's own calendar events (festivals, sports, benefit days).",
            (
                Column("event_id", T, "Unique id.", True),
                Column("date", D, "Day of the event.", True, planned=True),
                Column("name", T, "Name of the event.", True, free_text=True),
                Column("kind", T, "Type, e.g. Cultural, Sporting, SNAP.", free_text=True),
                Column("location_id", T, "Location, or empty for every location.", references="locations"),
            ),
            time_column="date",
        ),
    )
}

IMPORT_ORDER: tuple[str, ...] = tuple(TABLES)
"""Tables in an order that satisfies references (master data first)."""
