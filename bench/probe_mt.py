"""A baseline for Magnetic Tile's grouped cross-validation: ImageNet features of the pretrained EfficientNet-Lite0, frozen, and a
logistic regression on them (class-balanced), scored on `dd_cv`'s own folds (`evaluate.cv_folds`: whole tiles, classes dealt over
the folds, seed 42), with intervals that resample tiles, beside the trivial answer. It asks whether fine-tuning (`dd_cv`) learns more
from 7-22 tiles a class than the pretrained features already hold, and at which input size.

    dd_unify --data ../shared/data/Magnetic-Tile-Defect --out runs/mt/data
    python bench/probe_mt.py --manifest runs/mt/data/manifest.csv --sizes 128 224 384

Features: the last feature map, averaged and max-pooled (`--pool avg`: averaged only, as `dd_train`'s head sees it), of each photo resized to a square (as `dd_train` feeds it); standardised
inside each fold on its training tiles. No setting is chosen here: every size and every C (the regression's inverse strength) is
printed. Writes bench/results/probe_mt.json."""
import argparse, json, time
from pathlib import Path
import numpy as np, pandas as pd, torch, timm
from PIL import Image
from fastprogress.fastprogress import progress_bar
from sklearn.linear_model import LogisticRegression
from defect_detection.core import atomic_write
from defect_detection.evaluate import cv_folds, evaluate
from defect_detection.manifest import load_manifest
from defect_detection.models import load_lite_weights, model_norm

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--manifest', default='runs/mt/data/manifest.csv'); ap.add_argument('--sizes', type=int, nargs='+', default=[128, 224, 384])
ap.add_argument('--C', type=float, nargs='+', default=[0.01, 0.1, 1.0]); ap.add_argument('--folds', type=int, default=5)
ap.add_argument('--pool', default='avgmax', choices=['avg', 'avgmax'], help="'avg': the pooling dd_train's linear head sees; 'avgmax': averaged and max-pooled")
ap.add_argument('--seed', type=int, default=42); ap.add_argument('--out', default='bench/results/probe_mt.json')
a = ap.parse_args()
torch.set_num_threads(2)
df = load_manifest(a.manifest); df = df[df.source == 'magnetic_tile'].reset_index(drop=True)
df['fold'] = cv_folds(df, a.folds, a.seed)
classes = ['ok'] + sorted(c for c in df.label.unique() if c != 'ok'); defective = {c: c != 'ok' for c in classes}
print(f"{len(df)} photos, {df.group.nunique()} tiles, {a.folds} folds (dd_cv's, seed {a.seed})")
m = timm.create_model('tf_efficientnet_lite0', pretrained=False); load_lite_weights(m, 'lite0'); m.reset_classifier(0); m.eval()
mean, std = (np.array(v, np.float32) for v in model_norm(m))   # the normalisation the weights expect, as dd_train feeds them

def features(size):
    out = []
    for i in progress_bar(range(0, len(df), 32), leave=False):
        x = np.stack([(np.asarray(Image.open(p).convert('RGB').resize((size, size), Image.BILINEAR), np.float32)/255 - mean)/std
                      for p in df.path.iloc[i:i + 32]]).transpose(0, 3, 1, 2)
        with torch.no_grad(): f = m.forward_features(torch.from_numpy(x))
        out.append(torch.cat([f.mean((2, 3)), f.amax((2, 3))], 1).numpy())
    return np.concatenate(out)

rows, y = [], df.label.values
for size in a.sizes:
    t0 = time.time(); F = features(size); secs = time.time() - t0
    if a.pool == 'avg': F = F[:, :F.shape[1]//2]
    for C in a.C:
        P = np.zeros((len(df), len(classes)))
        for k in range(a.folds):
            tr, te = df.fold.values != k, df.fold.values == k
            mu, sd = F[tr].mean(0), F[tr].std(0) + 1e-6
            clf = LogisticRegression(C=C, max_iter=5000, class_weight='balanced').fit((F[tr] - mu)/sd, y[tr])
            P[np.ix_(te, [classes.index(c) for c in clf.classes_])] = clf.predict_proba((F[te] - mu)/sd)
        p = pd.DataFrame(dict(path=df.path, label=y, pred=np.array(classes)[P.argmax(1)], source=df.source, group=df.group))
        for i, c in enumerate(classes): p[f'p_{c}'] = P[:, i]
        p.attrs.update(classes=classes, defective=defective)
        r = evaluate(p); o, ci, dv = r['overall'], r['ci95'], r['defect_vs_ok']
        rows.append(dict(size=size, C=C, accuracy=o['accuracy'], f1_macro=o['f1_macro'], f1_ci=[round(v, 3) for v in ci['f1_macro']],
                         miss_rate=dv['miss_rate'], false_alarm_rate=dv['false_alarm_rate'], auroc_p_defect=dv['auroc_p_defect'],
                         per_class_f1={c: round(float(v['f1']), 3) for c, v in r['per_class'].items()}, feature_seconds=round(secs, 1)))
        print(f"\nsize {size:4d}  C {C:<5}  accuracy {o['accuracy']:.3f}  macro-F1 {o['f1_macro']:.3f} [{ci['f1_macro'][0]:.3f}, {ci['f1_macro'][1]:.3f}]  "
              f"miss {dv['miss_rate']:.3f}  false alarms {dv['false_alarm_rate']:.3f}  AUROC {dv['auroc_p_defect']:.3f}", flush=True)
ok = (y == 'ok').mean()
print(f"trivial (every photo ok): accuracy {ok:.3f}, macro-F1 {2*ok/(1 + ok)/len(classes):.3f}")
Path(a.out).parent.mkdir(parents=True, exist_ok=True)
with atomic_write(Path(a.out)) as f: json.dump(dict(manifest=a.manifest, pool=a.pool, folds=a.folds, seed=a.seed, photos=len(df), tiles=int(df.group.nunique()), rows=rows), f, indent=1)
print('wrote', a.out)
