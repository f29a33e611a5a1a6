# bijie-etl — every target sets up .venv itself; only Python 3.11+ is needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
AS_OF  ?= 2024-11-15
DEMO   ?= demo
export PREFECT_HOME ?= $(CURDIR)/.prefect
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY := false

.DEFAULT_GOAL := help
.PHONY: help install demo desk test test-browser lint bench stress corpus clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required, found " + sys.version' 
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the package with its dev tools

demo: $(STAMP) ## Generate the demo year and run the nightly flow on it (AS_OF=2024-11-15)
	$(BIN)/bijie-etl demo --as-of $(AS_OF) --dir $(DEMO)

desk: $(STAMP) ## Open the department desk on the demo data (http://127.0.0.1:8080; run make demo first)
	$(BIN)/bijie-etl --warehouse $(DEMO)/warehouse --inbox $(DEMO)/inbox serve --as-of $(AS_OF)

test: $(STAMP) ## Run the whole test suite (3 workers on 2 cores: a third of the time the tests wait on servers)
	$(BIN)/python -m pytest -q -n 3 -p xdist --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: $(STAMP) ## ruff, mypy on src/, the import-linter architecture contracts, module/function sizes
	$(BIN)/ruff check src flows tools tests benchmarks
	$(BIN)/ruff format --check src flows tools tests benchmarks
	$(BIN)/mypy src
	$(BIN)/lint-imports  # architecture contracts in pyproject.toml: layers, no cycles between them
	$(BIN)/python tools/check_sizes.py  # modules > 500 / functions > 80 lines only where docs/ARCHITECTURE.md says why

bench: $(STAMP) ## Run the benchmarks and write benchmarks/RESULTS.md
	$(BIN)/python -m benchmarks.run --out benchmarks/RESULTS.md
	$(BIN)/python -m benchmarks.province --out benchmarks/RESULTS.md

corpus: $(STAMP) ## Score the reader on tests/corpus (prints the score, writes docs/CORPUS.md)
	$(BIN)/python tests/corpus/score.py --out docs/CORPUS.md
	$(BIN)/python tests/corpus/variants.py  # every file moved about (lower, right, a cover sheet ...) reads as itself

stress: $(STAMP) ## Reliability trials at full count (writes docs/RELIABILITY.md figures)
	BIJIE_STRESS=1 $(BIN)/python -m pytest -q tests/reliability $(PYTEST_ARGS)

clean: ## Remove the venv, demo output and local databases
	rm -rf $(VENV) $(DEMO) .prefect warehouse/*.duckdb warehouse/*.wal
