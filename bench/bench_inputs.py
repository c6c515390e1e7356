"""Every image a user can bring: the input corpus through dd_predict, peak memory on a 100-megapixel JPEG, and a fuzz run.

    python bench/bench_inputs.py --run runs/demo/train

1. `test_utils.input_corpus` (one picture in ten lossless forms, JPEG, CMYK, EXIF-rotated, 1-bit, a unicode folder, and files
   to refuse) through `dd_predict`: every entry must be a row of results.csv, the lossless forms one class, refusals with a reason.
2. Peak memory (max RSS of the process) of `dd_predict` on one 10,000 x 10,000 JPEG (100 MP, inside the default limit), beside
   the baseline of decoding the same file fully with PIL in its own process; and on a 14,000 x 14,000 header (refused before decoding).
3. 1,000 hypothesis cases of mutated JPEG, PNG, TIFF, BMP and WebP bytes through `open_image`: images or `BadImageError`, nothing else.
Prints a table and writes bench/results/bench_inputs.json."""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path
import numpy as np
import pandas as pd
from PIL import Image

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default='runs/demo/train'); ap.add_argument('--fuzz', type=int, default=1000)
ap.add_argument('--tiles', type=int, default=20, help='the large JPEG is this many 500 px tiles a side (20: 10,000 x 10,000, 100 MP)')
a = ap.parse_args()
bin_ = Path(sys.executable).parent
tmp = Path(tempfile.mkdtemp())
out = {}

def peak_mb(cmd:list) -> tuple[float, float, subprocess.CompletedProcess]:
    "Run a command under /usr/bin/time -v: (max RSS in MB, seconds, result)."
    t0 = time.time(); r = subprocess.run(['/usr/bin/time', '-v', *cmd], capture_output=True, text=True)
    rss = next(int(l.split()[-1]) for l in r.stderr.splitlines() if 'Maximum resident set size' in l)
    return rss/1024, time.time() - t0, r

# 1. the corpus
from defect_detection.test_utils import input_corpus, LOSSLESS, claimed_size
c = input_corpus(tmp/'corpus')
r = subprocess.run([str(bin_/'dd_predict'), str(c), '--run', a.run, '--out', str(tmp/'pc')], capture_output=True, text=True)
if r.returncode: sys.exit(r.stderr[-3000:])
res = pd.read_csv(tmp/'pc/results.csv', keep_default_na=False)
res['name'] = res.path.map(lambda p: Path(p).relative_to(c).as_posix())
entries = sorted(p.relative_to(c).as_posix() for p in c.rglob('*') if p.is_file() or p.is_symlink())
out['corpus'] = dict(entries=len(entries), rows=len(res), every_entry_once=sorted(res.name) == entries,
                     lossless_classes=sorted(res[res.name.isin(LOSSLESS)].cls.unique()), inspected=int((res.decision != 'refused').sum()),
                     refused={n: w for n, w in zip(res.name, res.problem) if w}, notes={n: t for n, t in zip(res.name, res.note) if t})
print(r.stdout.strip().splitlines()[-1])
print(res[['name', 'decision', 'cls', 'note', 'problem']].to_string(index=False))

# 2. memory
rng = np.random.default_rng(0)
tile = rng.integers(60, 200, (500, 500), dtype=np.uint8)
big = np.stack([np.tile(tile, (a.tiles, a.tiles))]*3, -1); c = 250*a.tiles; big[c:c + 40, c:c + 200] = 20   # a dark scratch
Image.fromarray(big).save(tmp/'big100mp.jpg', quality=90); del big
(tmp/'h196').mkdir(); (tmp/'h196/header_196mp.jpg').write_bytes(claimed_size(Image.fromarray(tile), 'JPEG', 14_000, 14_000))
base, tb, _ = peak_mb([sys.executable, '-c', f"from PIL import Image; im = Image.open('{tmp/'big100mp.jpg'}'); im.load(); print(im.size)"])
ours, to, r1 = peak_mb([str(bin_/'dd_predict'), str(tmp/'big100mp.jpg'), '--run', a.run, '--out', str(tmp/'p100')])
ref, tr, r2 = peak_mb([str(bin_/'dd_predict'), str(tmp/'h196'), '--run', a.run, '--out', str(tmp/'p196')])
none, tn, _ = peak_mb([str(bin_/'dd_predict'), str(tmp/'h196/none'), '--run', a.run, '--out', str(tmp/'p0')])
r100 = pd.read_csv(tmp/'p100/results.csv', keep_default_na=False).iloc[0]; r196 = pd.read_csv(tmp/'p196/results.csv', keep_default_na=False).iloc[0]
out['memory'] = dict(dd_predict_100mp_mb=ours, seconds=to, decision=r100.decision, mode=r100['mode'], note=r100.note, n_defects=int(r100.n_defects),
                     pil_full_decode_mb=base, dd_predict_196mp_header_mb=ref, refusal=r196.problem, dd_predict_nothing_mb=none)
print(f"\npeak memory (max RSS): dd_predict on a {(500*a.tiles)**2/1e6:.0f} MP JPEG {ours:.0f} MB in {to:.1f} s ({r100.decision}, {r100['mode']}; {r100.note}); "
      f"PIL decoding it fully {base:.0f} MB; dd_predict on a 196 MP header {ref:.0f} MB ({r196.problem}); dd_predict with nothing to do {none:.0f} MB")

# 3. fuzz
from defect_detection.test_utils import fuzz_open_image
seen, unexpected = fuzz_open_image(a.fuzz)
out['fuzz'] = dict(cases=sum(seen.values()) + len(unexpected), outcomes=dict(seen), unexpected=unexpected[:20], n_unexpected=len(unexpected))
print(f"\nfuzz: {out['fuzz']['cases']} cases, {len(unexpected)} unexpected exceptions; {dict(seen.most_common())}")
rp = Path(__file__).parent/'results'/'bench_inputs.json'; rp.parent.mkdir(exist_ok=True)
rp.write_text(json.dumps(out, indent=2, default=str)); print(f'wrote {rp}')
