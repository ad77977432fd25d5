# kvaldesk: two commands for a new machine.
#   make run   sets up everything and starts the application (demo database on first start)
#   make test  sets up everything and runs every check and test
# uv is used from PATH, or installed once into .tools/ with pip.

SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
HEADLESS := .venv-headless

.PHONY: run test lint test-all test-headless sync system-deps clean

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(UV): | $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)

sync: $(UV)
	$(UV) sync --locked --quiet

system-deps:
	bash scripts/system-deps.sh

run: system-deps sync
	$(UV) run --locked kvaldesk

lint: sync
	$(UV) run --locked ruff check .
	$(UV) run --locked ruff format --check .
	$(UV) run --locked mypy
	$(UV) run --locked lint-imports

test-all: sync
	QT_QPA_PLATFORM=offscreen $(UV) run --locked pytest

# The engine's tests must pass with Qt absent: a second environment without PySide6.
test-headless: $(UV)
	UV_PROJECT_ENVIRONMENT=$(HEADLESS) $(UV) sync --locked --quiet
	$(UV) pip uninstall --quiet --python $(HEADLESS)/bin/python pyside6-essentials shiboken6 pytest-qt
	$(HEADLESS)/bin/python -c "import importlib.util as u, sys; sys.exit(u.find_spec('PySide6') is not None)"
	$(HEADLESS)/bin/python -m pytest tests/core -q -p no:cacheprovider

test: system-deps lint test-all test-headless

clean:
	rm -rf .venv $(HEADLESS) .tools .mypy_cache .ruff_cache .pytest_cache build/work dist
