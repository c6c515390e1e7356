"""Samples classified by the run's detector, against the run's own classifier on the same samples: a sample's class is the
class of its best-scoring location when that score clears a threshold chosen on the validation samples, else `ok`; or (a second
row, its own threshold) the class of the box above the threshold nearest the sample's centre, since a crop is cut around its defect
and may hold others; test is scored once. Intervals resample groups (tiles, boards).

DeepPCB crops of the benchmark manifest, by the detector of run 13 (`runs/r10`):

    python bench/classify_by_detector.py --run runs/r10 --manifest bench/data_real/manifest.csv --source deeppcb \
        --boards bench/data_real/deeppcb_full.csv --out bench/results/crops_by_detector

With `--in_board` (DeepPCB, run 15's detector in `runs/r12`), each crop is also read from its whole board as the product inspects a
board: the found box nearest the crop's centre among those centred inside it, else `ok`; at the run's board setting and at a threshold
chosen on the validation crops:

    python bench/classify_by_detector.py --run runs/r12 --manifest bench/data_real/manifest.csv --source deeppcb \
        --boards bench/data_real/deeppcb_full.csv --out bench/results/crops_by_detector_r12b --in_board

Magnetic Tile photos, by a detector first trained on the boxes of their masks (`--train_steps`; photos at their own pixels):

    python bench/real_data.py --mt_photos runs/mt/data/manifest.csv   # the whole photos (dd_unify cuts crops around the defects)
    dd_train --manifest runs/mt/data/manifest.csv --out runs/mt/tiles128 --weights lite0 --size 128 --bs 32 --epochs 8 --seed 42 --no_resume
    python bench/classify_by_detector.py --run runs/mt/tiles128 --manifest runs/mt/data/manifest.csv --source magnetic_tile --out runs/mt/det --train_steps 800

Writes OUT/classify_by_detector.json and prints a table."""
import argparse, json, shutil, sys
from pathlib import Path
import numpy as np, pandas as pd
from fastprogress.fastprogress import progress_bar
from defect_detection.core import atomic_write, load_meta, save_meta
from defect_detection.data import mask_box_rows, open_sample
from defect_detection.detect import DetectConfig, train_detector
from defect_detection.evaluate import evaluate, predict
from defect_detection.metrics import summary_metrics, confusion
from defect_detection.inference import Predictor, whole_params, nms
from defect_detection.manifest import load_manifest

ap = argparse.ArgumentParser()
ap.add_argument('--run', required=True); ap.add_argument('--manifest', required=True); ap.add_argument('--source', required=True)
ap.add_argument('--out', required=True, help='results (and, with --train_steps, the run copy the detector is trained in)')
ap.add_argument('--train_steps', type=int, default=0, help='train a detector on the boxes of the masks first, in a copy of RUN at OUT')
ap.add_argument('--bs', type=int, default=8); ap.add_argument('--seed', type=int, default=0)
ap.add_argument('--split', default='test', help="scored once after choosing on 'valid'")
ap.add_argument('--boards', default='', help="every box of each board (real_data.py's deeppcb_full.csv): also count the errors that name another defect inside the crop")
ap.add_argument('--in_board', action='store_true', help="with --boards: also read each crop from its whole board, inspected as a user's board is (`Predictor.inspect_whole`): the class of the found box nearest the crop's centre among those centred inside it, else ok; at the run's board setting and at a threshold chosen on the validation crops")
a = ap.parse_args()

df = load_manifest(a.manifest); df = df[df.source == a.source]
out, run = Path(a.out), Path(a.run)
out.mkdir(parents=True, exist_ok=True)
if a.train_steps:   # a masked source: boxes from its masks, photos inspected at their own pixels
    if not (out/'model.json').exists(): shutil.copytree(run, out, dirs_exist_ok=True)
    run, meta = out, load_meta(out)
    sizes = df.drop_duplicates('path').groupby(['width', 'height']).size().sort_values(ascending=False).index[:5]
    meta['scales'] = {a.source: dict(crop_side=meta['size'], sizes=[[int(w), int(h)] for w, h in sizes],
                                     classes=sorted(df[df.defective.astype(bool)].label.unique()))}
    save_meta(out, meta)
    if 'detector' not in meta:
        info = train_detector(out, mask_box_rows(df), DetectConfig(steps=a.train_steps, bs=a.bs, seed=a.seed))
        if 'stopped_at' in info: sys.exit(f"stopped at step {info['stopped_at']}: run the same command to go on")
meta = load_meta(run)
if 'detector' not in meta: sys.exit(f'{run} has no detector (dd_detect, or --train_steps here)')
d = meta['detector']; print(f"detector of {run}: {d['steps']} steps, {d['seconds']:.0f} s, on {d['boards']} images of {', '.join(d['sources'])}")

pr = Predictor(run, threads=2)
classes, det_classes = meta['classes'], d['classes']
scale = dict(meta['scales'][a.source], source=a.source)
rows = {s: df[df.split == s].drop_duplicates(['path', 'box']).reset_index(drop=True) for s in dict.fromkeys(('valid', a.split))}
def look(r):   # each class's best score anywhere in the sample, and every box from 0.05 up: (class, score, distance of its centre from the sample's)
    im = open_sample(r.path, r.box); found, _, _, b = pr.detect(im, scale, 0.05); W, H = im.size
    return b, [(d.cls, d.score, np.hypot((d.box[0] + d.box[2] - W)/2, (d.box[1] + d.box[3] - H)/2)) for d in found]
seen = {s: [look(r) for r in progress_bar(list(v.itertuples()), leave=False)] for s, v in rows.items()}
best = {s: np.array([b for b, _ in v]) for s, v in seen.items()}

def by_detector(s, t, central=False):
    "The class of the best-scoring location above `t`; `central`: of the box above `t` nearest the sample's centre (crops are cut around their defect)."
    b, v = best[s], rows[s]
    if central: pred = [min((d for d in f if d[1] >= t), key=lambda d: d[2], default=('ok',))[0] for _, f in seen[s]]
    else: pred = np.where(b.max(1) >= t, np.array(det_classes)[b.argmax(1)], 'ok')
    p = pd.DataFrame(dict(path=v.path, label=v.label, pred=pred, source=v.source, group=v.group))
    for c in classes: p[f'p_{c}'] = b[:, det_classes.index(c)] if c in det_classes else 1 - b.max(1)
    p.attrs.update(classes=classes, defective=meta['defective']); return p

grid = np.round(np.arange(0.05, 0.96, 0.025), 3)
def choose(central):
    vf1 = [summary_metrics(confusion(rows['valid'].label, by_detector('valid', t, central).pred, classes))['f1_macro'] for t in grid]
    t = float(grid[int(np.argmax(vf1))])
    print(f"{'the box nearest the centre' if central else 'the best location'}: threshold chosen on {len(rows['valid'])} validation samples: {t} (macro-F1 there {max(vf1):.3f})")
    return t
t, tc = choose(False), choose(True)
res, table = dict(run=str(run), source=a.source, threshold=t, threshold_central=tc, detector_steps=d['steps']), []
boxes = {}
from defect_detection.data import parse_box
if a.boards:   # the classes of every defect at least half inside each crop (its own and others of its board)
    from defect_detection.explain import true_boxes
    for r in pd.read_csv(a.boards, keep_default_na=False).itertuples():
        if r.defect_box: boxes.setdefault(r.group, []).append((r.label, parse_box(r.defect_box)))
in_board = {}
if a.in_board:   # each crop's region read from its whole board, as the product inspects a board
    if not a.boards: sys.exit('--in_board needs --boards')
    board_of = load_manifest(a.boards).drop_duplicates('group').set_index('group').path
    wp = whole_params(meta)
    # decoded once from 0.05 up and put through the run's NMS: NMS drops a box by higher-scoring ones only, so the boxes above any
    # threshold are what `inspect_whole` keeps at it (`boards.fit_whole` relies on the same)
    kept = {g: nms(pr.detect(open_sample(board_of[g]), scale, 0.05)[0], wp['nms_iou'])
            for g in progress_bar(sorted({g for v in rows.values() for g in v.group}), leave=False)}
    def from_board(s, t):
        pred, P = [], np.zeros((len(rows[s]), len(classes)), np.float32)
        for i, r in enumerate(rows[s].itertuples()):
            x0, y0, x1, y1 = parse_box(r.box)
            ds = [d for d in kept[r.group] if d.score >= t and x0 <= (d.box[0] + d.box[2])/2 < x1 and y0 <= (d.box[1] + d.box[3])/2 < y1]
            pred.append(min(ds, key=lambda d: np.hypot(d.box[0] + d.box[2] - x0 - x1, d.box[1] + d.box[3] - y0 - y1)).cls if ds else 'ok')
            for d in ds: P[i, classes.index(d.cls)] = max(P[i, classes.index(d.cls)], d.score)
        for k, c in enumerate(classes):
            if not meta['defective'][c]: P[:, k] = 1 - P.max(1)
        p = pd.DataFrame(dict(path=rows[s].path, label=rows[s].label, pred=pred, source=rows[s].source, group=rows[s].group))
        for k, c in enumerate(classes): p[f'p_{c}'] = P[:, k]
        p.attrs.update(classes=classes, defective=meta['defective']); return p
    tb = float(grid[int(np.argmax([summary_metrics(confusion(rows['valid'].label, from_board('valid', t).pred, classes))['f1_macro'] for t in grid]))])
    in_board = {s: [(f"whole board, run's setting ({wp['detect_above']})", from_board(s, wp['detect_above'])),
                    (f'whole board, threshold {tb} chosen on valid crops', from_board(s, tb))] for s in rows}
    print(f"crops read from {len(kept)} whole boards (NMS {wp['nms_iou']}): at the run's board setting, fitted on validation boards (detect above {wp['detect_above']}), "
          f"and at a threshold chosen on the validation crops ({tb})")
def inside(r):   # explain.true_boxes' rule: at least half of the box inside the crop
    c = parse_box(r.box); return {l for l, b in boxes.get(r.group, []) if true_boxes(r._asdict(), (c[2] - c[0], c[3] - c[1]), [b])}
for s in rows:
    ins = [inside(v) for v in rows[s].itertuples()] if boxes else []
    cp = predict(a.run, rows[s], progress=False)   # the run's classifier (of RUN itself: the copy's is the same)
    ok = cp.assign(pred='ok', **{f'p_{c}': float(not meta['defective'][c]) for c in classes}); ok.attrs.update(cp.attrs)
    for name, p, nb in (('detector', by_detector(s, t), 1000), ('detector, box nearest the centre', by_detector(s, tc, True), 1000),
                        *[(f'detector on the {n}, box nearest the crop centre', p, 1000) for n, p in in_board.get(s, [])],
                        ('classifier', cp, 1000), ('every sample ok', ok, 0)):
        r = evaluate(p, n_boot=nb); o, dv = r['overall'], r['defect_vs_ok']
        other = {}
        if boxes:   # an error that names another defect inside the crop: the crop holds two answers
            alt = np.array([pr_ != l and pr_ in i for pr_, l, i in zip(p.pred, p.label, ins)])
            q = p.assign(label=np.where(alt, p.pred, p.label)); q.attrs.update(p.attrs)
            other = dict(errors=int((p.pred != p.label).sum()), naming_another_defect_inside=int(alt.sum()),
                         f1_macro_either=summary_metrics(confusion(q.label, q.pred, classes))['f1_macro'])
        table.append(dict(split=s, model=name, n=o['n'], groups=rows[s].group.nunique(), accuracy=o['accuracy'], f1_macro=o['f1_macro'],
                          f1_ci=[round(v, 3) for v in r['ci95']['f1_macro']] if r['ci95'] else None, miss_rate=dv['miss_rate'],
                          false_alarm_rate=dv['false_alarm_rate'], auroc_p_defect=dv['auroc_p_defect'],
                          **other, per_class_f1={c: round(float(v['f1']), 3) for c, v in r['per_class'].items()}))
res['rows'] = table
tab = pd.DataFrame(table)
with pd.option_context('display.width', 200):
    print(tab.drop(columns='per_class_f1').to_string(index=False, float_format='%.3f'))
for r in table: print(r['split'], r['model'], r['per_class_f1'])
with atomic_write(out/'classify_by_detector.json') as f: json.dump(res, f, indent=1, default=float)
print('wrote', out/'classify_by_detector.json')
