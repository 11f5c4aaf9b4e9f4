# Two commands set everything up on a fresh machine:
#   make run    create .venv, install Gut Check, run the bot (SQLite in ./data by default), or
#               the local sandbox in the browser when no TELEGRAM_BOT_TOKEN is configured
#   make test   create .venv, install Gut Check with its test tools, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast lint check bench clean

run: $(VENV)/.installed
	$(BIN)/gutcheck start

test: $(VENV)/.installed-dev
	$(BIN)/pytest

# The quick loop while editing (25–45 s on the 2-core CI machine): unit and database tests on
# every core, without the Hypothesis property tests. No CLI, emulator, end-to-end, sandbox or
# reliability tests: run `make test` before committing.
test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -q -n auto -m "not property" tests/unit tests/db

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: lint test

$(VENV)/.python-ok:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		(echo "Gut Check needs Python 3.11 or newer (set PYTHON=python3.12 or similar)"; exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed: $(VENV)/.python-ok pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

# Everything the build and the tools made; never ./data (the bot's database) or .env.
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist *.egg-info \
		tests/artifacts bench/results/*.tmp
	find . -path ./data -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
