"""What the demo chain is made of: stores with distinct profiles, a warehouse, suppliers.

Declarations only; ``sample/demo_chain.toml`` holds the shipped values.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class StoreProfile(str, Enum):
    """The kinds of shop the owner in the focus group described."""

    URBAN = "urban"  # high-turnover urban
    NEAR_WAREHOUSE = "near_warehouse"
    WEEKEND_COMMUNITY = "weekend_community"
    NEIGHBOURHOOD = "neighbourhood"
    OFFICE = "office"


@dataclass(frozen=True)
class Store:
    location_id: str
    name_en: str
    name_zh: str
    district: str
    profile: StoreProfile
    size: float  # share of chain demand relative to an average store
    weekday: tuple[float, ...]  # demand factors Monday..Sunday
    transfer_days: int  # central warehouse -> store
    max_cover_days: int  # the current rule's order-up-to level, in days of average sales
    address: str = ""  # delivery address (a business address, printed on purchase orders)

    def __post_init__(self) -> None:
        if len(self.weekday) != 7 or min(self.weekday) <= 0:
            raise ValueError(f"{self.location_id}: weekday needs 7 positive factors, Monday first")
        if self.size <= 0 or self.transfer_days < 1 or self.max_cover_days < 8:
            raise ValueError(f"{self.location_id}: size > 0, transfer_days >= 1 and max_cover_days >= 8 needed")


@dataclass(frozen=True)
class Supplier:
    supplier_id: str
    name: str
    lead_time_days: int  # nominal
    lead_time_sd: float
    late_share: float  # share of orders that arrive late
    late_extra_days: int
    moq: int
    case_pack: int
    review_weekday: int  # 0 = Monday: the day the warehouse orders from this supplier
    categories: tuple[str, ...]

    def __post_init__(self) -> None:
        if not 0 <= self.review_weekday <= 6:
            raise ValueError(f"{self.supplier_id}: review_weekday must be 0 (Monday) .. 6")
        if self.lead_time_days < 1 or self.case_pack < 1 or self.moq < 0 or not 0 <= self.late_share <= 1:
            raise ValueError(f"{self.supplier_id}: impossible terms")


@dataclass(frozen=True)
class Warehouse:
    location_id: str
    name_en: str
    name_zh: str
    district: str
    address: str = ""  # delivery address (a business address, printed on purchase orders)


@dataclass(frozen=True)
class Chain:
    warehouse: Warehouse
    stores: tuple[Store, ...]
    suppliers: tuple[Supplier, ...]

    def supplier_for(self, category: str) -> Supplier:
        """The supplier a category is bought from (the last one takes what no one lists)."""
        for supplier in self.suppliers:
            if category in supplier.categories:
                return supplier
        return self.suppliers[-1]
