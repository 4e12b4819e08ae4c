# Koko: the two commands are `make run` and `make test`. Both build the environment themselves
# from nothing but Python 3.11+ (uv is bootstrapped into .tools/ with pip).
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
NODE_DIR := .koko/node

.PHONY: run stop k8s-check test test-data lint format typecheck compose compose-check bench env clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) uv.lock pyproject.toml shared/pyproject.toml services/*/pyproject.toml clients/*/pyproject.toml
	$(UV) sync --all-packages --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	touch $@

env: $(VENV)/.synced

## The whole system with demo data: embedded PostgreSQL, migrations, all three services.
run: env
	$(PY) deploy/local/run.py

## Stop the embedded PostgreSQL that `make run` leaves running (its data is kept).
stop: env
	$(PY) deploy/local/stop.py

## All tests (embedded PostgreSQL unless DATABASE_URL is set). The library, service and client
## tests run in parallel (pytest-xdist: a worker per core, at most 4, each test file on one worker,
## each worker with its own throwaway databases); the end-to-end and deployment tests under
## tests/, which start whole systems, run after them one at a time. TEST_WORKERS=0 runs all serially.
TEST_WORKERS ?= auto
UNIT_TESTS = shared/tests services/offers/tests services/surveys/tests services/gateway/tests clients/koko-client/tests
test: env
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile $(UNIT_TESTS) $(PYTEST_ARGS)
	$(PY) -m pytest -q -p no:cacheprovider tests $(PYTEST_ARGS)

lint: env
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: env
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Types of the libraries, services, client and the benchmark scripts (a signature they call that
## changed fails here, not on the next measuring day).
typecheck: env
	$(VENV)/bin/mypy shared/src services/offers/src services/surveys/src services/gateway/src clients/koko-client/src tests/benchmarks

$(NODE_DIR)/.installed: deploy/federation/package.json deploy/federation/package-lock.json
	mkdir -p $(NODE_DIR)
	cp deploy/federation/package.json deploy/federation/package-lock.json $(NODE_DIR)/
	cd $(NODE_DIR) && npm ci --silent --no-audit --no-fund
	touch $@

## Recompose deploy/supergraph.graphql and the gateway test supergraphs (needs Node + npm).
compose: env $(NODE_DIR)/.installed
	$(PY) deploy/federation/compose.py --write

## Fail when a committed supergraph is not what its subgraphs compose to (CI).
compose-check: env $(NODE_DIR)/.installed
	$(PY) deploy/federation/compose.py --check

K8S_TOOLS := .koko/k8s-tools
$(K8S_TOOLS)/.installed: $(UV)
	$(UV) venv --quiet --allow-existing $(K8S_TOOLS)
	$(UV) pip install --quiet --python $(K8S_TOOLS)/bin/python "checkov==3.3.30" "kubernetes-validate==1.37.0"
	touch $@

## Render and validate every Kubernetes overlay (kubectl kustomize, kubernetes-validate, checkov).
k8s-check: $(K8S_TOOLS)/.installed
	deploy/kubernetes/validate.sh

bench: env
	$(PY) tests/benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(TOOLS) .koko
