"""Localisation on real data: score a trained run's maps against the true defect locations of the benchmark's
test split (Magnetic Tile masks, DeepPCB boxes; the split of real_data.py: `mt_photos` and `unify(..., seed=42)`, tiles kept whole, DeepPCB's
official lists), read from the original files in ../shared/data: every test image of the two sources, so each board's every box is
known; at most --max_per_class defective images a class are scored (seeded draw).

Pointing game, box IoU and mask IoU, for the CAM alone and CAM + Sobel, per source, over the defective test
images whose class the model got right, beside the trivial answers on the same images (the centre point, a central
box of the mean true size, the whole image). PCB crops are moved at random around their defect (the defect stays
inside) and every board defect inside a crop counts; intervals resample groups (a tile, a board). Prints the table
and writes localisation_real.json into the run folder."""
import argparse, json, sys
from pathlib import Path
from defect_detection.core import find_shared_data
from defect_detection.explain_run import score_localisation, localisation_table
import pandas as pd
from defect_detection.manifest import unify
sys.path.insert(0, str(Path(__file__).parent))   # beside it: real_data.py's split
from real_data import mt_photos

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default=str(Path(__file__).parent/'results'/'train_real'))
ap.add_argument('--max_per_class', type=int, default=60)
a = ap.parse_args()
shared = find_shared_data(Path(__file__).parent)
if shared is None: sys.exit('SKIPPED: ../shared/data is absent')
df = pd.concat([mt_photos(shared), unify(shared, sources=['deeppcb'], seed=42)], ignore_index=True)   # the benchmark's split, with every box of each board
per, summ = score_localisation(a.run, df[df.split == 'test'], max_per_class=a.max_per_class)
print(localisation_table(summ).to_string())
per.to_csv(Path(a.run)/'localisation_real.csv', index=False)
(Path(a.run)/'localisation_real.json').write_text(json.dumps(dict(max_per_class=a.max_per_class, per_source=summ.to_dict('index')), indent=2, default=float))
print(f'wrote {Path(a.run)/"localisation_real.json"}')
