"""The benchmark data set: Magnetic Tile + DeepPCB crops from ../shared/data, under a stated protocol.

Protocol (seed 42):
- Magnetic Tile (all 1,344 photos, whole: `mt_photos`; `dd_unify` itself cuts a crop around each defect of each mask): split as
  `unify` splits a set, stratified per class, 70% train / 15% valid / 15% test, by tile (a tile's photos under its lightings stay in
  one split: `data.tile_of`). `--mt_photos FILE` writes that manifest alone (the one `probe_mt.py` and `classify_by_detector.py` read).
- DeepPCB: one crop per box plus one defect-free crop per image (`unify`); the official split is kept
  (test = the official test list; valid = 15% of the official trainval images, by image). `--split groups` keeps
  each board design (`groupNNNNN`) in one split instead (7 of the 11 are on both sides of the official lists). Per class, at most
  `k_train` train, `k_valid` valid and `k_test` test crops are drawn (seeded), to fit the CPU budget.
- PKU-Market-PCB (30 boards) and the DAGM sample (24 images) are too small to train or test on and are left out.

`compact` writes the selected samples as small files (Magnetic Tile photos with their longer side at most 320 px, JPEG
quality 95; each DeepPCB board once, grey PNG, its rows keeping their crop and defect boxes so that training can move the crop
around the defect), so the same data can travel to a GPU machine; training on them equals training on the originals
at the image sizes used here (<= 224 px).

The crops are a per-class draw, so the manifest lists only some of each board's defects. `deeppcb_full.csv` beside it lists every
box of every DeepPCB board (the same split): training's board windows label every location from it (`dd_train --boards`)."""
import argparse, hashlib
from pathlib import Path
import pandas as pd
from PIL import Image
from defect_detection.core import find_shared_data, atomic_write
from defect_detection.data import open_sample, magnetic_tile_photos
from defect_detection.manifest import unify, save_manifest, load_manifest, assign_splits, sample_weights

def mt_photos(shared:Path, seed=42) -> pd.DataFrame:
    "Magnetic Tile's whole photos, each with its mask, split by tile as `unify` splits a set."
    df = assign_splits(magnetic_tile_photos(shared/'Magnetic-Tile-Defect'), seed)
    df['weight'] = sample_weights(df)
    return df

def benchmark_manifest(shared:Path, k_train=400, k_valid=100, k_test=150, seed=42, split='official') -> pd.DataFrame:
    df = pd.concat([mt_photos(shared, seed), unify(shared, sources=['deeppcb'], seed=seed, split=split)], ignore_index=True)
    df['weight'] = sample_weights(df)
    mt, pcb = df[df.source == 'magnetic_tile'], df[df.source == 'deeppcb']
    k = {'train': k_train, 'valid': k_valid, 'test': k_test}
    pcb = pd.concat([g.sample(min(len(g), k[s]), random_state=seed) for (s, _), g in pcb.groupby(['split', 'label'])])  # same draw as the compact copy
    return pd.concat([mt, pcb]).sort_index().reset_index(drop=True)

def compact(df:pd.DataFrame, out:Path, max_side=320) -> pd.DataFrame:
    "Write each sample as a small file under out/ and return the manifest pointing at them."
    rows = []
    for r in df.itertuples():
        if r.box:  # a crop of a board: the whole board is written once (grey PNG), the row keeps its crop and defect box
            name = hashlib.md5(r.path.encode()).hexdigest()[:16] + '.png'
            p = out/'img'/r.source/name; p.parent.mkdir(parents=True, exist_ok=True)
            if not p.exists():
                with atomic_write(p, 'wb') as f: open_sample(r.path).convert('L').save(f, format='PNG', optimize=True)
            rows.append(dict(r._asdict(), path=str(p), mask_path='')); continue
        im = open_sample(r.path, r.box)
        if max(im.size) > max_side:
            s = max_side/max(im.size); im = im.resize((round(im.width*s), round(im.height*s)), Image.BICUBIC)
        im = im.convert('L')
        name = hashlib.md5(f'{r.path}|{r.box}'.encode()).hexdigest()[:16] + '.jpg'
        p = out/'img'/r.source/name; p.parent.mkdir(parents=True, exist_ok=True)
        if not p.exists():
            with atomic_write(p, 'wb') as f: im.save(f, format='JPEG', quality=95)
        rows.append(dict(r._asdict(), path=str(p), box='', mask_path='', width=im.width, height=im.height))
    return pd.DataFrame(rows).drop(columns='Index')

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--out', default=str(Path(__file__).parent/'data_real'))
    ap.add_argument('--k_train', type=int, default=400); ap.add_argument('--k_valid', type=int, default=100); ap.add_argument('--k_test', type=int, default=150)
    ap.add_argument('--split', default='official', choices=['official', 'groups'], help='groups: DeepPCB board designs kept whole (write it to another --out)')
    ap.add_argument('--mt_photos', help="write only Magnetic Tile's whole-photo manifest to this CSV, and stop")
    a = ap.parse_args()
    shared = find_shared_data(Path(__file__).parent)
    if shared is None: raise SystemExit('../shared/data is absent: the real-data benchmark needs it')
    if a.mt_photos: save_manifest(mt_photos(shared), a.mt_photos); raise SystemExit(f'wrote {a.mt_photos}')
    df = benchmark_manifest(shared, a.k_train, a.k_valid, a.k_test, split=a.split)
    out = Path(a.out); c = compact(df, out)
    save_manifest(c, out/'manifest.csv')
    save_manifest(unify(shared, sources=['deeppcb'], seed=42, split=a.split), out/'deeppcb_full.csv')   # every box of every board, for the board windows
    print(c.groupby(['source', 'label', 'split']).size().unstack(fill_value=0).to_string())
    size = sum(p.stat().st_size for p in out.rglob('*') if p.is_file())
    print(f'{len(c)} samples, {size/2**20:.1f} MiB in {out}')
