# The two commands of the README: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000
# The official XBau schemas are not part of the repository; use the shared copy when it is there.
XBAU_SCHEMA_DIR ?= $(firstword $(wildcard ../shared/xbau/2.6/xsd_dev))
RUN_ENV := PERMITS_DEMO=1 $(if $(XBAU_SCHEMA_DIR),PERMITS_XBAU_SCHEMA_DIR=$(abspath $(XBAU_SCHEMA_DIR)))

.PHONY: run test test-browser lint system-deps install assets clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

ASSETS_STAMP := node_modules/.installed-stamp

# Node packages from the npm registry, into the ignored node_modules/: axe-core for the browser tests,
# bpmn-moddle and bpmn-js for the round-trip test of processes/ (tests/processes/test_bpmn_roundtrip.py).
$(ASSETS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(ASSETS_STAMP)

assets: $(ASSETS_STAMP)

install: system-deps $(STAMP) $(ASSETS_STAMP)

system-deps:
	@bash scripts/system-deps.sh

run: install
	$(RUN_ENV) $(BIN)/permits db upgrade
	$(RUN_ENV) $(BIN)/permits seed-demo
	@echo "Serving permits on http://$(HOST):$(PORT) (worker running alongside; Ctrl-C stops both)"
	@$(RUN_ENV) bash scripts/run-demo.sh $(HOST) $(PORT)

test: install
	$(BIN)/pytest -q

test-browser: install
	PERMITS_REQUIRE_BROWSER=1 $(BIN)/pytest -q -m browser

lint: install
	$(BIN)/ruff check permits tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .mypy_cache .ruff_cache
