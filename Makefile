# Spot the Signs. The README's two commands:
#   make run    install what is missing, train if needed, migrate, serve on http://127.0.0.1:8000
#   make test   install, train, validate the Rasa data, lint, run every test
SHELL := /bin/bash
.DEFAULT_GOAL := help

ROOT       := $(abspath .)
BOT_VENV   := $(ROOT)/.venv-bot
APP_VENV   := $(ROOT)/.venv
BOT_PY     := $(BOT_VENV)/bin/python
APP_PY     := $(APP_VENV)/bin/python
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Rasa Open Source 3.6 needs Python 3.10: from the PATH if it runs (a pyenv shim may not),
# else the newest pyenv 3.10.
PY310 := $(shell for c in $$(command -v python3.10) $$(ls -d $$(pyenv root 2>/dev/null)/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r); do $$c -c 'import sys; assert sys.version_info[:2] == (3, 10)' 2>/dev/null && echo $$c && break; done)
# The app runtime: Python 3.11 or newer.
PY3APP := $(shell for p in python3.13 python3.12 python3.11 python3; do c=$$(command -v $$p) && $$c -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$c && break; done)

.PHONY: help install run test train migrate lint validate test-unit clean chromium frontend bench-tools bench

help:
	@echo "make run     serve everything on http://127.0.0.1:$${PORT:-8000} (installs and trains first if needed)"
	@echo "make test    install, train, validate the Rasa data, lint and run every test"
	@echo "make train   train the Rasa model (cached by a hash of config.yml, domain.yml and data/)"
	@echo "make bench   run the benchmarks in bench/ (see bench/README.md)"
	@echo "make clean   remove virtual environments, models, results and local data"

# --- environments ---------------------------------------------------------------------------
$(BOT_VENV)/.installed: requirements/bot.in requirements/bot.lock
	@test -n "$(PY310)" || { echo "error: Python 3.10 not found. Rasa 3.6 needs it: install it (e.g. 'pyenv install 3.10') or put python3.10 on the PATH." >&2; exit 1; }
	@echo "==> bot environment ($(PY310))"
	@test -x $(BOT_PY) || $(PY310) -m venv $(BOT_VENV)
	@$(BOT_PY) -m pip install -q --upgrade pip wheel 'setuptools<70' 2>&1 | grep -v "is ignored" || true
	@$(BOT_PY) -m pip install -q -r requirements/bot.in -c requirements/bot.lock 2>&1 | grep -v "is ignored" || true
	@$(BOT_PY) -c "import rasa, langdetect" || { echo "error: the bot environment did not install" >&2; exit 1; }
	@touch $@

$(APP_VENV)/.installed: pyproject.toml requirements/app.lock
	@test -n "$(PY3APP)" || { echo "error: Python 3.11 or newer not found." >&2; exit 1; }
	@echo "==> app environment ($(PY3APP))"
	@test -x $(APP_PY) || $(PY3APP) -m venv $(APP_VENV)
	@$(APP_PY) -m pip install -q --upgrade pip wheel 2>&1 | grep -v "is ignored" || true
	@$(APP_PY) -m pip install -q -e '.[dev]' -c requirements/app.lock 2>&1 | grep -v "is ignored\|WheelFile\|!!\|^\s*$$\|strategy" || true
	@$(APP_PY) -c "import spotsigns, sanic, rasa_sdk" || { echo "error: the app environment did not install" >&2; exit 1; }
	@touch $@

node_modules/.installed: package.json package-lock.json
	@echo "==> front-end assets (npm)"
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

web_form/static/build/app.css: node_modules/.installed web_form/scss/app.scss
	@npm run --silent build

frontend: web_form/static/build/app.css

# Debian's Chromium for the browser tests (never `playwright install`).
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "==> installing Debian's chromium"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "error: could not install chromium with apt-get" >&2; exit 1; }; \
	  else echo "warning: chromium is missing and this is not root; browser tests will not run" >&2; fi; \
	fi

install: $(BOT_VENV)/.installed $(APP_VENV)/.installed frontend

# wrk drives the report-throughput benchmark (a C load generator leaves the cores to the server).
bench-tools:
	@command -v wrk >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "error: install Debian's wrk package (needs root)" >&2; exit 1; fi; }

bench: install train bench-tools
	@mkdir -p bench/results
	@$(APP_PY) bench/chat_latency.py --json bench/results/chat_latency.json
	@$(APP_PY) bench/report_throughput.py --json bench/results/report_throughput.json $${TEST_DATABASE_URL:+--postgres $$TEST_DATABASE_URL}

# --- model and database ---------------------------------------------------------------------
train: install
	@$(APP_VENV)/bin/spotsigns train

migrate: $(APP_VENV)/.installed
	@$(APP_VENV)/bin/spotsigns migrate

run: install migrate train
	@$(APP_VENV)/bin/spotsigns serve

# --- checks ---------------------------------------------------------------------------------
lint: $(APP_VENV)/.installed
	@echo "==> ruff"
	@$(APP_VENV)/bin/ruff check .
	@$(APP_VENV)/bin/ruff format --check .

validate: $(BOT_VENV)/.installed $(APP_VENV)/.installed
	@echo "==> translations merged into domain.yml and docs/translations.md"
	@$(APP_PY) tools/merge_translations.py --check
	@echo "==> rasa data validate --fail-on-warnings"
	@mkdir -p var/logs
	@$(BOT_VENV)/bin/rasa data validate --fail-on-warnings > var/logs/validate.log 2>&1 \
	  || { tail -40 var/logs/validate.log; exit 1; }

test-unit: $(APP_VENV)/.installed
	@$(APP_VENV)/bin/pytest -q -m "not e2e and not rasa and not browser"

test: install chromium train lint validate
	@echo "==> pytest (unit, Rasa test stories and NLU hold-out, end to end, browser)"
	@$(APP_VENV)/bin/pytest -q -ra

clean:
	rm -rf $(BOT_VENV) $(APP_VENV) node_modules models results var .pytest_cache .ruff_cache web_form/static/build
