"""Benchmark: index a DAGM-sized tree (16,100 images, 2,100 masks, 20 Labels.txt) with `dagm_photos`.

Baseline in the same run: the same indexing done the naive way, decoding every image with PIL to
check it and read its size. Prints a table and writes bench_index.json. Target: dagm_photos <= 5 s. Beside it, what `dd_unify`
reads the tree as, timed once: `formats.read_dagm`, the same index then a crop around each defect of each mask (every mask read)."""
import argparse, json, sys, tempfile, time, platform, os
from pathlib import Path
from PIL import Image
from defect_detection.sample import make_dagm
from defect_detection.data import dagm_photos
from defect_detection.formats import read_dagm

p = argparse.ArgumentParser(description=__doc__)
p.add_argument('--scale', type=float, default=1.0, help='fraction of the real DAGM size to generate')
p.add_argument('--out', default=str(Path(__file__).parent/'results'), help='folder for bench_index.json')
p.add_argument('--baseline-files', type=int, default=2000, help='images the decoding baseline reads (it is extrapolated)')
a = p.parse_args()

with tempfile.TemporaryDirectory() as td:
    root = Path(td)/'DAGM'
    t0 = time.perf_counter()
    for c in range(1, 11):  # classes 1-6: 1,150 images (150 defective); 7-10: 2,300 (300 defective); half Train, half Test
        n = round((1150 if c <= 6 else 2300)*a.scale/2)
        make_dagm(root, classes=(c,), n_train=n, n_test=n, defect_frac=150/1150, size=512, seed=c, unique=False)
    t_gen = time.perf_counter() - t0
    files = sum(1 for f in root.rglob('*') if f.is_file())
    images = sum(1 for f in root.rglob('*.PNG') if f.parent.name != 'Label')
    runs = []
    for _ in range(3):
        os.sync(); t0 = time.perf_counter(); df = dagm_photos(root); runs.append(time.perf_counter() - t0)
    ours = min(runs)
    paths = list(df.path)[:a.baseline_files]
    t0 = time.perf_counter()
    for q in paths:
        with Image.open(q) as im: im.load(); im.size
    per = (time.perf_counter() - t0)/len(paths); naive = per*len(df)
    t0 = time.perf_counter(); boxed = read_dagm(root, mask_dir=Path(td)/'masks'); t_boxed = time.perf_counter() - t0

res = dict(files=files, images=images, rows=len(df), generate_s=round(t_gen, 2), ours_s=round(ours, 3), ours_runs_s=[round(r, 3) for r in runs],
           naive_decode_s_extrapolated=round(naive, 2), naive_per_image_ms=round(per*1000, 3), speedup=round(naive/ours, 1),
           boxed_rows=len(boxed), boxed_defect_crops=int(boxed.defective.sum()), read_dagm_s=round(t_boxed, 2),
           target_s=5.0, meets_target=ours <= 5.0,
           machine=f'{platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}')
print(f"{'what':<38}{'value':>12}")
print(f"{'files in tree':<38}{files:>12,}")
print(f"{'images indexed':<38}{len(df):>12,}")
print(f"{'dagm_photos, best of 3 (s)':<38}{ours:>12.2f}")
print(f"{'baseline: decode every image (s, est.)':<38}{naive:>12.2f}")
print(f"{'ratio baseline / dagm_photos':<38}{naive/ours:>12.1f}")
print(f"{'target dagm_photos <= 5 s':<38}{'met' if ours <= 5 else 'MISSED':>12}")
print(f"{'read_dagm (dd_unify: crops), once (s)':<38}{t_boxed:>12.2f}")
print(f"{'its rows (defect crops)':<38}{f'{len(boxed):,} ({int(boxed.defective.sum()):,})':>12}")
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
(out/'bench_index.json').write_text(json.dumps(res, indent=2))
print(f'wrote {out/"bench_index.json"}')
