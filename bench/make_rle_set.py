"""A generated stand-in for a large competition-style set (not real data): `--n` grey strips of `--size` (default 12,568 of
1600 x 256, the size and count of a public steel-strip competition's training set) in `train_images/`, the defects of about half
of them as run-length masks in `train.csv` (`ImageId, ClassId, EncodedPixels`: 1-based starts, pixels counted top to bottom,
then left to right), the defect-free ones not listed, as that competition lists them. Four classes: small dark spots, thin
scratches, patches of another texture, wide dark regions. It times the README's own-set commands on a set of many images; its
scores say only that each step works.

    python bench/make_rle_set.py --out /tmp/rle --n 12568"""
import argparse, math
from pathlib import Path
import cv2, numpy as np, pandas as pd
from fastprogress.fastprogress import progress_bar
from defect_detection.sample import make_texture

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--out', required=True); ap.add_argument('--n', type=int, default=12568); ap.add_argument('--size', default='1600x256')
ap.add_argument('--defective', type=float, default=0.53, help='share of the images with defects'); ap.add_argument('--seed', type=int, default=0)
a = ap.parse_args()
W, H = map(int, a.size.split('x')); rng = np.random.default_rng(a.seed)
out = Path(a.out); (out/'train_images').mkdir(parents=True, exist_ok=True)

def rle(m):   # the competition's run-length encoding
    f = np.concatenate([[0], m.flatten(order='F') > 0, [0]]).astype(np.int8); d = np.flatnonzero(np.diff(f))
    return ' '.join(f'{s + 1} {e - s}' for s, e in zip(d[0::2], d[1::2]))

def spots(img, m):   # 1: a few small dark spots, 8-20 px
    for _ in range(int(rng.integers(1, 4))):
        r = int(rng.integers(4, 10)); c = (int(rng.integers(r, W - r)), int(rng.integers(r, H - r))); cv2.circle(img, c, r, 40, -1); cv2.circle(m, c, r, 1, -1)
def scratch(img, m):   # 2: a thin scratch, 3-5 px wide, 60-200 px long
    l, t = rng.uniform(60, 200), rng.uniform(0, math.pi); x0, y0 = rng.uniform(100, W - 100), rng.uniform(20, H - 20)
    p, q = (int(x0), int(y0)), (int(np.clip(x0 + l*math.cos(t), 0, W - 1)), int(np.clip(y0 + l*math.sin(t), 0, H - 1)))
    w = int(rng.integers(3, 6)); cv2.line(img, p, q, 200, w); cv2.line(m, p, q, 1, w)
def patch(img, m):   # 3: a patch of another texture, 40-400 px wide
    w, h = int(rng.integers(40, min(400, W))), int(rng.integers(30, H)); x, y = int(rng.integers(0, W - w)), int(rng.integers(0, H - h))
    img[y:y + h, x:x + w] = make_texture(rng, (h, w), scale=4, mean=img.mean() + 30, contrast=20); m[y:y + h, x:x + w] = 1
def region(img, m):   # 4: a wide dark region with a soft edge, 150-600 px wide
    w = int(rng.integers(150, min(600, W))); x = int(rng.integers(0, W - w)); blob = np.zeros((H, W), np.float32)
    cv2.ellipse(blob, (x + w//2, H//2), (w//2, int(rng.integers(H//4, H//2))), 0, 0, 360, 1.0, -1); blob = cv2.GaussianBlur(blob, (0, 0), 8)
    img[:] = np.clip(img - 45*blob, 0, 255); m[blob > 0.3] = 1
KINDS = {1: spots, 2: scratch, 3: patch, 4: region}
P = np.array([0.12, 0.04, 0.72, 0.12])   # the classes' shares, the competition's order of magnitude

rows = []
for i in progress_bar(range(a.n)):
    img = make_texture(rng, (H, W), scale=2, stretch=4, angle=0, mean=110, contrast=16).astype(np.float32)
    name = f'{i:07x}{rng.integers(0, 16**2):02x}.jpg'
    if rng.random() < a.defective:
        for c in sorted(set(rng.choice(list(KINDS), int(rng.integers(1, 3)), p=P).tolist())):
            m = np.zeros((H, W), np.uint8); KINDS[c](img, m); rows.append(dict(ImageId=name, ClassId=c, EncodedPixels=rle(m)))
    cv2.imwrite(str(out/'train_images'/name), np.clip(img, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 90])
pd.DataFrame(rows, columns=['ImageId', 'ClassId', 'EncodedPixels']).to_csv(out/'train.csv', index=False)
print(f"wrote {a.n} strips of {W} x {H} into {out}, {len({r['ImageId'] for r in rows})} with defects listed in train.csv ({len(rows)} rows)")
