"""The README's six "Your own set" commands, as printed but for tiny training lengths, on every public layout that
`tests/test_layouts.py` builds (small generated images in the owners' folders, file names and annotation files): whether each
command ends with exit code 0 on each layout, and how long it takes. A smoke run of the commands, not a figure of quality.

    python bench/own_set_commands.py                        # all layouts (about 40 s each on 2 CPU cores)
    python bench/own_set_commands.py --layouts btad,cvat    # some

Prints a table (one row a layout: each command's exit code and seconds) and writes bench/results/own_set_commands.json;
exits 1 where any command failed, the end of its output kept in the JSON."""
import argparse, importlib.util, json, shutil, subprocess, sys, tempfile, time
from pathlib import Path
import defect_detection
from defect_detection.core import atomic_write

def layouts_module():
    "tests/test_layouts.py of this checkout, where the layouts are built."
    for root in (Path(__file__).resolve().parent.parent, Path.cwd(), Path(defect_detection.__file__).resolve().parent.parent):
        f = root/'tests'/'test_layouts.py'
        if f.exists():
            spec = importlib.util.spec_from_file_location('test_layouts', f); m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); return m
    sys.exit('tests/test_layouts.py not found beside bench/ or in the working folder')

def commands(root:Path, r:Path, a) -> list:
    "The six commands on a set at `root`, writing under `r`."
    M, R = r/'data'/'manifest.csv', r/'run'
    return [['dd_unify', '--data', root, '--out', r/'data'],
            ['dd_train', '--manifest', M, '--out', R, '--weights', 'lite0', '--size', a.size, '--bs', 16, '--epochs', a.epochs],
            ['dd_detect', '--run', R, '--manifest', M, '--steps', a.steps, '--bs', 4],
            ['dd_export', '--run', R, '--manifest', M],
            ['dd_eval', '--run', R, '--manifest', M],
            ['dd_predict', '--run', R, root, '--out', r/'predict', '--format', 'coco']]

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--layouts', default=None, help='comma-separated names of tests/test_layouts.py LAYOUTS (default: all)')
    ap.add_argument('--work', default=None, help='folder for the sets and runs (default: a temporary one, removed after)')
    ap.add_argument('--size', type=int, default=64); ap.add_argument('--epochs', type=int, default=1); ap.add_argument('--steps', type=int, default=4)
    ap.add_argument('--timeout', type=int, default=900, help='seconds a command may take')
    ap.add_argument('--json', default=str(Path(__file__).resolve().parent/'results'/'own_set_commands.json'))
    a = ap.parse_args()
    T = layouts_module(); names = a.layouts.split(',') if a.layouts else list(T.LAYOUTS)
    unknown = [n for n in names if n not in T.LAYOUTS]
    if unknown: sys.exit(f'unknown layouts {unknown}; known: {", ".join(T.LAYOUTS)}')
    work = Path(a.work or tempfile.mkdtemp(prefix='own_set_')); bin_ = Path(sys.executable).parent
    rows = {}
    for name in names:
        r = work/name; shutil.rmtree(r, ignore_errors=True); root = r/'set'; T.LAYOUTS[name][0](root)
        rows[name] = []
        for c in commands(root, r, a):
            exe = bin_/c[0] if (bin_/c[0]).exists() else shutil.which(c[0]) or c[0]
            t = time.time(); p = subprocess.run([str(exe), *map(str, c[1:])], capture_output=True, text=True, timeout=a.timeout)
            rows[name].append(dict(command=c[0], rc=p.returncode, seconds=round(time.time() - t, 1), **({'tail': (p.stdout + p.stderr)[-3000:]} if p.returncode else {})))
            if p.returncode: break
        print(f'{name:20s} ' + '  '.join(f'{x["command"]} {x["rc"]} ({x["seconds"]:.0f} s)' for x in rows[name]), flush=True)
    failed = sorted(n for n, v in rows.items() if any(x['rc'] for x in v) or len(v) < 6)
    print(f'{len(rows) - len(failed)} of {len(rows)} layouts: all six commands exit 0' + (f'; failed: {", ".join(failed)}' if failed else ''))
    Path(a.json).parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(a.json) as f: json.dump(dict(settings=dict(size=a.size, epochs=a.epochs, steps=a.steps), layouts=rows, failed=failed), f, indent=1)
    if not a.work: shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if failed else 0)
