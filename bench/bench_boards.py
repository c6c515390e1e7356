"""Whole-board inspection on DeepPCB: every defect found, classified and boxed, scored under DeepPCB's protocol.

    python bench/real_data.py                     # the benchmark manifest (boards kept whole, crops as rows)
    dd_train --manifest bench/data_real/manifest.csv --boards bench/data_real/deeppcb_full.csv --out runs/boards128_win \
             --weights lite0 --size 128 --epochs 6 --bs 32
    python bench/bench_boards.py --run runs/boards128_win
    dd_detect --run runs/boards128_win --manifest bench/data_real/deeppcb_full.csv   # then the same again: the detector beside the class maps

1. The whole-image thresholds are fitted on validation boards (the DeepPCB trainval images the manifest holds out as `valid`):
   the best F-score, among the settings finding `--min_recall` of the defects in any class where that is given.
2. The official test list (500 boards; with `--split groups`, the boards of the test designs) is scored once (`boards.evaluate_boards`): DeepPCB protocol (class match and
   IoU > 0.33; precision, recall, F-score, 95 % intervals resampling boards), mAP@0.5, class-agnostic recall, false boxes
   per board, and per board design; beside a central box per board and a sliding window of the same classifier without maps (on
   `--baseline_boards` boards, with ours on the same boards).
3. Speed: one 640 x 640 board with every defect boxed (`Predictor.inspect_whole`, ONNX Runtime) against the bare ONNX
   forward of the network that inspects it (the detector's where the run has one and `fit_whole` chose it) on the same input,
   medians over `--rounds` passes of 20 boards.
Prints tables and writes bench/results/bench_boards.json."""
import argparse, json, re, time
from pathlib import Path
import numpy as np
from defect_detection.core import find_shared_data, atomic_write
from defect_detection.data import open_sample
from defect_detection.manifest import unify
from defect_detection.inference import Predictor, inspection_scale, export_onnx
from defect_detection.boards import fit_whole, evaluate_boards, boards_table, board_truth, score_boards

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default='runs/boards128'); ap.add_argument('--valid_boards', type=int, default=150)
ap.add_argument('--baseline_boards', type=int, default=100); ap.add_argument('--rounds', type=int, default=3)
ap.add_argument('--skip_fit', action='store_true', help='keep the whole-image thresholds already in model.json')
ap.add_argument('--split', default='official', choices=['official', 'groups'], help="the split the run was trained on (real_data.py's --split)")
ap.add_argument('--keep_head', action='store_true', help='compare the whole-image head already in the run with the classifier head instead of fitting it again')
ap.add_argument('--min_recall', type=float, default=0.0, help="the class-agnostic recall the whole-image setting must reach on the validation boards (fit_whole's min_recall)")
ap.add_argument('--picture', default=None, help='also draw the two best and the two worst test boards (true and found boxes) into this image file')
a = ap.parse_args()
shared = find_shared_data(Path(__file__).parent)
if shared is None: raise SystemExit('../shared/data is absent: this benchmark needs DeepPCB')
df = unify(shared, sources=['deeppcb'], seed=42, split=a.split)   # every box of every board, split as in bench/real_data.py
export_onnx(a.run)
out = dict(run=a.run, split=a.split)
if not a.skip_fit:
    t0 = time.time(); w = fit_whole(a.run, df, 'valid', max_boards=a.valid_boards, head=not a.keep_head, min_recall=a.min_recall, progress=True)
    print(f"fitted on {w['fitted_on']['boards']} valid boards in {time.time() - t0:.0f} s: detect_above {w['detect_above']}, "
          f"box_scale {w['box_scale']}, nms_iou {w['nms_iou']}, per_class {w['per_class']}, maps {w['maps']}, valid F-score {w['fitted_on']['fscore']:.3f}, class-agnostic recall {w['fitted_on']['recall_any_class']:.3f} "
          f"({', '.join(f'{k[7:]} {v:.3f}' for k, v in w['fitted_on'].items() if k.startswith('fscore_'))})")
    out['fit'] = w
r = evaluate_boards(a.run, df, 'test', baseline_boards=a.baseline_boards, progress=True)['deeppcb']
found = r.pop('found')
# per board design (`groupNNNNN`): with designs kept whole, how much the figure depends on which designs are new
truth = board_truth(df, 'test', ['deeppcb']); design = lambda p: re.search(r'group\d+', str(p)).group()
r['per_design'] = {g: score_boards({p: found[p] for p in truth if design(p) == g}, {p: t for p, t in truth.items() if design(p) == g})[0]
                   for g in sorted({design(p) for p in truth})}
print(f"\nDeepPCB test ({'official list' if a.split == 'official' else 'board designs kept whole'}), run {a.run}, scored once ({r['seconds']:.0f} s for {r['ours']['boards']} boards):\n{boards_table(r)}")
o, ci = r['ours'], r['ours']['intervals']
print(f"ours, 95 % by boards: any-class recall {o['recall_any_class']:.3f} [{ci['recall_any_class'][0]:.3f}, {ci['recall_any_class'][1]:.3f}], "
      f"false boxes a board {o['false_per_board']:.2f} [{ci['false_per_board'][0]:.2f}, {ci['false_per_board'][1]:.2f}]")
print('AP@0.5 per class (ours): ' + ', '.join(f'{c} {v:.3f}' for c, v in r['ours']['per_class'].items()))
print('per board design (ours): ' + '; '.join(f"{g} {v['boards']} boards F {v['fscore']:.3f}, {v['false_per_board']:.2f} false/board" for g, v in r['per_design'].items()))
out['test'] = r
if a.picture:   # where it works and where it fails: the test boards are drawn after scoring, nothing is chosen on them
    import matplotlib; matplotlib.use("Agg")
    from defect_detection.boards import show_best_and_worst
    fig = show_best_and_worst(found, truth)
    fig.savefig(a.picture, dpi=72, pil_kwargs=dict(quality=80)); print(f'wrote {a.picture}')

pr = Predictor(a.run)
paths = sorted({p for p in df[(df.split == 'test') & (df.source == 'deeppcb')].path})[:20]
sc = inspection_scale(pr.meta, (640, 640), 'whole'); f = pr.meta['size']/sc['crop_side']
# the bare forward of what inspects the board: the detector's network on its input size, or the classifier's on the board
det = pr.uses_detector(sc); S, _ = pr.detector_size((640, 640), sc) if det else (round(640*f),)*2
x = np.random.default_rng(0).standard_normal((1, 3, S, S)).astype(np.float32)
bare_forward = pr.detector_forward if det else pr.forward
imgs = [open_sample(p) for p in paths]; t_full, t_bare = [], []
for _ in range(a.rounds):
    for im in imgs:
        t = time.perf_counter(); pr.inspect_whole(im, sc); t_full.append(time.perf_counter() - t)
        t = time.perf_counter(); bare_forward(x); t_bare.append(time.perf_counter() - t)
full, bare = np.median(t_full)*1000, np.median(t_bare)*1000
out['speed'] = dict(board_ms=full, bare_onnx_ms=bare, ratio=full/bare, input=list(x.shape), boards=len(imgs), rounds=a.rounds, network='detector' if det else 'classifier')
print(f"\nspeed, median of {len(t_full)}: one 640 x 640 board with every defect boxed {full:.1f} ms; "
      f"bare ONNX forward of the {'detector' if det else 'classifier'} on the same {x.shape[2]} x {x.shape[3]} input {bare:.1f} ms; ratio {full/bare:.2f}")
res = Path(__file__).parent/'results'; res.mkdir(exist_ok=True)
with atomic_write(res/'bench_boards.json') as fh: json.dump(out, fh, indent=2, default=float)
print(f'wrote {res/"bench_boards.json"}')
