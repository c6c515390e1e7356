"""Score found boxes against true ones, both COCO instances files, with pycocotools' own COCOeval (an independent scorer:
nothing of this project's scoring is used). Images are matched by file name and categories by name, so the two files may
number them differently.

    python bench/score_coco.py --truth TRUE.json --found FOUND.json [--json OUT.json]

Prints mAP@0.5:0.95, mAP@0.5 and AP@0.5 per category."""
import argparse, json, contextlib, io
from pathlib import Path
import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--truth', required=True); ap.add_argument('--found', required=True); ap.add_argument('--json', default=None)
    a = ap.parse_args()
    t, f = json.loads(Path(a.truth).read_text()), json.loads(Path(a.found).read_text())
    name = lambda s: Path(s).name.lower()
    img = {name(i['file_name']): i['id'] for i in t['images']}
    cat = {c['name']: c['id'] for c in t['categories']}
    fimg = {i['id']: name(i['file_name']) for i in f['images']}; fcat = {c['id']: c['name'] for c in f['categories']}
    dets, left = [], 0
    for d in f['annotations']:
        i, c = img.get(fimg.get(d['image_id'])), cat.get(fcat.get(d['category_id']))
        if i is None or c is None: left += 1; continue
        dets.append(dict(image_id=i, category_id=c, bbox=d['bbox'], score=float(d.get('score', 1.0))))
    scored = {img[n] for n in fimg.values() if n in img}   # only the images the found file covers
    if not dets:   # nothing found: every AP is 0 (COCOeval cannot load an empty result)
        res = dict(images=len(scored), true_boxes=sum(1 for x in t['annotations'] if x['image_id'] in scored), found_boxes=0,
                   found_unmatched_names=left, map_50_95=0.0, map_50=0.0, ap50_per_category={c: 0.0 for c in cat})
        print(f"{res['images']} images, {res['true_boxes']} true boxes, nothing found: COCO mAP@0.5:0.95 0.000, mAP@0.5 0.000")
        if a.json: Path(a.json).write_text(json.dumps(res, indent=2))
        return
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(); gt.dataset = t; gt.createIndex()
        dt = gt.loadRes(dets)
        e = COCOeval(gt, dt, 'bbox'); e.params.imgIds = sorted(scored); e.evaluate(); e.accumulate(); e.summarize()
    p = e.eval['precision']   # [iou, recall, category, area, max dets]
    per = {}
    for k, cid in enumerate(e.params.catIds):
        v = p[0, :, k, 0, -1]; per[gt.cats[cid]['name']] = float(v[v > -1].mean()) if (v > -1).any() else float('nan')
    res = dict(images=len(scored), true_boxes=sum(1 for x in t['annotations'] if x['image_id'] in scored), found_boxes=len(dets),
               found_unmatched_names=left, map_50_95=float(e.stats[0]), map_50=float(e.stats[1]), ap50_per_category=per)
    print(f"{res['images']} images, {res['true_boxes']} true boxes, {res['found_boxes']} found ({left} of unknown image or category)")
    print(f"COCO mAP@0.5:0.95 {res['map_50_95']:.3f}, mAP@0.5 {res['map_50']:.3f}")
    print('AP@0.5 per category: ' + ', '.join(f'{k} {v:.3f}' for k, v in per.items()))
    if a.json: Path(a.json).write_text(json.dumps(res, indent=2))

if __name__ == '__main__': main()
