"""The demo chain: real demand, stock that adds up, receipts that match orders, distinct stores,
the same files for the same seed, and its way in through the importer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from conftest import make_settings
from stockpilot.adapters.storage.store import open_store
from stockpilot.domain.demochain.legacy import ration
from stockpilot.domain.demochain.profiles import StoreProfile
from stockpilot.services.demo_chain import load_source, simulate_chain
from stockpilot.services.demo_files import build_demo_chain, write_demo_files
from stockpilot.services.readiness import check_readiness

pytestmark = pytest.mark.xdist_group("demo_chain")  # one worker builds the chain once (make test: --dist loadgroup)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The default chain (400 SKUs), simulated, written and imported once for the module."""
    folder = tmp_path_factory.mktemp("demo")
    settings = make_settings(folder)
    db = open_store(folder / "demo.duckdb")
    chain, reports = build_demo_chain(db, folder / "files", settings)
    yield {
        "chain": chain,
        "db": db,
        "reports": {Path(r.source).name: r for r in reports},
        "settings": settings,
        "files": folder / "files",
    }
    db.close()


def test_the_chain_has_the_promised_shape(demo):
    chain = demo["chain"]
    assert len(chain.chain.stores) == 12 and len({s.district for s in chain.chain.stores}) == 12
    assert {s.profile for s in chain.chain.stores} == set(StoreProfile)
    assert 300 <= len(chain.skus) <= 600
    assert all(e.name_zh and e.name_en and e.category for e in chain.catalogue)
    assert chain.dates[-1] - chain.dates[0] >= dt.timedelta(days=2 * 365)


def test_every_file_comes_in_through_the_front_door(demo):
    reports = demo["reports"]
    assert set(reports) == {
        f"{t}.csv"
        for t in (
            "locations",
            "suppliers",
            "products",
            "sales",
            "returns",
            "purchase_orders",
            "receipts",
            "stock_counts",
            "promotions",
            "calendar_events",
        )
    }
    for name, report in reports.items():
        assert report.received == report.accepted + report.quarantined, name
        assert report.quarantined == (6 if name == "sales.csv" else 0), (name, report.to_dict())
    assert reports["sales.csv"].refused_columns == {"Customer Phone": "phone"}
    codes = {
        r[0]
        for r in demo["db"]
        .engine.connection.execute("SELECT first_code FROM quarantine WHERE source LIKE '%sales.csv'")
        .fetchall()
    }
    assert codes == {
        "unknown_reference",
        "below_minimum",
        "not_a_date",
        "id_conflict",
        "missing_required",
        "not_a_number",
    }


def test_every_location_has_its_delivery_address_unmasked(demo):
    """The 12 stores and the warehouse have Hong Kong business addresses in both languages, and the
    import keeps them as they are (business text: a street number is not a person's)."""
    chain = demo["chain"].chain
    expected = {s.location_id: s.address for s in (*chain.stores, chain.warehouse)}
    stored = dict(demo["db"].engine.connection.execute("SELECT location_id, address FROM locations").fetchall())
    assert stored == expected and len(set(expected.values())) == 13
    assert all(" / " in a and any("\u4e00" <= c <= "\u9fff" for c in a) for a in expected.values())


def test_the_chain_is_ready_for_a_pilot_store_by_store(demo):
    report = check_readiness(demo["db"], demo["settings"])
    assert report.ready, report.reasons
    stores = {c.scope for c in report.checks if c.scope.startswith("location:")}
    assert stores == {f"location:ST{i:02d}" for i in range(1, 13)}


def test_stock_flow_adds_up_between_counts(demo):
    """count + receipts - sales - transfers out (warehouse) = next count, for every location and SKU."""
    mismatches = (
        demo["db"]
        .engine.connection.execute(
            """
        WITH counts AS (
            SELECT location_id, sku, counted_at::DATE AS day, on_hand,
                   lead(counted_at::DATE) OVER w AS next_day, lead(on_hand) OVER w AS next_on_hand
            FROM stock_counts WINDOW w AS (PARTITION BY location_id, sku ORDER BY counted_at)),
        flows AS (
            SELECT c.location_id, c.sku, c.on_hand, c.next_on_hand,
              (SELECT coalesce(sum(quantity), 0) FROM receipts r WHERE r.location_id = c.location_id
                 AND r.sku = c.sku AND r.received_at::DATE >= c.day AND r.received_at::DATE < c.next_day) AS received,
              (SELECT coalesce(sum(quantity), 0) FROM sales s WHERE s.location_id = c.location_id
                 AND s.sku = c.sku AND s.occurred_at::DATE >= c.day AND s.occurred_at::DATE < c.next_day) AS sold,
              (SELECT coalesce(sum(quantity), 0) FROM purchase_orders p WHERE p.supplier_id = 'WH'
                 AND c.location_id = 'WH' AND p.sku = c.sku AND p.order_date >= c.day
                 AND p.order_date < c.next_day) AS shipped
            FROM counts c WHERE c.next_day IS NOT NULL)
        SELECT count(*) FILTER (WHERE on_hand + received - sold - shipped <> next_on_hand), count(*) FROM flows
        """
        )
        .fetchone()
    )
    assert mismatches[0] == 0 and mismatches[1] > 12 * 400 * 20


def test_no_sale_without_stock_and_stock_never_negative(demo):
    h = demo["chain"].history
    assert (h.closing >= 0).all() and (h.opening >= 0).all()
    assert (h.opening[:, :, 1:] == h.closing[:, :, :-1]).all()
    n_stores = h.sales.shape[0]
    received = h.closing[:n_stores] - h.opening[:n_stores] + h.sales  # deliveries of each day
    assert (received >= 0).all()
    assert (h.sales <= h.opening[:n_stores] + received).all()
    assert (h.lost > 0).any(), "the current rule should run out now and then: censored days"


def test_every_receipt_matches_its_purchase_order_and_lead_times_vary(demo):
    con = demo["db"].engine.connection
    unmatched = con.execute(
        "SELECT count(*) FROM receipts r LEFT JOIN purchase_orders p ON p.po_id = r.po_id AND p.sku = r.sku "
        "AND p.location_id = r.location_id AND p.order_date = r.order_date AND p.supplier_id = r.supplier_id "
        "AND p.quantity = r.quantity WHERE p.event_id IS NULL"
    ).fetchone()[0]
    assert unmatched == 0
    spread = con.execute(
        "SELECT supplier_id, stddev(date_diff('day', order_date, received_at::DATE)), "
        "max(date_diff('day', order_date, received_at::DATE)) FROM receipts WHERE supplier_id <> 'WH' GROUP BY 1"
    ).fetchall()
    assert len(spread) == 5 and all(sd > 0 for _, sd, _ in spread)
    open_lines = con.execute("SELECT count(*) FROM purchase_orders WHERE status = 'open'").fetchone()[0]
    closed = con.execute("SELECT count(*) FROM purchase_orders WHERE status = 'closed'").fetchone()[0]
    assert closed == con.execute("SELECT count(*) FROM receipts").fetchone()[0] and open_lines > 0


def test_store_profiles_differ_as_designed(demo):
    chain = demo["chain"]
    h = chain.history
    weekend = np.array([d.weekday() >= 5 for d in chain.dates])
    by_profile: dict[StoreProfile, list[tuple[float, float, float]]] = {}
    for i, store in enumerate(chain.chain.stores):
        sold = h.sales[i].sum()
        turnover = sold / h.opening[i].sum(axis=0).mean()
        by_profile.setdefault(store.profile, []).append((h.sales[i][:, weekend].sum() / sold, turnover, sold))
    mean = {p: np.mean(v, axis=0) for p, v in by_profile.items()}
    weekend_share, turnover, units = ({p: m[j] for p, m in mean.items()} for j in range(3))
    assert weekend_share[StoreProfile.WEEKEND_COMMUNITY] > weekend_share[StoreProfile.URBAN] + 0.08
    assert weekend_share[StoreProfile.OFFICE] < weekend_share[StoreProfile.NEIGHBOURHOOD] - 0.08
    assert turnover[StoreProfile.URBAN] > 1.2 * turnover[StoreProfile.NEIGHBOURHOOD]
    assert units[StoreProfile.URBAN] > 2.5 * units[StoreProfile.NEIGHBOURHOOD]


def test_intermittency_follows_the_real_sku(demo):
    """Summed over stores, each SKU's share of zero-sale days is its source's within 5 points,
    and every store's series is more intermittent than the chain's."""
    chain, source = demo["chain"], load_source()
    rows = [source.codes.index(code) for code in chain.source_codes]
    source_zero = (source.units[rows][:, source.trading] == 0).mean(axis=1)
    chain_sales = chain.history.sales.sum(axis=0)
    chain_zero = (chain_sales == 0).mean(axis=1)
    assert np.abs(chain_zero - source_zero).max() <= 0.05
    store_zero = (chain.history.sales == 0).mean(axis=2)  # store x SKU
    assert (store_zero.mean(axis=0) > chain_zero).all()


def test_same_seed_same_files_byte_for_byte(tmp_path):
    settings = make_settings(tmp_path)
    small = {"demo_skus": 40}

    first = write_demo_files(simulate_chain(settings.replace(**small)), tmp_path / "a", 7)
    second = write_demo_files(simulate_chain(settings.replace(**small)), tmp_path / "b", 7)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True))
    other = write_demo_files(
        simulate_chain(settings.replace(demo_seed=settings.demo.demo_seed + 1, **small)), tmp_path / "c", 7
    )
    assert (tmp_path / "c" / "sales.csv").read_bytes() != (tmp_path / "a" / "sales.csv").read_bytes()
    assert len(other) == len(first)


@pytest.mark.parametrize(
    ("request_units", "available", "expected"),
    [
        ([[3, 1], [2, 1]], [10, 10], [[3, 1], [2, 1]]),  # enough: in full
        ([[5], [5], [5]], [2], [[1], [1], [0]]),  # short: every unit shipped, largest remainders first
        ([[6], [3], [0]], [3], [[2], [1], [0]]),  # pro rata 2:1, nothing to a store that asked for none
    ],
)
def test_warehouse_rationing_ships_every_unit_it_has(request_units, available, expected):
    shipped = ration(np.array(request_units), np.array(available))
    assert shipped.tolist() == expected
    assert (shipped.sum(axis=0) == np.minimum(np.array(request_units).sum(axis=0), available)).all()
