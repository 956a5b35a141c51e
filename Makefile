# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app workflow_app
# The server users get: gunicorn with the settings in deploy/gunicorn.conf.py (keep-alive,
# workers from the CPU count, access log, graceful restart on HUP); never werkzeug's.
GUNICORN := $(BIN)/gunicorn --config deploy/gunicorn.conf.py

.PHONY: run test install install-dev lint bench clean chromium pdf-libs i18n-update dev serve demo-data
CATALOGS := workflow_app/web/translations
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(CATALOGS)/*/LC_MESSAGES/messages.po))

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# Browser-side packages (bpmn-js) come from the npm registry.
node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch $@

# The web UI's message catalogues: the .po files are committed, the .mo files compiled here.
$(CATALOGS)/%/LC_MESSAGES/messages.mo: $(CATALOGS)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile -f -d $(CATALOGS) -l $*

# Refresh the catalogues after changing texts in web/ (then translate the new entries).
i18n-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ --no-location --omit-header \
		-o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel update -N -i $(CATALOGS)/messages.pot -d $(CATALOGS)

# Browser tests drive Debian's Chromium; install it when missing (we run as root).
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

# K3: WeasyPrint draws PDFs with Pango; DejaVu has the Vietnamese glyphs (page and stamp).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
pdf-libs:
	dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || (apt-get update && apt-get install -y $(PDF_PACKAGES))

install: $(VENV)/.installed node_modules/.installed $(MO_FILES) pdf-libs

install-dev: $(VENV)/.installed-dev node_modules/.installed $(MO_FILES) pdf-libs

# The demo: embedded SQLite, demo users, served by gunicorn on http://127.0.0.1:5000.
demo-data: install
	$(FLASK) db upgrade
	$(FLASK) models import
	$(FLASK) seed-demo

# Beside it, the mail queue's worker (issue 18; stopped with the server): no SMTP set, the
# mail it sends shows on /admin/outbox.
run: demo-data
	$(FLASK) notifications worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	WORKFLOW_BIND=$${WORKFLOW_BIND:-127.0.0.1:5000} $(GUNICORN)

# Development: the same data, werkzeug's reloader and debugger (never for users).
dev: demo-data
	$(FLASK) run --debug --host 127.0.0.1 --port 5000

# Production, one node: PostgreSQL at WORKFLOW_DATABASE_URL, the key every node shares, no demo
# data. Run `flask timers run` and `flask notifications worker` beside it (deploy/systemd/).
serve: install
	@test -n "$$WORKFLOW_DATABASE_URL" || { echo "make serve: set WORKFLOW_DATABASE_URL (postgresql+psycopg://...)" >&2; exit 2; }
	@test -n "$$WORKFLOW_SECRET_KEY" || { echo "make serve: set WORKFLOW_SECRET_KEY (the same on every node)" >&2; exit 2; }
	$(FLASK) db upgrade
	$(FLASK) models import
	exec $(GUNICORN)

# The layers' import contracts ([tool.importlinter] in pyproject.toml) come before the suite.
test: install-dev chromium
	$(BIN)/lint-imports --no-logo
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check workflow_app tests bench
	$(BIN)/lint-imports --no-logo

bench: install-dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) node_modules
