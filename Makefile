# Two commands for a newcomer: `make run` (platform with demo data) and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint pytest bench messages clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The mail worker runs beside daphne; Ctrl-C (or daphne ending) stops both.
run: setup
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --url http://$(HOST):$(PORT)/
	$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/daphne -b $(HOST) -p $(PORT) oic.asgi:application

lint: setup
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

pytest: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test: lint pytest

bench: setup
	$(BIN)/python -m bench.run $(if $(FULL),--full,)

messages: setup
	$(BIN)/python manage.py makemessages -l de -l en --no-location --no-obsolete \
	  --ignore='.venv/*' --ignore='var/*' --ignore='bench/*' --ignore='tests/*' --ignore='*/migrations/*'
	$(BIN)/python manage.py compilemessages --ignore='.venv/*' --ignore='var/*'

clean:
	rm -rf $(VENV) var .pytest_cache
