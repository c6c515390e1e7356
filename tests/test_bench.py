"""Every script in bench/ still imports what it uses from the package and parses its options (`--help`), so a rename in the
package cannot leave a benchmark broken unseen. Running them on real data is the benchmarks' own job (bench/README.md).

The scripts run one after another in one Python process (`runpy`, each as `__main__` with `--help`), so torch and fastai
are imported once rather than once a script."""
import json, subprocess, sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent/'bench'
DRIVER = r'''
import contextlib, io, json, runpy, sys, traceback
out = {}
for script in sys.argv[1:]:
    sys.argv = [script, '--help']; buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf): runpy.run_path(script, run_name='__main__')
        out[script] = ('no exit', buf.getvalue())
    except SystemExit as e: out[script] = (e.code or 0, buf.getvalue())
    except BaseException: out[script] = ('error', traceback.format_exc())
print(json.dumps(out))
'''

def test_every_bench_script_starts():
    scripts = sorted(str(p) for p in BENCH.glob('*.py'))
    r = subprocess.run([sys.executable, '-c', DRIVER, *scripts], capture_output=True, text=True, cwd=BENCH.parent, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    res = json.loads(r.stdout.strip().splitlines()[-1])
    assert sorted(res) == scripts
    bad = {Path(s).name: v for s, v in res.items() if v[0] != 0 or len(v[1]) < 100}
    assert not bad, bad
