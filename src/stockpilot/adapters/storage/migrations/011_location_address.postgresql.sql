-- 011: a location's delivery address (a business address, printed on purchase orders). The
-- table is rebuilt so its columns stay in the model's order, with import_id last; its key's
-- index (007) goes with the old table and is made again.
ALTER TABLE locations RENAME TO locations_before_011;
CREATE TABLE locations (
    location_id VARCHAR NOT NULL, name_en VARCHAR NOT NULL, name_zh VARCHAR,
    kind VARCHAR NOT NULL, district VARCHAR, address VARCHAR, import_id BIGINT);
INSERT INTO locations SELECT location_id, name_en, name_zh, kind, district, NULL, import_id FROM locations_before_011;
DROP TABLE locations_before_011;
CREATE INDEX locations_key ON locations (location_id);
