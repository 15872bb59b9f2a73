-- 006: run, plan and replay ids come from sequences (safe with several writers at once),
-- each starting after the ids already stored.
CREATE SEQUENCE forecast_run_seq START WITH {next:forecast_runs.run_id};
CREATE SEQUENCE backtest_run_seq START WITH {next:backtest_runs.run_id};
CREATE SEQUENCE plan_seq START WITH {next:plans.plan_id};
CREATE SEQUENCE replay_run_seq START WITH {next:replay_runs.run_id};
