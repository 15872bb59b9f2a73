-- Order proposals (R-REP-2) and their review (R-REP-3): one plan per `stockpilot plan`;
-- a line per supplier, location and SKU with its reason in both languages and its flags;
-- every decision on a line kept with who made it and when.
CREATE TABLE plans (
    plan_id BIGINT PRIMARY KEY, created_at TIMESTAMP NOT NULL, plan_date DATE NOT NULL,
    forecast_run_id BIGINT NOT NULL, lines INTEGER NOT NULL, flagged INTEGER NOT NULL);
CREATE TABLE proposals (
    plan_id BIGINT NOT NULL, line INTEGER NOT NULL, supplier_id VARCHAR NOT NULL,
    location_id VARCHAR NOT NULL, sku VARCHAR NOT NULL, abc VARCHAR NOT NULL,
    service_level DOUBLE NOT NULL, demand DOUBLE NOT NULL, safety_stock DOUBLE NOT NULL,
    on_hand DOUBLE NOT NULL, on_order DOUBLE NOT NULL, order_up_to DOUBLE NOT NULL,
    raw_quantity DOUBLE NOT NULL, quantity DOUBLE NOT NULL, unit_cost DOUBLE,
    steps VARCHAR NOT NULL, flags VARCHAR NOT NULL, reason_en VARCHAR NOT NULL, reason_zh VARCHAR NOT NULL,
    PRIMARY KEY (plan_id, line));
CREATE TABLE review_decisions (
    plan_id BIGINT NOT NULL, line INTEGER NOT NULL, decision VARCHAR NOT NULL,
    quantity DOUBLE NOT NULL, reason VARCHAR, decided_by VARCHAR NOT NULL, decided_at TIMESTAMP NOT NULL);
-- Shelf capacity per SKU (R-REP-1): a store's order never fills beyond it. The table is
-- rebuilt so its columns stay in the model's order, with import_id last.
ALTER TABLE products RENAME TO products_before_003;
CREATE TABLE products (
    sku VARCHAR NOT NULL, name_en VARCHAR NOT NULL, name_zh VARCHAR, category VARCHAR,
    department VARCHAR, unit_cost DOUBLE, unit_price DOUBLE, case_pack BIGINT,
    supplier_id VARCHAR, shelf_capacity DOUBLE, import_id BIGINT);
INSERT INTO products SELECT sku, name_en, name_zh, category, department, unit_cost, unit_price, case_pack,
    supplier_id, NULL, import_id FROM products_before_003;
DROP TABLE products_before_003;
