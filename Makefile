# Two commands do all the set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app workflow_app

.PHONY: run test install install-dev lint bench clean chromium i18n-update
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

install: $(VENV)/.installed node_modules/.installed $(MO_FILES)

install-dev: $(VENV)/.installed-dev node_modules/.installed $(MO_FILES)

run: install
	$(FLASK) db upgrade
	$(FLASK) models import
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

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
