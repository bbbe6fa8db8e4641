# SPDX-License-Identifier: EUPL-1.2
# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench schema browser docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/regelruimte demo

test: $(STAMP) browser
	$(BIN)/ruff check regelruimte tests
	$(BIN)/python -m pytest -q

# The HTML reports are checked in headless Chromium (tests/test_html_browser.py): Debian's package.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The documentation site (mkdocs-material) into site/; `$(BIN)/mkdocs serve` to read it while writing.
docs: $(STAMP)
	$(BIN)/python docs/gen_policy_format.py
	$(BIN)/mkdocs build --strict

# Speed against OpenFisca and hand-written polars (benchmarks/run.py; about 5 to 10 minutes).
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py

schema: $(STAMP)
	$(BIN)/regelruimte schema --output schema/policy.v1.json
	$(BIN)/regelruimte schema --kind norms --output schema/norms.v1.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis site
