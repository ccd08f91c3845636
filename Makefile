# frontwork: `make run` sets everything up and starts the web server and a Celery worker;
# `make test` sets up the same way and runs the whole test suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
ADDR ?= 127.0.0.1:8000

# Embedded defaults for a developer machine; set the variables in the environment to override.
export DEBUG ?= 1

# Debian packages: WeasyPrint's libraries, gettext for the translations, poppler for PDF checks;
# Chromium for the browser tests, SoftHSM2 for the PKCS#11 signing test.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext poppler-utils
TEST_SYSTEM_PACKAGES := chromium softhsm2

.PHONY: run test lint format bench messages lock upgrade setup setup-test system-packages test-system-packages clean

define ensure_debian_packages
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian packages:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "These Debian packages are missing:" $$missing; \
	    echo "Install them as root:  apt-get install" $$missing; exit 1; \
	  fi; \
	fi
endef

system-packages:
	$(call ensure_debian_packages,$(SYSTEM_PACKAGES))

test-system-packages:
	$(call ensure_debian_packages,$(TEST_SYSTEM_PACKAGES))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The locks: exact versions with hashes, compiled from requirements.in and requirements-dev.in.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

setup: system-packages $(VENV)/.runtime
	$(MANAGE) compilemessages --ignore=.venv -v 0
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) collectstatic --no-input -v 0

setup-test: system-packages test-system-packages $(VENV)/.dev
	$(MANAGE) compilemessages --ignore=.venv -v 0

# The web server and a worker with beat; Ctrl-C stops both within 10 s (frontwork/devrun.py).
run: setup
	$(MANAGE) load_demo
	@echo "frontwork: http://$(ADDR)/  (Ctrl-C stops the web server and the worker)"
	@$(BIN)/python -m frontwork.devrun $(ADDR)

# One worker per core. pytest-django puts the transactional tests (browser, real worker) last, in
# one batch; with work stealing an idle worker takes tests still queued on the other.
test: setup-test
	$(BIN)/python -m pytest --numprocesses=auto --dist=worksteal $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(VENV)/.dev
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=tests --no-obsolete

# Compile the locks again after a change to the .in files, keeping the other pins;
# `make upgrade` moves every package to its latest release.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
  --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

lock: $(VENV)/.dev
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements.txt requirements.in
	$(PIP_COMPILE) $(LOCK_ARGS) -o requirements-dev.txt requirements-dev.in

upgrade: LOCK_ARGS := --upgrade
upgrade: lock

bench: setup-test
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
