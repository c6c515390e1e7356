#!/usr/bin/env bash
# Fails when nbdev_clean, nbdev_export or tools/make_readme.py would change a tracked file.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
state() { git diff --no-color; git status --porcelain --untracked-files=all -- nbs defect_detection README.md; }
before=$(state | md5sum)
$BIN/nbdev_clean
$BIN/nbdev_export
$BIN/python tools/make_readme.py
after=$(state | md5sum)
if [ "$before" != "$after" ]; then
  echo "nbdev_clean / nbdev_export / tools/make_readme.py changed these files; run them and commit:"
  git status --porcelain -- nbs defect_detection README.md
  exit 1
fi
echo "notebooks, module and README are in step"
# the import graph: no circle, no import against the notebook order, none inside a function, no private name across modules
$BIN/python tools/check_imports.py | tail -1
$BIN/python tools/check_imports.py >/dev/null || { $BIN/python tools/check_imports.py; exit 1; }
# a run's model.json has one writer, core.save_meta
if grep -n "model\.json" defect_detection/*.py | grep -v "_modidx\.py\|core\.py" | grep -E "atomic_write|write_text|json\.dump"; then
  echo "model.json is written above outside core.save_meta"; exit 1
fi
