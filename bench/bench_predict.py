"""Benchmark: inference on this CPU at 224 px, one run, side by side. Batch-1 latency and batch-16 throughput of
  - our Predictor (ONNX Runtime; class, probabilities, map, boxes, edges, decision),
  - bare ONNX Runtime (logits only, same preprocessing),
  - torch eager (logits only, same preprocessing),
  - fastai `learn.predict` in a loop (its own preprocessing; batch 16 = 16 calls).
All start from decoded PIL images (the sample's photos), with the same random-initialised weights. Each method runs in
a process of its own, in turn, --rounds times (best round kept) (two runtimes' thread pools in one process on 2 cores disturb each other's timings).
Targets: Predictor <= 1.2x bare ONNX Runtime; >= 3x faster than torch eager. Prints a table, writes bench_predict.json."""
import argparse, json, time, os, platform, tempfile
from pathlib import Path
import numpy as np, torch
import onnxruntime as ort
from defect_detection.data import open_sample
from defect_detection.models import create_model, save_model_files, model_norm, preprocess
from defect_detection.inference import Predictor
from defect_detection.ui import sample_images

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--arch', default='efficientnet_b0'); ap.add_argument('--size', type=int, default=224)
ap.add_argument('--n', type=int, default=48); ap.add_argument('--out', default=str(Path(__file__).parent/'results'))
ap.add_argument('--rounds', type=int, default=3, help='methods are timed in turn this many times; the best round of each is kept')
ap.add_argument('--only', default=None, help='time one method in this process and print its JSON (used internally)')
a = ap.parse_args()
METHODS = ('predictor_onnx_map_boxes_edges', 'bare_onnxruntime_logits', 'torch_eager_logits', 'fastai_learn_predict')
if a.only is None:
    import subprocess, sys
    rounds = {m: [] for m in METHODS}
    for k in range(a.rounds):   # interleaved, so that a slow spell of the machine does not fall on one method only
        for name in METHODS:
            r = subprocess.run([sys.executable, __file__, '--only', name, '--arch', a.arch, '--size', str(a.size), '--n', str(a.n)], capture_output=True, text=True)
            if r.returncode: raise SystemExit(r.stderr[-3000:])
            rounds[name].append(json.loads(r.stdout.strip().splitlines()[-1])); print(k, name, rounds[name][-1], flush=True)
    res = {m: dict(batch1_ms=min(r['batch1_ms'] for r in v), batch16_img_per_s=max(r['batch16_img_per_s'] for r in v)) for m, v in rounds.items()}
    o, b, e = (res[k] for k in METHODS[:3])
    summary = dict(latency_vs_bare_ort=round(o['batch1_ms']/b['batch1_ms'], 2), throughput_vs_bare_ort=round(b['batch16_img_per_s']/o['batch16_img_per_s'], 2),
                   speedup_vs_torch_eager_batch1=round(e['batch1_ms']/o['batch1_ms'], 2), speedup_vs_torch_eager_batch16=round(o['batch16_img_per_s']/e['batch16_img_per_s'], 2),
                   targets='predictor <= 1.2x bare ORT; >= 3x faster than torch eager')
    print(f"\n{'':<34}{'batch 1 (ms)':>14}{'batch 16 (img/s)':>18}")
    for k, v in res.items(): print(f"{k:<34}{v['batch1_ms']:>14.1f}{v['batch16_img_per_s']:>18.1f}")
    print(summary)
    out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    (out/'bench_predict.json').write_text(json.dumps(dict(results=res, rounds=rounds, summary=summary, images=a.n, size=a.size, arch=a.arch, ort=ort.__version__,
                                                         machine=f'{platform.machine()} {os.cpu_count()} cores'), indent=2))
    print(f'wrote {out/"bench_predict.json"}'); raise SystemExit
here = Path(__file__).parent
from defect_detection.manifest import unify
from defect_detection.train import TrainConfig, build_learner, classes_of
import logging; logging.getLogger('defect_detection').setLevel(logging.ERROR)
sample = unify(here.parent/'data'/'sample')
classes = classes_of(sample)
run = Path(tempfile.mkdtemp())/'run'
torch.manual_seed(0)
model = create_model(a.arch, len(classes), 'none').eval()
mean, std = model_norm(model)
meta = dict(arch=a.arch, classes=classes, defective={c: c != 'ok' for c in classes}, size=a.size, mean=list(mean), std=list(std))
save_model_files(model, meta, run)
imgs = sample_images(here.parent/"data"/"sample"); ims = [open_sample(p) for p in imgs[::max(1, len(imgs)//a.n)][:a.n]]   # spread over the folders
pred = Predictor(run, 'onnx')
plain = run/'logits.onnx'
torch.onnx.export(model, (torch.zeros(1, 3, a.size, a.size),), str(plain), input_names=['image'], output_names=['logits'],
                  dynamic_axes={'image': {0: 'batch'}, 'logits': {0: 'batch'}}, opset_version=17, dynamo=False)
bare = ort.InferenceSession(str(plain), providers=['CPUExecutionProvider'])
pre = lambda b: preprocess(b, a.size, mean, std)

def ours(b): return pred.predict_images(b)
def bare_ort(b): return bare.run(None, {'image': np.ascontiguousarray(pre(b).numpy())})[0]
def eager(b):
    with torch.no_grad(): return model(pre(b)).numpy()
from fastai.vision.all import PILImage
learn, _, _ = build_learner(sample, TrainConfig(arch=a.arch, weights='none', size=a.size, bs=16, channels_last=False, device='cpu', board_windows=0))   # the classifier alone, as the others
learn.model.load_state_dict(model.state_dict())  # the same weights
def fastai_loop(b):
    with learn.no_bar(): return [learn.predict(PILImage(im)) for im in b]

def timeit(f, batch, reps):
    chunks = [ims[i:i + batch] for i in range(0, len(ims) - batch + 1, batch)]
    f(chunks[0])  # warm-up
    t = []
    for r in range(reps):
        for c in chunks: t0 = time.perf_counter(); f(c); t.append((time.perf_counter() - t0)/len(c))
    return float(np.median(t))

f = dict(zip(METHODS, (ours, bare_ort, eager, fastai_loop)))[a.only]
print(json.dumps(dict(batch1_ms=round(timeit(f, 1, 1)*1000, 2), batch16_img_per_s=round(1/timeit(f, 16, 2), 1))))
