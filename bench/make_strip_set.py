"""A generated stand-in for a user's set of wide line-scan strips (not real data): grey strips of `--size` (default 2048 x
1000, the size steel-strip cameras give), each with one to three defects of six kinds from small holes to bands the full
height, written as a Pascal VOC set (`images/*.jpg`, `annotations/*.xml`) with a tenth of the strips defect-free (an XML with
no object). It times the README's own-set commands on images of this size; its scores say only that each step works.

    python bench/make_strip_set.py --out /tmp/strips --n 2300"""
import argparse, math
from pathlib import Path
import cv2, numpy as np
from fastprogress.fastprogress import progress_bar
from defect_detection.sample import make_texture

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--out', required=True); ap.add_argument('--n', type=int, default=2300); ap.add_argument('--size', default='2048x1000')
ap.add_argument('--seed', type=int, default=0)
a = ap.parse_args()
W, H = map(int, a.size.split('x')); rng = np.random.default_rng(a.seed)
out = Path(a.out); (out/'images').mkdir(parents=True, exist_ok=True); (out/'annotations').mkdir(exist_ok=True)

def hole(img, m):   # a dark round hole, 20-50 px
    r = int(rng.integers(10, 25)); c = (int(rng.integers(r, W - r)), int(rng.integers(r, H - r)))
    cv2.circle(img, c, r, 20, -1); cv2.circle(m, c, r, 1, -1)
def spot(img, m):   # a soft light or dark spot, 60-200 px
    r = int(rng.integers(30, 100)); c = (int(rng.integers(r, W - r)), int(rng.integers(r, H - r)))
    blob = np.zeros((H, W), np.float32); cv2.circle(blob, c, r, 1.0, -1); blob = cv2.GaussianBlur(blob, (0, 0), r/3)
    img[:] = np.clip(img + rng.choice([-1, 1])*40*blob/blob.max(), 0, 255); m[blob > 0.2*blob.max()] = 1
def scratch(img, m):   # a long straight scratch, 4-8 px wide
    l, t = rng.uniform(150, 500), rng.uniform(0, math.pi); x0, y0 = rng.uniform(300, W - 300), rng.uniform(200, H - 200)
    p, q = (int(x0), int(y0)), (int(x0 + l*math.cos(t)), int(np.clip(y0 + l*math.sin(t), 0, H - 1)))
    w = int(rng.integers(4, 9)); cv2.line(img, p, q, 210, w); cv2.line(m, p, q, 1, w)
def band(img, m):   # a darker band the full height, 30-90 px wide
    w = int(rng.integers(30, 90)); x = int(rng.integers(0, W - w))
    img[:, x:x + w] = np.clip(img[:, x:x + w] - 30, 0, 255); m[:, x:x + w] = 1
def inclusion(img, m):   # a small dark streak along the rolling direction, about 40 x 10 px
    w, h = int(rng.integers(25, 60)), int(rng.integers(6, 14)); x, y = int(rng.integers(0, W - w)), int(rng.integers(0, H - h))
    cv2.ellipse(img, (x + w//2, y + h//2), (w//2, h//2), 0, 0, 360, 60, -1); cv2.ellipse(m, (x + w//2, y + h//2), (w//2, h//2), 0, 0, 360, 1, -1)
def patch(img, m):   # a rough rectangle of another texture, 100-300 px
    w, h = int(rng.integers(100, 300)), int(rng.integers(100, 300)); x, y = int(rng.integers(0, W - w)), int(rng.integers(0, H - h))
    img[y:y + h, x:x + w] = make_texture(rng, (h, w), scale=6, mean=img.mean() + 25, contrast=25); m[y:y + h, x:x + w] = 1
KINDS = dict(hole=hole, spot=spot, scratch=scratch, band=band, inclusion=inclusion, patch=patch)

for i in progress_bar(range(a.n)):
    img = make_texture(rng, (H, W), scale=2, stretch=4, angle=0, mean=120, contrast=18).astype(np.float32); objs = []
    for k in ([] if i % 10 == 0 else rng.choice(list(KINDS), int(rng.integers(1, 4)))):
        m = np.zeros((H, W), np.uint8); KINDS[k](img, m); ys, xs = np.nonzero(m)
        objs.append(f'<object><name>{k}</name><bndbox><xmin>{xs.min()}</xmin><ymin>{ys.min()}</ymin><xmax>{xs.max()}</xmax><ymax>{ys.max()}</ymax></bndbox></object>')
    name = f'strip_{i:05d}'; cv2.imwrite(str(out/'images'/f'{name}.jpg'), np.clip(img, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 90])
    (out/'annotations'/f'{name}.xml').write_text(f'<annotation><filename>{name}.jpg</filename><size><width>{W}</width><height>{H}</height><depth>1</depth></size>{"".join(objs)}</annotation>')
print(f'wrote {a.n} strips of {W} x {H} into {out}')
