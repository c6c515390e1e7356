"""Write DeepPCB (official lists) as a user's COCO set, to measure the generic path on it as on a set this project has no reader for.

    python bench/deeppcb_as_coco.py --out /tmp/pcb_boards

`OUT/images` links to DeepPCB's `PCBData` tree (images and templates in place); `OUT/instances_train.json` holds the trainval
boards and `OUT/instances_test.json` the test boards, each defect under DeepPCB's own type name (open, short, mousebite, spur,
copper, pin-hole) with its box. The folder's name is the source name, so pick one that names no public set. Then run the README's
commands on OUT and score `dd_predict --format coco`'s boxes with `bench/score_coco.py --truth OUT/instances_test.json`."""
import argparse, os
from pathlib import Path
import pandas as pd
from defect_detection.core import find_shared_data
from defect_detection.data import read_deeppcb, parse_box, DEEPPCB_TYPES
from defect_detection.formats import write_coco

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', required=True); ap.add_argument('--deeppcb', default=None, help='the DeepPCB folder (default: ../shared/data/PCB/DeepPCB)')
    a = ap.parse_args()
    src = Path(a.deeppcb or find_shared_data()/'PCB'/'DeepPCB'); data = src/'PCBData'
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    if not (out/'images').exists(): os.symlink(data.resolve(), out/'images')
    df = read_deeppcb(src)
    names = {v: v for v in DEEPPCB_TYPES.values()}
    for split, name in (('train', 'instances_train.json'), ('test', 'instances_test.json')):
        d = df[df.split == split]
        boards = d.drop_duplicates('path')
        sizes = {str(out/'images'/Path(p).relative_to(data)): (int(w), int(h)) for p, w, h in zip(boards.path, boards.width, boards.height)}
        b = d[d.defective]
        boxes = pd.DataFrame({'path': [str(out/'images'/Path(p).relative_to(data)) for p in b.path], 'class': [names.get(s, s) for s in b.source_label]})
        boxes[['x1', 'y1', 'x2', 'y2']] = [parse_box(s) for s in b.defect_box]
        write_coco(boxes, sizes, out/name)   # file names relative to the boards' common folder, found under images/
        print(f'{name}: {len(sizes)} boards, {len(boxes)} boxes')

if __name__ == '__main__': main()
