"""Benchmark: train on real data (Magnetic Tile + DeepPCB crops, see real_data.py for the protocol) and score the
held-out test split with `evaluate_run`: accuracy, macro-F1 (95% bootstrap intervals), per class and per source.

Prints a table and writes <out>/bench_train_real.json (with the per-class report) beside the run folder.
Usage: python bench/bench_train_real.py [--manifest bench/data_real/manifest.csv] [--size 128 --epochs 6 ...]
Intervals resample groups (a Magnetic Tile tile, a DeepPCB board image); the most-common-class answer is printed beside."""
import argparse, json, time, platform, os, sys
from pathlib import Path
import numpy as np, pandas as pd, torch
from defect_detection.core import find_shared_data, get_device, load_meta
from defect_detection.manifest import load_manifest, save_manifest
from defect_detection.train import TrainConfig, train
from defect_detection.evaluate import evaluate_run

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--manifest', default=str(Path(__file__).parent/'data_real'/'manifest.csv'))
ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'train_real'))
ap.add_argument('--boards', default=str(Path(__file__).parent/'data_real'/'deeppcb_full.csv'), help="every box of each DeepPCB board, for the board windows (real_data.py writes it; '' for none)")
ap.add_argument('--board_windows', type=int, default=4)
ap.add_argument('--split', default='test', choices=['valid', 'test'], help='the split scored: valid while choosing settings (a sweep), test once after choosing')
ap.add_argument('--weights', default='lite0'); ap.add_argument('--arch', default=None)
ap.add_argument('--size', type=int, default=128); ap.add_argument('--epochs', type=int, default=6)
ap.add_argument('--bs', type=int, default=32); ap.add_argument('--lr', type=float, default=3e-3)
ap.add_argument('--label_smoothing', type=float, default=0.1)
ap.add_argument('--erasing', type=float, default=0.2); ap.add_argument('--blur', type=float, default=0.2)
ap.add_argument('--num_workers', type=int, default=0); ap.add_argument('--device', default=None)
ap.add_argument('--pcb_train', type=int, default=0, help='use at most this many DeepPCB train crops per class (0: all in the manifest)')
ap.add_argument('--threads', type=int, default=0, help='torch CPU threads (0: default)')
a = ap.parse_args()
if a.threads: torch.set_num_threads(a.threads)

man = Path(a.manifest)
if not man.exists():
    if find_shared_data(Path(__file__).parent) is None: sys.exit('SKIPPED: ../shared/data is absent, so there is no real data to benchmark on')
    sys.exit(f'{man} is missing: make it with `python bench/real_data.py`')
df = load_manifest(man)
if a.pcb_train:
    keep = df[(df.source == 'deeppcb') & (df.split == 'train')].sample(frac=1, random_state=42).groupby('label').head(a.pcb_train)
    df = df[~((df.source == 'deeppcb') & (df.split == 'train')) | df.index.isin(keep.index)].reset_index(drop=True)
out = Path(a.out)
cfg = TrainConfig(arch=a.arch, weights=a.weights, board_windows=a.board_windows, size=a.size, bs=a.bs, epochs=a.epochs, lr=a.lr,
                  label_smoothing=a.label_smoothing, erasing=a.erasing, blur=a.blur, num_workers=a.num_workers, device=a.device)
t0 = time.time()
learn = train(df, out, cfg, resume=True, boards=a.boards or None)
train_s = time.time() - t0
n_train = int((df.split == 'train').sum())

t0 = time.time()
ev = evaluate_run(out, df, a.split, n_boot=1000)
eval_s = time.time() - t0
hist = pd.read_csv(out/'history.csv')
o, d = ev['overall'], ev['defect_vs_ok']
res = dict(device=str(get_device(a.device)), torch_threads=torch.get_num_threads(), machine=f'{platform.machine()} {os.cpu_count()} cores',
           gpu=torch.cuda.get_device_name() if torch.cuda.is_available() else None,
           config=vars(a), split=a.split, n_train=n_train, n_valid=int((df.split == 'valid').sum()), n_scored=o['n'],
           train_seconds=round(train_s, 1), train_img_per_s=round(n_train*len(hist)/train_s, 1), eval_seconds=round(eval_s, 1),
           test_accuracy=o['accuracy'], test_macro_f1=o['f1_macro'], ci95=ev['ci95'], defect_vs_ok=d,
           per_source=ev['per_source'], per_class=ev['per_class'], reference_protocol=ev['reference_protocol'],
           baseline=ev['baseline'], best_epoch=int(load_meta(out)['best_epoch']), history=hist.to_dict('records'))
(out/'bench_train_real.json').write_text(json.dumps(res, indent=2, default=str))
print(f"\n{'class':<18}{'precision':>10}{'recall':>10}{'f1':>8}{'n':>6}")
for k, v in ev['per_class'].items(): print(f"{k:<18}{v['precision']:>10.3f}{v['recall']:>10.3f}{v['f1']:>8.3f}{int(v['support']):>6}")
ci = lambda v, k: '[{:.4f}, {:.4f}]'.format(*v['ci95'][k]) if v.get('ci95', {}).get(k) else ''
for s_, v in ev['per_source'].items(): print(f"{s_:<18} accuracy {v['accuracy']:.4f} {ci(v, 'accuracy')}  macro-F1 {v['f1_macro']:.4f} {ci(v, 'f1_macro')}  (n={v['n']}; intervals resample groups: tiles, boards)")
b = ev['baseline']; print(f"trivial baseline ({b['rule']}): accuracy {b['accuracy']:.4f}, macro-F1 {b['f1_macro']:.4f}")
print(f"defect vs ok: miss rate {d['miss_rate']:.4f}, false alarms {d['false_alarm_rate']:.4f}, AUROC {d['auroc_p_defect']:.4f}")
print(f"{a.split.upper()} accuracy {o['accuracy']:.4f} [{ev['ci95']['accuracy'][0]:.4f}, {ev['ci95']['accuracy'][1]:.4f}]  macro-F1 {o['f1_macro']:.4f} "
      f"[{ev['ci95']['f1_macro'][0]:.4f}, {ev['ci95']['f1_macro'][1]:.4f}] | train {train_s/60:.1f} min, {res['train_img_per_s']} img/s on {res['device']}"
      f"{' ' + res['gpu'] if res['gpu'] else ''}")
print(f'wrote {out/"bench_train_real.json"}')
