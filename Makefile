# kvaldesk: two commands for a new machine.
#   make run   sets up everything and starts the application (demo database on first start)
#   make test  sets up everything and runs every check and test
#   make dist  builds the standalone application into dist/kvaldesk (PyInstaller)
#   make smoke builds it if needed and checks the built program (build/smoke_test.sh)
# uv is used from PATH, or installed once into .tools/ with pip.

SHELL := /bin/bash
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
HEADLESS := .venv-headless
# The build has its own environment (runtime dependencies + PyInstaller, no dev tools), so
# `uv sync` for the tests never removes PyInstaller from under a running build.
BUILD_ENV := .venv-build
DIST_PROGRAM := dist/kvaldesk/kvaldesk
BUILD_INPUTS := pyproject.toml uv.lock $(shell find kvaldesk ui resources build -path build/work \
	-prune -o -type f ! -name '*.pyc' ! -name '*.sh' -print 2>/dev/null)

.PHONY: run test lint test-all test-headless sync system-deps clean dist smoke bench

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

dist: system-deps $(UV)
	UV_PROJECT_ENVIRONMENT=$(BUILD_ENV) $(UV) sync --locked --no-dev --group build --quiet
	UV_PROJECT_ENVIRONMENT=$(BUILD_ENV) $(UV) run --locked --no-dev --group build \
		pyinstaller --noconfirm --clean --workpath build/work --distpath dist build/kvaldesk.spec

# Rebuilt only when a source, resource or the spec changed since the last build.
$(DIST_PROGRAM): $(BUILD_INPUTS)
	$(MAKE) dist

smoke: $(DIST_PROGRAM)
	bash build/smoke_test.sh --no-build

# The benchmark suite (about ten minutes; fixtures cached in bench/.cache/): writes
# docs/benchmarks.md. BENCH_ARGS=--quick for a dry run with small sizes.
bench: sync
	$(UV) run --locked python -m bench $(BENCH_ARGS)

clean:
	rm -rf .venv $(HEADLESS) $(BUILD_ENV) .tools .mypy_cache .ruff_cache .pytest_cache build/work dist
