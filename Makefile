# SPDX-License-Identifier: EUPL-1.2
# Two commands on a fresh machine: `make demo` and `make test`.
#
# Every install is pinned by constraints.txt, the lock of the exact versions CI tests (generated
# by uv from pyproject.toml: `make lock`; `make upgrade` refreshes it and runs the suite), so a
# release elsewhere cannot break a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := constraints.txt
PIP := $(BIN)/python -m pip install --quiet --constraint $(LOCK) --build-constraint $(LOCK)
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml tools/lock-tools.in --all-extras --universal --python-version 3.11 --quiet --custom-compile-command "make lock" -o $(LOCK)

.PHONY: demo test lint typecheck installed bench bench-api schema openapi browser postgres docs lock upgrade demo-data clean

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --constraint $(LOCK) pip
	$(PIP) -e '.[dev]' uv
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/regelruimte demo

test: $(STAMP) browser postgres lint typecheck
	$(BIN)/python -m pytest -q

# ruff, and the dependency rule of the package (import-linter; contracts in pyproject.toml,
# the layers in docs/design-decisions.md, Architecture)
lint: $(STAMP)
	$(BIN)/ruff check regelruimte tests tools benchmarks
	$(BIN)/lint-imports --no-logo --no-cache

# The public API is checked with mypy --strict (the package ships py.typed, so users' type
# checkers read these annotations).
typecheck: $(STAMP)
	$(BIN)/mypy

# What a municipality installs: the wheel, in a fresh environment, used from outside the checkout
# (tests/test_installed.py does this as part of `make test`; this target runs only that).
installed: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_installed.py

# The HTML reports are checked in headless Chromium (tests/test_html_browser.py): Debian's package.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The decision log's PostgreSQL tests start a throwaway server from Debian's package
# (tests/decisions/postgres_server.py: initdb into a temporary folder, a unix socket, no TCP port).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql)

# The documentation site (mkdocs-material) into site/; `$(BIN)/mkdocs serve` to read it while writing.
docs: $(STAMP)
	$(BIN)/python docs/gen_policy_format.py
	$(BIN)/python docs/gen_http_api_reference.py
	$(BIN)/mkdocs build --strict

# Speed against OpenFisca and hand-written polars (benchmarks/run.py; about 5 to 10 minutes), then
# the HTTP API under load: 16 clients against `regelruimte serve` on 127.0.0.1 (about 2 minutes).
bench: $(STAMP)
	$(PIP) -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/api_load.py

# Only the HTTP API: the CPU of its HTTP layer in process (benchmarks/api_layer.py, about 20 s),
# then the load test (benchmarks/api_load.py).
bench-api: $(STAMP)
	$(BIN)/python benchmarks/api_layer.py
	$(BIN)/python benchmarks/api_load.py

schema: $(STAMP) openapi
	$(BIN)/regelruimte schema --output schema/policy.v1.json
	$(BIN)/regelruimte schema --kind norms --output schema/norms.v1.json

# The OpenAPI document of the HTTP API (`regelruimte serve`), generated from its routes and models;
# tests/api/test_api_openapi.py fails when the checked-in copy drifts.
openapi: $(STAMP)
	$(BIN)/regelruimte serve --write-openapi schema/openapi.v1.json
	$(BIN)/python docs/gen_http_api_reference.py

# The synthetic city `regelruimte demo` screens (shipped in the wheel): after a change to the
# bundled policies' facts or to the generator.
demo-data: $(STAMP)
	$(BIN)/python tools/make_demo_data.py

# Write the lock from pyproject.toml, keeping every pin that still fits.
lock: $(STAMP)
	$(UV_COMPILE)

# Move every pin to the newest release that fits pyproject.toml, reinstall, and run the suite.
upgrade: $(STAMP)
	$(UV_COMPILE) --upgrade
	$(PIP) -e '.[dev]' uv
	touch $(STAMP)
	$(MAKE) test

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .import_linter_cache site dist build
