-- 009: the quarantine keeps each open problem once and closes it when a later import fixes it
-- (R-DATA-3). problem_key names the problem: a row with a key by its table, key and problem codes,
-- a row without one by its table and content (adapters/importers/pipeline.py PROBLEM_KEY, the same
-- expression; the PostgreSQL file spells it in its dialect). closed_at and fixed_by_import mark a
-- problem that an import accepting a row with the same table and key has fixed: kept, not deleted.
ALTER TABLE quarantine ADD COLUMN problem_key VARCHAR;
ALTER TABLE quarantine ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE quarantine ADD COLUMN fixed_by_import BIGINT;
UPDATE quarantine SET problem_key = sha256(CASE WHEN event_id IS NULL
    THEN concat_ws(chr(31), coalesce(table_name, ''), 'row', raw)
    ELSE concat_ws(chr(31), coalesce(table_name, ''), 'key', event_id,
        array_to_string(list_transform(from_json(problems, '[{"code": "VARCHAR"}]'), p -> p.code), ','))
    END);
