"""Round trips on the real public data beside the project: DeepPCB's boxes written to COCO, VOC, YOLO, labelme, a CSV table, CVAT XML,
VIA, Label Studio and Create ML JSON read back as `read_deeppcb` reads them, and Magnetic Tile's masks laid out as a mask folder, or run-length encoded in a CSV table,
give the boxes of `mask_box_rows`; PKU-Market-PCB's whole tree (a rotated copy of every photo and the defect-free boards beside
the annotated photos) reads as its annotated photos alone.
Skipped, with the reason, where ../shared/data is absent."""
import os, json, xml.etree.ElementTree as ET
from pathlib import Path
import pandas as pd
import pytest
from defect_detection.core import find_shared_data
from defect_detection.data import read_deeppcb, magnetic_tile_photos, mask_box_rows, parse_box, image_size
from defect_detection.formats import WRITERS, READERS_OF, detect_format, annotated_frame

SHARED = find_shared_data(Path(__file__).resolve().parent)
needs_data = pytest.mark.skipif(SHARED is None, reason='../shared/data is absent: the real-data round trips need it')

@pytest.fixture(scope='module')
def deeppcb():
    df = read_deeppcb(SHARED/'PCB'/'DeepPCB')
    return df[df.defective]

@needs_data
@pytest.mark.parametrize('fmt', ['coco', 'voc', 'yolo', 'labelme', 'csv', 'cvat', 'via', 'label_studio', 'createml'])
def test_deeppcb_round_trip(fmt, deeppcb, tmp_path):
    boxes = pd.DataFrame(dict(path=deeppcb.path, **{'class': deeppcb.source_label}, x1=0, y1=0, x2=0, y2=0))
    boxes[['x1', 'y1', 'x2', 'y2']] = [parse_box(b) for b in deeppcb.defect_box]
    sizes = dict(zip(deeppcb.path, zip(deeppcb.width, deeppcb.height)))
    data = SHARED/'PCB'/'DeepPCB'/'PCBData'
    os.symlink(data, tmp_path/'PCBData')            # the images, in their owners' tree, beside the written labels
    WRITERS[fmt](boxes, sizes, tmp_path/'labels.json' if fmt == 'coco' else tmp_path/'labels', root=data)
    if fmt == 'label_studio':   # written as predictions to review; a reviewer accepting every box exports them as annotations
        t = tmp_path/'labels'/'tasks.json'
        t.write_text(json.dumps([dict(x, annotations=[dict(result=x['predictions'][0]['result'])]) for x in json.loads(t.read_text())]))
    assert detect_format(tmp_path) == fmt
    items, problems = READERS_OF[fmt](tmp_path)
    got = sorted((str(Path(os.path.normpath(l.path)).relative_to(tmp_path/'PCBData')), n, b) for l in items if l.objects for n, b, _ in l.objects)
    want = sorted((str(Path(p).relative_to(data)), c, tuple(int(v) for v in (a, b, cc, d)))
                  for p, c, a, b, cc, d in zip(boxes.path, boxes['class'], boxes.x1, boxes.y1, boxes.x2, boxes.y2))
    assert len(want) == 10_013 and got == want
    # every template (the defect-free board beside each test image) is an image no annotation names: skipped and counted, not `ok`
    unl = [l for l in items if l.objects is None]
    assert len(unl) >= 1500 and all(l.path.name.endswith('_temp.jpg') for l in unl)

@needs_data
def test_deeppcb_generic_rows_match_native(deeppcb, tmp_path):
    "The crops the generic path cuts around each box are the native reader's: the same inspection scale from the same boxes."
    boxes = pd.DataFrame(dict(path=deeppcb.path, **{'class': deeppcb.source_label}))
    boxes[['x1', 'y1', 'x2', 'y2']] = [parse_box(b) for b in deeppcb.defect_box]
    data = SHARED/'PCB'/'DeepPCB'/'PCBData'
    os.symlink(data, tmp_path/'PCBData')
    WRITERS['coco'](boxes, dict(zip(deeppcb.path, zip(deeppcb.width, deeppcb.height))), tmp_path/'labels.json', root=data)
    items, problems = READERS_OF['coco'](tmp_path)
    gen = annotated_frame(items, tmp_path, 'deeppcb_coco', problems)
    key = lambda d: sorted(zip(d.path.map(lambda p: Path(p).name), d.source_label, d.defect_box, d.box))
    assert key(gen[gen.defective]) == key(deeppcb)
    assert gen.attrs['unlabelled'] >= 1500

@needs_data
def test_magnetic_tile_as_mask_folder(tmp_path):
    mt = magnetic_tile_photos(SHARED/'Magnetic-Tile-Defect')
    mt = mt[mt.defective]
    want = mask_box_rows(mt)
    want = sorted((Path(p).stem, b) for p, b in zip(want.path, want.defect_box) if b)
    for r in mt.itertuples():   # the owners' photos and masks laid out as images/<class>/ + masks/<class>/<stem>_mask.png
        for sub, src, name in (('images', r.path, Path(r.path).name), ('masks', r.mask_path, Path(r.mask_path).stem + '_mask.png')):
            dst = tmp_path/sub/r.source_label/name; dst.parent.mkdir(parents=True, exist_ok=True); os.symlink(src, dst)
    assert detect_format(tmp_path) == 'masks'
    items, problems = READERS_OF['masks'](tmp_path)
    got = sorted((l.path.stem, ' '.join(map(str, b))) for l in items for _, b, _ in (l.objects or []))
    assert got == want
    assert {n for l in items for n, *_ in (l.objects or [])} == {'MT_Blowhole', 'MT_Break', 'MT_Crack', 'MT_Fray', 'MT_Uneven'}

@needs_data
def test_magnetic_tile_as_run_length_table(tmp_path):
    "Magnetic Tile's masks run-length encoded as Kaggle's steel sets ship theirs (`ImageId, ClassId, EncodedPixels`, runs top to bottom then left to right): the boxes of `mask_box_rows`."
    import cv2, numpy as np
    mt = magnetic_tile_photos(SHARED/'Magnetic-Tile-Defect')
    mt = mt[mt.defective]
    want = mask_box_rows(mt)
    want = sorted((Path(p).stem, b) for p, b in zip(want.path, want.defect_box) if b)
    os.symlink(SHARED/'Magnetic-Tile-Defect', tmp_path/'tiles')
    rows = []
    for r in mt.itertuples():
        f = np.concatenate([[0], cv2.imread(r.mask_path, cv2.IMREAD_GRAYSCALE).flatten(order='F') > 127, [0]]).astype(np.int8)
        d = np.flatnonzero(np.diff(f))
        rows.append(dict(ImageId=str(Path('tiles')/Path(r.path).relative_to(SHARED/'Magnetic-Tile-Defect')), ClassId=r.source_label,
                         EncodedPixels=' '.join(f'{s + 1} {e - s}' for s, e in zip(d[0::2], d[1::2]))))
    pd.DataFrame(rows).to_csv(tmp_path/'train.csv', index=False)
    assert detect_format(tmp_path) == 'csv'
    items, problems = READERS_OF['csv'](tmp_path)
    got = sorted((l.path.stem, ' '.join(map(str, b))) for l in items for _, b, _ in (l.objects or []))
    assert got == want
    # of the six defect masks with no box in `mask_box_rows`, an empty one is an empty run list, which the format reads as
    # listed without a defect; one with nothing over the speck size is a defect without a box: its image is left out, said
    nobox = mask_box_rows(mt); nobox = {Path(p).name for p, b in zip(nobox.path, nobox.defect_box) if not b}
    empty = {Path(r['ImageId']).name for r in rows if not r['EncodedPixels']}
    # and the photos of `MT_Free`, which no row names, are defect-free by their folder's name; its masks are not photos
    free = {Path(p).name for p in magnetic_tile_photos(SHARED/'Magnetic-Tile-Defect').query('label == "ok"').path}
    assert len(nobox) == 6 and empty < nobox and len(free) > 0 and {l.path.name for l in items if l.objects == []} == empty | free
    assert sorted(w.split(': ')[-1].split()[0] for _, w in problems) == sorted(nobox - empty)
    assert {n for l in items for n, *_ in (l.objects or [])} == {'MT_Blowhole', 'MT_Break', 'MT_Crack', 'MT_Fray', 'MT_Uneven'}

@needs_data
def test_pku_market_pcb_as_a_voc_set():
    """PKU-Market-PCB is Pascal VOC in its owners' tree: the VOC reader gives the boxes and classes its XML files hold, and the
    look-alike check finds what per-image groups hide (one board photographed with different defects), which --group mends."""
    from defect_detection.formats import read_pku_pcb
    from defect_detection.manifest import unify, near_duplicates
    root = SHARED/'PCB'/'PKU-Market-PCB'
    assert detect_format(root) == 'voc'
    items, problems = READERS_OF['voc'](root)
    got = sorted((l.path.stem, n, b) for l in items for n, b, _ in (l.objects or []))
    want = [(x.stem, o.findtext('name').strip(), tuple(int(o.findtext(f'bndbox/{k}')) for k in ('xmin', 'ymin', 'xmax', 'ymax')))
            for x in (root/'Annotations').rglob('*.xml') for o in ET.parse(x).getroot().iter('object')]   # the owners' files, read here
    assert got == sorted(want) and len(got) == 134
    pk = read_pku_pcb(root)   # as the public set: the taxonomy's classes, each board one group, a defect-free crop beside each photo's boxes
    assert (pk.defective.sum(), (~pk.defective).sum(), pk.group.nunique(), pk.path.nunique()) == (134, 30, 8, 30)
    m = unify(root, fmt='voc', seed=0)
    assert sorted(m[m.defective].box) == sorted(pk[pk.defective].box)   # the same crops, at the same inspection scale
    assert len(near_duplicates(m)) > 0                          # photos of one board on both sides of the split
    g = unify(root, fmt='voc', seed=0, group=r'/(\d+)_')        # the board number names the part
    assert g.group.nunique() == pk.group.nunique() and len(near_duplicates(g)) == 0

@needs_data
def test_magnetic_tile_in_its_own_tree_as_masks():
    "Magnetic Tile's own `MT_<Type>/Imgs/` (photo and same-stem PNG mask) read by the mask reader: a box source with its classes."
    mt = magnetic_tile_photos(SHARED/'Magnetic-Tile-Defect')
    want = mask_box_rows(mt[mt.defective])
    items, problems = READERS_OF['masks'](SHARED/'Magnetic-Tile-Defect')
    got = sorted((l.path.stem, l.path.parent.parent.name, ' '.join(map(str, b))) for l in items for n, b, _ in (l.objects or []) if n == l.path.parent.parent.name)
    assert got == sorted((Path(p).stem, s, b) for p, s, b in zip(want.path, want.source_label, want.defect_box) if b)
    assert len(items) == 1344 and sum(l.objects == [] for l in items) == 1344 - len({g[0] for g in got})

@needs_data
def test_look_alike_check_on_magnetic_tile_tiles():
    "The look-alike check against Magnetic Tile's own tiles (`tile_of`): it finds photos of one tile, and flags few pairs of different tiles."
    from defect_detection.manifest import near_duplicates
    mt = magnetic_tile_photos(SHARED/'Magnetic-Tile-Defect')
    pairs = near_duplicates(mt.assign(split=mt.path))          # every image its own split: every look-alike pair comes back
    tile = dict(zip(mt.path, mt.group))
    same = (pairs.path_a.map(tile) == pairs.path_b.map(tile))
    n_same = int(mt.groupby('group').size().map(lambda k: k*(k - 1)//2).sum()); n = len(mt)*(len(mt) - 1)//2
    assert same.sum()/n_same >= 0.4                              # half of one tile's pairs (measured 0.50)
    assert (~same).sum()/(n - n_same) <= 0.001                   # 0.04 % of the pairs of different tiles

@needs_data
def test_pku_market_pcb_full_tree(tmp_path):
    """PKU-Market-PCB as its owners ship the whole set: beside `images/` and `Annotations/`, `rotation/<Class>_rotation/` holds a
    rotated copy of every photo under the same name (with only `<Class>_angles.txt` beside it), and `PCB_USED/NN.JPG` the defect-free
    board of each design. The rotated copies must not take the unrotated photos' boxes, nor the templates be read as defect-free
    photos; and `--references PCB_USED` gives each photo its board's template by the board number its name starts with."""
    from defect_detection.manifest import unify
    from defect_detection.core import problem_kind
    from defect_detection.reference import reference_for
    src = SHARED/'PCB'/'PKU-Market-PCB'; root = tmp_path/'PCB_DATASET'
    for d in ('images', 'Annotations'): (root/d).mkdir(parents=True); [os.symlink(c, root/d/c.name) for c in (src/d).iterdir()]
    photos = sorted((src/'images').rglob('*.jpg'))
    for p in photos:   # the rotated copies: the same names (the pixels are not read before the annotations are matched)
        (root/'rotation'/f'{p.parent.name}_rotation').mkdir(parents=True, exist_ok=True); os.symlink(p, root/'rotation'/f'{p.parent.name}_rotation'/p.name)
        with open(root/'rotation'/f'{p.parent.name}_angles.txt', 'a') as f: f.write(f'{p.stem}\t7\n')
    (root/'PCB_USED').mkdir()
    for b in ('01', '04'): os.symlink(next(p for p in photos if p.name.startswith(b + '_')), root/'PCB_USED'/f'{b}.JPG')
    alone, full = unify(src, seed=0), unify(root, seed=0)
    rel = lambda df, r: sorted((str(Path(p).relative_to(r)), l, b) for p, l, b in zip(df.path, df.label, df.box))
    assert rel(full, root) == rel(alone, src) and len(full) == len(alone) > 0   # the same photos, boxes and classes as the annotated tree alone
    left = [(Path(p).relative_to(root).parts[0], problem_kind(w)) for p, w in full.attrs['problems']]
    assert sorted(set(left)) == [('PCB_USED', 'no annotation'), ('rotation', 'no annotation')] and len(left) == len(photos) + 2, left
    one = next(p for p in photos if p.name.startswith('01_'))
    assert reference_for(root/'images'/one.parent.name/one.name, references=root/'PCB_USED') == root/'PCB_USED'/'01.JPG'
    assert reference_for(root/'images'/'x'/'07_short_01.jpg', references=root/'PCB_USED') is None   # a board with no template
