"""Draw the picture on the index page and README (nbs/images/pipeline_output.jpg) from the demo run.

    make demo && .venv/bin/python tools/make_pictures.py

One test image of each of four classes of the generated sample, as the demo run inspects it (whole, by its detector where it chose it): the original, the heatmap, the boxes
and the Sobel edges inside the marked region, with the class, its probability and the decision."""
from pathlib import Path
import matplotlib; matplotlib.use('Agg')
import matplotlib.pyplot as plt
from defect_detection.data import open_sample
from defect_detection.inference import Predictor
from defect_detection.explain import panels
from defect_detection.manifest import load_manifest

root = Path(__file__).resolve().parent.parent
run, man = root/'runs/demo/train', root/'runs/demo/data/manifest.csv'
if not (run/'model.json').exists(): raise SystemExit('run `make demo` first: runs/demo/train is missing')
df = load_manifest(man); test = df[df.split == 'test']
pr = Predictor(run, 'torch')
rows = []
for label in ('crack', 'blowhole', 'dagm_class1', 'ok'):
    for r in test[test.label == label].itertuples():
        ex = pr.predict_images([open_sample(r.path, r.box)])[0]
        if ex.cls == label: rows.append((r, ex)); break
fig, axs = plt.subplots(len(rows), 4, figsize=(8.4, 2.25*len(rows)), squeeze=False)
for i, (r, ex) in enumerate(rows):
    for j, (name, im) in enumerate(panels(ex).items()):
        ax = axs[i, j]; ax.imshow(im, cmap='gray' if im.ndim == 2 else None); ax.set_xticks([]); ax.set_yticks([])
        if i == 0: ax.set_title(name, fontsize=10)
    axs[i, 0].set_ylabel(f'{ex.cls}  p = {ex.probs[ex.cls]:.2f}\n{pr.decision(ex).upper()}', fontsize=9)
fig.suptitle('defect_detection on the generated sample: class, map, boxes, edges, decision', fontsize=10)
fig.tight_layout(rect=(0, 0, 1, 0.97))
out = root/'nbs/images/pipeline_output.jpg'; fig.savefig(out, dpi=90, pil_kwargs=dict(quality=85)); print(f'wrote {out} ({out.stat().st_size//1024} KB)')
