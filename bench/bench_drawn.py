"""Defects drawn on defect-free images of any part (`golden.synthetic_pairs`), registered back onto them and found by the regions'
default settings (`reference.difference_regions`): how many drawn defects each set's regions find, and how many other regions.

    python bench/bench_drawn.py [--data ../shared/data] [--images 6] [--boards 24]

Sets: DeepPCB templates (`*_temp.jpg`), defect-free Magnetic Tile photos (`MT_Free/Imgs/*.jpg`), DAGM textures; a set absent is
said and skipped. Prints a table and writes bench/results/bench_drawn.json."""
import argparse, glob, json, time
from pathlib import Path
import numpy as np
from defect_detection.core import atomic_write
from defect_detection.golden import synthetic_pairs, truth_matched
from defect_detection.reference import difference_regions

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--data', default=str(Path(__file__).resolve().parents[2]/'shared'/'data'))
ap.add_argument('--images', type=int, default=6); ap.add_argument('--boards', type=int, default=24)
a = ap.parse_args(); d = Path(a.data)
sets = {'DeepPCB templates': sorted(glob.glob(str(d/'PCB/DeepPCB/**/*_temp.jpg'), recursive=True)),
        'Magnetic Tile, defect-free photos': sorted(glob.glob(str(d/'Magnetic-Tile-Defect/**/MT_Free/Imgs/*.jpg'), recursive=True)),
        'DAGM textures': sorted(glob.glob(str(d/'DAGM/**/*.[pP][nN][gG]'), recursive=True))}
out = {}
print(f"{'set':<36}{'size':>12}{'boards':>8}{'aligned':>9}{'drawn':>7}{'found':>7}{'other regions':>15}{'s':>7}")
for name, fs in sets.items():
    if not fs: print(f'{name:<36} absent under {d}: skipped'); continue
    fs = [fs[i] for i in np.linspace(0, len(fs) - 1, min(a.images, len(fs))).astype(int)]
    t0 = time.time(); pairs, truth = synthetic_pairs(fs, a.boards, seed=0); c = np.zeros(3, int)
    for p, q in pairs.items():
        if not q.reg.aligned: continue
        rs = difference_regions(q.grey, q.aligned, q.valid); m = truth_matched([r.box for r in rs], truth[p])
        c += (sum(j >= 0 for j in m), len(rs), len(truth[p]))
    r = out[name] = dict(images=len(fs), size=list(q.grey.shape[::-1]), boards=len(pairs), aligned=int(sum(q.reg.aligned for q in pairs.values())),
                         drawn=int(c[2]), found=int(c[0]), other_regions=int(c[1] - c[0]), seconds=time.time() - t0)
    print(f"{name:<36}{'%d x %d' % tuple(r['size']):>12}{r['boards']:>8}{r['aligned']:>9}{r['drawn']:>7}{r['found']:>7}{r['other_regions']:>15}{r['seconds']:>7.1f}")
(Path(__file__).parent/'results').mkdir(exist_ok=True)
with atomic_write(Path(__file__).parent/'results'/'bench_drawn.json') as f: json.dump(out, f, indent=2)
