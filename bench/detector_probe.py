"""Route (b) of whole-board inspection, probed: a torchvision FCOS detection head trained with box targets on a run's own features.

    python bench/detector_probe.py --run runs/exp_ok2_bw2 --minutes 30
    python bench/detector_probe.py --run runs/exp_ok2_bw2 --minutes 30 --init /tmp/probe30.pt --lr 1e-3 --lr_backbone 1.5e-4   # 30 min more
    python bench/detector_probe.py --run runs/exp_ok2_bw2 --minutes 0 --init /tmp/probe60.pt --time_onnx   # scored again, and timed in ONNX Runtime

The run's timm EfficientNet (its fine-tuned weights, or `--imagenet` for the Lite0 ImageNet weights) is the backbone; a feature
pyramid (`torchvision.ops.FeaturePyramidNetwork`) over its stride 8 / 16 / 32 blocks and torchvision's `FCOSHead` (one point per
location, focal loss, GIoU box regression, centre-ness) are trained on random windows of the DeepPCB training boards at the run's
inspection scale (every box of the board that keeps half its area inside the window; random flips), AdamW with warm-up and a cosine
decay, for `--minutes` or `--steps`. Then the validation boards (the same 150 `fit_whole` chooses the run's thresholds on) are
inspected whole and scored under DeepPCB's protocol over a grid of score thresholds and class-agnostic NMS, beside the run's own
class-map read-out on the same boards (its fitted thresholds). Validation only: nothing here looks at the test list.
Prints the grid and writes bench/results/detector_probe.json (and the detector's weights beside it, `detector_probe.pt`: copy it
elsewhere before `--init` from it, since the next run writes over it)."""
import argparse, json, random, time
from collections import OrderedDict
from pathlib import Path
import numpy as np, torch
from PIL import Image
from torchvision.models.detection import FCOS
from torchvision.models.detection.fcos import FCOSHead
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.ops import FeaturePyramidNetwork
from defect_detection.core import find_shared_data, atomic_write
from defect_detection.manifest import unify
from defect_detection.models import load_model_files, load_lite_weights
from defect_detection.data import open_sample, to_rgb
from defect_detection.boards import board_truth, score_boards, predict_boards
from defect_detection.inference import Defect, Predictor, nms, whole_params

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default='runs/exp_ok2_bw2'); ap.add_argument('--imagenet', action='store_true', help="start from Lite0's ImageNet weights, not the run's")
ap.add_argument('--init', default=None, help="start from a detector this script saved (a warm restart: a new warm-up and cosine cycle)")
ap.add_argument('--minutes', type=float, default=14); ap.add_argument('--steps', type=int, default=0, help='stop after this many steps instead (0: by time)')
ap.add_argument('--bs', type=int, default=8); ap.add_argument('--window', type=int, default=384)
ap.add_argument('--channels', type=int, default=64); ap.add_argument('--convs', type=int, default=2)
ap.add_argument('--lr', type=float, default=2e-3, help="the new layers' peak learning rate"); ap.add_argument('--lr_backbone', type=float, default=3e-4)
ap.add_argument('--time_onnx', action='store_true', help="also time the detector's network (decoding not included) in ONNX Runtime beside the run's bare forward")
ap.add_argument('--valid_boards', type=int, default=150); ap.add_argument('--device', default=None); ap.add_argument('--seed', type=int, default=0)
a = ap.parse_args()
torch.manual_seed(a.seed); random.seed(a.seed)
dev = torch.device(a.device or ('cuda' if torch.cuda.is_available() else 'cpu'))
shared = find_shared_data(Path(__file__).parent)
if shared is None: raise SystemExit('../shared/data is absent: this benchmark needs DeepPCB')
m, meta = load_model_files(a.run)
if a.imagenet: load_lite_weights(m, 'lite0')
sc = meta['scales']['deeppcb']; f = meta['size']/sc['crop_side']; classes = sc['classes']
levels = [next(i for i in reversed(m.feature_info) if i['reduction'] == r) for r in (8, 16, 32)]

class Pyramid(torch.nn.Module):
    "The EfficientNet's blocks at strides 8, 16 and 32 under a feature pyramid."
    def __init__(s, m):
        super().__init__(); s.m, s.out_channels = m, a.channels
        s.at = {int(i['module'].split('.')[1]): str(i['reduction']) for i in levels}
        s.fpn = FeaturePyramidNetwork([i['num_chs'] for i in levels], a.channels)
    def forward(s, x):
        h, o = s.m.bn1(s.m.conv_stem(x)), OrderedDict()
        for i, b in enumerate(s.m.blocks):
            h = b(h)
            if i in s.at: o[s.at[i]] = h
        return s.fpn(o)

det = FCOS(Pyramid(m), len(classes), min_size=a.window, max_size=a.window, image_mean=meta['mean'], image_std=meta['std'],
           anchor_generator=AnchorGenerator(((8,), (16,), (32,)), ((1.0,),)*3), head=FCOSHead(a.channels, 1, len(classes), num_convs=a.convs),
           score_thresh=0.02, nms_thresh=0.5, detections_per_img=60).to(dev)
if a.init: det.load_state_dict(torch.load(a.init, map_location=dev))
df = unify(shared, sources=['deeppcb'], seed=42)   # every box of every board, split as in bench/real_data.py
tr, va = board_truth(df, 'train', ['deeppcb']), board_truth(df, 'valid', ['deeppcb'])
S = round(640*f); t0 = time.time()
at_scale = lambda p: np.asarray(to_rgb(open_sample(p)).resize((S, S), Image.BILINEAR), np.uint8)   # a board at inspection scale
boards = {p: at_scale(p) for p in sorted(tr)}
print(f'{len(boards)} training boards at {S} px in {time.time() - t0:.0f} s; device {dev}', flush=True)
paths, W = sorted(boards), a.window

def window(p):
    "A random window of board `p` at inspection scale and its boxes (those keeping half their area inside), flipped at random."
    x0, y0 = random.randint(0, S - W), random.randint(0, S - W); bx, lb = [], []
    for c, b in tr[p]:
        b = np.array(b, float)*f - [x0, y0, x0, y0]; cb = b.clip(0, W)
        if (cb[2] - cb[0])*(cb[3] - cb[1]) >= 0.5*(b[2] - b[0])*(b[3] - b[1]) and cb[2] > cb[0] + 2 and cb[3] > cb[1] + 2: bx.append(cb); lb.append(classes.index(c))
    x = torch.from_numpy(boards[p][y0:y0 + W, x0:x0 + W].copy()).permute(2, 0, 1).float()/255
    bx = torch.tensor(np.array(bx), dtype=torch.float32).reshape(-1, 4)
    if random.random() < 0.5: x, bx = x.flip(2), torch.stack([W - bx[:, 2], bx[:, 1], W - bx[:, 0], bx[:, 3]], 1)
    if random.random() < 0.5: x, bx = x.flip(1), torch.stack([bx[:, 0], W - bx[:, 3], bx[:, 2], W - bx[:, 1]], 1)
    return x.to(dev), dict(boxes=bx.to(dev), labels=torch.tensor(lb, dtype=torch.int64, device=dev))

new = [p for n, p in det.named_parameters() if not n.startswith('backbone.m.')]
opt = torch.optim.AdamW([dict(params=list(m.parameters()), lr=a.lr_backbone), dict(params=new, lr=a.lr)], weight_decay=0.01)
det.train(); step, losses, t0 = 0, [], time.time()
done = (lambda: step >= a.steps) if a.steps else (lambda: time.time() - t0 >= a.minutes*60)
while not done():
    frac = step/a.steps if a.steps else (time.time() - t0)/(a.minutes*60)
    k = min(1.0, frac/0.1)*0.5*(1 + np.cos(np.pi*min(frac, 1.0)))   # warm-up, then cosine decay
    for g, base in zip(opt.param_groups, (a.lr_backbone, a.lr)): g['lr'] = base*k
    xs, ts = zip(*(window(random.choice(paths)) for _ in range(a.bs)))
    L = det(list(xs), list(ts)); loss = sum(L.values()); opt.zero_grad(); loss.backward(); opt.step(); step += 1
    losses.append([v.item() for v in L.values()])
    if step % 25 == 0: print(f'step {step} ({time.time() - t0:.0f} s): ' + ', '.join(f'{k} {v:.3f}' for k, v in zip(L, np.mean(losses[-25:], 0))), flush=True)
train_s = time.time() - t0

vp = sorted(np.random.default_rng(0).choice(sorted(va), a.valid_boards, replace=False).tolist()) if len(va) > a.valid_boards else sorted(va)
det.eval(); det.transform.min_size, det.transform.max_size = (S,), S
raw, t1 = {}, time.time()
with torch.no_grad():
    for p in vp:
        x = torch.from_numpy(at_scale(p)).permute(2, 0, 1).float().div(255).to(dev)
        o = det([x])[0]
        raw[p] = [Defect(classes[l], float(s), tuple(int(round(v/f)) for v in b)) for b, l, s in zip(o['boxes'].tolist(), o['labels'].tolist(), o['scores'].tolist())]
ms = 1000*(time.time() - t1)/len(vp)
vt = {p: va[p] for p in vp}
pr = Predictor(a.run); ours = score_boards(predict_boards(pr, vp), vt)[0]
keys = ('fscore', 'precision', 'recall', 'recall_any_class', 'false_per_board')
line = lambda s: f"F {s['fscore']:.3f}  P {s['precision']:.3f}  R {s['recall']:.3f}  any-class R {s['recall_any_class']:.3f}  false/board {s['false_per_board']:.2f}"
grid = []
for agn in (None, 0.3, 0.1):
    for t in (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        s = score_boards({p: [d for d in (nms(v, agn) if agn is not None else v) if d.score >= t] for p, v in raw.items()}, vt)[0]
        grid.append(dict(class_agnostic_nms=agn, detect_above=t, **{k: float(s[k]) for k in keys}))
best = max(grid, key=lambda g: g['fscore'])
print(f'\n{len(vp)} validation boards; detector trained {step} steps of {a.bs} windows ({train_s:.0f} s), {ms:.0f} ms a board (torch, {dev})')
for g in grid: print(f"  FCOS, class-agnostic NMS {g['class_agnostic_nms']}, score >= {g['detect_above']}: {line(g)}")
print(f"FCOS at its best F-score: {line(best)}\nthe run's class-map read-out, its fitted thresholds {whole_params(pr.meta)['detect_above']}: {line(ours)}")
res = Path(__file__).parent/'results'; res.mkdir(exist_ok=True)
out = dict(run=a.run, imagenet=a.imagenet, init=a.init, args=vars(a), steps=step, train_seconds=train_s, ms_per_board=ms, device=str(dev), boards=len(vp),
           grid=grid, best=best, readout={k: float(ours[k]) for k in keys}, final_losses=dict(zip(L, np.mean(losses[-25:], 0).tolist())) if losses else {})
if a.time_onnx:   # backbone, pyramid and head to ONNX (raw outputs), timed against the run's own exported forward on the same input
    import onnxruntime as ort
    class Net(torch.nn.Module):
        def __init__(s, d): super().__init__(); s.d = d
        def forward(s, x): o = s.d.head(list(s.d.backbone(x).values())); return o['cls_logits'], o['bbox_regression'], o['bbox_ctrness']
    torch.onnx.export(Net(det.cpu()), (torch.zeros(1, 3, S, S),), str(res/'detector_probe.onnx'), input_names=['image'], opset_version=17, dynamo=False)
    so = ort.SessionOptions(); so.intra_op_num_threads = torch.get_num_threads()
    sess = [ort.InferenceSession(str(f), so, providers=['CPUExecutionProvider']) for f in (res/'detector_probe.onnx', pr.run/'model.onnx')]
    xn, ts = np.random.default_rng(0).random((1, 3, S, S), np.float32), [[], []]
    for r in range(23):
        for k, se in enumerate(sess):
            t = time.perf_counter(); se.run(None, {'image': xn})
            if r >= 3: ts[k].append(time.perf_counter() - t)
    out['onnx_ms'] = dict(detector_network=1000*float(np.median(ts[0])), run_bare_forward=1000*float(np.median(ts[1])), input=S)
    print(f"ONNX Runtime, {S} x {S}, medians of 20: the detector's network {out['onnx_ms']['detector_network']:.1f} ms, the run's bare forward {out['onnx_ms']['run_bare_forward']:.1f} ms")
with atomic_write(res/'detector_probe.json') as fh: json.dump(out, fh, indent=2)
torch.save(det.state_dict(), res/'detector_probe.pt')
print(f'wrote {res/"detector_probe.json"}')
