# The two commands of README.md, and the steps they are made of.
#   make serve   set up, build the book, serve it on http://127.0.0.1:8000
#   make test    set up, then run every test (lint, unit, integration, notebooks, site build, browser)
#   make lab     set up, then open JupyterLab on your copy of the student edition, workspace/
#                (127.0.0.1, token in the printed URL); make lab-sources opens the authors' chapters/
# How notebooks are executed and cached (one executor, one cache): CONTRIBUTING.md, "Executing notebooks".
SHELL := /bin/bash
PY := .venv/bin/python
JB := .venv/bin/jupyter-book
PORT ?= 8000
LAB_PORT ?= 8888
# Notebooks for test-notebooks: every chapter and homework notebook, or e.g. NB=chapters/03_denoising_dense.ipynb
NB ?= chapters
NBVAL := $(PY) -m pytest --nbval-lax -p no:cacheprovider -p tests.nbval_cache $(if $(RERUN),--nb-rerun)
# The book's execution cache (myst-nb's, _config.yml execute_notebooks: cache); jcache reads JUPYTERCACHE.
export JUPYTERCACHE ?= $(CURDIR)/_build/.jupyter_cache
BOOK_NOTEBOOKS ?= $(wildcard chapters/*.ipynb chapters/homework/*.ipynb)
BUILD_LOG := _build/build.log
# Code ruff formats and lints (configured in pyproject.toml): the machinery and the chapters' code cells.
LINTED := lib scripts benchmarks homework tests _ext chapters
# `make test` appends each stage's wall time to this file (scripts/timed.sh) and prints it at the end.
export TEST_TIMES ?= $(CURDIR)/_build/test-times.tsv
TIMED := ./scripts/timed.sh
# Models that later notebooks reuse are trained once and cached here (autoencoder_course.model_cache);
# `make clean` empties it.
export AUTOENCODER_COURSE_CACHE ?= $(CURDIR)/_build/model_cache

.PHONY: setup setup-test execute build serve lab lab-sources student format lint test test-unit \
        test-integration test-checks test-notebooks test-site clean

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --with-browser

# The notebooks the cache lacks, executed several at a time by jupyter-cache's own parallel executor
# (the build itself would run them one after the other); the build then finds them all cached.
execute: setup
	@mkdir -p $(dir $(JUPYTERCACHE))
	@# jcache asks before it creates a cache that does not exist yet: yes answers it.
	@yes | .venv/bin/jcache notebook add $(BOOK_NOTEBOOKS) > /dev/null
	.venv/bin/jcache project execute --executor local-parallel --timeout 600  # _config.yml's execute.timeout

# -W: warnings are errors; --all: also re-copy changed static files.
build: execute
	$(JB) build . -W -n --keep-going --all

serve: build
	$(PY) scripts/serve.py --port $(PORT)

lab: setup
	$(PY) scripts/lab.py --port $(LAB_PORT)

lab-sources: setup
	$(PY) scripts/lab.py --port $(LAB_PORT) --sources

# The student edition (student/): every chapter and homework notebook without Jupyter Book's markup, for
# JupyterLab, Colab and GitHub; the site's launch and download buttons open it.  Run it after editing a
# chapter (a unit test fails while it is stale); `$(PY) scripts/student_edition.py --refresh-values` after
# `make build` also re-reads the reference run's values that it quotes.
student: setup
	$(PY) scripts/student_edition.py

# Rewrites the code in place; `make lint` (part of make test) only checks.
format:
	.venv/bin/ruff format $(LINTED)
	.venv/bin/ruff check --fix $(LINTED)

lint:
	$(TIMED) lint bash -c ".venv/bin/ruff format --check $(LINTED) && .venv/bin/ruff check $(LINTED)"

# Fast: the library, the lessons, the grader's checks, the generated files' currency (under a minute).
test-unit:
	$(TIMED) unit $(PY) -m pytest tests/unit

# Slow: homework masters' verify runs, grading, wheels in fresh environments, nbval's cache on a small book.
test-integration:
	$(TIMED) integration $(PY) -m pytest tests/integration

test-checks: lint test-unit test-integration

test-notebooks:
	$(TIMED) notebooks $(NBVAL) --durations=15 $(NB)

# Builds the book (executing only the notebooks the cache lacks) and checks the built site.  With
# EXPECT_CACHED=1 (what `make test` passes, right after test-notebooks) the build must execute nothing.
test-site:
	@mkdir -p _build
	set -o pipefail; $(TIMED) build $(JB) build . -W -n --keep-going --all 2>&1 | tee $(BUILD_LOG)
	@if [[ -n "$(EXPECT_CACHED)" ]] && grep -E "Executing notebook|Executed notebook" $(BUILD_LOG); then \
	  echo "The build re-executed the notebooks above although test-notebooks had just run them" \
	       "(see CONTRIBUTING.md, Executing notebooks)." >&2; exit 1; fi
	$(TIMED) site $(PY) -m pytest tests/site

# The checks and the notebooks run side by side: one TensorFlow process keeps the second of two cores
# only partly busy, so two processes finish sooner together than one after the other.  --output-sync
# prints each log whole.
test:
	@mkdir -p _build && rm -f $(TEST_TIMES)
	$(TIMED) setup $(MAKE) setup-test
	$(TIMED) checks+notebooks $(MAKE) -j2 --output-sync=target test-checks test-notebooks
	$(MAKE) test-site EXPECT_CACHED=1
	@echo "==> make test, wall time of each stage (seconds; checks and notebooks ran side by side):"
	@cat $(TEST_TIMES)

clean:
	rm -rf _build
