# Set up and run everything from this repo's own files. `make demo` and `make test` are the README's two commands.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# pip installs without byte-code (--no-compile below); each module's is written the first time it is imported, once
unexport PYTHONDONTWRITEBYTECODE
export PATH := $(abspath $(BIN)):$(PATH)

# `$(call side,NAME,COMMAND)`: COMMAND echoed and started in the background, its output in $$d/NAME.log, its process id in $$d/NAME.pid
side = echo '$(2)'; $(2) > $$d/$(1).log 2>&1 & echo $$! > $$d/$(1).pid;

.PHONY: venv venv-dev demo test test-all bench clean-check readme app system-deps docs docs-serve

# The package and what it needs to run (the demo); then the tools to develop and test it, and the Ray extra. Byte-code is
# compiled as modules are first imported, not for all of every package at install (torch alone holds thousands of files).
$(VENV)/.installed: settings.ini setup.py Makefile
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --no-compile torch==2.14.1 torchvision==0.29.1
	$(PY) -m pip install -q --no-compile -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PY) -m pip install -q --no-compile -e ".[dev,scale]"
	touch $@

venv: $(VENV)/.installed
venv-dev: $(VENV)/.installed-dev

# The main job, on the generated sample shipped in data/sample.
demo: venv
	$(BIN)/dd_unify --data data/sample --out runs/demo/data
	$(BIN)/dd_train --manifest runs/demo/data/manifest.csv --out runs/demo/train --weights lite0 --size 128 --bs 16 --epochs 10 --board_windows 2 --no_resume
	$(BIN)/dd_detect --run runs/demo/train --manifest runs/demo/data/manifest.csv --steps 450 --bs 4 --no_resume
	$(BIN)/dd_export --run runs/demo/train --manifest runs/demo/data/manifest.csv --cost_miss 20
	@# three steps that only read the run, side by side on the cores (49 s one after another, 31 s so); each one's output
	@# is printed when all three have ended, in this order, and any one failing fails the demo
	@d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; \
	$(call side,eval,$(BIN)/dd_eval --run runs/demo/train --manifest runs/demo/data/manifest.csv) \
	$(call side,explain,$(BIN)/dd_explain --run runs/demo/train --manifest runs/demo/data/manifest.csv --out runs/demo/train) \
	$(call side,report,$(BIN)/dd_report --run runs/demo/train data/sample --out runs/demo/lot_report.pdf) \
	ok=0; for s in eval explain report; do wait $$(cat $$d/$$s.pid); rc=$$?; cat $$d/$$s.log; test $$rc -eq 0 || { echo "$$s failed"; ok=1; }; done; exit $$ok
	$(BIN)/dd_reference --run runs/demo/train --manifest runs/demo/data/manifest.csv --rule _test=_temp --epochs 8
	$(BIN)/dd_predict --run runs/demo/train data/sample --out runs/demo/predict --reference_rule _test=_temp

# Every test: each notebook run once (without the slow and gpu flags) by the docs build, which fails on any failing cell
# as nbdev_test does and renders the site from that run; beside it, tests/ but the docs test, in one process (they share
# the two cores: the build's workers leave one idle at its end, pytest's subprocesses wait on their own; each keeps to one
# thread, as threads beyond the cores spin against each other; pytest split in two processes was slower, 8:50 and 9:18
# against 8:44); once the site is built, the docs test, which opens it in a
# browser, while the other tests go on. Any failing fails the target; pytest's output is printed once it ends. Everything the
# tests write to a temporary folder, and the derived-file cache they fill, go under one scratch folder, removed when the
# target ends, passed or failed.
test: venv-dev
	@export TMPDIR=$$(mktemp -d); export DD_CACHE=$$TMPDIR/cache; trap 'rm -rf "$$TMPDIR"' EXIT; \
	OMP_NUM_THREADS=1 $(BIN)/pytest -q -rs --durations=8 tests --ignore=tests/test_docs.py > $$TMPDIR/tests.log 2>&1 & pid=$$!; \
	$(PY) tools/build_docs.py --workers 2 && DD_DOCS_REUSE=1 $(BIN)/pytest -q -rs tests/test_docs.py; docs=$$?; \
	wait $$pid; tests=$$?; cat $$TMPDIR/tests.log; test $$docs -eq 0 -a $$tests -eq 0

# Everything, flagged cells included (a big machine with the data sets beside the repo).
test-all: venv-dev
	@export TMPDIR=$$(mktemp -d); trap 'rm -rf "$$TMPDIR"' EXIT; \
	(cd nbs && ../$(BIN)/nbdev_test --n_workers 2 --flags "slow gpu" --timing) && $(BIN)/pytest -q -rs tests

bench: venv-dev
	$(PY) bench/bench_index.py

readme: venv-dev
	$(PY) tools/make_readme.py

# The documentation site in _docs/ (every notebook run; Quarto if installed, else smalldocs).
docs: venv-dev
	$(PY) tools/build_docs.py

docs-serve:
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory _docs

# Fails when the notebooks and the module or README are out of step.
clean-check: venv-dev
	bash tools/check_clean.sh

# The analysis app on http://127.0.0.1:8866 (after `make demo`).
app: venv
	$(BIN)/dd_app runs/demo/train --samples data/sample

# Debian packages for the browser and PDF-rendering tests, and a font with Chinese glyphs for the reports' fallback (as root).
system-deps:
	apt-get update && apt-get install -y chromium poppler-utils fonts-droid-fallback
