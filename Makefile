# Toegang — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 5000

# System packages: WeasyPrint needs Pango and HarfBuzz-subset (fast font subsetting);
# the browser tests drive Debian's Chromium; the backup round trip needs pg_dump/pg_restore.
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
TEST_DEBS := $(RUNTIME_DEBS) chromium postgresql-client
# The load benchmark measures the case page's throughput with wrk (a C client, as in the anchor).
BENCH_DEBS := $(RUNTIME_DEBS) wrk

.PHONY: help run test lint bench screenshots system-deps system-deps-test system-deps-bench clean

help:
	@echo "make run    - installeer, migreer, laad demodata en start op http://$(HOST):$(PORT)"
	@echo "make test   - de hele testsuite op SQLite en PostgreSQL (inclusief browsertests)"
	@echo "make lint   - ruff"
	@echo "make bench  - benchmarks (niet onderdeel van make test)"
	@echo "make screenshots - ververs docs/screenshots/ met de demodata"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.stamp-runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.stamp-dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.stamp-runtime

system-deps:
	@./scripts/ensure-debs.sh $(RUNTIME_DEBS)

system-deps-test:
	@./scripts/ensure-debs.sh $(TEST_DEBS)

system-deps-bench:
	@./scripts/ensure-debs.sh $(BENCH_DEBS)

run: system-deps $(VENV)/.stamp-runtime
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --credentials-file instance/demo-logins.txt
	@echo
	@if [ -f instance/demo-logins.txt ]; then cat instance/demo-logins.txt; \
	  echo "(bewaard in instance/demo-logins.txt)"; fi
	@echo
	@echo "Toegang draait op http://$(HOST):$(PORT)  (stoppen met Ctrl+C)"
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --access-logfile - wsgi:app

test: system-deps-test $(VENV)/.stamp-dev
	@./scripts/run-tests.sh

lint: $(VENV)/.stamp-dev
	$(BIN)/ruff check .

bench: system-deps-bench $(VENV)/.stamp-dev
	@./scripts/run-bench.sh

screenshots: system-deps-test $(VENV)/.stamp-dev
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
