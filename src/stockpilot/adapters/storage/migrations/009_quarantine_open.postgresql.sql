-- 009: the quarantine keeps each open problem once and closes it when a later import fixes it
-- (R-DATA-3); see the DuckDB file. The problem key is the same SHA-256 (hex) of the same text, so
-- an import (which computes it in DuckDB) finds the problems stored before this migration. Indexed:
-- an import looks up the open problems by key, and closes them by table and event id.
ALTER TABLE quarantine ADD COLUMN problem_key VARCHAR;
ALTER TABLE quarantine ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE quarantine ADD COLUMN fixed_by_import BIGINT;
UPDATE quarantine SET problem_key = encode(sha256(convert_to(CASE WHEN event_id IS NULL
    THEN concat_ws(chr(31), coalesce(table_name, ''), 'row', raw)
    ELSE concat_ws(chr(31), coalesce(table_name, ''), 'key', event_id,
        (SELECT coalesce(string_agg(p.value ->> 'code', ',' ORDER BY p.n), '')
         FROM jsonb_array_elements(problems::jsonb) WITH ORDINALITY AS p(value, n)))
    END, 'UTF8')), 'hex');
CREATE INDEX quarantine_problem ON quarantine (problem_key);
CREATE INDEX quarantine_open ON quarantine (table_name, event_id) WHERE closed_at IS NULL;
