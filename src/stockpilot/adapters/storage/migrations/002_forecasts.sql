-- Forecasts (R-FC-1): one run per `stockpilot forecast`, with the data cut-off, the
-- horizon and what was used; a mean and quantiles per SKU, location and day.
CREATE TABLE forecast_runs (
    run_id BIGINT PRIMARY KEY, created_at TIMESTAMP NOT NULL, cutoff_date DATE NOT NULL,
    first_date DATE NOT NULL, horizon_days INTEGER NOT NULL, quantile_levels VARCHAR NOT NULL,
    models VARCHAR NOT NULL, backtest_windows INTEGER NOT NULL, returns VARCHAR NOT NULL,
    series INTEGER NOT NULL, censored_days BIGINT NOT NULL, inferred_censored_days BIGINT NOT NULL,
    failures VARCHAR);
CREATE TABLE forecasts (
    run_id BIGINT NOT NULL, location_id VARCHAR NOT NULL, sku VARCHAR NOT NULL, date DATE NOT NULL,
    mean DOUBLE PRECISION NOT NULL, model VARCHAR NOT NULL, dispersion DOUBLE PRECISION NOT NULL);
CREATE TABLE forecast_quantiles (
    run_id BIGINT NOT NULL, location_id VARCHAR NOT NULL, sku VARCHAR NOT NULL, date DATE NOT NULL,
    level DOUBLE PRECISION NOT NULL, value DOUBLE PRECISION NOT NULL);
-- Backtests (R-FC-3): rolling-origin accuracy; the guardrails read weekly WAPE per SKU.
CREATE TABLE backtest_runs (
    run_id BIGINT PRIMARY KEY, created_at TIMESTAMP NOT NULL, cutoff_date DATE NOT NULL,
    origins VARCHAR NOT NULL, horizon_days INTEGER NOT NULL, summary VARCHAR NOT NULL);
CREATE TABLE backtest_series (
    run_id BIGINT NOT NULL, location_id VARCHAR NOT NULL, sku VARCHAR NOT NULL, models VARCHAR NOT NULL,
    wape DOUBLE PRECISION, rmsse DOUBLE PRECISION, bias DOUBLE PRECISION, scaled_pinball DOUBLE PRECISION, actual DOUBLE PRECISION NOT NULL,
    forecast DOUBLE PRECISION NOT NULL);
CREATE TABLE backtest_weekly (
    run_id BIGINT NOT NULL, location_id VARCHAR, sku VARCHAR NOT NULL, week_start DATE NOT NULL,
    actual DOUBLE PRECISION NOT NULL, forecast DOUBLE PRECISION NOT NULL, wape DOUBLE PRECISION);
