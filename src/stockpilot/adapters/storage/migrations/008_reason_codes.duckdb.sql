-- 008 (reserved as 005; the runner applies only versions above the database's, so it comes
-- after 007): a proposal's reason is stored as a catalogue code and the values it needs beyond
-- the line's own numbers (days of cover, promotion, case pack, MOQ) as JSON, not as prose in two
-- languages; stockpilot.messages words it. Existing lines get their values read back from the
-- English reason, so they read exactly as before in either language. The table is rebuilt (DuckDB
-- cannot make a column NOT NULL in the transaction that fills it).
ALTER TABLE proposals RENAME TO proposals_before_008;
CREATE TABLE proposals (
    plan_id BIGINT NOT NULL, line INTEGER NOT NULL, supplier_id VARCHAR NOT NULL,
    location_id VARCHAR NOT NULL, sku VARCHAR NOT NULL, abc VARCHAR NOT NULL,
    service_level DOUBLE PRECISION NOT NULL, demand DOUBLE PRECISION NOT NULL, safety_stock DOUBLE PRECISION NOT NULL,
    on_hand DOUBLE PRECISION NOT NULL, on_order DOUBLE PRECISION NOT NULL, order_up_to DOUBLE PRECISION NOT NULL,
    raw_quantity DOUBLE PRECISION NOT NULL, quantity DOUBLE PRECISION NOT NULL, unit_cost DOUBLE PRECISION,
    steps VARCHAR NOT NULL, flags VARCHAR NOT NULL, reason_code VARCHAR NOT NULL, reason_params VARCHAR NOT NULL,
    PRIMARY KEY (plan_id, line));
INSERT INTO proposals SELECT * EXCLUDE (reason_en, reason_zh), 'reason.line', CAST(json_object(
    'days', CAST(regexp_extract(reason_en, 'over the next (\d+) days', 1) AS INTEGER),
    'promotion', reason_en LIKE '%(promotion included)%',
    'pack', coalesce(TRY_CAST(replace(nullif(
        regexp_extract(reason_en, 'rounded up to cases of ([0-9.,e+]+)', 1), ''), ',', '') AS DOUBLE), 1),
    'moq', coalesce(TRY_CAST(replace(nullif(
        regexp_extract(reason_en, 'raised to the minimum order ([0-9.,e+]+)', 1), ''), ',', '') AS DOUBLE), 0)
) AS VARCHAR) FROM proposals_before_008;
DROP TABLE proposals_before_008;
