"""Public defect sets in the layouts their owners publish, as a user would hand them to `dd_unify` with no flag: a steel-surface
VOC set in upper-case folders, the same set as a train / validation export with images in class folders, VOC files in a folder
apart from class-numbered image folders, a Roboflow COCO export (its category 0 a super-category), a Roboflow YOLO export, an
anomaly-detection set (defect-free `train/good/`, defects only under `test/`, masks under `ground_truth/`; also with `ok`/`ko`
folders and masks of the image's own name), part folders with `_label` masks (each folder one part), `_GT` masks in train /
test, labelme polygons in a wear sequence, labelme rectangles with Chinese class names beside a folder of defect-free photos named in Chinese, a competition's steel set (run-length masks in `train.csv`, unlabelled test images,
an answers template), a Roboflow CSV export, positive / negative class folders, fabric photos in `Defect_images/`,
`Mask_images/` and `NODefect_images/<roll>/`, `Source Images/` beside `Ground truth/` with the class in each name, rail photos
beside `GroundTruth/` in two `... dataset/` folders, one flat folder whose names carry the class (`Cr_1.bmp`), casting photos in
train / test class folders, crack photos in `train_img/` with their masks in `train_lab/` (and `test_img/`, `test_lab/`),
three categories of an anomaly set side by side, a header-less, space-separated table of defect grades, an anomaly set's split table naming
mask files, an anomaly set with a folder of masks for each image (`ground_truth/<type>/000/000.png`), one with photos in `rgb/`, masks in `gt/`
and point clouds in `xyz/`, one with an unlabelled private test folder, crack photos with MATLAB label maps (`groundTruth/001.mat`), fabric photos with a JSON list of box records and a folder of defect-free ones, a CVAT for
images XML export, a VGG Image Annotator JSON, a Label Studio JSON export, a Supervisely project, a Roboflow Create ML export, a Datumaro export, a multi-view set with each part's views in a numbered folder (`OK/S0001/`,
`NG/<type>/S0013/`, masks beside the photos; and with its protocol files, `realiad_jsons/realiad_jsons/<category>.json`; and with its images at two sizes side by side), crack photos in `traindata/` `valdata/` `testdata/` with masks beside them, and one category of
an anomaly set whose table names paths from the folder above it, class folders inside surface folders (`D/CD/`, `D/UD/`), and
products side by side, each with its class folders, a VOC segmentation set (palette masks with a void border, instance masks beside
them, a label map) and masks drawn in a colour per class. The images are small generated stand-ins; the folders, names and annotation files are laid out as the sets lay
them out. Each must read with its own classes, a usable split and defect-free examples where the set has any."""
import json
from pathlib import Path
import numpy as np, pandas as pd, pytest
from PIL import Image
from defect_detection.manifest import find_sources, unify

RNG = np.random.default_rng(0)

def img(p:Path, w=96, h=96, box=None, rgb=False):
    a = RNG.normal(128, 12, (h, w)).clip(0, 255).astype(np.uint8)
    if box: a[box[1]:box[3], box[0]:box[2]] = 30
    p.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(np.stack([a]*3, -1) if rgb else a).save(p)

def mask(p:Path, w, h, box=None):
    m = np.zeros((h, w), np.uint8)
    if box: m[box[1]:box[3], box[0]:box[2]] = 255
    p.parent.mkdir(parents=True, exist_ok=True); Image.fromarray(m).save(p)

def voc(p:Path, fn, w, h, objs):
    p.parent.mkdir(parents=True, exist_ok=True)
    o = ''.join(f'<object><name>{n}</name><difficult>0</difficult><bndbox><xmin>{b[0]}</xmin><ymin>{b[1]}</ymin><xmax>{b[2]}</xmax>'
                f'<ymax>{b[3]}</ymax></bndbox></object>' for n, b in objs)
    p.write_text(f'<annotation><folder>x</folder><filename>{fn}</filename><size><width>{w}</width><height>{h}</height><depth>1</depth></size>{o}</annotation>')

STEEL = ['crazing', 'inclusion', 'patches', 'scratches']

def steel_upper(r):   # IMAGES/ and ANNOTATIONS/, some <filename>s without their extension
    for c in STEEL:
        for i in range(1, 9):
            b = (10 + 8*i, 12, 60 + 8*i, 70); img(r/'IMAGES'/f'{c}_{i}.jpg', 200, 200, box=b)   # 200 x 200 grey, as the steel set
            voc(r/'ANNOTATIONS'/f'{c}_{i}.xml', f'{c}_{i}' + ('.jpg' if i % 2 else ''), 200, 200, [(c, b)])

def steel_export(r):   # train/ and validation/ only, images in class folders, annotations flat
    for split, n in (('train', 8), ('validation', 3)):
        for c in STEEL:
            for i in range(n):
                k = f'{c}_{split}{i}'; b = (10, 12, 60, 70)
                img(r/split/'images'/c/f'{k}.jpg', 200, 200, box=b); voc(r/split/'annotations'/f'{k}.xml', f'{k}.jpg', 200, 200, [(c, b)])

def strips(r):   # numbered class folders of images, every VOC file in one folder of its own name; every image has a defect
    for k, c in enumerate(['punching_hole', 'welding_line', 'oil_spot'], 1):
        for i in range(6):
            s = f'img_0{k}_{3402617700 + i}_0000{i}'; b = (30 + 5*i, 10, 150 + 5*i, 110)
            img(r/str(k)/f'{s}.jpg', 320, 120, box=b); voc(r/'lable'/f'{s}.xml', f'{s}.jpg', 320, 120, [(f'{k}_{c}', b)])

def roboflow_coco(r):
    names = ['missing_hole', 'mouse_bite', 'short']
    for split, n in (('train', 9), ('valid', 3), ('test', 3)):
        ims, anns = [], []
        for i in range(n):
            fn = f'board{i}_jpg.rf.{i:032x}.jpg'; c = 1 + i % 3; b = (20 + i, 30, 40 + i, 50)
            img(r/split/fn, 128, 128, box=b, rgb=True)
            ims.append(dict(id=i, file_name=fn, width=128, height=128))
            anns.append(dict(id=i, image_id=i, category_id=c, bbox=[b[0], b[1], 20, 20], area=400, segmentation=[], iscrowd=0))
        cats = [dict(id=0, name='pcb-defects', supercategory='none')] + [dict(id=k, name=v, supercategory='pcb-defects') for k, v in enumerate(names, 1)]
        (r/split/'_annotations.coco.json').write_text(json.dumps(dict(info={}, licenses=[], categories=cats, images=ims, annotations=anns)))

def roboflow_yolo(r):
    for split, n in (('train', 9), ('valid', 3), ('test', 3)):
        for i in range(n):
            fn = f'board{i}_jpg.rf.{i:032x}'; b = (20 + i, 30, 40 + i, 50)
            img(r/split/'images'/f'{fn}.jpg', 128, 128, box=b, rgb=True)
            (r/split/'labels').mkdir(parents=True, exist_ok=True)
            (r/split/'labels'/f'{fn}.txt').write_text(f'{i % 3} {(b[0] + 10)/128:.6f} {40/128:.6f} {20/128:.6f} {20/128:.6f}\n')
    (r/'data.yaml').write_text("train: ../train/images\nval: ../valid/images\ntest: ../test/images\n\nnc: 3\nnames: ['missing_hole', 'mouse_bite', 'short']\n")

def anomaly(r):   # category/train/good, category/test/{good,<defect>}, category/ground_truth/<defect>/NNN_mask.png
    c = r/'bottle'
    for i in range(12): img(c/'train'/'good'/f'{i:03d}.png')
    for i in range(3): img(c/'test'/'good'/f'{i:03d}.png')
    for d in ('broken_large', 'contamination'):
        for i in range(7):
            b = (30 + i, 40, 50 + i, 60); img(c/'test'/d/f'{i:03d}.png', box=b); mask(c/'ground_truth'/d/f'{i:03d}_mask.png', 96, 96, b)
    (r/'license.txt').write_text('CC BY-NC-SA 4.0\n'); (r/'readme.txt').write_text('bottle: 3 kinds of defect\n')

def parts(r):   # kosNN/PartK.jpg with PartK_label.bmp, most masks empty
    for k in range(1, 7):
        for p in range(4):
            b = (20, 60, 40, 100) if p == 2 and k % 2 else None
            img(r/f'kos{k:02d}'/f'Part{p}.jpg', 64, 160, box=b); mask(r/f'kos{k:02d}'/f'Part{p}_label.bmp', 64, 160, b)

def gt_pairs(r):   # train/10000.png with 10000_GT.png, test/...
    for split, n in (('train', 16), ('test', 6)):
        for i in range(n):
            s = 10000 + i + (0 if split == 'train' else 100); b = (20, 60, 40, 100) if i % 3 == 0 else None
            img(r/split/f'{s}.png', 64, 160, box=b); mask(r/split/f'{s}_GT.png', 64, 160, b)

def wear(r):   # data/*.jpg with labelme JSON beside, imagePath written on Windows, a part photographed over time
    for sq in range(10):
        for t in range(4):
            s = f'seq{sq}_t{t:02d}'; img(r/'data'/f'{s}.jpg', 160, 120, box=(60, 40, 90, 60))
            shapes = [dict(label='pitting', points=[[60, 40], [90, 40], [90, 60], [60, 60]], group_id=None, shape_type='polygon', flags={})] if t else []
            (r/'data'/f'{s}.json').write_text(json.dumps(dict(version='5.2.1', flags={}, shapes=shapes, imagePath=f'..\\data\\{s}.jpg',
                                                               imageData=None, imageHeight=120, imageWidth=160)))

def aluminium(r):   # 瑕疵样本/<class>/*.jpg with labelme JSON beside, labels in Chinese; 无瑕疵样本/*.jpg (defect-free), no JSON
    for k, c in enumerate(('擦花', '漏底', '脏点')):
        for i in range(10):
            s = f'{c}{i:03d}'; b = (20 + 3*k, 30, 60 + 3*k, 50); img(r/'瑕疵样本'/c/f'{s}.jpg', 160, 120, box=b)
            shapes = [dict(label=c, points=[[b[0], b[1]], [b[2], b[3]]], group_id=None, shape_type='rectangle', flags={})]
            (r/'瑕疵样本'/c/f'{s}.json').write_text(json.dumps(dict(version='3.4.1', flags={}, shapes=shapes, imagePath=f'{s}.jpg', imageData=None, imageHeight=120, imageWidth=160), ensure_ascii=False))
    for i in range(12): img(r/'无瑕疵样本'/f'正常{i:03d}.jpg', 160, 120)

def vocdevkit(r):   # VOCdevkit/VOC2007/{JPEGImages, Annotations, ImageSets/Main/{train,val,test}.txt}, wrapped in a folder of its own
    v = r/'VOCdevkit'/'VOC2007'; lists = {'train': [], 'val': [], 'test': []}
    for i in range(30):
        s = f'{i:06d}'; b = (20, 20, 60, 50); c = ['scratch', 'dent'][i % 2]
        img(v/'JPEGImages'/f'{s}.jpg', 160, 120, box=b); voc(v/'Annotations'/f'{s}.xml', f'{s}.jpg', 160, 120, [(c, b)])
        lists['train' if i < 20 else 'val' if i < 25 else 'test'].append(s)
    (v/'ImageSets'/'Main').mkdir(parents=True)
    for k, l in lists.items(): (v/'ImageSets'/'Main'/f'{k}.txt').write_text('\n'.join(l) + '\n')
    (v/'ImageSets'/'Main'/'trainval.txt').write_text('\n'.join(lists['train'] + lists['val']) + '\n')
    (v/'ImageSets'/'Main'/'scratch_train.txt').write_text(''.join(f'{s} {1 if int(s) % 2 == 0 else -1}\n' for s in lists['train']))

def rle(m):   # Kaggle's run-length encoding: 1-based starts, pixels counted top to bottom, then left to right
    f = np.concatenate([[0], m.flatten(order='F') > 0, [0]]).astype(np.int8); d = np.flatnonzero(np.diff(f))
    return ' '.join(f'{s + 1} {e - s}' for s, e in zip(d[0::2], d[1::2]))

def kaggle_rle(r):   # train_images/ labelled by train.csv (ImageId, ClassId, EncodedPixels; defect-free images not listed), test_images/ unlabelled
    rows = []
    for i in range(36):
        n = f'{i:05x}f3.jpg'; c = 1 + i % 3; b = (20 + 4*i, 8, 70 + 4*i, 40)
        img(r/'train_images'/n, 400, 64, box=None if i >= 30 else b)
        if i < 30:
            m = np.zeros((64, 400), np.uint8); m[b[1]:b[3], b[0]:b[2]] = 1; rows.append(dict(ImageId=n, ClassId=c, EncodedPixels=rle(m)))
    pd.DataFrame(rows).to_csv(r/'train.csv', index=False)
    for i in range(4): img(r/'test_images'/f't{i}.jpg', 400, 64)
    (r/'sample_submission.csv').write_text('ImageId,EncodedPixels,ClassId\n' + ''.join(f't{i}.jpg,1 1,0\n' for i in range(4)))

def roboflow_csv(r):   # train/ valid/ test/, each with the images and _annotations.csv (TensorFlow Object Detection CSV)
    names = ['missing_hole', 'mouse_bite', 'short']
    for split, n in (('train', 9), ('valid', 3), ('test', 3)):
        rows = []
        for i in range(n):
            fn = f'board{i}_jpg.rf.{i:032x}.jpg'; b = (20 + i, 30, 40 + i, 50)
            img(r/split/fn, 128, 128, box=b, rgb=True)
            rows.append(dict(filename=fn, width=128, height=128, **{'class': names[i % 3]}, xmin=b[0], ymin=b[1], xmax=b[2], ymax=b[3]))
        pd.DataFrame(rows).to_csv(r/split/'_annotations.csv', index=False)

def table_labels(r):   # a flat folder of photos and one labels.csv (file name, label) for whole images, two shots of each part
    rows = []
    for i in range(24):
        c = ['good', 'porosity', 'crack'][i % 3]
        for shot in ('a', 'b'):
            img(r/'images'/f'part{i:03d}_{shot}.png', 96, 96, box=None if c == 'good' else (20, 20, 40, 40)); rows.append(dict(file_name=f'part{i:03d}_{shot}.png', label=c))
    pd.DataFrame(rows).to_csv(r/'labels.csv', index=False)

def btad(r):   # 01/train/ok, 01/test/{ok,ko}, 01/ground_truth/ko/NNNN.png (same stem, png)
    for prod in ('01', '02'):
        c = r/'BTech_Dataset_transformed'/prod
        for i in range(12): img(c/'train'/'ok'/f'{i:04d}.bmp')
        for i in range(4): img(c/'test'/'ok'/f'{i:04d}.bmp')
        for i in range(8):
            b = (30 + i, 40, 50 + i, 60); img(c/'test'/'ko'/f'{i:04d}.bmp', box=b); mask(c/'ground_truth'/'ko'/f'{i:04d}.png', 96, 96, b)

def concrete(r):   # Positive/ and Negative/, same file names in both
    for k in ('Positive', 'Negative'):
        for i in range(1, 21): img(r/k/f'{i:05d}.jpg', 64, 64, box=(10, 10, 20, 50) if k == 'Positive' else None)

def aitex(r):   # Defect_images/NNNN_DDD_FF.png, Mask_images/NNNN_DDD_FF_mask.png, NODefect_images/<roll>/NNNN_000_FF.png
    for i in range(12):
        d = [2, 6, 10][i % 3]; s = f'{i:04d}_{d:03d}_0{i%4}'; b = (100 + 5*i, 60, 140 + 5*i, 90)
        img(r/'Defect_images'/f'{s}.png', 512, 128, box=b); mask(r/'Mask_images'/f'{s}_mask.png', 512, 128, b)
    for roll in ('2306881-210020u', '2311694-2040n'):
        for i in range(8): img(r/'NODefect_images'/roll/f'{i:04d}_000_0{i%4}.png', 512, 128)

def fabric_json(r):   # defect_Images/*.jpg, normal_Images/*.jpg, Annotations/anno_train.json: a list of {name, defect_name, bbox: corners}
    recs = []
    for i in range(24):
        c = ('hole', 'knot', 'stain')[i % 3]; b = [300 + 4*i, 40, 330 + 4*i, 70]   # as x, y, w, h these would end beyond 512 px
        img(r/'defect_Images'/f'{i:05d}.jpg', 512, 128, box=b); recs.append(dict(name=f'{i:05d}.jpg', defect_name=c, bbox=[float(v) for v in b]))
    for i in range(12): img(r/'normal_Images'/f'n{i:05d}.jpg', 512, 128)
    (r/'Annotations').mkdir(parents=True); (r/'Annotations'/'anno_train.json').write_text(json.dumps(recs))

def sd900(r):   # Source Images/In_1.bmp, Ground truth/In_1.png; class in the name's prefix
    for c in ('In', 'Pa', 'Sc'):
        for i in range(1, 10):
            b = (20 + i, 30, 60 + i, 50); img(r/'SD-saliency-900'/'Source Images'/f'{c}_{i}.bmp', 200, 200, box=b)
            mask(r/'SD-saliency-900'/'Ground truth'/f'{c}_{i}.png', 200, 200, b)

def rsdds(r):   # Type-I RSDDs dataset/Rail surface images/rail_N.jpg, GroundTruth/rail_N.jpg
    for t in ('Type-I RSDDs dataset', 'Type-II RSDDs dataset'):
        for i in range(1, 12):
            b = (10, 100 + 10*i, 40, 140 + 10*i); img(r/t/'Rail surface images'/f'rail_{i}.jpg', 64, 400, box=b)
            mask(r/t/'GroundTruth'/f'rail_{i}.jpg', 64, 400, b)

def neu_cls(r):   # one flat folder, the class in each name: Cr_1.bmp ...
    for c in ('Cr', 'In', 'Pa', 'PS', 'RS', 'Sc'):
        for i in range(1, 11): img(r/'NEU-CLS'/f'{c}_{i}.bmp', 200, 200, box=(50, 50, 80, 90))

def casting(r):   # casting_data/casting_data/{train,test}/{def_front,ok_front}
    for s, n in (('train', 12), ('test', 4)):
        for k in ('def_front', 'ok_front'):
            for i in range(n): img(r/'casting_data'/'casting_data'/s/k/f'cast_{k.split("_")[0]}_0_{i}.jpeg', 64, 64)

def elpv(r):   # labels.csv without a header, whitespace-separated: images/cellNNNN.png  prob  type
    lines = []
    for i in range(40):
        p = [0.0, 1.0, 0.3333333333333333, 0.6666666666666666][i % 4]; img(r/'elpv-dataset'/'images'/f'cell{i:04d}.png', 300, 300)
        lines.append(f'images/cell{i:04d}.png  {p}  {"mono" if i % 2 else "poly"}')
    (r/'elpv-dataset'/'labels.csv').write_text('\n'.join(lines) + '\n')

def visa(r):   # candle/Data/Images/{Normal,Anomaly}, Masks/Anomaly, split_csv/1cls.csv (object,split,label,image,mask)
    rows = []
    for i in range(20):
        p = f'candle/Data/Images/Normal/{i:04d}.JPG'; img(r/p, rgb=True); rows.append(dict(object='candle', split='train' if i < 15 else 'test', label='normal', image=p, mask=''))
    for i in range(10):
        b = (30, 30, 50, 50); p = f'candle/Data/Images/Anomaly/{i:03d}.JPG'; m = f'candle/Data/Masks/Anomaly/{i:03d}.png'
        img(r/p, box=b, rgb=True); mask(r/m, 96, 96, b); rows.append(dict(object='candle', split='test', label='anomaly', image=p, mask=m))
    (r/'split_csv').mkdir(parents=True); pd.DataFrame(rows).to_csv(r/'split_csv'/'1cls.csv', index=False)

def kolektor(r):   # KolektorSDD/kos01/Part0.jpg + Part0_label.bmp: each folder one part (8 photos of it)
    for k in range(1, 13):
        for p in range(8):
            b = (20, 60, 40, 100) if p == 2 and k % 2 else None
            img(r/'KolektorSDD'/f'kos{k:02d}'/f'Part{p}.jpg', 64, 160, box=b); mask(r/'KolektorSDD'/f'kos{k:02d}'/f'Part{p}_label.bmp', 64, 160, b)

def deepcrack(r):   # train_img/*.jpg with train_lab/*.png, test_img/ with test_lab/; a crack in every image
    for s, n in (('train', 12), ('test', 5)):
        for i in range(n):
            b = (10 + 3*i, 20, 30 + 3*i, 200); img(r/'DeepCrack'/f'{s}_img'/f'{i:04d}.jpg', 256, 256, box=b, rgb=True)
            mask(r/'DeepCrack'/f'{s}_lab'/f'{i:04d}.png', 256, 256, b)

def mvtec3(r):   # three categories of an anomaly set side by side
    for cat, defects in (('bottle', ('broken_large', 'contamination')), ('cable', ('bent_wire', 'cut_inner_insulation')), ('hazelnut', ('crack', 'hole'))):
        c = r/'mvtec_anomaly_detection'/cat
        for i in range(8): img(c/'train'/'good'/f'{i:03d}.png')
        for i in range(3): img(c/'test'/'good'/f'{i:03d}.png')
        for d in defects:
            for i in range(5):
                b = (30 + i, 40, 50 + i, 60); img(c/'test'/d/f'{i:03d}.png', box=b); mask(c/'ground_truth'/d/f'{i:03d}_mask.png', 96, 96, b)
    (r/'mvtec_anomaly_detection'/'license.txt').write_text('CC BY-NC-SA 4.0\n'); (r/'mvtec_anomaly_detection'/'readme.txt').write_text('15 categories\n')
def loco(r):   # MVTec LOCO: train/ validation/ test/ good, test/<kind>, ground_truth/<kind>/<image stem>/000.png (a mask per defect)
    c = r/'mvtec_loco_anomaly_detection'/'breakfast_box'
    for s, n in (('train', 12), ('validation', 4), ('test', 4)):
        for i in range(n): img(c/s/'good'/f'{i:03d}.png')
    for d in ('logical_anomalies', 'structural_anomalies'):
        for i in range(7):
            b = (30 + i, 40, 50 + i, 60); img(c/'test'/d/f'{i:03d}.png', box=b); mask(c/'ground_truth'/d/f'{i:03d}'/'000.png', 96, 96, b)
            if i % 2: mask(c/'ground_truth'/d/f'{i:03d}'/'001.png', 96, 96, (5, 5, 15, 15))
    (c/'defects_config.json').write_text(json.dumps([dict(defect_name='missing_almonds', pixel_value=255, saturation_threshold=1, relative_saturation=True)]))

def mvtec3d(r):   # MVTec 3D-AD: {train,validation}/good/{rgb,xyz}, test/<defect>/{rgb,gt,xyz}; xyz/ holds float point-cloud TIFFs, not photos
    import cv2
    c = r/'mvtec_3d_anomaly_detection'/'bagel'
    def xyz(p): p.parent.mkdir(parents=True, exist_ok=True); cv2.imwrite(str(p), RNG.normal(0, 1, (96, 96, 3)).astype(np.float32))
    for s, n in (('train', 12), ('validation', 4)):
        for i in range(n): img(c/s/'good'/'rgb'/f'{i:03d}.png', rgb=True); xyz(c/s/'good'/'xyz'/f'{i:03d}.tiff')
    for d in ('good', 'crack', 'hole'):
        for i in range(6):
            b = None if d == 'good' else (30 + i, 40, 50 + i, 60)
            img(c/'test'/d/'rgb'/f'{i:03d}.png', box=b, rgb=True); mask(c/'test'/d/'gt'/f'{i:03d}.png', 96, 96, b); xyz(c/'test'/d/'xyz'/f'{i:03d}.tiff')
    (c/'calibration').mkdir(parents=True); (c/'calibration'/'camera_parameters.json').write_text('{"fx": 1}')

def mvtec_ad2(r):   # MVTec AD 2: train/ validation/ good, test_public/{good,bad}, test_public/ground_truth/bad/NNN_regular_mask.png, unlabelled test_private/
    c = r/'mvtec_ad_2'/'can'
    for s, n in (('train', 12), ('validation', 4)):
        for i in range(n): img(c/s/'good'/f'{i:03d}_regular.png')
    for i in range(4): img(c/'test_public'/'good'/f'{i:03d}_regular.png')
    for i in range(8):
        b = (30 + i, 40, 50 + i, 60); img(c/'test_public'/'bad'/f'{i:03d}_regular.png', box=b); mask(c/'test_public'/'ground_truth'/'bad'/f'{i:03d}_regular_mask.png', 96, 96, b)
    for i in range(6): img(c/'test_private'/f'{i:03d}_regular.png'); img(c/'test_private_mixed'/f'{i:03d}_overexposed.png')

def crackforest(r):   # image/NNN.jpg, groundTruth/NNN.mat (struct groundTruth: Segmentation, 1 background and 2 crack; Boundaries), seg/NNN.seg
    from scipy.io import savemat
    d = r/'CrackForest-dataset'
    for i in range(1, 21):
        b = (10 + i, 20, 30 + i, 60); img(d/'image'/f'{i:03d}.jpg', 240, 160, box=b, rgb=True)
        seg = np.ones((160, 240), np.uint16); seg[b[1]:b[3], b[0]:b[2]] = 2
        gt = np.zeros((1, 1), dtype=[('Segmentation', 'O'), ('Boundaries', 'O')]); gt[0, 0]['Segmentation'] = seg; gt[0, 0]['Boundaries'] = seg == 2
        (d/'groundTruth').mkdir(parents=True, exist_ok=True); savemat(d/'groundTruth'/f'{i:03d}.mat', {'groundTruth': gt})
        (d/'seg').mkdir(exist_ok=True); (d/'seg'/f'{i:03d}.seg').write_text('format ascii cr\nwidth 240\nheight 160\nsegments 2\ndata\n')

def cvat(r):   # CVAT for images 1.1: annotations.xml + images/; boxes and polygons, every fifth image listed with no shape
    names = ['scratch', 'dent', 'stain']; ims = []
    for i in range(30):
        fn = f'frame_{i:06d}.jpg'; b = (20 + i, 30, 50 + i, 60); img(r/'images'/fn, 160, 120, box=b if i % 5 else None, rgb=True)
        shape = '' if i % 5 == 0 else (f'<box label="{names[i % 3]}" source="manual" occluded="0" xtl="{b[0]}.00" ytl="{b[1]}.00" xbr="{b[2]}.00" ybr="{b[3]}.00" z_order="0"></box>' if i % 2
                 else f'<polygon label="{names[i % 3]}" source="manual" occluded="0" points="{b[0]}.00,{b[1]}.00;{b[2]}.00,{b[1]}.00;{b[2]}.00,{b[3]}.00;{b[0]}.00,{b[3]}.00" z_order="0"></polygon>')
        ims.append(f'  <image id="{i}" name="{fn}" width="160" height="120">\n    {shape}\n  </image>')
    labels = ''.join(f'<label><name>{n}</name><color>#ff0000</color><type>any</type><attributes></attributes></label>' for n in names)
    (r/'annotations.xml').write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n  <meta><task><id>1</id><name>parts</name><size>30</size><labels>{labels}</labels></task></meta>\n' + '\n'.join(ims) + '\n</annotations>\n')

def via(r):   # VGG Image Annotator 2: via_region_data.json beside the photos, the class in region_attributes
    names = ['crack', 'porosity']; d = {}
    for i in range(30):
        fn = f'IMG_{i:04d}.jpg'; b = (20 + i, 30, 50 + i, 60); img(r/fn, 160, 120, box=b if i % 5 else None, rgb=True); size = (r/fn).stat().st_size
        regs = [] if i % 5 == 0 else [dict(shape_attributes=dict(name='rect', x=b[0], y=b[1], width=30, height=30) if i % 2 else
                                           dict(name='polygon', all_points_x=[b[0], b[2], b[2], b[0]], all_points_y=[b[1], b[1], b[3], b[3]]),
                                           region_attributes=dict(defect=names[i % 2]))]
        d[f'{fn}{size}'] = dict(filename=fn, size=size, regions=regs, file_attributes={})
    (r/'via_region_data.json').write_text(json.dumps(d))
def realiad(r):   # audiojack/OK/S0001/audiojack_0001_OK_C1_<time>.jpg; NG/<code>/S0013/..._NG_AK_C3_<time>.jpg with a same-stem .png mask where the view shows it
    c = r/'realiad_256'/'audiojack'
    for s in range(1, 13):
        for v in range(1, 6): img(c/'OK'/f'S{s:04d}'/f'audiojack_{s:04d}_OK_C{v}_2023102113{s:02d}{v:02d}.jpg', rgb=True)
    for k, code in enumerate(('AK', 'HS', 'QS')):
        for s in range(20 + 10*k, 26 + 10*k):
            for v in range(1, 6):
                stem = f'audiojack_{s:04d}_NG_{code}_C{v}_2023102114{s:02d}{v:02d}'; b = (30 + v, 40, 50 + v, 60) if v <= 3 else None
                img(c/'NG'/code/f'S{s:04d}'/f'{stem}.jpg', box=b, rgb=True)
                if b: mask(c/'NG'/code/f'S{s:04d}'/f'{stem}.png', 96, 96, b)

def realiad_json(r):   # the same part folders beside the set's protocol files: realiad_jsons/realiad_jsons/<category>.json ({"meta", "train", "test"}, paths
    realiad(r)           # from the category's folder; the views of a defective part that show no defect listed as OK), and a variant protocol's file
    c = r/'realiad_256'/'audiojack'; recs = {'train': [], 'test': []}
    for p in sorted(c.rglob('*.jpg')):
        rel = p.relative_to(c).as_posix(); s = int(p.parent.name[1:]); code = p.parent.parent.name if 'NG' in p.parts else 'OK'
        m = p.with_suffix('.png'); shown = m.exists()
        recs['train' if code == 'OK' and s <= 8 else 'test'].append(dict(category='audiojack', anomaly_class=code if shown else 'OK', image_path=rel,
                                                                         mask_path=m.relative_to(c).as_posix() if shown else None))
    for name, d in (('realiad_jsons', recs), ('realiad_jsons_fuiad_0.2', {'train': recs['train'] + recs['test'][::3], 'test': recs['test'][1::3]})):
        (r/'realiad_jsons'/name).mkdir(parents=True)
        (r/'realiad_jsons'/name/'audiojack.json').write_text(json.dumps(dict(meta=dict(prefix='audiojack', normal_class='OK'), **d)))

def realiad_sizes(r):   # the same, its images at two sizes side by side (realiad_256/ and realiad_512/, one tree each), as the set ships them
    realiad_json(r)
    for p in sorted((r/'realiad_256').rglob('*.jpg')):   # photos with the broad shading of real ones (a resized copy keeps it; pixel noise it does not)
        a = np.add.outer(np.cumsum(RNG.normal(0, 6, 96)), np.cumsum(RNG.normal(0, 6, 96))).clip(-90, 90) + 128
        Image.fromarray(np.stack([a.astype(np.uint8)]*3, -1)).save(p)
    for p in sorted((r/'realiad_256').rglob('*.*')):
        q = r/'realiad_512'/p.relative_to(r/'realiad_256'); q.parent.mkdir(parents=True, exist_ok=True); im = Image.open(p)
        im.resize((2*im.width, 2*im.height), Image.NEAREST if p.suffix == '.png' else Image.BILINEAR).save(q)

def crack500(r):   # traindata/ valdata/ testdata/, each photo x.jpg with its mask x.png beside; train.txt lists pairs
    lines = []
    for s, n in (('traindata', 14), ('valdata', 4), ('testdata', 5)):
        for i in range(n):
            st = f'2016052{i}_{s[:2]}{i:03d}_1_{i}'; b = (10 + i, 20, 30 + i, 90)
            img(r/'CRACK500'/s/f'{st}.jpg', 128, 128, box=b, rgb=True); mask(r/'CRACK500'/s/f'{st}.png', 128, 128, b)
            if s == 'traindata': lines.append(f'traindata/{st}.jpg traindata/{st}.png')
    (r/'CRACK500'/'train.txt').write_text('\n'.join(lines) + '\n')

def visa_cat(r):   # one VisA category as published inside the set: candle/Data/Images/{Normal,Anomaly}, Masks/Anomaly, image_anno.csv (image,label,mask)
    rows = []
    for i in range(20):
        p = f'candle/Data/Images/Normal/{i:04d}.JPG'; img(r/p, rgb=True); rows.append(dict(image=p, label='normal', mask=''))
    for i in range(12):
        b = (30, 30, 50, 50); p = f'candle/Data/Images/Anomaly/{i:03d}.JPG'; m = f'candle/Data/Masks/Anomaly/{i:03d}.png'
        img(r/p, box=b, rgb=True); mask(r/m, 96, 96, b); rows.append(dict(image=p, label=['chunk of wax missing', 'damaged corner of packaging,different colour spot'][i % 2], mask=m))
    pd.DataFrame(rows).to_csv(r/'candle'/'image_anno.csv', index=False)

def label_studio(r):   # a Label Studio JSON export beside the photos it was given: upload names prefixed, percent rectangles and polygons, some tasks not annotated
    names = ['burr', 'crack']; tasks = []
    for i in range(36):
        fn = f'part_{i:03d}.png'; b = (20 + i, 30, 50 + i, 60); img(r/'photos'/fn, 200, 100, box=b if i % 6 else None)
        v = (dict(x=b[0]/2, y=b[1], width=15, height=30, rotation=0, rectanglelabels=[names[i % 2]]) if i % 3 else
             dict(points=[[b[0]/2, b[1]], [b[2]/2, b[1]], [b[2]/2, b[3]]], polygonlabels=[names[i % 2]]))
        res = [] if i % 6 == 0 else [dict(type=next(k for k in v if k.endswith('labels')), value=v, original_width=200, original_height=100, from_name='label', to_name='image')]
        tasks.append(dict(id=i, data=dict(image=f'/data/upload/7/{i:08x}-{fn}'), annotations=[] if i >= 33 else [dict(id=i, result=res, was_cancelled=False)]))
    (r/'project-7-at-2026-11-30-10-12-5a1f.json').write_text(json.dumps(tasks))

def sdnet(r):   # SDNET2018: D/{CD,UD}, P/{CP,UP}, W/{CW,UW}: a surface, then cracked / uncracked photos of it
    for t in 'DPW':
        for k in ('C', 'U'):
            for i in range(8): img(r/'SDNET2018'/t/f'{k}{t}'/f'{7001 + i}-{k}{i}.jpg', 64, 64, box=(10, 10, 20, 50) if k == 'C' else None)

def categories(r):   # products side by side, each with class folders: good/ beside its defects
    for cat, ds in (('bottle', ('broken', 'contamination')), ('cable', ('cut', 'bent'))):
        for d in ('good',) + ds:
            for i in range(6): img(r/cat/d/f'{i:03d}.png', 64, 64)

def voc_seg(r):   # VOC segmentation: JPEGImages/, SegmentationClass/ (palette indices, a border of 255), SegmentationObject/ (instances), labelmap.txt, ImageSets/Segmentation/
    v = r/'VOC2012'; lists = {'train': [], 'val': []}
    (v/'labelmap.txt').parent.mkdir(parents=True, exist_ok=True)
    (v/'labelmap.txt').write_text('# label:color_rgb:parts:actions\nbackground:0,0,0::\nscratch:128,0,0::\npit:0,128,0::\n')
    pal = [0, 0, 0, 128, 0, 0, 0, 128, 0] + [0, 0, 0]*252 + [224, 224, 192]
    for i in range(30):
        s = f'2007_{i:06d}'; b = (20 + i, 30, 60 + i, 70); img(v/'JPEGImages'/f'{s}.jpg', 160, 120, box=b if i % 5 else None, rgb=True)
        m = np.zeros((120, 160), np.uint8)
        if i % 5:
            m[b[1] - 1:b[3] + 1, b[0] - 1:b[2] + 1] = 255; m[b[1]:b[3], b[0]:b[2]] = 1 + i % 2   # a void border around each drawn class
        for k in ('SegmentationClass', 'SegmentationObject'):
            p = Image.fromarray(m if k == 'SegmentationClass' else (m > 0).astype(np.uint8)*(3 + i % 3), 'P'); p.putpalette(pal)
            (v/k).mkdir(exist_ok=True); p.save(v/k/f'{s}.png')
        lists['train' if i < 24 else 'val'].append(s)
    (v/'ImageSets'/'Segmentation').mkdir(parents=True)
    for k, l in lists.items(): (v/'ImageSets'/'Segmentation'/f'{k}.txt').write_text('\n'.join(l) + '\n')

def colour_masks(r):   # masks drawn in colours, a colour per class, named by CVAT's labelmap.txt
    (r/'labelmap.txt').parent.mkdir(parents=True, exist_ok=True)
    (r/'labelmap.txt').write_text('# label:color_rgb:parts:actions\nbackground:0,0,0::\nscratch:250,50,83::\nstain:51,221,255::\n')
    for i in range(30):
        b = (20 + i, 30, 60 + i, 70); img(r/'images'/f'sheet_{i:03d}.png', 160, 120, box=b if i % 5 else None)
        m = np.zeros((120, 160, 3), np.uint8)
        if i % 5: m[b[1]:b[3], b[0]:b[2]] = (250, 50, 83) if i % 2 else (51, 221, 255)
        (r/'masks').mkdir(parents=True, exist_ok=True); Image.fromarray(m).save(r/'masks'/f'sheet_{i:03d}.png')

def supervisely(r):   # a Supervisely project as Dataset Ninja exports a set: meta.json, train/ and test/ datasets, each img/ + ann/<name>.json
    import base64, io, zlib
    p = r/'steel-defects'; p.mkdir(parents=True); (p/'meta.json').write_text(json.dumps(dict(classes=[dict(title='pitted', shape='bitmap'), dict(title='rolled-in', shape='rectangle')], tags=[])))
    for ds, n in (('train', 24), ('test', 8)):
        for i in range(n):
            b = (20 + i, 30, 60 + i, 70); fn = f'{ds}_{i:04d}.jpg'; img(p/ds/'img'/fn, 160, 120, box=b if i % 4 else None)
            if i % 4 == 0: objs = []
            elif i % 2:
                m = Image.fromarray(np.ones((b[3] - b[1], b[2] - b[0]), np.uint8)); m.putpalette([0, 0, 0, 255, 255, 255]); buf = io.BytesIO(); m.save(buf, 'PNG', transparency=0)
                objs = [dict(classTitle='pitted', geometryType='bitmap', bitmap=dict(data=base64.b64encode(zlib.compress(buf.getvalue())).decode(), origin=[b[0], b[1]]))]
            else: objs = [dict(classTitle='rolled-in', geometryType='rectangle', points=dict(exterior=[[b[0], b[1]], [b[2] - 1, b[3] - 1]], interior=[]))]
            (p/ds/'ann').mkdir(exist_ok=True); (p/ds/'ann'/f'{fn}.json').write_text(json.dumps(dict(description='', size=dict(height=120, width=160), tags=[], objects=objs)))

def roboflow_createml(r):   # Roboflow's Create ML export: train/ valid/ test/, each with the images and _annotations.createml.json
    for split, n in (('train', 9), ('valid', 3), ('test', 3)):
        recs = []
        for i in range(n):
            fn = f'board{i}_jpg.rf.{i:032x}.jpg'; b = (20 + i, 30, 40 + i, 50); img(r/split/fn, 128, 128, box=b, rgb=True)
            recs.append(dict(image=fn, annotations=[dict(label=['missing_hole', 'mouse_bite', 'short'][i % 3], coordinates=dict(x=b[0] + 10, y=40, width=20, height=20))]))
        (r/split/'_annotations.createml.json').write_text(json.dumps(recs))

def datumaro(r):   # CVAT's Datumaro export: annotations/default.json, images/default/; boxes, polygons and one mask, every fifth image with nothing on it
    from pycocotools import mask as mu
    names = ['blister', 'scratch']; items = []
    for i in range(30):
        fn = f'frame_{i:06d}.png'; b = (20 + i, 30, 50 + i, 60); img(r/'images'/'default'/fn, 160, 120, box=b if i % 5 else None)
        if i % 5 == 0: anns = []
        elif i % 3 == 0:
            m = np.zeros((120, 160), np.uint8); m[b[1]:b[3], b[0]:b[2]] = 1; rle = mu.encode(np.asfortranarray(m))
            anns = [dict(id=0, type='mask', label_id=i % 2, rle=dict(counts=rle['counts'].decode(), size=[120, 160]), z_order=0, group=0, attributes={})]
        else: anns = [dict(id=0, type='bbox', label_id=i % 2, bbox=[b[0], b[1], 30, 30], z_order=0, group=0, attributes={})]
        items.append(dict(id=f'frame_{i:06d}', annotations=anns, attr=dict(frame=i), image=dict(path=fn, size=[120, 160])))
    (r/'annotations').mkdir(parents=True)
    (r/'annotations'/'default.json').write_text(json.dumps(dict(info={}, categories=dict(label=dict(labels=[dict(name=n, parent='', attributes=[]) for n in names], attributes=[])), items=items)))

# layout: (maker, format found, the set's own classes, official splits kept as these)
LAYOUTS = {
    'steel_upper': (steel_upper, 'voc', set(STEEL), None),
    'steel_export': (steel_export, 'voc', set(STEEL), None),
    'strips': (strips, 'voc', {'1_punching_hole', '2_welding_line', '3_oil_spot'}, None),
    'roboflow_coco': (roboflow_coco, 'coco', {'missing_hole', 'mouse_bite', 'short'}, 'train valid test'),
    'roboflow_yolo': (roboflow_yolo, 'yolo', {'missing_hole', 'mouse_bite', 'short'}, 'train valid test'),
    'anomaly': (anomaly, 'masks', {'broken_large', 'contamination'}, None),
    'parts': (parts, 'masks', {'defect'}, None),
    'gt_pairs': (gt_pairs, 'masks', {'defect'}, None),
    'wear': (wear, 'labelme', {'pitting'}, None),
    'vocdevkit': (vocdevkit, 'voc', {'scratch', 'dent'}, None),
    'aluminium': (aluminium, 'labelme', {'擦花', '漏底', '脏点'}, None),
    'kaggle_rle': (kaggle_rle, 'csv', {'class_1', 'class_2', 'class_3'}, None),
    'roboflow_csv': (roboflow_csv, 'csv', {'missing_hole', 'mouse_bite', 'short'}, 'train valid test'),
    'table_labels': (table_labels, 'csv', {'porosity', 'crack'}, None),
    'btad': (btad, 'masks', {'ko'}, None),
    'concrete': (concrete, 'folder', {'Positive'}, None),
    'aitex': (aitex, 'masks', {'defect'}, None),
    'sd900': (sd900, 'masks', {'In', 'Pa', 'Sc'}, None),
    'fabric_json': (fabric_json, 'csv', {'hole', 'knot', 'stain'}, None),
    'rsdds': (rsdds, 'masks', {'defect'}, None),
    'neu_cls': (neu_cls, 'folder', {'Cr', 'In', 'Pa', 'PS', 'RS', 'Sc'}, None),
    'casting': (casting, 'folder', {'def_front'}, None),
    'elpv': (elpv, 'csv', {'class_0.333', 'class_0.667', 'class_1'}, None),
    'visa': (visa, 'csv', {'anomaly'}, None),
    'kolektor': (kolektor, 'masks', {'defect'}, None),
    'deepcrack': (deepcrack, 'masks', {'defect'}, None),
    'mvtec3': (mvtec3, 'masks', {'broken_large', 'contamination', 'bent_wire', 'cut_inner_insulation', 'crack', 'hole'}, None),
    'loco': (loco, 'masks', {'logical_anomalies', 'structural_anomalies'}, None),
    'mvtec3d': (mvtec3d, 'masks', {'crack', 'hole'}, None),
    'mvtec_ad2': (mvtec_ad2, 'masks', {'bad'}, None),
    'crackforest': (crackforest, 'masks', {'defect'}, None),
    'cvat': (cvat, 'cvat', {'scratch', 'dent', 'stain'}, None),
    'via': (via, 'via', {'crack', 'porosity'}, None),
    'realiad': (realiad, 'masks', {'AK', 'HS', 'QS'}, None),
    'realiad_json': (realiad_json, 'csv', {'AK', 'HS', 'QS'}, None),
    'realiad_sizes': (realiad_sizes, 'csv', {'AK', 'HS', 'QS'}, None),
    'crack500': (crack500, 'masks', {'defect'}, None),
    'label_studio': (label_studio, 'label_studio', {'burr', 'crack'}, None),
    'sdnet': (sdnet, 'folder', {'CD', 'UD', 'CP', 'UP', 'CW', 'UW'}, None),
    'categories': (categories, 'folder', {'broken', 'contamination', 'cut', 'bent'}, None),
    'voc_seg': (voc_seg, 'masks', {'scratch', 'pit'}, None),
    'colour_masks': (colour_masks, 'masks', {'scratch', 'stain'}, None),
    'supervisely': (supervisely, 'supervisely', {'pitted', 'rolled-in'}, None),
    'roboflow_createml': (roboflow_createml, 'createml', {'missing_hole', 'mouse_bite', 'short'}, 'train valid test'),
    'datumaro': (datumaro, 'datumaro', {'blister', 'scratch'}, None),
    'visa_cat': (visa_cat, 'csv', {'chunk of wax missing', 'damaged corner of packaging,different colour spot'}, None),
}
NO_OK = {'neu_cls', 'sdnet'}   # no class named as defect-free: a set of defect types only, or its own word for it (`UD`, uncracked deck: a taxonomy file maps it to ok)
# what a layout may leave out, said: the unlabelled images of a competition's set and its answers template
LEFT_OUT = {'kaggle_rle': {'no annotation', 'a submission template'},
            'mvtec_ad2': {'no annotation'},   # its private test images, unlabelled
            'mvtec3d': {'no annotation', 'not an image'},
            'realiad': {'no annotation'},
            'realiad_json': {'rows naming images an earlier table labels'},   # its variant protocol's file
            'realiad_sizes': {'rows naming images an earlier table labels'},
            'label_studio': {'no annotation'}}   # its three tasks no one annotated   # the views of a defective part that show no defect carry no mask: not known to be defect-free   # its point clouds (xyz/*.tiff, three float channels)

@pytest.mark.parametrize('name', list(LAYOUTS))
def test_public_layout_reads_with_its_own_classes(name, tmp_path):
    make, fmt, classes, official = LAYOUTS[name]
    root = tmp_path/name; make(root)
    found = find_sources(root)
    assert list(found) == [fmt] and found[fmt].is_relative_to(root), found   # a folder holding one folder (and documents) stands for it
    df = unify(root)
    assert set(df.label) == classes | ((set() if name in NO_OK else {'ok'})), sorted(set(df.label))   # its own classes, and defect-free examples
    assert set(df.split) == {'train', 'valid', 'test'}
    for c in classes: assert (df[df.label == c].split == 'train').any(), c   # training sees every class
    assert df.groupby('group').split.nunique().max() == 1
    from defect_detection.core import problem_kind
    assert {problem_kind(w) for _, w in df.attrs['problems']} <= LEFT_OUT.get(name, set()), df.attrs['problems']
    if official:   # an export's own train / valid / test folders are kept
        assert all(s in Path(p).parts for p, s in zip(df.path, df.split)), df[['path', 'split']].head()
    if name == 'steel_export':   # a validation folder and no test: it is the test split
        assert (df[df.path.str.contains('/validation/')].split == 'test').all() and len(df.attrs['split_notes']) == 1
    if name == 'vocdevkit':      # the set's own lists: train and val as listed, test kept
        n = df.path.map(lambda p: int(Path(p).stem))
        assert (df[n >= 25].split == 'test').all() and (df[(n >= 20) & (n < 25)].split == 'valid').all() and (df[n < 20].split == 'train').all()
    if name == 'anomaly':        # defect-free test photos stay test; the defects are split so that training sees them
        assert (df[df.path.str.contains('/test/good/')].split == 'test').all()
        assert (df[df.path.str.contains('/train/good/')].split.isin(['train', 'valid'])).all()
    if name == 'wear':           # each part's sequence (its photos named alike, seq3_t00 ... seq3_t03) is one group, and dd_unify says so
        assert set(df.group.str.split('/').str[-1]) == {f'seq{s}_t' for s in range(10)}, df.group.unique()[:5]
        assert df.attrs['read'] == [f'labelme at {found["labelme"]}: 40 images in 10 families of names alike (seq0_t, ...)'], df.attrs['read']
    if name == 'table_labels':   # the two shots of a part (part007_a, part007_b) are one group
        assert df.group.nunique() == 24
    if name == 'kolektor':       # each part's folder (eight views of one part) is one group, and dd_unify says so
        assert df.attrs['read'][0].endswith(': 96 images in 12 part folders'), df.attrs['read']
        assert set(df.group.str.split('/').str[-1]) == {f'kos{k:02d}' for k in range(1, 13)}, df.group.unique()[:5]
    if name == 'loco':           # each image's masks are in a folder of its name (000.png, 001.png), not the masks of image 000 and 001
        d = df[df.defective]; n = d.path.map(lambda p: int(Path(p).stem)); x1 = d.defect_box.str.split().str[0].astype(int)
        assert ((x1 == 30 + n) | (x1 == 5)).all() and (d.groupby('path').size() == np.where(n.groupby(d.path).first() % 2, 2, 1)).all()
    if name == 'mvtec3d':        # the photos in rgb/ are inspected, their gt/ masks give the boxes, the point clouds are not images
        assert df.path.str.contains('/rgb/').all() and (df[df.defective].defect_box.str.split().str[0].astype(int) == 30 + df[df.defective].path.map(lambda p: int(Path(p).stem))).all()
    if name == 'crackforest':    # the label maps' crack (label 2 on a background of 1) gives each box
        d = df[df.defective]; assert (d.defect_box == d.path.map(lambda p: f'{10 + int(Path(p).stem)} 20 {30 + int(Path(p).stem)} 60')).all() and (d.mask_path != '').all()
    if name in ('cvat', 'via'):  # an image listed with nothing drawn on it is defect-free; every drawn defect is a box
        assert df[df.defective].path.nunique() == 24 and len(set(df.path) - set(df[df.defective].path)) == 6
    if name == 'voc_seg':        # its own lists keep their split; the void border is not a class, and its boxes are the drawn classes'
        n = df.path.map(lambda p: int(Path(p).stem[-6:])); d = df[df.defective]
        assert (df[n >= 24].split == 'test').all() and (df[n < 24].split.isin(['train', 'valid'])).all()
        assert (d.defect_box == d.path.map(lambda p: (lambda i: f'{20 + i} 30 {60 + i} 70')(int(Path(p).stem[-6:])))).all()
    if name == 'realiad':        # each numbered sample folder (a part's five views) is one group, and never a class
        assert (df.group.str.split('/').str[-1].str.fullmatch(r'S\d{4}')).all() and df.group.nunique() == 30
    if name == 'realiad_sizes':  # one size is read (the larger), the other left out as its copy: no part on two sides of a split through its copy
        assert df.path.str.contains('/realiad_512/').all()
    if name in ('realiad_json', 'realiad_sizes'):   # its protocol file labels every view: the views that show no defect are defect-free, its test photos stay test
        ok_test = df.path.str.contains('/OK/S00(?:09|1[012])/'); assert (df[ok_test].split == 'test').all() and ok_test.sum() == 20
        hidden = df.path.str.contains('_C[45]_') & df.path.str.contains('/NG/'); assert hidden.sum() == 18*2 and set(df[hidden].label) == {'ok'}
        assert df.group.nunique() == 30 and len(df[df.defective]) == 18*3
    if name == 'crack500':       # its traindata/ valdata/ testdata/ folders are the official splits
        assert all(s[:2] == {'train': 'tr', 'valid': 'va', 'test': 'te'}[sp] for s, sp in zip(df.path.map(lambda p: Path(p).parent.name), df.split))
    if name == 'supervisely':    # its test dataset is the test split
        assert (df[df.path.str.contains('/test/img/')].split == 'test').all() and set(df[df.split == 'test'].path) == set(df[df.path.str.contains('/test/img/')].path)
    if name == 'aluminium':      # the photos in 无瑕疵样本/ ('no-defect samples'), which no JSON labels, are defect-free by their folder's name
        free = df.path.str.contains('/无瑕疵样本/'); assert free.sum() == 12 and set(df[free].label) == {'ok'}
        assert df.attrs['read'][0].endswith("; 12 images no annotation names taken as defect-free by their folder's name (无瑕疵样本)"), df.attrs['read']   # and dd_unify says so
    if name == 'fabric_json':    # its bbox cells are corners; the photos in normal_Images/, which no record names, are defect-free
        d = df[df.defective]; assert (d.defect_box == d.path.map(lambda p: (lambda i: f'{300 + 4*i} 40 {330 + 4*i} 70')(int(Path(p).stem)))).all()
        assert set(df[df.path.str.contains('/normal_Images/')].label) == {'ok'} and df.path.str.contains('/normal_Images/').sum() > 0
    if name in ('casting', 'deepcrack'):   # the set's own test folder (`test/`, `test_img/`) is the test split
        t = df.path.str.contains('/test/|/test_img/')
        assert (df[t].split == 'test').all() and set(df[df.split == 'test'].path) == set(df[t].path)
