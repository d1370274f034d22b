# Two commands set everything up on a fresh machine:
#   make run    build the venv, migrate, load the demo and serve it on SQLite
#   make test   build the venv if needed and run the whole test suite
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed
# axe-core, injected into pages by the browser tests; skipped where npm is missing.
NODE_STAMP := node_modules/.installed
NODE_DEPS := $(if $(shell command -v npm),$(NODE_STAMP))

# requirements*.txt name what we chose; requirements*.lock (make lock) pin
# everything those need, with hashes: every install gets the same packages.
$(STAMP): requirements.lock requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-dev.lock
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

.PHONY: help
help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

.PHONY: install
install: $(STAMP) ## Create .venv and install the pinned requirements

.PHONY: demo
demo: $(STAMP) ## Migrate the database and load the demo content (idempotent)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content

.PHONY: run
run: demo ## Serve the demo site on http://127.0.0.1:8000 (SQLite unless DATABASE_URL is set)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

.PHONY: test
test: $(STAMP) $(NODE_DEPS) ## Run the whole test suite (DATABASE_URL selects PostgreSQL)
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: lint
lint: $(STAMP) ## Code style (ruff), the layers (import-linter), types (mypy), the Dockerfile (hadolint)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --generate-hashes --python-version 3.11 \
	--custom-compile-command "make lock"

.PHONY: lock
lock: $(STAMP) ## Pin requirements*.txt and everything they need, with hashes, into requirements*.lock
	$(UV_COMPILE) -o requirements.lock requirements.txt
	$(UV_COMPILE) -o requirements-dev.lock requirements-dev.txt

.PHONY: format
format: $(STAMP) ## Rewrite code in the project's style
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: check
check: $(STAMP) ## Django checks, missing migrations, message catalogues and their coverage
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	@for po in $$(find locale -name '*.po'); do msgfmt --check -o /dev/null $$po || exit 1; done
	$(BIN)/python manage.py translation_coverage

.PHONY: messages
messages: $(STAMP) ## Extract new strings into locale/vi and compile every catalogue
	$(BIN)/python manage.py makemessages -l vi --no-obsolete --ignore='.venv/*' --ignore='tests/*' --ignore='node_modules/*'
	@for po in $$(find locale -name '*.po'); do msgfmt --check -o $${po%.po}.mo $$po || exit 1; done

.PHONY: bench
bench: $(STAMP) ## Benchmarks at 1,000 and 100,000 pages (an hour); results in benchmarks/results, docs/performance.md
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

.PHONY: bench-smoke
bench-smoke: $(STAMP) ## The benchmark harness end to end on a tiny corpus, in a minute or two
	$(BIN)/python benchmarks/run.py --smoke

.PHONY: clean
clean: ## Remove the venv, the SQLite database and uploaded media
	rm -rf $(VENV) node_modules db.sqlite3 media static_collected .dev-secret-key test-artifacts benchmarks/.work
