# Two entry points, each building its own virtual environment in .venv:
#   make demo   lint the bundled sample captures
#   make test   codegen drift check, ruff, mypy --strict and the whole test suite
#   make bench  the lint and convert benchmarks (ratios to a floor measured in the same run)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install bench clean

$(BIN)/.deps: requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $@

# A regular (not editable) install: the tests use the package as users get it, schemas included.
# The linter's hot modules are compiled with mypyc (pyproject.toml); should that fail (no C
# compiler), the package is installed as pure Python: same results, slower (with a compiler
# at hand, make test then fails: JOBSTATUS_COMPILED). The build leaves its modules in src/:
# they are removed, or they would shadow the sources for anything importing from src/.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
	--no-build-isolation --force-reinstall
install: $(BIN)/.deps
	HATCH_BUILD_HOOK_ENABLE_MYPYC=1 $(PIP_INSTALL) . || \
		{ echo "mypyc build failed: installing jobstatus as pure Python"; \
		  find src -name "*.so" -delete; $(PIP_INSTALL) .; }
	find src -name "*.so" -delete

demo: install
	$(BIN)/jobstatus lint samples/good
	@echo
	@echo "== samples/bad holds planted problems; lint must find them and exit 1:"
	$(BIN)/jobstatus lint samples/bad; test $$? -eq 1

test: install
	$(BIN)/python -m codegen --check
	$(BIN)/ruff check src codegen tests
	$(BIN)/mypy
	JOBSTATUS_COMPILED=$$(command -v cc >/dev/null && echo 1) $(BIN)/python -m pytest -p no:cacheprovider

bench: install
	$(BIN)/python -m bench
	$(BIN)/python -m bench.convert

clean:
	rm -rf $(VENV) build dist; find src -name "*.so" -delete
