"""Every script in bench/ runs, small, on the shipped sample (`data/sample`, laid out as the public sets; `DD_SHARED` points
the real-data benchmarks at it) and a run trained on it in seconds with a detector of two steps, so a rename in the package,
or a change of what a function takes or returns, cannot leave a benchmark broken unseen; each also parses its options
(`--help`). The scorers that figures rest on (`score_coco.py`, `score_defects_csv.py`) and the COCO writer of DeepPCB run on the
shipped boards with known answers below; the indexing benchmark runs small in test_project.py. Running the benchmarks at
their real size is their own job (bench/README.md).

All of it runs in one Python process (`runpy`, each script as `__main__`, in a copy of bench/ so that what each writes to
bench/results lands in a scratch folder), so torch and fastai are imported once rather than once a script."""
import json, subprocess, sys
import pandas as pd
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent/'bench'
SMALL_ELSEWHERE = {'deeppcb_as_coco.py', 'score_coco.py', 'score_defects_csv.py', 'bench_index.py'}
DRIVER = r"""
import contextlib, io, json, logging, os, runpy, shutil, sys, traceback
from pathlib import Path
ROOT, T = Path(sys.argv[1]), Path(sys.argv[2])
os.environ['DD_SHARED'] = str(ROOT/'data'/'sample')
shutil.copytree(ROOT/'bench', T/'bench', ignore=shutil.ignore_patterns('results', 'data_real', '*.md')); B = T/'bench'
(T/'data').symlink_to(ROOT/'data')   # bench_predict reads the sample beside bench/
logging.getLogger('defect_detection').setLevel(logging.ERROR)
from defect_detection.manifest import unify, save_manifest
from defect_detection.train import TrainConfig, train
from defect_detection.detect import train_detector, DetectConfig
from defect_detection.inference import export_onnx
M, R = T/'manifest.csv', T/'run'
save_manifest(unify(ROOT/'data'/'sample', seed=0), M)
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    train(M, R, TrainConfig(arch='test_efficientnet', weights='none', size=32, bs=16, epochs=1, board_windows=0), resume=False)
    train_detector(R, M, DetectConfig(steps=2, bs=2, window=96, channels=32, convs=1), progress=False)
    export_onnx(R)
RR = T/'run_ref'; shutil.copytree(R, RR)   # the reference benchmark trains a pair classifier and detector in a copy
res, real = B/'results', T/'real'
SMALL = [   # in this order: real_data.py writes the manifest the real-data benchmarks read
    ('bench_explain.py', ['--n', 3, '--size', 64, '--out', res]),
    ('bench_detector_graph.py', ['--run', R, '--side', 96, '--n', 1, '--rounds', 1]),
    ('bench_detector_train.py', ['--run', R, '--manifest', M, '--window', 96, '--bs', 2, '--steps', 1, '--warmup', 0, '--rounds', 1, '--out', res]),
    ('boards_operating_points.py', ['--run', R, '--boards', 3, '--thresholds', 0.5]),
    ('bench_boards.py', ['--run', R, '--valid_boards', 3, '--baseline_boards', 2, '--rounds', 1]),
    ('bench_lookalike.py', ['--n', 300, '--baseline_n', 200, '--most', 1000]),
    ('bench_mirror.py', ['--run', R, '--manifest', M, '--images', 2, '--boards', 2, '--rounds', 1]),
    ('bench_whole_head.py', ['--run', R, '--manifest', M, '--max_locations', 500, '--boards', 3, '--out', res]),
    ('bench_reference.py', ['--run', RR, '--manifest', M, '--rule', '_test=_temp', '--registration_boards', 2, '--timing_boards', 2, '--train', '--epochs', 1, '--detector', 0.05, '--parts', 'registration,scores,time,misregistration']),
    ('classify_by_detector.py', ['--run', R, '--manifest', M, '--source', 'deeppcb', '--out', T/'cbd']),
    ('bench_inputs.py', ['--run', R, '--fuzz', 5, '--tiles', 2]),
    ('bench_lot.py', ['--run', R, '--n', 10, '--parts', 'scale']),
    ('own_set_commands.py', ['--layouts', 'roboflow_coco', '--steps', 2, '--work', T/'own']),
    ('user_files.py', ['--out', T/'user_files', '--n', 2]),
    ('bench_drawn.py', ['--data', ROOT/'data'/'sample', '--images', 1, '--boards', 2]),
    ('bench_predict.py', ['--arch', 'test_efficientnet', '--size', 32, '--n', 16, '--rounds', 1, '--out', res]),
    ('make_strip_set.py', ['--out', T/'strips', '--n', 4, '--size', '256x128']),
    ('make_rle_set.py', ['--out', T/'rle', '--n', 4, '--size', '320x64']),
    ('bench_train_loop.py', ['--manifest', M, '--n', 16, '--size', 32, '--bs', 8, '--epochs', 1, '--out', res]),
    ('bench_pipeline.py', ['--manifest', M, '--n', 16, '--size', 32, '--bs', 8, '--epochs', 1, '--workers', 0, '--steps', 2, '--no_compare']),
    ('probe_mt.py', ['--manifest', M, '--sizes', 32, '--C', 0.1, '--folds', 2, '--out', res/'probe_mt.json']),
    ('real_data.py', ['--out', real, '--k_train', 4, '--k_valid', 2, '--k_test', 2]),
    ('bench_train_real.py', ['--manifest', real/'manifest.csv', '--boards', real/'deeppcb_full.csv', '--out', T/'train_real', '--arch', 'test_efficientnet',
                             '--weights', 'none', '--size', 32, '--epochs', 1, '--bs', 8, '--board_windows', 0]),
    ('localise_real.py', ['--run', T/'train_real', '--max_per_class', 2]),
    ('bench_calibration_real.py', ['--manifest', real/'manifest.csv', '--boards', real/'deeppcb_full.csv', '--run', T/'train_real', '--out', T/'cal',
                                   '--epochs', 1, '--size', 32, '--pcb_train', 5, '--held_out', 'spur']),
]
out = {}
for script, args in [(p.name, ['--help']) for p in sorted(B.glob('*.py'))] + SMALL:
    sys.argv = [str(B/script), *map(str, args)]; buf = io.StringIO(); key = script + ' ' + ' '.join(sys.argv[1:])
    try:
        with contextlib.redirect_stdout(buf): runpy.run_path(str(B/script), run_name='__main__')
        out[key] = ('no exit', buf.getvalue())
    except SystemExit as e: out[key] = (e.code or 0, buf.getvalue())
    except BaseException: out[key] = ('error', traceback.format_exc())
print(json.dumps(dict(runs=out, small=[s for s, _ in SMALL])))
"""

def test_every_bench_script_runs_small(tmp_path):
    """Every script parses its options, and runs on the sample and a tiny run (or is run small in another test): it ends
    without an error and writes its results; a few of the figures the benchmarks print are checked where a tiny run still
    pins them (the class maps agree with grad-cam's, a killed lot resumes whole, the detector's ONNX graph agrees with torch)."""
    scripts = sorted(p.name for p in BENCH.glob('*.py'))
    r = subprocess.run([sys.executable, '-c', DRIVER, str(BENCH.parent), str(tmp_path)], capture_output=True, text=True, cwd=BENCH.parent, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    d = json.loads(r.stdout.strip().splitlines()[-1]); res = d['runs']
    assert sorted(k for k in res if k.endswith(' --help')) == [s + ' --help' for s in scripts]
    bad = {k: v for k, v in res.items() if k.endswith(' --help') and (v[0] != 0 or len(v[1]) < 100)}
    assert not bad, bad
    assert set(d['small']) | SMALL_ELSEWHERE == set(scripts), set(scripts) - set(d['small']) - SMALL_ELSEWHERE   # a new script needs a small run
    failed = {k: v[1][-2500:] for k, v in res.items() if not k.endswith(' --help') and v[0] not in ('no exit', 0)}
    assert not failed, failed
    out = tmp_path/'bench'/'results'
    e = json.loads((out/'bench_explain.json').read_text())
    assert e['images'] == 3 and e['map_correlation_min'] > 0.99, e
    lot = json.loads((out/'bench_lot.json').read_text())['scale']
    assert (lot['rows_after_resume'], lot['unique_paths'], lot['missing']) == (10, 10, 0) and lot['earlier_rows_unchanged'], lot
    g = json.loads((out/'bench_detector_graph.json').read_text())['graphs']
    assert max(v['max_abs_diff_vs_torch'] for v in g.values()) < 1e-3, g
    for f in ('bench_boards', 'bench_detector_train', 'bench_whole_head', 'boards_operating_points', 'bench_inputs', 'bench_predict', 'bench_train_loop',
              'bench_pipeline', 'probe_mt'):
        assert (out/f'{f}.json').exists(), f
    ref = [json.loads(f.read_text()) for f in out.glob('bench_reference_test_*.json')]
    assert len(ref) == 1 and 'detector' in ref[0]['fitted'] and 'detector' in ref[0]['scores'], ref   # the pair classifier and the pair detector trained, fitted and scored
    mis = ref[0]['misregistration']; assert mis['boards'] > 0 and list(mis['fscore']) == ['0', '1', '2', '3'] and all(len(v) == 3 for v in mis['fscore'].values()), mis   # each way at each registration error
    mi = json.loads((out/'bench_mirror.json').read_text())
    assert len(mi['ms']['one view']) == len(mi['ms']['mirror']) == 1 and mi['boards'] == 2, mi
    for f in ('train_real/bench_train_real.json', 'train_real/localisation_real.json', 'cal/bench_calibration_real.json', 'cbd/classify_by_detector.json', 'real/manifest.csv'):
        assert (tmp_path/f).exists(), f
    assert len(list((tmp_path/'strips').rglob('*.xml'))) == 4
    own = json.loads((out/'own_set_commands.json').read_text())
    assert own['failed'] == [] and [x['command'] for x in own['layouts']['roboflow_coco']] == ['dd_unify', 'dd_train', 'dd_detect', 'dd_export', 'dd_eval', 'dd_predict'], own
    assert (tmp_path/'own'/'roboflow_coco'/'predict'/'annotations'/'detections.json').exists()
    uf = json.loads((out/'user_files.json').read_text())['sets']   # every set's boxes on its drawn defects; the images of an unlisted category alone left out
    assert len(uf) == 8 and all(r.get('on_defect') == 1.0 for r in uf.values()), uf
    assert [r['images'] for r in uf.values()] == [2]*7 + [1], uf
    dr = json.loads((out/'bench_drawn.json').read_text())   # defects drawn on each sample set's defect-free images, registered back and found
    assert len(dr) == 3 and all(r['aligned'] == r['boards'] == 2 and r['found'] >= r['drawn'] - 1 for r in dr.values()), dr

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
