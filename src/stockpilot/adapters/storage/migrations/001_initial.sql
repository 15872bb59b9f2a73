-- 001: the canonical data model (R-DATA-1), import log and quarantine (R-DATA-3).
-- Column lists must match stockpilot.domain.model; tests/unit/test_schema.py checks it.
-- Every table also records import_id: the import that brought the row.

CREATE TABLE locations (
    location_id VARCHAR NOT NULL, name_en VARCHAR NOT NULL, name_zh VARCHAR,
    kind VARCHAR NOT NULL, district VARCHAR, import_id BIGINT);
CREATE TABLE suppliers (
    supplier_id VARCHAR NOT NULL, name VARCHAR NOT NULL, lead_time_days DOUBLE PRECISION NOT NULL,
    moq DOUBLE PRECISION, import_id BIGINT);
CREATE TABLE products (
    sku VARCHAR NOT NULL, name_en VARCHAR NOT NULL, name_zh VARCHAR, category VARCHAR,
    department VARCHAR, unit_cost DOUBLE PRECISION, unit_price DOUBLE PRECISION, case_pack BIGINT,
    supplier_id VARCHAR, import_id BIGINT);
CREATE TABLE sales (
    event_id VARCHAR NOT NULL, occurred_at TIMESTAMP NOT NULL, location_id VARCHAR NOT NULL,
    sku VARCHAR NOT NULL, quantity DOUBLE PRECISION NOT NULL, unit_price DOUBLE PRECISION, member_id VARCHAR,
    recorded_at TIMESTAMP, import_id BIGINT);
CREATE TABLE returns (
    event_id VARCHAR NOT NULL, occurred_at TIMESTAMP NOT NULL, location_id VARCHAR NOT NULL,
    sku VARCHAR NOT NULL, quantity DOUBLE PRECISION NOT NULL, unit_price DOUBLE PRECISION, reason VARCHAR,
    member_id VARCHAR, recorded_at TIMESTAMP, import_id BIGINT);
CREATE TABLE receipts (
    event_id VARCHAR NOT NULL, received_at TIMESTAMP NOT NULL, location_id VARCHAR NOT NULL,
    sku VARCHAR NOT NULL, quantity DOUBLE PRECISION NOT NULL, po_id VARCHAR, order_date DATE,
    supplier_id VARCHAR, recorded_at TIMESTAMP, import_id BIGINT);
CREATE TABLE promotions (
    event_id VARCHAR NOT NULL, promotion_id VARCHAR NOT NULL, sku VARCHAR NOT NULL,
    location_id VARCHAR, start_date DATE NOT NULL, end_date DATE NOT NULL, mechanism VARCHAR,
    discount_pct DOUBLE PRECISION, recorded_at TIMESTAMP, import_id BIGINT);
CREATE TABLE stock_counts (
    event_id VARCHAR NOT NULL, counted_at TIMESTAMP NOT NULL, location_id VARCHAR NOT NULL,
    sku VARCHAR NOT NULL, on_hand DOUBLE PRECISION NOT NULL, recorded_at TIMESTAMP, import_id BIGINT);
CREATE TABLE purchase_orders (
    event_id VARCHAR NOT NULL, po_id VARCHAR NOT NULL, supplier_id VARCHAR,
    location_id VARCHAR NOT NULL, sku VARCHAR NOT NULL, order_date DATE NOT NULL,
    expected_date DATE, quantity DOUBLE PRECISION NOT NULL, status VARCHAR, recorded_at TIMESTAMP,
    import_id BIGINT);
CREATE TABLE calendar_events (
    event_id VARCHAR NOT NULL, date DATE NOT NULL, name VARCHAR NOT NULL, kind VARCHAR,
    location_id VARCHAR, import_id BIGINT);

CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE import_runs (
    import_id BIGINT PRIMARY KEY, source VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
    profile VARCHAR NOT NULL, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
    received BIGINT NOT NULL, accepted BIGINT NOT NULL, quarantined BIGINT NOT NULL,
    refused_columns VARCHAR, ignored_columns VARCHAR, masked_values BIGINT);
-- Per import and table: what came in and what happened to it (readiness reads this).
CREATE TABLE import_table_stats (
    import_id BIGINT NOT NULL, table_name VARCHAR NOT NULL, received BIGINT NOT NULL,
    new_rows BIGINT NOT NULL, updated BIGINT NOT NULL, unchanged BIGINT NOT NULL, quarantined BIGINT NOT NULL,
    missing_required BIGINT NOT NULL, invalid_values BIGINT NOT NULL,
    id_conflicts BIGINT NOT NULL);
CREATE TABLE quarantine (
    import_id BIGINT NOT NULL, source VARCHAR NOT NULL, row_number BIGINT NOT NULL,
    table_name VARCHAR, event_id VARCHAR, raw VARCHAR NOT NULL, problems VARCHAR NOT NULL,
    first_code VARCHAR NOT NULL);
CREATE TABLE purges (
    purged_at TIMESTAMP NOT NULL, cutoff DATE NOT NULL, table_name VARCHAR NOT NULL,
    rows_removed BIGINT NOT NULL);
CREATE TABLE exports (
    exported_at TIMESTAMP NOT NULL, directory VARCHAR NOT NULL, tables BIGINT NOT NULL,
    rows_written BIGINT NOT NULL);
