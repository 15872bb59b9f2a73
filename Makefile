# The two commands a newcomer types: `make demo` and `make test`.
# Each creates .venv and installs the project (pinned in pyproject.toml) on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := .stockpilot/demo.duckdb
SAMPLE := src/stockpilot/sample/online_retail_sample.csv
SP := $(BIN)/stockpilot --db $(DEMO_DB)

.PHONY: install demo test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	@echo "== 1. Import the sample shop export (Online Retail II slice, CC BY 4.0)"
	$(SP) import $(SAMPLE)
	@echo "== 2. Send the same file again: nothing changes"
	$(SP) import $(SAMPLE)
	@echo "== 3. A few of the rows set aside, with their reasons"
	$(SP) quarantine list --limit 5
	@echo "== 4. Is the data ready for a pilot?"
	$(SP) readiness

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

clean:
	rm -rf $(VENV) .stockpilot .hypothesis
