"""Write the demo chain as the canonical files a shop would export (docs/data-format.md).

The sales file also carries what real exports carry: a customer-phone column
(refused at import, R-DATA-5) and a handful of broken rows (quarantined, R-DATA-3).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from stockpilot.domain.demochain.legacy import Order
from stockpilot.domain.imports import ImportReport
from stockpilot.domain.progress import Progress, silent
from stockpilot.services.demo_chain import RETURN_SHARE, WAREHOUSE_SUPPLIER, DemoChain, simulate_chain
from stockpilot.services.importing import import_file
from stockpilot.services.ports import Storage
from stockpilot.settings import Settings

RETURN_REASONS = ("faulty 有損壞", "changed mind 改變主意", "wrong item 買錯")
PHONE_ROWS = 25  # sale rows whose customer-phone cell is filled in


def _write(path: Path, header: list[str], rows: Iterable[Iterable[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _day(dates: list[dt.date], index: int) -> str:
    return dates[index].isoformat()


def _compact(dates: list[dt.date], index: int) -> str:
    return dates[index].strftime("%Y%m%d")


def write_master_data(demo: DemoChain, out: Path) -> list[Path]:
    chain = demo.chain
    locations = [(s.location_id, s.name_en, s.name_zh, "store", s.district, s.address) for s in chain.stores] + [
        (
            chain.warehouse.location_id,
            chain.warehouse.name_en,
            chain.warehouse.name_zh,
            "warehouse",
            chain.warehouse.district,
            chain.warehouse.address,
        )
    ]
    suppliers = [(s.supplier_id, s.name, s.lead_time_days, s.moq) for s in chain.suppliers]
    suppliers.append((WAREHOUSE_SUPPLIER, "Central warehouse (transfers to stores)", 1, 0))
    products = [
        (
            sku,
            entry.name_en,
            entry.name_zh,
            entry.category,
            entry.department,
            f"{demo.cost[k]:.1f}",
            f"{demo.price[k]:.1f}",
            chain.suppliers[demo.sku_supplier[k]].case_pack,
            chain.suppliers[demo.sku_supplier[k]].supplier_id,
        )
        for k, (sku, entry) in enumerate(zip(demo.skus, demo.catalogue, strict=True))
    ]
    return [
        _write(out / "locations.csv", ["location_id", "name_en", "name_zh", "kind", "district", "address"], locations),
        _write(out / "suppliers.csv", ["supplier_id", "name", "lead_time_days", "moq"], suppliers),
        _write(
            out / "products.csv",
            [
                "sku",
                "name_en",
                "name_zh",
                "category",
                "department",
                "unit_cost",
                "unit_price",
                "case_pack",
                "supplier_id",
            ],
            products,
        ),
    ]


def write_sales_and_returns(demo: DemoChain, out: Path, rng: np.random.Generator) -> list[Path]:
    stores, dates = demo.chain.stores, demo.dates
    store_i, sku_i, day_i = np.nonzero(demo.history.sales)
    quantity = demo.history.sales[store_i, sku_i, day_i]
    paid = np.round(demo.price[sku_i] * (1 - demo.discount[sku_i, day_i] / 100.0), 1)
    minutes = rng.integers(0, 120, size=len(quantity))
    phones = set(rng.choice(len(quantity), PHONE_ROWS, replace=False).tolist())
    rows = [
        [
            f"S-{stores[s].location_id}-{demo.skus[k]}-{_compact(dates, d)}",
            _day(dates, d),
            stores[s].location_id,
            demo.skus[k],
            int(q),
            f"{p:.1f}",
            f"{_day(dates, d)} {21 + m // 60:02d}:{m % 60:02d}:00",
            f"9{int(rng.integers(0, 10**7)):07d}" if n in phones else "",
        ]
        for n, (s, k, d, q, p, m) in enumerate(zip(store_i, sku_i, day_i, quantity, paid, minutes, strict=True))
    ]
    first = rows[0]
    rows += [  # what real exports carry: each lands in quarantine with its reason
        ["BAD-1", first[1], first[2], "R99999X", 1, "10.0", "", ""],  # unknown SKU
        ["BAD-2", first[1], first[2], first[3], -3, "10.0", "", ""],  # negative quantity
        ["BAD-3", "2025-02-30", first[2], first[3], 1, "10.0", "", ""],  # impossible date
        [first[0], first[1], first[2], first[3], int(first[4]) + 5, first[5], first[6], ""],  # re-used id
        ["BAD-5", first[1], "", first[3], 1, "10.0", "", ""],  # missing location
        ["BAD-6", first[1], first[2], first[3], "two", "10.0", "", ""],  # not a number
    ]
    sales = _write(
        out / "sales.csv",
        ["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price", "recorded_at", "Customer Phone"],
        rows,
    )

    chosen = np.flatnonzero(rng.random(len(quantity)) < RETURN_SHARE)
    later = day_i[chosen] + rng.integers(1, 8, size=len(chosen))
    returns = [
        [
            f"RT-{n:06d}",
            _day(dates, int(day)),
            stores[store_i[i]].location_id,
            demo.skus[sku_i[i]],
            1,
            f"{paid[i]:.1f}",
            RETURN_REASONS[int(rng.integers(0, len(RETURN_REASONS)))],
        ]
        for n, (i, day) in enumerate(zip(chosen, later, strict=True))
        if day < len(dates)
    ]
    return [
        sales,
        _write(
            out / "returns.csv",
            ["event_id", "occurred_at", "location_id", "sku", "quantity", "unit_price", "reason"],
            returns,
        ),
    ]


def _order_names(demo: DemoChain, order: Order) -> tuple[str, str, str, int]:
    """(po_id, supplier_id, location_id, nominal days) of an order line."""
    day = _compact(demo.dates, order.order_day)
    if order.supplier < 0:
        store = demo.chain.stores[order.store]
        return f"TR-{store.location_id}-{day}", WAREHOUSE_SUPPLIER, store.location_id, store.transfer_days
    supplier = demo.chain.suppliers[order.supplier]
    return (
        f"PO-{supplier.supplier_id}-{day}",
        supplier.supplier_id,
        demo.chain.warehouse.location_id,
        supplier.lead_time_days,
    )


def write_orders(demo: DemoChain, out: Path) -> list[Path]:
    n_days = len(demo.dates)
    lines, receipts = [], []
    for order in demo.history.orders:
        po_id, supplier_id, location_id, nominal = _order_names(demo, order)
        sku, ordered = demo.skus[order.sku], _day(demo.dates, order.order_day)
        expected = (demo.dates[order.order_day] + dt.timedelta(days=nominal)).isoformat()
        arrived = order.arrive_day < n_days
        lines.append(
            [
                f"{po_id}:{sku}",
                po_id,
                supplier_id,
                location_id,
                sku,
                ordered,
                expected,
                order.quantity,
                "closed" if arrived else "open",
                f"{ordered} 18:00:00",
            ]
        )
        if arrived:
            received = _day(demo.dates, order.arrive_day)
            receipts.append(
                [
                    f"RC-{po_id}:{sku}",
                    f"{received} 09:00:00",
                    location_id,
                    sku,
                    order.quantity,
                    po_id,
                    ordered,
                    supplier_id,
                    f"{received} 09:30:00",
                ]
            )
    return [
        _write(
            out / "purchase_orders.csv",
            [
                "event_id",
                "po_id",
                "supplier_id",
                "location_id",
                "sku",
                "order_date",
                "expected_date",
                "quantity",
                "status",
                "recorded_at",
            ],
            lines,
        ),
        _write(
            out / "receipts.csv",
            [
                "event_id",
                "received_at",
                "location_id",
                "sku",
                "quantity",
                "po_id",
                "order_date",
                "supplier_id",
                "recorded_at",
            ],
            receipts,
        ),
    ]


def count_days(dates: list[dt.date]) -> list[int]:
    """Stock is counted on the first day and on the first of every month, before opening."""
    return [i for i, d in enumerate(dates) if i == 0 or d.day == 1]


def write_calendar(demo: DemoChain, out: Path) -> list[Path]:
    locations = [s.location_id for s in demo.chain.stores] + [demo.chain.warehouse.location_id]
    counts = [
        [
            f"C-{loc}-{sku}-{_compact(demo.dates, d)}",
            f"{_day(demo.dates, d)} 07:00:00",
            loc,
            sku,
            int(demo.history.opening[li, k, d]),
        ]
        for d in count_days(demo.dates)
        for li, loc in enumerate(locations)
        for k, sku in enumerate(demo.skus)
    ]
    promotions = [
        [
            f"P{n:04d}:{demo.skus[k]}",
            f"P{n:04d}",
            demo.skus[k],
            "",
            _day(demo.dates, first),
            _day(demo.dates, last),
            "discount",
            pct,
        ]
        for n, (k, first, last, pct) in enumerate(demo.promotions)
    ]
    holidays = [
        [f"HK-{day.isoformat()}", day.isoformat(), name, "Hong Kong holiday", ""] for day, name in demo.holidays
    ]
    return [
        _write(out / "stock_counts.csv", ["event_id", "counted_at", "location_id", "sku", "on_hand"], counts),
        _write(
            out / "promotions.csv",
            ["event_id", "promotion_id", "sku", "location_id", "start_date", "end_date", "mechanism", "discount_pct"],
            promotions,
        ),
        _write(out / "calendar_events.csv", ["event_id", "date", "name", "kind", "location_id"], holidays),
    ]


def write_demo_files(demo: DemoChain, out: Path, seed: int) -> list[Path]:
    """Every canonical file of the demo chain, in import order."""
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng([seed, 1])  # a stream of its own: the files do not shift the simulation
    return [
        *write_master_data(demo, out),
        *write_sales_and_returns(demo, out, rng),
        *write_orders(demo, out),
        *write_calendar(demo, out),
    ]


def build_demo_chain(
    db: Storage, out: Path, settings: Settings, progress: Progress = silent
) -> tuple[DemoChain, list[ImportReport]]:
    """Simulate the chain, write its files into ``out`` and import them through the front door."""
    demo = simulate_chain(settings, progress)
    progress("writing_files")
    files = write_demo_files(demo, out, settings.demo.demo_seed)
    return demo, [import_file(db, path, settings, progress=progress) for path in files]
