# The two commands of README.md, and the steps they are made of.
#   make serve   set up, build the book, serve it on http://127.0.0.1:8000
#   make test    set up, then run every test (lib, notebooks, site build, offline check, browser)
PY := .venv/bin/python
JB := .venv/bin/jupyter-book
PORT ?= 8000

.PHONY: setup setup-test build serve test test-unit test-notebooks test-site clean

setup:
	./scripts/setup.sh

setup-test:
	./scripts/setup.sh --with-browser

# -W: warnings are errors; --all: also re-copy changed static files.  Executed notebooks are
# cached in _build/.jupyter_cache, so unchanged chapters are not re-run.
build: setup
	$(JB) build . -W -n --keep-going --all

serve: build
	$(PY) scripts/serve.py --port $(PORT)

test-unit:
	$(PY) -m pytest tests/unit

test-notebooks:
	$(PY) -m pytest --nbval-lax -p no:cacheprovider --durations=15 chapters

test-site:
	$(JB) build . -W -n --keep-going --all
	$(PY) -m pytest tests/site

test: setup-test
	$(MAKE) test-unit test-notebooks test-site

clean:
	rm -rf _build
