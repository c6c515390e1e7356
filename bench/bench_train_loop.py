"""Benchmark: fastai's training loop (our `build_learner`) against a bare PyTorch loop, same model, batch, data.

Both: EfficientNet-Lite0 (ImageNet weights), channels_last, batch 32, 128 px squish resize, random flips, AdamW,
cross-entropy, the same N training images decoded from disk by `open_sample`, num_workers 0, the CPU.
After a warm-up epoch each, the two loops alternate for `--epochs` rounds of one timed epoch each (training phase
only), so that drifts in machine speed hit both alike; the medians are compared. Prints a table, writes JSON.
Target: fastai >= 0.9x the bare loop's images per second."""
import argparse, json, time, os, platform
from pathlib import Path
import numpy as np, pandas as pd, torch
from torch.utils.data import Dataset, DataLoader
from fastai.vision.all import Callback
from defect_detection.core import set_seed
from defect_detection.data import open_sample
from defect_detection.manifest import load_manifest
from defect_detection.models import create_model, model_norm
from defect_detection.train import TrainConfig, build_learner, classes_of

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--manifest', default=None, help='default: bench/data_real/manifest.csv if present, else the bundled sample')
ap.add_argument('--n', type=int, default=640); ap.add_argument('--size', type=int, default=128); ap.add_argument('--bs', type=int, default=32)
ap.add_argument('--epochs', type=int, default=3); ap.add_argument('--out', default=str(Path(__file__).parent/'results'))
a = ap.parse_args()
here = Path(__file__).parent
man = Path(a.manifest) if a.manifest else here/'data_real'/'manifest.csv'
if not man.exists():
    import subprocess, tempfile
    man = Path(tempfile.mkdtemp())/'sample'
    subprocess.run(['dd_unify', '--data', str(here.parent/'data'/'sample'), '--out', str(man)], check=True, capture_output=True)
    man = man/'manifest.csv'
df = load_manifest(man)
tr = df[df.split == 'train'].sample(min(a.n, (df.split == 'train').sum()), random_state=0)
va = df[df.split == 'valid'].head(a.bs)
d = pd.concat([tr, va]).reset_index(drop=True)
classes = classes_of(df)
n = len(tr)

class TrainTimer(Callback):
    def __init__(self): self.times = []
    def before_train(self): self.t = time.perf_counter()
    def after_train(self): self.times.append(time.perf_counter() - self.t)

# fastai
cfg = TrainConfig(arch=None, weights='lite0', size=a.size, bs=a.bs, flips=True, zoom=1.0, brightness=0, contrast=0, blur=0, erasing=0,
                  balanced=False, classes=classes, device='cpu', channels_last=True)
learn, _, norm = build_learner(d, cfg)
learn.metrics = []
timer = TrainTimer()
def fastai_epoch():
    with learn.no_bar(), learn.no_logging(): learn.fit(1, 1e-3, cbs=[timer])
    return timer.times[-1]

# bare torch
mean, std = (torch.tensor(v).view(3, 1, 1) for v in norm)
class DS(Dataset):
    def __len__(self): return len(tr)
    def __getitem__(self, i):
        r = tr.iloc[i]
        im = open_sample(r.path, r.box).resize((a.size, a.size))
        x = torch.from_numpy(np.asarray(im, dtype=np.uint8).copy()).permute(2, 0, 1).float()/255
        return (x - mean)/std, classes.index(r.label)
set_seed(42)
model = create_model(None, len(classes), 'lite0').to(memory_format=torch.channels_last).train()
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
loss_fn = torch.nn.CrossEntropyLoss()
dl = DataLoader(DS(), batch_size=a.bs, shuffle=True, num_workers=0, drop_last=True)
def bare_epoch():
    t = time.perf_counter()
    for x, y in dl:
        f = torch.rand(len(x)) < 0.5; x = torch.where(f.view(-1, 1, 1, 1), x.flip(3), x)
        f = torch.rand(len(x)) < 0.5; x = torch.where(f.view(-1, 1, 1, 1), x.flip(2), x)
        x = x.contiguous(memory_format=torch.channels_last)
        loss = loss_fn(model(x), y); opt.zero_grad(); loss.backward(); opt.step()
    return time.perf_counter() - t

fastai_epoch(); bare_epoch()  # warm-up
ft, bt = [], []
for _ in range(a.epochs): ft.append(fastai_epoch()); bt.append(bare_epoch())
fastai_ips, bare_ips = n/float(np.median(ft)), (len(dl)*a.bs)/float(np.median(bt))

res = dict(images=n, size=a.size, bs=a.bs, timed_epochs=a.epochs, fastai_epoch_s=ft, bare_epoch_s=bt, fastai_img_per_s=round(fastai_ips, 2), bare_torch_img_per_s=round(bare_ips, 2),
           ratio=round(fastai_ips/bare_ips, 3), target_ratio=0.9, torch_threads=torch.get_num_threads(),
           machine=f'{platform.machine()} {os.cpu_count()} cores', manifest=str(man))
print(f"{'loop':<14}{'img/s':>10}")
print(f"{'fastai':<14}{fastai_ips:>10.2f}\n{'bare torch':<14}{bare_ips:>10.2f}\n{'ratio':<14}{fastai_ips/bare_ips:>10.3f}  (target >= 0.9)")
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
(out/'bench_train_loop.json').write_text(json.dumps(res, indent=2))
print(f'wrote {out/"bench_train_loop.json"}')
