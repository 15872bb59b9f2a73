# The two commands a newcomer types: `make demo` and `make test`.
# Each creates .venv and installs the project (pinned in pyproject.toml) on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := .stockpilot/demo.duckdb
RETAIL_DB := .stockpilot/online-retail.duckdb
SAMPLE := src/stockpilot/sample/online_retail_sample.csv
SP := $(BIN)/stockpilot --db $(DEMO_DB)

.PHONY: install postgresql browser demo test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The tests start throwaway PostgreSQL servers from Debian's postgresql package.
postgresql:
	scripts/install-postgresql

# The browser tests drive Debian's Chromium with Playwright; Chinese pages need a CJK font.
browser:
	scripts/install-browser

# $(call timed,COMMAND): print COMMAND, run it, then how long it took here, measured (the demo
# guesses no durations: a forecast takes one minute on one machine and four on another).
timed = echo '$(1)'; start=$$(date +%s); $(1); status=$$?; echo "   ($$(( $$(date +%s) - start )) s)"; exit $$status

demo: $(STAMP)
	rm -rf .stockpilot/demo-chain $(DEMO_DB) $(DEMO_DB).wal $(RETAIL_DB) $(RETAIL_DB).wal
	mkdir -p .stockpilot
	@echo "== 1. Build the Hong Kong demo chain (12 stores, a warehouse, 2 years) and import its files"
	@$(call timed,$(SP) demo-data build --out .stockpilot/demo-chain)
	@echo "== 2. The rows its export got wrong, set aside with their reasons"
	@$(call timed,$(SP) quarantine list --limit 6)
	@echo "== 3. Is the data ready for a pilot? Per store (NOT READY exits 1: the demo goes on to show the rest)"
	-@$(call timed,$(SP) readiness)
	@echo "== 4. A real shop export (Online Retail II slice, CC BY 4.0), sent twice: nothing changes"
	@$(call timed,$(BIN)/stockpilot --db $(RETAIL_DB) import $(SAMPLE))
	@$(call timed,$(BIN)/stockpilot --db $(RETAIL_DB) import $(SAMPLE))
	@echo "== 5. Forecast daily demand per SKU and store (mean and quantiles)"
	@$(call timed,$(SP) forecast)
	@echo "== 6. Order proposals for the next day (all lines in .stockpilot/plan.json); the first lines to review:"
	@$(call timed,$(SP) plan --json > .stockpilot/plan.json)
	@$(call timed,$(SP) review list --flagged --limit 8)
	@echo "== 7. Replay the last 8 weeks of store ST01: its min/max rule against Stock Pilot"
	@$(call timed,$(SP) replay --days 56 --location ST01)
	@echo "== 8. Which SKUs first: ABC x XYZ, with the cash improvement the replay found"
	@$(call timed,$(SP) prioritise --top 50)
	@echo "== 9. The web app on the demo chain, one log-in per role (with CI=true: checked, then stopped)"
	@if [ "$$CI" = "true" ]; then $(SP) serve --demo --check; else $(SP) serve --demo; fi

test: $(STAMP) postgresql browser
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadgroup -p no:cacheprovider

clean:
	rm -rf $(VENV) .stockpilot .hypothesis
