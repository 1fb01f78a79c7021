# The two commands of README.md, and the steps they are made of.
#   make serve   set up, build the book, serve it on http://127.0.0.1:8000
#   make test    set up, then run every test (lib, notebooks, site build, offline check, browser)
#   make lab     set up, then open JupyterLab on your copy of the student edition, workspace/
#                (127.0.0.1, token in the printed URL); make lab-sources opens the authors' chapters/
SHELL := /bin/bash
PY := .venv/bin/python
JB := .venv/bin/jupyter-book
PORT ?= 8000
LAB_PORT ?= 8888
# Notebooks for test-notebooks: every chapter and homework notebook, or e.g. NB=chapters/03_denoising_dense.ipynb
NB ?= chapters
# nbval runs each notebook; tests/nbval_cache.py stores every notebook whose cells all passed in the
# book's execution cache (_build/.jupyter_cache), so the next build uses those outputs instead of
# executing the notebook again.
NBVAL := $(PY) -m pytest --nbval-lax -p no:cacheprovider -p tests.nbval_cache $(if $(RERUN),--nb-rerun)
BUILD_LOG := _build/build.log
# `make test` appends each stage's wall time to this file (scripts/timed.sh) and prints it at the end.
export TEST_TIMES ?= $(CURDIR)/_build/test-times.tsv
TIMED := ./scripts/timed.sh
# Models that later notebooks reuse are trained once and cached here (autoencoder_course.model_cache);
# `make clean` empties it.
export AUTOENCODER_COURSE_CACHE ?= $(CURDIR)/_build/model_cache

.PHONY: setup setup-test build serve lab lab-sources test test-unit test-notebooks test-site clean student

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --with-browser

# Notebooks the book's cache (_build/.jupyter_cache) lacks are executed first, JOBS at a time (default:
# every core; scripts/execute_book.py), so unchanged chapters are not re-run and the build itself
# executes nothing.  -W: warnings are errors; --all: also re-copy changed static files.
build: setup
	$(PY) scripts/execute_book.py $(if $(JOBS),--jobs $(JOBS))
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

test-unit:
	$(TIMED) unit $(PY) -m pytest tests/unit

test-notebooks:
	$(TIMED) notebooks $(NBVAL) --durations=15 $(NB)

# Builds the book (executing only the notebooks the cache lacks) and checks the built site.  With
# EXPECT_CACHED=1 (what `make test` passes, right after test-notebooks) the build must execute nothing.
test-site:
	@mkdir -p _build
	set -o pipefail; $(TIMED) build $(JB) build . -W -n --keep-going --all 2>&1 | tee $(BUILD_LOG)
	@if [[ -n "$(EXPECT_CACHED)" ]] && grep -E "Executing notebook|Executed notebook" $(BUILD_LOG); then \
	  echo "The build re-executed the notebooks above although test-notebooks had just run them" \
	       "(see tests/nbval_cache.py)." >&2; exit 1; fi
	$(TIMED) site $(PY) -m pytest tests/site

# The unit tests and the notebooks run side by side: one TensorFlow process keeps the second of two
# cores only partly busy (training one model on 1 vs 2 threads: about 1.2-1.5x faster, not 2x), so two
# processes finish sooner together than one after the other.  --output-sync prints each log whole.
test:
	@mkdir -p _build && rm -f $(TEST_TIMES)
	$(TIMED) setup $(MAKE) setup-test
	$(TIMED) unit+notebooks $(MAKE) -j2 --output-sync=target test-unit test-notebooks
	$(MAKE) test-site EXPECT_CACHED=1
	@echo "==> make test, wall time of each stage (seconds; unit and notebooks ran side by side):"
	@cat $(TEST_TIMES)

clean:
	rm -rf _build
