# SPDX-License-Identifier: EUPL-1.2
# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/regelruimte demo

test: $(STAMP)
	$(BIN)/ruff check regelruimte tests
	$(BIN)/python -m pytest -q

schema: $(STAMP)
	$(BIN)/regelruimte schema --output schema/policy.v1.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis site
