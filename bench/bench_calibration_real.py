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
from defect_detection.export import calibrate, fit_novelty
from defect_detection.inference import Predictor
from defect_detection.train import TrainConfig, train

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
here = Path(__file__).parent
ap.add_argument('--manifest', default=str(here/'data_real'/'manifest.csv'))
ap.add_argument('--run', default=str(here/'results'/'train_real_cpu'))
ap.add_argument('--out', default=str(here/'results'/'calibration_real'))
ap.add_argument('--cost_miss', type=float, default=20); ap.add_argument('--held_out', default='spur,mouse_bite,crack', help='comma-separated classes, one model each')
ap.add_argument('--retrain', action='store_true', help='train the held-out models again even when their run folders hold one')
ap.add_argument('--skip_calibration', action='store_true')
ap.add_argument('--pcb_train', type=int, default=200); ap.add_argument('--epochs', type=int, default=4); ap.add_argument('--size', type=int, default=128)
a = ap.parse_args()
if not Path(a.manifest).exists(): sys.exit(f'{a.manifest} is missing: python bench/real_data.py (needs ../shared/data)')
df = load_manifest(a.manifest); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
prev = out/'bench_calibration_real.json'
res = json.loads(prev.read_text()) if prev.exists() else {}   # parts not rerun (--skip_calibration, --held_out '') keep their last figures
# 1. calibration
if not a.skip_calibration:
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
# 2. held-out classes: one model per held-out class (reused when its run folder holds a model; --retrain to redo)
from defect_detection.export import row_outputs
from defect_detection.inference import novelty_score, _softmax
from defect_detection.evaluate import auroc
from sklearn.covariance import LedoitWolf
def mahalanobis_pooled(run, tr, rows):
    "Baseline score in the same run: class-conditional Mahalanobis distance on the head's pooled features."
    from defect_detection.models import load_model_files, preprocess
    from defect_detection.data import open_sample
    import torch
    model, meta = load_model_files(run)
    def feats(d):
        out = []
        for i in range(0, len(d), 64):
            x = preprocess([open_sample(r.path, r.box) for r in d.iloc[i:i + 64].itertuples()], meta['size'], meta['mean'], meta['std'])
            with torch.no_grad(): out.append(model.forward_head(model.forward_features(x), pre_logits=True).numpy())
        return np.concatenate(out)
    f, y = feats(tr), tr.label.values; cls = sorted(set(y)); means = np.stack([f[y == c].mean(0) for c in cls])
    P = LedoitWolf(assume_centered=True).fit(f - means[[cls.index(c) for c in y]]).precision_
    d = feats(rows)[:, None] - means[None]
    return np.einsum('ncj,jk,nck->nc', d, P, d).min(1)
if a.held_out: res['novelty'] = []
for held_out in [h for h in a.held_out.split(',') if h]:
    keep = df[(df.label != held_out)]
    pcb_tr = keep[(keep.source == 'deeppcb') & (keep.split == 'train')].sample(frac=1, random_state=0).groupby('label').head(a.pcb_train)
    known = pd.concat([keep[~((keep.source == 'deeppcb') & (keep.split == 'train'))], pcb_tr])
    hr = out/f'held_out_{held_out}'; t0 = time.time()
    if a.retrain or not (hr/'model.safetensors').exists():
        train(known, hr, TrainConfig(arch=None, weights='lite0', size=a.size, bs=32, epochs=a.epochs, lr=3e-3, label_smoothing=0.1), resume=False)
    train_min = round((time.time() - t0)/60, 1)
    nv = fit_novelty(hr, known)
    held = df[(df.label == held_out) & (df.split == 'test')]; kt = known[known.split == 'test']
    # one pass over the test rows: novelty scores (what novelty_auroc and the Predictor compute) and logits for the softmax baseline
    lg, feats = row_outputs(hr, pd.concat([held, kt]))
    score = novelty_score(dict(np.load(hr/'novelty.npz')), feats); is_held = np.r_[np.ones(len(held), bool), np.zeros(len(kt), bool)]
    base = dict(mahalanobis_pooled=auroc(is_held, mahalanobis_pooled(hr, known[known.split == 'train'], pd.concat([held, kt]))),
                max_softmax=auroc(is_held, -_softmax(lg).max(1)))
    flagged = score > nv['threshold']
    r = dict(held_out=held_out, auroc=auroc(is_held, score), baselines=base, threshold=nv['threshold'], method=nv['method'], k=nv['k'],
             n_held_out_test=len(held), n_known_test=len(kt), held_out_sent_to_review=float(flagged[is_held].mean()),
             known_sent_to_review=float(flagged[~is_held].mean()), train_minutes=train_min, epochs=a.epochs, size=a.size, pcb_train_per_class=a.pcb_train)
    print(json.dumps(r, indent=1, default=float)); res['novelty'].append(r)
print(f"\n{'held out':<14}{'ours':>8}{'Mahalanobis pooled':>20}{'max softmax':>13}{'held out flagged':>18}{'known flagged':>15}")
for r in res.get('novelty', []):
    print(f"{r['held_out']:<14}{r['auroc']:>8.3f}{r['baselines']['mahalanobis_pooled']:>20.3f}{r['baselines']['max_softmax']:>13.3f}{r['held_out_sent_to_review']:>18.3f}{r['known_sent_to_review']:>15.3f}")
(out/'bench_calibration_real.json').write_text(json.dumps(res, indent=2, default=float)); print(f'wrote {out/"bench_calibration_real.json"}')
