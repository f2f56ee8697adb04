# Medvirk – run `make help` for the targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := MEDVIRK_DEMO=1 DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3

.DEFAULT_GOAL := help
.PHONY: help install static messages demo test test-fast test-browser lint format lock bench bench-submit bench-rollup clean

help: ## Show this list
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

$(STAMP): requirements-dev.txt package-lock.json pyproject.toml
	$(PYTHON) -m venv $(VENV) && $(BIN)/pip install -q --upgrade pip && $(BIN)/pip install -q -r requirements-dev.txt && $(BIN)/pip install -q --no-deps -e . && $(BIN)/python scripts/link_project.py && npm ci --silent --no-audit --no-fund && touch $@

install: $(STAMP) static messages ## Install Python and front-end dependencies into .venv and node_modules

static: $(STAMP) ## Copy front-end libraries from node_modules into static/vendor
	mkdir -p static/vendor && cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js

messages: $(STAMP) ## Compile the bokmål and English translation catalogues
	cd $(CURDIR) && MEDVIRK_TESTING=1 $(BIN)/medvirk compilemessages --ignore=.venv --ignore=node_modules -v 0

demo: install ## Build the demo university on SQLite and serve it (with a task worker and the daily scheduler) on http://127.0.0.1:8000
	$(DEMO_ENV) $(BIN)/medvirk demo --reset && { $(DEMO_ENV) $(BIN)/medvirk db_worker & WORKER=$$!; $(DEMO_ENV) $(BIN)/medvirk scheduler & SCHEDULER=$$!; trap "kill $$WORKER $$SCHEDULER" EXIT INT TERM; $(DEMO_ENV) $(BIN)/medvirk runserver 127.0.0.1:8000; }

test: install ## Run the whole test suite (DATABASE_URL picks the database; SQLite by default)
	$(BIN)/pytest -n 2 --dist loadgroup

test-fast: install ## Run the tests that do not drive a browser
	$(BIN)/pytest -n 2 -m "not browser"

lint: install ## Check formatting, lint rules and types
	$(BIN)/ruff format --check . && $(BIN)/ruff check . && MEDVIRK_TESTING=1 $(BIN)/mypy .

format: install ## Format the code and fix what ruff can fix
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

lock: ## Re-pin requirements*.txt from requirements*.in in a scratch virtualenv
	scripts/lock.sh

bench: install ## Run the benchmarks and print their numbers (see docs/benchmarks.md)
	$(BIN)/python scripts/bench_import.py && $(BIN)/python scripts/bench_reports_engine.py

bench-submit: install ## Benchmark complete survey responses over HTTP against gunicorn (see docs/benchmarks.md)
	$(BIN)/python scripts/bench_submit.py

bench-rollup: install ## Benchmark the dashboard, the common-features page and clustering for 1,100 units over HTTP (see docs/benchmarks.md)
	$(BIN)/python scripts/bench_rollup.py

clean: ## Remove the virtualenv, node_modules and var/
	rm -rf $(VENV) node_modules var static/vendor
