"""Whole-board operating points and misses on validation boards (never test): what lowering the detection threshold buys.

    python bench/boards_operating_points.py --run runs/boards128_hn2_win
    python bench/boards_operating_points.py --run runs/r8 --thresholds 0.3 0.4 0.45 0.5 0.55 0.6 0.7   # a run whose detector inspects boards

On the first `--boards` DeepPCB validation boards (by path; the manifest of `unify(..., sources=['deeppcb'], seed=42)`, as
bench_boards.py), every defect is found once at a low threshold (0.01; a run's detector keeps its boxes from 0.05; a higher threshold keeps exactly the boxes scoring at least that
much), then, per threshold: DeepPCB-protocol F-score, precision, recall, class-agnostic recall and unmatched boxes per board. Then the
class-agnostic misses at the run's own threshold: how many have a found box near them (localisation) and how many have none (evidence).
Of the misses a found box overlaps (IoU 0.1-0.33, misplaced): how many the true centre or the true size alone would fix.
Prints tables and writes bench/results/boards_operating_points.json."""
import argparse, json
from pathlib import Path
import numpy as np, pandas as pd
from defect_detection.core import find_shared_data, atomic_write
from defect_detection.manifest import unify
from defect_detection.inference import Predictor, whole_params
from defect_detection.boards import board_truth, predict_boards
from defect_detection.metrics import score_boards
from defect_detection.metrics import box_iou

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', required=True); ap.add_argument('--boards', type=int, default=150)
ap.add_argument('--thresholds', type=float, nargs='*', default=[0.01, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9, 0.99], help="the run's own is added")
a = ap.parse_args()
shared = find_shared_data(Path(__file__).parent)
if shared is None: raise SystemExit('../shared/data is absent: this benchmark needs DeepPCB')
df = unify(shared, sources=['deeppcb'], seed=42)
pr = Predictor(a.run, 'onnx'); prm = dict(whole_params(pr.meta)); own = prm['detect_above']
truth = board_truth(df, 'valid', list(pr.meta['scales'])); paths = sorted(truth)[:a.boards]
found = predict_boards(pr, paths, dict(prm, detect_above=0.01), progress=True)
def kept(p, t): return sorted([d for d in found[p] if d.score >= t], key=lambda d: -d.score)
rows = []
for t in sorted({*a.thresholds, own}):
    r, _ = score_boards({p: kept(p, t) for p in paths}, {p: truth[p] for p in paths})
    rows.append(dict(detect_above=t, fscore=r['fscore'], precision=r['precision'], recall=r['recall'], any_class_recall=r['recall_any_class'], false_per_board=r['false_per_board']))
ops = pd.DataFrame(rows)
print(f"{a.run}: {len(paths)} validation boards, {sum(len(truth[p]) for p in paths)} defects; the run's threshold {own}")
print(ops.to_string(index=False, float_format=lambda v: f'{v:.3f}'))
miss = []
for p in paths:
    f = kept(p, own); centre = lambda b: ((b[0] + b[2])/2, (b[1] + b[3])/2)
    for c, tb in truth[p]:
        if max((box_iou(d.box, tb) for d in f), default=0) > 0.33: continue
        near = min((np.hypot(centre(d.box)[0] - centre(tb)[0], centre(d.box)[1] - centre(tb)[1]) for d in f), default=np.inf)
        inside = any(tb[0] <= centre(d.box)[0] <= tb[2] and tb[1] <= centre(d.box)[1] <= tb[3] for d in f)
        # the best-overlapping found box, moved to the true centre (its own size) or resized to the true size (its own centre)
        best = max(f, key=lambda d: box_iou(d.box, tb), default=None); (tx, ty), fw, fh = centre(tb), 0, 0
        if best is not None: (fx, fy), fw, fh = centre(best.box), best.box[2] - best.box[0], best.box[3] - best.box[1]
        tw, th = tb[2] - tb[0], tb[3] - tb[1]
        miss.append(dict(cls=c, w=tw, h=th, centre_inside=inside, nearest_px=near, best_iou=box_iou(best.box, tb) if best else 0.0,
                         right_centre=bool(best) and box_iou((tx - fw/2, ty - fh/2, tx + fw/2, ty + fh/2), tb) > 0.33,
                         right_size=bool(best) and box_iou((fx - tw/2, fy - th/2, fx + tw/2, fy + th/2), tb) > 0.33))
ms = pd.DataFrame(miss)
n = lambda v: int(v.sum())
summary = dict(misses=len(ms), found_centre_inside=n(ms.centre_inside) if len(ms) else 0, nothing_within_32px=n(ms.nearest_px > 32) if len(ms) else 0,
               misplaced=n(ms.best_iou > 0.1) if len(ms) else 0, misplaced_fixed_by_true_centre=n((ms.best_iou > 0.1) & ms.right_centre) if len(ms) else 0,
               misplaced_fixed_by_true_size=n((ms.best_iou > 0.1) & ms.right_size) if len(ms) else 0)
print(f"class-agnostic misses at {own}: {summary['misses']}; a found box's centre inside the true box: {summary['found_centre_inside']}; no found box within 32 px: {summary['nothing_within_32px']}")
print(f"misplaced (a found box overlaps it, IoU 0.1-0.33): {summary['misplaced']}; of these, IoU > 0.33 once moved to the true centre: "
      f"{summary['misplaced_fixed_by_true_centre']}, once given the true size: {summary['misplaced_fixed_by_true_size']}")
if len(ms): print(ms.groupby('cls').agg(misses=('w', 'size'), centre_inside=('centre_inside', 'sum'), median_w=('w', 'median'), median_h=('h', 'median')).to_string())
rp = Path(__file__).parent/'results'/'boards_operating_points.json'
with atomic_write(rp) as fh: json.dump(dict(run=a.run, boards=len(paths), operating_points=rows, misses=summary), fh, indent=2, default=float)
print(f'wrote {rp}')
