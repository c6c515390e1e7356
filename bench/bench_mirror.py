"""The detector on an image and its mirror (`Predictor.detect(mirror=True)`): which locations of the two views meet, and what
the second view costs.

    python bench/bench_mirror.py --run RUN --manifest M [--images 40] [--boards 60 --rounds 2] [--tag NAME]

1. Alignment: on `--images` validation images with defects, the correlation of the two views' best class score maps, level
   by level, with location `j` of the image against location `w - j` of the mirrored view (both decode their box from the
   same point: the pairing `detector.average_mirrored` uses) and against `w - 1 - j` (the cells covering the same pixels).
2. Time: `Predictor.inspect_whole` on `--boards` test images with one view and with the mirror, in one process, medians
   over `--rounds` passes (ONNX Runtime).
Prints both tables and writes bench/results/bench_mirror[_TAG].json."""
import argparse, json, time
from pathlib import Path
import numpy as np
from defect_detection.core import atomic_write
from defect_detection.data import open_sample, to_rgb
from defect_detection.manifest import load_manifest
from defect_detection.inference import Predictor, inspection_scale, whole_params
from defect_detection.detector import detection_scores, level_shapes, STRIDES

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', required=True); ap.add_argument('--manifest', required=True)
ap.add_argument('--images', type=int, default=40); ap.add_argument('--boards', type=int, default=60); ap.add_argument('--rounds', type=int, default=2)
ap.add_argument('--tag', default='', help='a name for the results file: bench/results/bench_mirror_TAG.json')
a = ap.parse_args()
pr = Predictor(a.run); df = load_manifest(a.manifest); src = pr.meta['detector']['sources']
pick = lambda split, defective: df[(df.split == split) & df.source.isin(src) & (df.defective.astype(bool) if defective else True)].path.drop_duplicates().tolist()

corr = {}
for p in pick('valid', True)[:a.images]:
    im = to_rgb(open_sample(p)); sc = inspection_scale(pr.meta, im.size, 'whole'); sw, sh = pr.detector_size(im.size, sc)
    x = pr.input_part(im, (sw, sh), (0, 0, sw, sh)); o = pr.detector_forward(np.concatenate([x, x[..., ::-1]]))
    s = [detection_scores(o['cls_logits'][v], o['bbox_ctrness'][v]).max(-1) for v in (0, 1)]; off = 0
    for st, (h, w) in zip(STRIDES, level_shapes(sh, sw)):
        A, B = (v[off:off + h*w].reshape(h, w) for v in s); off += h*w
        for name, u, v in (('j with w - j', A[:, 1:], B[:, :0:-1]), ('j with w - 1 - j', A, B[:, ::-1])):
            if u.size > 2 and u.std() > 0 and v.std() > 0: corr.setdefault(st, {}).setdefault(name, []).append(float(np.corrcoef(u.ravel(), v.ravel())[0, 1]))
align = {st: {k: round(float(np.mean(v)), 3) for k, v in d.items()} for st, d in corr.items()}
if not align: print("no validation image with defects of the detector's sources: no alignment measured")
else:
    print('stride | ' + ' | '.join(next(iter(align.values()))))
    for st, d in align.items(): print(f'{st} | ' + ' | '.join(f'{v:.3f}' for v in d.values()))

ims = [open_sample(p) for p in pick('test', False)[:a.boards]]; prm = whole_params(pr.meta); ms = {}
for _ in range(a.rounds):
    for m in (False, True):
        t = []
        for im in ims:
            sc = inspection_scale(pr.meta, im.size, 'whole'); t0 = time.perf_counter(); pr.inspect_whole(im, sc, dict(prm, mirror=m)); t.append(time.perf_counter() - t0)
        ms.setdefault('mirror' if m else 'one view', []).append(round(float(np.median(t))*1000, 1))
for k, v in ms.items(): print(f'{k}: median ms an image, by round: {v}')
if ims: print(f"ratio (the last round): {ms['mirror'][-1]/ms['one view'][-1]:.2f}x")
out = Path(__file__).parent/'results'/f"bench_mirror{'_' + a.tag if a.tag else ''}.json"
with atomic_write(out) as f: json.dump(dict(run=str(a.run), images=a.images, boards=len(ims), alignment=align, ms=ms), f, indent=1)
print(f'wrote {out}')
