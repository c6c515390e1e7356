"""Calibration and the novel-defect flag on real data (the benchmark data of real_data.py).

1. Calibrate the benchmark run (bench_train_real.py's run folder; a copy is made): temperature, ECE before/after on the
   valid split, thresholds with misses costing --cost_miss false alarms; then the test split's miss and false-alarm
   rates and review share under those thresholds.
2. Hold one class out (default DeepPCB `spur`, `mouse_bite`, Magnetic Tile `crack`): every row whose sample holds a defect of
   that class is dropped (a DeepPCB crop of another class with a held-out box at least half inside it, by --boards, which lists
   every box of each board), Lite0 is trained on the rest (short schedule) and the novelty model fitted on its train rows. Three
   scores (ours: nearest training image, cosine distance of last-block features; Mahalanobis on the head's pooled features;
   the top softmax probability) are compared on the validation rows (held-out class against the known classes); the one with
   the best mean validation AUROC over the held-out classes is the choice, and the test rows are scored once, for every score,
   with 95 % intervals that resample groups (a board image, a tile).
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
ap.add_argument('--boards', default=str(here/'data_real'/'deeppcb_full.csv'), help='every box of each DeepPCB board (real_data.py writes it)')
ap.add_argument('--run', default=str(here/'results'/'train_real'))
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
    dec = [(t, pr.decision(ex)) for t, ex in zip(test.label, pr.predict_rows(test))]   # each row's own sample (a crop of a board, a photo)
    true_def = np.array([m['defective'][t] for t, _ in dec]); d = np.array([x for _, x in dec])
    res['calibration'] = dict(**m['calibration'], thresholds=m['thresholds'], test_n=len(dec), test_review_share=float((d == 'review').mean()),
                              test_miss_rate=float(((d == 'ok') & true_def).sum()/true_def.sum()),
                              test_false_alarm_rate=float(((d == 'defect') & ~true_def).sum()/(~true_def).sum()))
    print(json.dumps(res['calibration'], indent=1))
# 2. held-out classes: one model per held-out class (reused when its run folder holds a model; --retrain to redo)
from defect_detection.export import row_outputs
from defect_detection.inference import novelty_score, softmax
from defect_detection.metrics import auroc
from sklearn.covariance import LedoitWolf
def mahalanobis_pooled(run, tr):
    "Baseline score in the same run: class-conditional Mahalanobis distance on the head's pooled features, fitted once on the rows `tr`; returns the scorer of other rows."
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
    def score(rows):
        d = feats(rows)[:, None] - means[None]
        return np.einsum('ncj,jk,nck->nc', d, P, d).min(1)
    return score
import hashlib
from defect_detection.metrics import auroc_ci
from defect_detection.explain import true_boxes
from defect_detection.data import parse_box
full = load_manifest(a.boards)
# real_data.py names each compact board by the md5 of its original path
board_of = {hashlib.md5(str(p).encode()).hexdigest()[:16] + '.png': g for p, g in full[full.defect_box.fillna('') != ''].groupby('path')}
pcb = df[df.source == 'deeppcb']
if len(pcb) and not all(Path(p).name in board_of for p in pcb.path): sys.exit(f'{a.boards} does not list the boards of {a.manifest}: run python bench/real_data.py again')
def holds(r, cls):
    "Whether a row's sample holds a defect of `cls`: its own label, or (a crop of a board) a box of that class at least half inside it."
    if r.label == cls: return True
    if r.source != 'deeppcb' or not r.box: return False
    b = parse_box(r.box); g = board_of[Path(r.path).name]
    return bool(true_boxes(dict(box=r.box), (b[2] - b[0], b[3] - b[1]), [parse_box(x) for x in g[g.label == cls].defect_box]))
SCORES = ('nearest_neighbour', 'mahalanobis_pooled', 'max_softmax')
if a.held_out: res['novelty'] = []
for held_out in [h for h in a.held_out.split(',') if h]:
    inside = np.array([holds(r, held_out) for r in df.itertuples()])
    keep = df[~inside]
    pcb_tr = keep[(keep.source == 'deeppcb') & (keep.split == 'train')].sample(frac=1, random_state=0).groupby('label').head(a.pcb_train)
    known = pd.concat([keep[~((keep.source == 'deeppcb') & (keep.split == 'train'))], pcb_tr])
    hr = out/f'held_out_{held_out}'; t0 = time.time()
    if a.retrain or not (hr/'model.safetensors').exists():
        train(known, hr, TrainConfig(arch=None, weights='lite0', size=a.size, bs=32, epochs=a.epochs, lr=3e-3, label_smoothing=0.1, board_windows=0), resume=False)
    train_min = round((time.time() - t0)/60, 1)
    nv = fit_novelty(hr, known); bank = dict(np.load(hr/'novelty.npz')); mahalanobis = mahalanobis_pooled(hr, known[known.split == 'train'])
    r = dict(held_out=held_out, dropped_rows_holding_it=int(inside.sum() - (df.label == held_out).sum()), threshold=nv['threshold'], k=nv['k'],
             train_minutes=train_min, epochs=a.epochs, size=a.size, pcb_train_per_class=a.pcb_train)
    for split in ('valid', 'test'):
        held = df[(df.label == held_out) & (df.split == split)]; kt = known[known.split == split]; rows = pd.concat([held, kt])
        lg, feats = row_outputs(hr, rows)   # one pass: novelty features (what the Predictor scores) and logits for the softmax score
        score = dict(nearest_neighbour=novelty_score(bank, feats), mahalanobis_pooled=mahalanobis(rows),
                     max_softmax=-softmax(lg).max(1))
        is_held = np.r_[np.ones(len(held), bool), np.zeros(len(kt), bool)]
        r[split] = dict(n_held_out=len(held), n_known=len(kt), auroc={k: auroc(is_held, v) for k, v in score.items()})
        if split == 'test':
            r['test']['ci95'] = {k: auroc_ci(is_held, v, rows.group.values) for k, v in score.items()}
            flagged = score['nearest_neighbour'] > nv['threshold']
            r['test'].update(held_out_sent_to_review=float(flagged[is_held].mean()), known_sent_to_review=float(flagged[~is_held].mean()))
    print(json.dumps(r, indent=1, default=float)); res['novelty'].append(r)
nov = res.get('novelty', [])
if nov:
    mean_valid = {k: float(np.mean([r['valid']['auroc'][k] for r in nov])) for k in SCORES}
    res['novelty_choice'] = dict(chosen=max(mean_valid, key=mean_valid.get), mean_valid_auroc=mean_valid)
    print(f"\nchosen on validation (mean AUROC over the held-out classes): {res['novelty_choice']['chosen']}  " + ', '.join(f'{k} {v:.3f}' for k, v in mean_valid.items()))
    print(f"\n{'held out':<14}{'split':<7}" + ''.join(f'{k:>28}' for k in SCORES) + f"{'held out flagged':>18}{'known flagged':>15}")
    for r in nov:
        for split in ('valid', 'test'):
            v = r[split]; cell = lambda k: f"{v['auroc'][k]:.3f}" + (' [{:.3f}, {:.3f}]'.format(*v['ci95'][k]) if split == 'test' and v['ci95'].get(k) else '')
            tail = f"{v['held_out_sent_to_review']:>18.3f}{v['known_sent_to_review']:>15.3f}" if split == 'test' else ''
            print(f"{r['held_out']:<14}{split:<7}" + ''.join(f'{cell(k):>28}' for k in SCORES) + tail)
(out/'bench_calibration_real.json').write_text(json.dumps(res, indent=2, default=float)); print(f'wrote {out/"bench_calibration_real.json"}')
