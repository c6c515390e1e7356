"""Every script in bench/ still imports what it uses from the package and parses its options (`--help`), so a rename in the
package cannot leave a benchmark broken unseen. The scorers that figures rest on (`score_coco.py`, `score_defects_csv.py`),
the COCO writer of DeepPCB and the class-map benchmark also run on the shipped sample with known answers (the indexing
benchmark runs small in test_project.py). Running the benchmarks on real data is their own job (bench/README.md).

The `--help` runs go one after another in one Python process (`runpy`, each as `__main__`), so torch and fastai are imported
once rather than once a script."""
import json, subprocess, sys
import pandas as pd
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent/'bench'
DRIVER = r'''
import contextlib, io, json, runpy, sys, traceback
out = {}
for script, args in json.loads(sys.argv[1]):
    sys.argv = [script, *args]; buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf): runpy.run_path(script, run_name='__main__')
        out[script + ' ' + ' '.join(args)] = ('no exit', buf.getvalue())
    except SystemExit as e: out[script + ' ' + ' '.join(args)] = (e.code or 0, buf.getvalue())
    except BaseException: out[script + ' ' + ' '.join(args)] = ('error', traceback.format_exc())
print(json.dumps(out))
'''

def test_every_bench_script_starts(tmp_path):
    """Every script parses its options; and, in the same process (torch imported once), the class-map benchmark runs on three
    sample images at 64 px: its maps agree with grad-cam's (the package's own GradCAM) and it writes its table."""
    scripts = sorted(str(p) for p in BENCH.glob('*.py'))
    explain = [str(BENCH/'bench_explain.py'), ['--n', '3', '--size', '64', '--out', str(tmp_path)]]
    r = subprocess.run([sys.executable, '-c', DRIVER, json.dumps([[s, ['--help']] for s in scripts] + [explain])],
                       capture_output=True, text=True, cwd=BENCH.parent, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    res = json.loads(r.stdout.strip().splitlines()[-1])
    assert sorted(k for k in res if k.endswith(' --help')) == [s + ' --help' for s in scripts]
    bad = {Path(k).name: v for k, v in res.items() if k.endswith(' --help') and (v[0] != 0 or len(v[1]) < 100)}
    assert not bad, bad
    ran = res[explain[0] + ' ' + ' '.join(explain[1])]
    assert ran[0] in ('no exit', 0), ran
    e = json.loads((tmp_path/'bench_explain.json').read_text())
    assert e['images'] == 3 and e['map_correlation_min'] > 0.99, e

ROOT = BENCH.parent

def run(script, *args):
    r = subprocess.run([sys.executable, str(BENCH/script), *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, (script, r.stdout[-1500:], r.stderr[-3000:])
    return r.stdout

def test_bench_scorers_on_the_shipped_boards(tmp_path):
    """The scorers a figure rests on, run on the shipped sample boards (DeepPCB's layout) with known answers: the boards written
    as a user's COCO set hold every box of `read_deeppcb`; the true boxes as found score mAP 1 with pycocotools and F 1 with
    DeepPCB's protocol; boxes moved off their defect score less."""
    from defect_detection.data import read_deeppcb, parse_box
    sample = ROOT/'data'/'sample'/'PCB'/'DeepPCB'
    df = read_deeppcb(sample); test = df[(df.split == 'test') & df.defective]
    run('deeppcb_as_coco.py', '--out', tmp_path/'coco', '--deeppcb', sample)
    truth = json.loads((tmp_path/'coco'/'instances_test.json').read_text())
    assert len(truth['annotations']) == len(test) and len(truth['images']) == df[df.split == 'test'].path.nunique()
    def score(anns, name):
        (tmp_path/name).write_text(json.dumps(dict(truth, annotations=anns)))
        run('score_coco.py', '--truth', tmp_path/'coco'/'instances_test.json', '--found', tmp_path/name, '--json', tmp_path/f'{name}.score')
        return json.loads((tmp_path/f'{name}.score').read_text())
    exact = score([dict(a, score=0.9) for a in truth['annotations']], 'exact.json')
    assert exact['map_50'] == 1.0 and exact['map_50_95'] == 1.0 and exact['true_boxes'] == len(test)
    moved = score([dict(a, score=0.9, bbox=[a['bbox'][0] + (a['bbox'][2] + 5)*(k % 2), *a['bbox'][1:]]) for k, a in enumerate(truth['annotations'])], 'moved.json')
    assert 0.2 < moved['map_50'] < 0.8, moved                      # half the boxes moved off their defect
    assert score([], 'none.json')['map_50'] == 0.0
    # DeepPCB's own protocol on a defects.csv: the true boxes found, then one class wrong on every board
    res, rows = tmp_path/'results.csv', []
    pd.DataFrame(dict(path=sorted(set(test.path)), decision='defect')).to_csv(res, index=False)
    for k, (p, c, b) in enumerate(zip(test.path, test.label, test.defect_box)):
        x1, y1, x2, y2 = parse_box(b); rows.append(dict(path=p, score=0.9, x1=x1, y1=y1, x2=x2, y2=y2, **{'class': c}))
    pd.DataFrame(rows).to_csv(tmp_path/'defects.csv', index=False)
    assert 'F-score 1.000' in run('score_defects_csv.py', tmp_path/'defects.csv', res)
    first = {r['path']: i for i, r in reversed(list(enumerate(rows)))}
    for i in first.values(): rows[i]['class'] = 'spur' if rows[i]['class'] != 'spur' else 'short'
    pd.DataFrame(rows).to_csv(tmp_path/'defects.csv', index=False)
    want = (len(rows) - len(first))/len(rows)
    assert f'F-score {want:.3f}' in run('score_defects_csv.py', tmp_path/'defects.csv', res)
