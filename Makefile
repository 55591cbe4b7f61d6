# Two commands do everything: `make classroom` (the course, in JupyterLab) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: classroom hub as-root test demo-grade benchmark install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Build the course, release it to classroom/trainee/, and open JupyterLab on it
classroom: $(STAMP)
	$(BIN)/casework classroom

## A class on JupyterHub on this machine (as root): accounts, environments, proxy, exchange, course; then the hub
## (in a root shell: make hub, no sudo needed; from another account: sudo make hub)
HUB_ARGS ?=
hub: as-root $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[hub]'
	$(BIN)/casework hub start $(HUB_ARGS)

as-root:
	@[ "$$(id -u)" = 0 ] || { echo "make hub makes accounts and runs servers as them: run it as root (in a root shell: make hub; from another account: sudo make hub)" >&2; exit 1; }

## Run the whole test suite (real kernels, real nbgrader, JupyterLab in headless Chromium)
test: $(STAMP)
	$(BIN)/python -m pytest

## Grade a scripted cohort end to end and print where the feedback and coach's report are
demo-grade: $(STAMP)
	$(BIN)/casework demo

## Measure the simulator and the grading pipeline (ratios against a baseline from the same run)
benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_simulator.py
	$(BIN)/python benchmarks/bench_grading.py
	$(BIN)/python benchmarks/bench_cohort.py
	$(BIN)/python benchmarks/bench_debrief.py

clean:
	rm -rf classroom demo test-artifacts
