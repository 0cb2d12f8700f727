# Every target installs what it needs into .venv, pinned by constraints.txt.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
PYTEST_WORKERS ?= 2

.PHONY: install lint test test-unit test-functional test-conformance test-compat demo bench clean

$(STAMP): pyproject.toml constraints.txt
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[local,test]'
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: lint
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) tests integration_tests

test-unit: install
	$(VENV)/bin/pytest tests/unit

# dbt-tests-adapter's suites on a local warehouse, through `type: databricks_envs` and then
# through plain `type: databricks` (`make test` runs the second on a subset only).
test-conformance: install
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) tests/functional/adapter --profile local
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) tests/functional/adapter --profile local_databricks

# The compatibility matrix: one virtual environment per supported dbt-core minor under
# .venv-compat/ (tests/compat/run.py), each running the offline, routing, preflight and guard
# tests and the demo. COMPAT_ARGS="--column 1.12 --latest" for the newest releases instead.
test-compat:
	$(PYTHON) tests/compat/run.py --workers $(PYTEST_WORKERS) $(COMPAT_ARGS)

demo: install
	$(PY) examples/demo.py

bench: install
	$(PY) -m pip install --quiet -c constraints.txt -e '.[local,test,bench]'
	$(PY) benchmarks/run.py $(BENCH)

clean:
	rm -rf $(VENV) .venv-compat .mypy_cache .ruff_cache .pytest_cache
