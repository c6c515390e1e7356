"""The look-alike check of `dd_unify` (`manifest.near_duplicates`) on sets of many images that all look alike (plain surfaces:
every hash the same) and of images that do not (random hashes), against the check as it was: one Python dict per pair found,
every pair kept.

    python bench/bench_lookalike.py [--n 12500 --baseline_n 3000 --most 100000]

The hashes are drawn, not read from files, so the table times the comparison and its memory only (`image_hash` reads each image
once, the same either way). Peak memory is Python's own (`tracemalloc`, which sees numpy's buffers), in a second run of each. The old way runs at
`--baseline_n` only: at `--n` images alike it would hold every one of tens of millions of pairs. Prints a table and writes
bench/results/bench_lookalike.json."""
import argparse, json, time, tracemalloc
from pathlib import Path
import numpy as np, pandas as pd
import defect_detection.manifest as M
from defect_detection.core import atomic_write

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--n', type=int, default=12500); ap.add_argument('--baseline_n', type=int, default=3000); ap.add_argument('--most', type=int, default=100_000)
a = ap.parse_args()

def per_pair_dicts(df, max_bits=16):   # the check before the bound: every pair found, one dict each
    imgs = df.drop_duplicates('path')[['source', 'path', 'split']].reset_index(drop=True); hs = [M.image_hash(p) for p in imgs.path]; out = []
    for src, g in imgs.groupby('source'):
        h = np.stack([hs[i] for i in g.index]); sp = g.split.to_numpy(); paths = g.path.to_numpy()
        for i in range(0, len(h), 256):
            d = M._POP[h[i:i + 256, None, :] ^ h[None, :, :]].sum(-1, dtype=np.int32)
            x_, y_ = np.nonzero((d <= max_bits) & (sp[i:i + 256, None] != sp[None, :]))
            for x, y in zip(x_ + i, y_):
                if x < y: out.append(dict(source=src, path_a=paths[x], split_a=sp[x], path_b=paths[y], split_b=sp[y], bits=int(d[x - i, y])))
    return pd.DataFrame(out, columns=['source', 'path_a', 'split_a', 'path_b', 'split_b', 'bits'])

def measure(fn):   # timed alone, then run again under tracemalloc (which slows Python's own allocations) for the peak
    t = time.perf_counter(); r = fn(); s = time.perf_counter() - t
    tracemalloc.start(); fn(); peak = tracemalloc.get_traced_memory()[1]; tracemalloc.stop()
    return r, s, peak/2**20

read_hash = M.image_hash   # put back at the end: a caller in the same process reads files
M.image_hash = lambda p: np.zeros(32, np.uint8); M.near_duplicates(pd.DataFrame(dict(source='s', path=['a', 'b'], split=['train', 'test'])))   # imports and first calls out of the timing
rows = []
for kind in ('alike', 'random'):
    for n in sorted({a.baseline_n, a.n}):
        rng = np.random.default_rng(0)
        df = pd.DataFrame(dict(source='s', path=[f'p{i}' for i in range(n)], split=rng.choice(['train', 'valid', 'test'], n, p=[.7, .15, .15])))
        H = {p: (np.zeros(32, np.uint8) if kind == 'alike' else rng.integers(0, 256, 32).astype(np.uint8)) for p in df.path}
        M.image_hash = H.__getitem__
        ways = [('near_duplicates', lambda: M.near_duplicates(df, most=a.most))] + ([('one dict a pair', lambda: per_pair_dicts(df))] if n <= a.baseline_n else [])
        for name, fn in ways:
            r, s, mb = measure(fn)
            rows.append(dict(hashes=kind, images=n, way=name, pairs=int(r.attrs.get('pairs', len(r))), rows_kept=len(r), seconds=round(s, 2), peak_mb=round(mb, 1)))
M.image_hash = read_hash
t = pd.DataFrame(rows); print(t.to_string(index=False))
for kind in ('alike', 'random'):
    b = t[(t.hashes == kind) & (t.images == a.baseline_n)].set_index('way')
    if len(b) == 2: print(f"{kind}, {a.baseline_n} images: {b.seconds['one dict a pair']/max(b.seconds['near_duplicates'], 1e-9):.1f}x faster, "
                          f"{b.peak_mb['one dict a pair']/max(b.peak_mb['near_duplicates'], 1e-9):.1f}x less memory; the same pairs counted: {b.pairs.nunique() == 1}")
out = Path(__file__).resolve().parent/'results'/'bench_lookalike.json'; out.parent.mkdir(exist_ok=True)
with atomic_write(out, 'w') as f: json.dump(dict(args=vars(a), rows=rows), f, indent=1)
print(f'wrote {out}')
