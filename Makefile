# metrohub — the two commands a newcomer needs: `make demo` and `make test`.
# uv is used when it is on the PATH; otherwise it is installed into a private
# virtual environment (.tools/), so this works where the system Python is
# externally managed. The project runs on the `python3` found on the PATH.

PYTHON ?= python3
UV_SYSTEM := $(shell command -v uv 2>/dev/null)
UV ?= $(if $(UV_SYSTEM),$(UV_SYSTEM),.tools/bin/uv)
VENV := .venv
PY := $(VENV)/bin/python
# Production is the default of the settings: a developer's machine says it is one (debug, the
# built-in keys); the demo adds its accounts and their exemption from the second factor.
MANAGE := METROHUB_ENV=development $(PY) manage.py
# The demo's mail leaves through Django's file backend: each message lands in var/mail/.
DEMO_MANAGE := METROHUB_ENV=development METROHUB_DEMO=1 \
	DJANGO_EMAIL_BACKEND=$${DJANGO_EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend} $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

export UV_PYTHON := $(shell command -v $(PYTHON))
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

.PHONY: help install demo serve test lint check pytest e2e browser system system-if-root benchmark benchmark-futures load messages clean

help:
	@echo "make demo       set up, load the 2024 data, create demo accounts, serve on http://$(HOST):$(PORT) with the task worker"
	@echo "make test       ruff, manage.py check, makemigrations --check, pytest (DATABASE_URL picks the database)"
	@echo "make system     install Debian's Chromium, Pango, HarfBuzz and nginx for the browser, PDF and nginx tests (root)"
	@echo "make benchmark  the registry directory and the annual report benchmarks (benchmarks/)"
	@echo "make benchmark-futures  Metro Futures with 3.75 million observations (several minutes)"
	@echo "make load       load test (locust against gunicorn on loopback); figures in benchmarks/results/"
	@echo "make messages   refresh and compile the French and Spanish catalogues"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.synced

demo: install
	@mkdir -p var
	$(DEMO_MANAGE) migrate --no-input
	$(DEMO_MANAGE) load_dataset 2024
	$(DEMO_MANAGE) demo_data
	$(DEMO_MANAGE) collectstatic --no-input --verbosity 0
	$(DEMO_MANAGE) demo_accounts
	$(DEMO_MANAGE) annual_report 2024 --publish --base-url http://$(HOST):$(PORT)/
	$(DEMO_MANAGE) demo_serve $(HOST):$(PORT)

# The web server and the task worker (db_worker), together; Ctrl-C stops both.
serve: install
	$(DEMO_MANAGE) demo_serve $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo

check: install
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

pytest: install
	$(VENV)/bin/pytest

test: system-if-root lint check pytest

# Refresh the French and Spanish catalogues from the code, then compile them (needs GNU gettext).
MESSAGES_FLAGS := -l fr -l es --no-location --ignore "frontend/*" --ignore "var/*" --ignore "benchmarks/*" --ignore "tests/*"
messages: install
	$(MANAGE) makemessages $(MESSAGES_FLAGS)
	$(MANAGE) compilemessages -l fr -l es --ignore ".venv"

# Browser tests need Debian's Chromium, the PDF of the annual report needs Pango and HarfBuzz's
# subset library (WeasyPrint), the deployment test needs nginx. Run as root, `make test` installs
# the missing ones first; otherwise their tests are skipped with a message naming `make system`.
# nginx's package would start a server on port 80: the policy file keeps it from starting.
SYSTEM_PACKAGES := chromium chromium-driver libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 nginx
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends
browser system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "== installing" $$missing; \
	  policy=/usr/sbin/policy-rc.d; created=; \
	  if [ ! -e $$policy ]; then printf '#!/bin/sh\nexit 101\n' > $$policy && chmod +x $$policy && created=1; fi; \
	  $(APT_INSTALL) $$missing || { apt-get update && $(APT_INSTALL) $$missing; }; status=$$?; \
	  if [ -n "$$created" ]; then rm -f $$policy; fi; exit $$status; \
	fi

system-if-root:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ -z "$$METROHUB_SYSTEM_MISSING" ]; then \
	  $(MAKE) --no-print-directory system; \
	fi

benchmark: install
	$(PY) benchmarks/directory.py
	$(PY) benchmarks/report.py

# Metro Futures at scale: 5,000 cities x 30 indicators x 25 years, over HTTP (several minutes).
benchmark-futures: install
	$(PY) benchmarks/futures.py

# Load test: gunicorn with several workers on loopback, locust stepping up the users.
load: install
	$(PY) benchmarks/load/run.py

clean:
	rm -rf $(VENV) .tools var
