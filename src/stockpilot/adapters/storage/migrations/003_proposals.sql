-- Order proposals (R-REP-2) and their review (R-REP-3): one plan per `stockpilot plan`;
-- a line per supplier, location and SKU with its reason in both languages and its flags;
-- every decision on a line kept with who made it and when.
CREATE TABLE plans (
    plan_id BIGINT PRIMARY KEY, created_at TIMESTAMP NOT NULL, plan_date DATE NOT NULL,
    forecast_run_id BIGINT NOT NULL, lines INTEGER NOT NULL, flagged INTEGER NOT NULL);
CREATE TABLE proposals (
    plan_id BIGINT NOT NULL, line INTEGER NOT NULL, supplier_id VARCHAR NOT NULL,
    location_id VARCHAR NOT NULL, sku VARCHAR NOT NULL, abc VARCHAR NOT NULL,
    service_level DOUBLE PRECISION NOT NULL, demand DOUBLE PRECISION NOT NULL, safety_stock DOUBLE PRECISION NOT NULL,
    on_hand DOUBLE PRECISION NOT NULL, on_order DOUBLE PRECISION NOT NULL, order_up_to DOUBLE PRECISION NOT NULL,
    raw_quantity DOUBLE PRECISION NOT NULL, quantity DOUBLE PRECISION NOT NULL, unit_cost DOUBLE PRECISION,
    steps VARCHAR NOT NULL, flags VARCHAR NOT NULL, reason_en VARCHAR NOT NULL, reason_zh VARCHAR NOT NULL,
    PRIMARY KEY (plan_id, line));
CREATE TABLE review_decisions (
    plan_id BIGINT NOT NULL, line INTEGER NOT NULL, decision VARCHAR NOT NULL,
    quantity DOUBLE PRECISION NOT NULL, reason VARCHAR, decided_by VARCHAR NOT NULL, decided_at TIMESTAMP NOT NULL);
-- Shelf capacity per SKU (R-REP-1): a store's order never fills beyond it. The table is
-- rebuilt so its columns stay in the model's order, with import_id last.
ALTER TABLE products RENAME TO products_before_003;
CREATE TABLE products (
    sku VARCHAR NOT NULL, name_en VARCHAR NOT NULL, name_zh VARCHAR, category VARCHAR,
    department VARCHAR, unit_cost DOUBLE PRECISION, unit_price DOUBLE PRECISION, case_pack BIGINT,
    supplier_id VARCHAR, shelf_capacity DOUBLE PRECISION, import_id BIGINT);
INSERT INTO products SELECT sku, name_en, name_zh, category, department, unit_cost, unit_price, case_pack,
    supplier_id, NULL, import_id FROM products_before_003;
DROP TABLE products_before_003;
