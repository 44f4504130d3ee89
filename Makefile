# qderive — two set-up commands on a fresh machine: `make report` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST := $(PY) -m pytest
JOBS   ?= 2
# single-threaded BLAS: threaded OpenBLAS is far slower for the many small dense eigh calls here
export OPENBLAS_NUM_THREADS ?= 1
export OMP_NUM_THREADS ?= 1

.PHONY: venv report report-full test test-all bench lint format clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dev]'
	@touch $(STAMP)

venv: $(STAMP)

## the main job: every claim checked, findings, figures -> report/
report: $(STAMP)
	$(VENV)/bin/qderive report --out report

## the report with the slow checks included
report-full: $(STAMP)
	$(VENV)/bin/qderive report --out report --full

## default test run (slow tests excluded), under 10 minutes on 2 cores
test: $(STAMP)
	$(PYTEST) -m "not slow" -q

## everything, slow tests included
test-all: $(STAMP)
	$(PYTEST) -q

bench: $(STAMP)
	$(VENV)/bin/qderive bench --out benchmarks/RESULTS.md

## ruff lint and format check (run by .ci/run); `make format` applies the formatter
lint: $(STAMP)
	$(VENV)/bin/ruff check derive numeric verify tests notebooks/examples benchmarks
	$(VENV)/bin/ruff format --check derive numeric verify tests notebooks/examples benchmarks

format: $(STAMP)
	$(VENV)/bin/ruff format derive numeric verify tests notebooks/examples benchmarks

clean:
	rm -rf report .pytest_cache
