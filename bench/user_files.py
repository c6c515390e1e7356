"""What a user's annotated files become in `dd_unify`, beyond their layout: small generated sets (not real data) whose files carry
what real exports carry: phone photos stored sideways with an EXIF orientation (labelled in labelme on the photo as shown, and
in LabelImg on its stored pixels), VOC written in GBK, COCO naming its images by Windows paths, cracks traced as line strips,
a set labelled and then resized, one class typed three ways, and annotations of a category the file does not list. Each is
read as `dd_unify` reads it (`formats.read_annotated`); a row says how many images and defect boxes it gave, how many
defect-free crops, the share of the defect boxes whose crop holds the drawn defect (a bright bar), and how many labels or
images were left out with a reason. Every set should give its N images with N boxes on the bar but the last, whose images
labelled by an unlisted category alone are left out rather than taken as defect-free.

    python bench/user_files.py --out /tmp/user_files [--n 10]

Prints a table and writes bench/results/user_files.json."""
import argparse, json, logging, shutil
from pathlib import Path
import numpy as np
from PIL import Image
from defect_detection.core import atomic_write
import defect_detection.formats as F
from defect_detection.data import open_sample

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--out', required=True, help='folder for the generated sets (emptied first)'); ap.add_argument('--n', type=int, default=10, help='images a set')
ap.add_argument('--json', default=str(Path(__file__).resolve().parent/'results'/'user_files.json'))
a = ap.parse_args()
logging.getLogger('defect_detection').setLevel(logging.ERROR)
root = Path(a.out); shutil.rmtree(root, ignore_errors=True); root.mkdir(parents=True)
rng = np.random.default_rng(0)
def shown_photo(i):   # 200 x 300 as shown, a bright bar at x 20-60, y 200-260; stored sideways with EXIF orientation 6
    a = rng.integers(70, 100, (300, 200)).astype(np.uint8); a[200:260, 20:60] = 230
    ex = Image.Exif(); ex[0x0112] = 6
    return Image.fromarray(a).transpose(Image.Transpose.ROTATE_90), ex
def plain(i, size=(320, 240), bar=(20, 40, 120, 60)):
    a = rng.integers(70, 100, (size[1], size[0])).astype(np.uint8); a[bar[1]:bar[3], bar[0]:bar[2]] = 230; return Image.fromarray(a)
voc = lambda n, b, w, h, name='dent': f'<annotation><filename>{n}</filename><size><width>{w}</width><height>{h}</height></size><object><name>{name}</name><bndbox><xmin>{b[0]}</xmin><ymin>{b[1]}</ymin><xmax>{b[2]}</xmax><ymax>{b[3]}</ymax></bndbox></object></annotation>'
N = a.n
cases = {}
d = root/'phone_labelme'; d.mkdir(); cases['phone photos, labelme (boxes on the photo as shown)'] = d
for i in range(N):
    im, ex = shown_photo(i); im.save(d/f'p{i}.jpg', exif=ex.tobytes())
    json.dump(dict(shapes=[dict(label='dent', shape_type='rectangle', points=[[20, 200], [60, 260]])], imagePath=f'p{i}.jpg', imageWidth=200, imageHeight=300), open(d/f'p{i}.json', 'w'))
d = root/'phone_labelimg'; d.mkdir(); cases['phone photos, LabelImg VOC (boxes on the stored pixels)'] = d
for i in range(N):
    im, ex = shown_photo(i); im.save(d/f'p{i}.jpg', exif=ex.tobytes()); (d/f'p{i}.xml').write_text(voc(f'p{i}.jpg', (200, 140, 260, 180), 300, 200))
d = root/'gbk_voc'; d.mkdir(); cases['VOC written in GBK'] = d
for i in range(N):
    plain(i).save(d/f'g{i}.png'); (d/f'g{i}.xml').write_bytes(('<?xml version="1.0" encoding="GBK"?>' + voc(f'g{i}.png', (20, 40, 120, 60), 320, 240, '划痕')).encode('gbk'))
d = root/'coco_windows'; (d/'train').mkdir(parents=True); cases['COCO naming images by Windows paths'] = d
for i in range(N): plain(i).save(d/'train'/f'c{i}.png')
json.dump(dict(images=[dict(id=i, file_name=f'C:\\Users\\qa\\export\\c{i}.png', width=320, height=240) for i in range(N)],
               annotations=[dict(id=i, image_id=i, category_id=1, bbox=[20, 40, 100, 20]) for i in range(N)], categories=[dict(id=1, name='dent')]), open(d/'train'/'_annotations.coco.json', 'w'))
d = root/'lines'; d.mkdir(); cases['labelme, cracks traced as line strips'] = d
for i in range(N):
    plain(i, bar=(20, 49, 300, 52)).save(d/f'l{i}.png'); json.dump(dict(shapes=[dict(label='crack', shape_type='linestrip', points=[[20, 50.5], [160, 50.5], [300, 50.5]])], imagePath=f'l{i}.png', imageWidth=320, imageHeight=240), open(d/f'l{i}.json', 'w'))
d = root/'resized'; d.mkdir(); cases['VOC labelled, then the images resized to twice the size'] = d
for i in range(N): plain(i).save(d/f'r{i}.png'); (d/f'r{i}.xml').write_text(voc(f'r{i}.png', (10, 20, 60, 30), 160, 120))
d = root/'names'; d.mkdir(); cases['VOC, one class typed three ways'] = d
for i in range(N): plain(i).save(d/f'n{i}.png'); (d/f'n{i}.xml').write_text(voc(f'n{i}.png', (20, 40, 120, 60), 320, 240, ['Scratch', 'scratch', 'scratch '][i % 3]))
d = root/'unknown_cat'; d.mkdir(); cases['COCO, half the annotations of a category not listed'] = d
for i in range(N): plain(i).save(d/f'u{i}.png')
json.dump(dict(images=[dict(id=i, file_name=f'u{i}.png', width=320, height=240) for i in range(N)],
               annotations=[dict(id=i, image_id=i, category_id=1 if i % 2 else 9, bbox=[20, 40, 100, 20]) for i in range(N)], categories=[dict(id=1, name='dent')]), open(d/'instances.json', 'w'))
rows = {}
print('| set | images read | defect boxes (by class) | defect-free crops | boxes on the drawn defect | labels or images left out |\n|---|---|---|---|---|---|')
for what, d in cases.items():
    try:
        df = F.read_annotated(d); dfd = df[df.label != 'ok']
        on = [bool((np.asarray(open_sample(p, b, cache=False))[..., 0] > 200).mean() > 0.5) for p, b in zip(dfd.path, dfd.defect_box)]
        r = dict(images=int(df.path.nunique()), boxes={k: int(v) for k, v in dfd.label.value_counts().items()}, ok_crops=int((df.label == 'ok').sum()),
                 on_defect=round(float(np.mean(on)), 3) if on else None, left_out=len(df.attrs['problems']))
        print(f"| {what} | {r['images']} | {sum(r['boxes'].values())} ({', '.join(f'{k} {v}' for k, v in r['boxes'].items())}) | {r['ok_crops']} | {r['on_defect']} | {r['left_out']} |")
    except Exception as e:
        r = dict(error=f'{type(e).__name__}: {e}'); print(f"| {what} | {r['error'][:160]} | | | | |")
    rows[what] = r
Path(a.json).parent.mkdir(parents=True, exist_ok=True)
with atomic_write(a.json) as f: json.dump(dict(n=a.n, sets=rows), f, indent=1, ensure_ascii=False)
print(f'wrote {a.json}')
