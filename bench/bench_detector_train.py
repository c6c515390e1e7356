"""The detector's training step on this CPU, its weights in the default layout (NCHW) against channels-last (NHWC, what
`train_detector` uses): the same windows, seeds and optimiser, timed in turn.

    python bench/bench_detector_train.py --run runs/demo/train --manifest runs/demo/data/manifest.csv

Builds the run's detector as `train_detector` does (`build_detector` over the run's EfficientNet, `DetectWindows` of its
training boards at inspection scale, `detector_boards`), then per layout: `--warmup` steps untimed, `--steps` timed (windows drawn before the
clock starts, each layout given the same ones), in `--rounds` alternating rounds; the median step time, the ratio, and the
largest difference of the summed loss after the first step (the layouts differ only in summation order). Prints a table and
writes bench/results/bench_detector_train.json."""
import argparse, json, random, time
from pathlib import Path
import numpy as np, torch
from defect_detection.core import atomic_write
from defect_detection.detect import DetectWindows, detector_boards
from defect_detection.detector import build_detector
from defect_detection.manifest import load_manifest
from defect_detection.models import load_model_files

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default='runs/demo/train'); ap.add_argument('--manifest', default='runs/demo/data/manifest.csv')
ap.add_argument('--window', type=int, default=384); ap.add_argument('--bs', type=int, default=4)
ap.add_argument('--steps', type=int, default=5); ap.add_argument('--warmup', type=int, default=2); ap.add_argument('--rounds', type=int, default=3)
ap.add_argument('--out', default='bench/results')
a = ap.parse_args()
torch.manual_seed(0); random.seed(0)
model, meta = load_model_files(a.run, torch.device('cpu'))
d = meta.get('detector') or {}
boards, classes = detector_boards(load_manifest(a.manifest), meta, sides=d.get('sides'), thin=(d.get('config') or {}).get('thin', 0.0))   # as train_detector takes them, at its detector's scales
wins = DetectWindows(boards, classes, a.window)
batches = [wins.batch(a.bs) for _ in range(a.warmup + a.steps)]   # the same windows for both layouts
start = {k: v.clone() for k, v in build_detector(model, classes, meta['mean'], meta['std'], 64, 2, a.window).state_dict().items()}   # copies: every detector built wraps the same `model`, which a run trains in place

def run(fmt):
    "Step times (s) and the first step's loss of a fresh detector whose weights are in `fmt`."
    det = build_detector(model, classes, meta['mean'], meta['std'], 64, 2, a.window); det.load_state_dict(start)
    det = det.to(memory_format=fmt).train(); opt = torch.optim.AdamW(det.parameters(), 1e-4); times, first = [], None
    torch.manual_seed(0)   # the same stochastic-depth draws for both layouts
    for i, (xs, ts) in enumerate(batches):
        det.transform.min_size, det.transform.max_size = (min(xs[0].shape[1:]),), max(xs[0].shape[1:])
        t0 = time.perf_counter(); loss = sum(det(xs, ts).values()); opt.zero_grad(); loss.backward(); opt.step(); dt = time.perf_counter() - t0
        if first is None: first = loss.item()
        if i >= a.warmup: times.append(dt)
    return times, first

layouts = {'NCHW (default)': torch.contiguous_format, 'channels-last (train_detector)': torch.channels_last}
res = {k: dict(times=[], first_loss=None) for k in layouts}
for r in range(a.rounds):
    for k, fmt in (layouts.items() if r % 2 == 0 else reversed(layouts.items())):
        t, first = run(fmt); res[k]['times'] += t; res[k]['first_loss'] = first
base = float(np.median(res['NCHW (default)']['times']))
print(f"\ndetector training step, {a.bs} windows of {a.window} px, {len(boards)} boards of {a.run}; {a.steps} steps x {a.rounds} rounds a layout\n")
print(f"{'layout':34s} {'median s a step':>16s} {'speed-up':>9s} {'first loss':>11s}")
for k, v in res.items():
    m = float(np.median(v['times'])); v.update(median_s=m, speedup=base/m)
    print(f"{k:34s} {m:16.3f} {base/m:8.2f}x {v['first_loss']:11.4f}")
diff = abs(res['NCHW (default)']['first_loss'] - res['channels-last (train_detector)']['first_loss'])
print(f"\nfirst step's loss differs by {diff:.2e}")
out = Path(a.out)/'bench_detector_train.json'; out.parent.mkdir(parents=True, exist_ok=True)
with atomic_write(out, 'w') as f: json.dump(dict(args=vars(a), boards=len(boards), loss_diff=diff, layouts=res), f, indent=1)
print(f'wrote {out}')
