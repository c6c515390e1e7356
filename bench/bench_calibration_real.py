"""Calibration and the novel-defect flag on real data (the benchmark data of real_data.py).

1. Calibrate the benchmark run (bench_train_real.py's run folder; a copy is made): temperature, ECE before/after on the
   valid split, thresholds with misses costing --cost_miss false alarms; then the test split's miss and false-alarm
   rates and review share under those thresholds.
2. Hold one class out (default DeepPCB `spur`): train Lite0 on the rest (short schedule), fit the novelty model, and
   report the AUROC of the novelty score for the held-out class against the test rows of the trained classes.
Prints the figures and writes bench_calibration_real.json."""
import argparse, json, shutil, sys, time
from pathlib import Path
import numpy as np, pandas as pd
from defect_detection.manifest import load_manifest
from defect_detection.export import calibrate, fit_novelty, novelty_auroc, Predictor
from defect_detection.train import TrainConfig, train

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
here = Path(__file__).parent
ap.add_argument('--manifest', default=str(here/'data_real'/'manifest.csv'))
ap.add_argument('--run', default=str(here/'results'/'train_real_cpu'))
ap.add_argument('--out', default=str(here/'results'/'calibration_real'))
ap.add_argument('--cost_miss', type=float, default=20); ap.add_argument('--held_out', default='spur')
ap.add_argument('--pcb_train', type=int, default=200); ap.add_argument('--epochs', type=int, default=4); ap.add_argument('--size', type=int, default=128)
a = ap.parse_args()
if not Path(a.manifest).exists(): sys.exit(f'{a.manifest} is missing: python bench/real_data.py (needs ../shared/data)')
df = load_manifest(a.manifest); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
res = {}
# 1. calibration
run = out/'calibrated_run'; shutil.rmtree(run, ignore_errors=True); run.mkdir()
for f in ('model.json', 'model.safetensors'): shutil.copy(Path(a.run)/f, run/f)
m = calibrate(run, df, cost_miss=a.cost_miss)
pr = Predictor(run, 'torch'); test = df[df.split == 'test']
done, bad = pr.predict(list(test.path))
lab = dict(zip(test.path, test.label)); dec = [(lab[str(p)], pr.decision(ex)) for p, ex in done]
true_def = np.array([m['defective'][t] for t, _ in dec]); d = np.array([x for _, x in dec])
res['calibration'] = dict(**m['calibration'], thresholds=m['thresholds'], test_n=len(dec), test_review_share=float((d == 'review').mean()),
                          test_miss_rate=float(((d == 'ok') & true_def).sum()/true_def.sum()),
                          test_false_alarm_rate=float(((d == 'defect') & ~true_def).sum()/(~true_def).sum()))
print(json.dumps(res['calibration'], indent=1))
# 2. held-out class
keep = df[(df.label != a.held_out)]
pcb_tr = keep[(keep.source == 'deeppcb') & (keep.split == 'train')].sample(frac=1, random_state=0).groupby('label').head(a.pcb_train)
known = pd.concat([keep[~((keep.source == 'deeppcb') & (keep.split == 'train'))], pcb_tr])
t0 = time.time()
train(known, out/'held_out_run', TrainConfig(arch=None, weights='lite0', size=a.size, bs=32, epochs=a.epochs, lr=3e-3, label_smoothing=0.1), resume=False)
nv = fit_novelty(out/'held_out_run', known)
held = df[(df.label == a.held_out) & (df.split == 'test')]
au = novelty_auroc(out/'held_out_run', known[known.split == 'test'], held)
res['novelty'] = dict(held_out=a.held_out, auroc=au, threshold=nv['threshold'], n_held_out_test=len(held), n_known_test=int((known.split == 'test').sum()),
                      train_minutes=round((time.time() - t0)/60, 1), epochs=a.epochs, size=a.size, pcb_train_per_class=a.pcb_train)
print(json.dumps(res['novelty'], indent=1))
(out/'bench_calibration_real.json').write_text(json.dumps(res, indent=2, default=float)); print(f'wrote {out/"bench_calibration_real.json"}')
