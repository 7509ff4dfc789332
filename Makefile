# The two commands of the README: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-browser lint system-deps install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

install: system-deps $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

run: install
	$(BIN)/permits db upgrade
	$(BIN)/permits seed-demo
	@echo "Serving permits on http://$(HOST):$(PORT) (worker running alongside; Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(BIN)/permits worker & \
	  $(BIN)/permits run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -q

test-browser: install
	PERMITS_REQUIRE_BROWSER=1 $(BIN)/pytest -q -m browser

lint: install
	$(BIN)/ruff check permits tests bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
