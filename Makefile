# Bangkom: `make run` serves the demo site, `make test` runs the whole suite.
# Both work on a fresh machine with only Python 3.11 (see README).
# Python 3.11: python3.11 if present, else python3 when it is 3.11.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
# `make lint VENV=/path/to/venv` runs a target with another venv (a worktree sharing one).
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails, QR codes and calendars start with SITE_URL: by default the address
# `make run` serves, so `make run PORT=8101` prints links to port 8101.
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL
PYTEST_ARGS ?=

.PHONY: run test lint install install-dev browser migrate messages seed serve bench clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || { echo "Python 3.11 is needed; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compiled catalogs (.mo) are committed, so run/test need no gettext; this target
# recompiles them after editing a .po file (needs GNU gettext's msgfmt).
messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: install
	$(PY) manage.py migrate --noinput -v 0

seed: migrate
	$(PY) manage.py seed_demo

serve:
	$(PY) manage.py runserver $(HOST):$(PORT)

run: install migrate seed serve

# Debian's Chromium for the browser tests; Playwright's own browser download is never used.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) \
	      || echo "Could not install chromium: browser tests will be skipped (or fail with REQUIRE_SERVICES=1)."; \
	  else echo "chromium not found and cannot be installed here: browser tests will be skipped."; fi; }

test: install-dev browser
	$(PY) tests/run_suite.py $(PYTEST_ARGS)

# Ruff over everything, then mypy over the service and selector layers (the files and
# settings are in pyproject.toml's [tool.mypy]; its cache is .mypy_cache/).
lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: install-dev
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) db.sqlite3 var test-artifacts
