# orggraph: every command a newcomer needs. `make setup` is idempotent and fast when nothing changed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: setup run dist test test-fast check-data check-schema lint typecheck schema browser bench clean

setup: $(VENV)/.installed node_modules/.installed tests/client/node_modules/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The GraphQL client the contract test drives (Apollo Client 4; its own lock file: it needs
# graphql 16, GraphiQL's explorer plugin pins 15).
tests/client/node_modules/.installed: tests/client/package.json tests/client/package-lock.json
	npm ci --prefix tests/client --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# What the tests need from Debian: Chromium (Playwright's own browser download does not work
# here), poppler-utils for the print tests, Varnish for the cluster tests.
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@command -v pdfinfo >/dev/null || { \
	  echo "installing poppler-utils (pdfinfo, pdftotext) for the print tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; }
	@test -x /usr/sbin/varnishd || { \
	  echo "installing Debian's varnish for the cluster tests (tests/deploy/)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq varnish >/dev/null; }

# `orggraph serve`: invalid data ends start-up with every problem listed (exit 1), no traceback.
run: setup
	$(VENV)/bin/orggraph serve --host $(HOST) --port $(PORT)

# An sdist and a wheel in dist/: the wheel carries the embedded data and the pinned browser
# files (copied from node_modules/ by setup.py at build time; never committed).
dist: setup
	rm -rf dist
	$(PY) -m build --no-isolation --outdir dist .

# The whole suite, with coverage measured; below pyproject's floor ([tool.coverage.report]
# fail_under) the command fails.
test: setup browser
	$(PY) -m pytest --cov

test-fast: setup
	$(PY) -m pytest -m "not browser"

check-data: setup
	$(VENV)/bin/orggraph check data/

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: setup
	$(VENV)/bin/mypy graph schema resolvers api web server viewer tests bench scripts deploy/cluster.py

schema: setup
	$(PY) -m server.export_schema > schema.graphql

# schema.graphql against the last released schema (docs/released/): a breaking change must be
# announced in CHANGELOG.md's newest entry (scripts/check_schema_changes.py says how).
check-schema: setup
	$(PY) scripts/check_schema_changes.py

# Benchmarks: figures printed, never asserted (docs/performance.md); ~2 minutes on 2 cores.
# Synthetic data goes to a temporary directory; pass BENCH_ARGS="--sizes 10000" to shorten.
# Then over HTTP, one worker (wrk when installed: `apt-get install wrk`); ~1.5 minutes more, and
# misses at 100,000 synthetic entities against hits and Strawberry's own view (~3 minutes).
bench: setup
	$(PY) -m bench $(BENCH_ARGS)
	$(PY) -m bench.bench_http
	$(PY) -m bench.bench_misses
	$(PY) -m bench.bench_viewer
	$(PY) -m bench.bench_cluster

clean:
	rm -rf $(VENV) node_modules tests/client/node_modules .pytest_cache .mypy_cache .ruff_cache dist build *.egg-info
