-- Replays of the shop's history (R-SIM-1..3): one run per `stockpilot replay`, with its
-- whole report (policies, KPIs, equal-inventory headline, break-even list) as JSON, and
-- per location and SKU what the shop's rule and Stock Pilot (at its usual setting) did,
-- from which `stockpilot prioritise` takes each SKU's expected cash improvement (HK$ in a
-- first year: the margin on recovered lost sales over a year plus the stock value released).
CREATE TABLE replay_runs (
    run_id BIGINT PRIMARY KEY, created_at TIMESTAMP NOT NULL, first_day DATE NOT NULL,
    last_day DATE NOT NULL, series INTEGER NOT NULL, report JSON NOT NULL);
CREATE TABLE replay_series (
    run_id BIGINT NOT NULL, location_id VARCHAR NOT NULL, sku VARCHAR NOT NULL,
    demand_units DOUBLE PRECISION NOT NULL, demand_value DOUBLE PRECISION NOT NULL,
    rule_lost_units DOUBLE PRECISION NOT NULL, rule_lost_value DOUBLE PRECISION NOT NULL, rule_stock_value DOUBLE PRECISION NOT NULL,
    ours_lost_units DOUBLE PRECISION NOT NULL, ours_lost_value DOUBLE PRECISION NOT NULL, ours_stock_value DOUBLE PRECISION NOT NULL,
    recovered_margin DOUBLE PRECISION NOT NULL, stock_released DOUBLE PRECISION NOT NULL, cash_improvement DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (run_id, location_id, sku));
