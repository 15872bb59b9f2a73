-- 007: on a server, an import fetches only the stored rows whose keys it is about to compare
-- with (adapters/importers/targets.py): each canonical table is indexed on its key, and the
-- quarantine on its import, so that look-up costs what the file holds, not what the table holds.
CREATE INDEX locations_key ON locations (location_id);
CREATE INDEX suppliers_key ON suppliers (supplier_id);
CREATE INDEX products_key ON products (sku);
CREATE INDEX sales_key ON sales (event_id);
CREATE INDEX returns_key ON returns (event_id);
CREATE INDEX receipts_key ON receipts (event_id);
CREATE INDEX promotions_key ON promotions (event_id);
CREATE INDEX stock_counts_key ON stock_counts (event_id);
CREATE INDEX purchase_orders_key ON purchase_orders (event_id);
CREATE INDEX calendar_events_key ON calendar_events (event_id);
CREATE INDEX quarantine_import ON quarantine (import_id);
