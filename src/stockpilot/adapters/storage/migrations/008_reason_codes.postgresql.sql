-- 008 (reserved as 005; the runner applies only versions above the database's, so it comes
-- after 007): a proposal's reason is stored as a catalogue code and the values it needs beyond
-- the line's own numbers (days of cover, promotion, case pack, MOQ) as JSON, not as prose in two
-- languages; stockpilot.messages words it. Existing lines get their values read back from the
-- English reason, so they read exactly as before in either language.
ALTER TABLE proposals ADD COLUMN reason_code VARCHAR;
ALTER TABLE proposals ADD COLUMN reason_params VARCHAR;
UPDATE proposals SET reason_code = 'reason.line', reason_params = json_build_object(
    'days', CAST(substring(reason_en FROM 'over the next (\d+) days') AS INTEGER),
    'promotion', reason_en LIKE '%(promotion included)%',
    'pack', coalesce(CAST(replace(
        substring(reason_en FROM 'rounded up to cases of ([0-9.,e+]+)'), ',', '') AS DOUBLE PRECISION), 1),
    'moq', coalesce(CAST(replace(
        substring(reason_en FROM 'raised to the minimum order ([0-9.,e+]+)'), ',', '') AS DOUBLE PRECISION), 0)
)::text;
ALTER TABLE proposals ALTER COLUMN reason_code SET NOT NULL;
ALTER TABLE proposals ALTER COLUMN reason_params SET NOT NULL;
ALTER TABLE proposals DROP COLUMN reason_en;
ALTER TABLE proposals DROP COLUMN reason_zh;
