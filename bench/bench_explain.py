"""Benchmark: our explanation (CAM from one forward pass + Sobel edges + boxes) against the grad-cam package's
GradCAM (forward + backward with hooks) on the same model and images, 224 px, batch 1, on the CPU.

Model: EfficientNet-B0 architecture; a trained run's weights if --run is given, else EfficientNet-Lite0 ImageNet
weights (1000 classes). Also checks that the two maps agree (Pearson correlation per image).
Prints a table and writes bench_explain.json. Target: ours >= 10x faster with the same map."""
import argparse, json, time, os, platform
from pathlib import Path
import numpy as np, torch
from pytorch_grad_cam import GradCAM
from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget
from defect_detection.data import open_sample
from defect_detection.models import create_model, model_norm, load_model_files, preprocess
from defect_detection.explain import cam, region, sobel_edges, boxes_from_mask, tighten, last_feature_layer
import cv2

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default=None); ap.add_argument('--n', type=int, default=30); ap.add_argument('--size', type=int, default=224)
ap.add_argument('--out', default=str(Path(__file__).parent/'results'))
a = ap.parse_args()
here = Path(__file__).parent
if a.run:
    model, meta = load_model_files(a.run); mean, std = meta['mean'], meta['std']
else:
    model = create_model(None, 1000, 'lite0').eval(); mean, std = model_norm(model)
imgs = sorted((here.parent/'data'/'sample').rglob('*.jpg'))[:a.n] + sorted((here.parent/'data'/'sample').rglob('Train/*.PNG'))
imgs = imgs[:a.n]
torch.set_grad_enabled(True)

post = []  # time spent after the forward pass: the CAM product, upsampling, region, Sobel, boxes
def ours(im):
    x = preprocess([im], a.size, mean, std)
    with torch.no_grad(): feats = model.forward_features(x); logits = model.forward_head(feats)
    t = time.perf_counter()
    with torch.no_grad():
        k = logits.argmax(1)
        m = torch.relu(torch.einsum('nc,nchw->nhw', model.get_classifier().weight[k], feats))
        m = (m - m.min())/(m.max() - m.min() + 1e-7)
        m = torch.nn.functional.interpolate(m[:, None], size=x.shape[-2:], mode='bilinear', align_corners=False)[0, 0].numpy()
    arr = np.asarray(im); mm = cv2.resize(m, (arr.shape[1], arr.shape[0]))
    reg = region(mm); e = sobel_edges(arr, reg); b = [tighten(x_, e) for x_ in boxes_from_mask(reg)]
    post.append(time.perf_counter() - t)
    return m, b

def theirs(im, gc):
    x = preprocess([im], a.size, mean, std)
    return gc(input_tensor=x, targets=None)[0]  # the package picks the predicted class itself

def forward_only(im):
    x = preprocess([im], a.size, mean, std)
    with torch.no_grad(): return model(x)

ims = [open_sample(p) for p in imgs]
for im in ims[:3]: ours(im)  # warm-up
def timed(f, *args):
    t0 = time.perf_counter(); r = [f(im, *args) for im in ims]; return r, (time.perf_counter() - t0)/len(ims)
post.clear(); ours_out, t_ours = timed(ours); ours_maps = [o[0] for o in ours_out]; t_post = float(np.mean(post))
# the same map as the library function `cam` (which the notebook tests against grad-cam), computed inline to time its parts
x0 = preprocess(ims[:1], a.size, mean, std); assert np.allclose(cam(model, x0)[1][0].numpy(), ours(ims[0])[0], atol=1e-5)
_, t_fwd = timed(forward_only)
model_cl = model.to(memory_format=torch.channels_last)
_, t_ours_cl = timed(ours)
model = model_cl.to(memory_format=torch.contiguous_format)
with GradCAM(model=model, target_layers=[last_feature_layer(model)]) as gc:
    for im in ims[:3]: theirs(im, gc)
    their_maps, t_theirs = timed(theirs, gc)
corr = [float(np.corrcoef(o.ravel(), t.ravel())[0, 1]) for o, t in zip(ours_maps, their_maps)]
res = dict(images=len(ims), size=a.size, ours_ms=round(t_ours*1000, 2), ours_channels_last_ms=round(t_ours_cl*1000, 2), gradcam_ms=round(t_theirs*1000, 2),
           speedup=round(t_theirs/t_ours, 2), speedup_channels_last=round(t_theirs/t_ours_cl, 2), forward_only_ms=round(t_fwd*1000, 2),
           after_forward_ms=round(t_post*1000, 2),
           map_correlation_min=min(corr), map_correlation_mean=float(np.mean(corr)), target_speedup=10,
           ours_includes='preprocess, forward, CAM, upsample, Otsu region, Sobel edges, boxes, edge tightening',
           gradcam_includes='preprocess, forward + backward through hooks (the package picks the predicted class), CAM',
           model=('run ' + a.run) if a.run else 'tf_efficientnet_lite0 ImageNet', torch_threads=torch.get_num_threads(),
           machine=f'{platform.machine()} {os.cpu_count()} cores')
print(f"{'per image, batch 1, ' + str(a.size) + ' px':<40}{'ms':>10}")
print(f"{'ours: CAM + Sobel + boxes':<40}{t_ours*1000:>10.1f}\n{'ours, channels_last':<40}{t_ours_cl*1000:>10.1f}")
print(f"{'grad-cam GradCAM (map only)':<40}{t_theirs*1000:>10.1f}\n{'classification forward alone':<40}{t_fwd*1000:>10.1f}")
print(f"{'ours after the forward pass':<40}{t_post*1000:>10.1f}")
print(f"{'speedup (same layout / channels_last)':<40}{t_theirs/t_ours:>10.1f}x / {t_theirs/t_ours_cl:.1f}x  (target >= 10x)")
print(f"{'grad-cam / what explaining adds':<40}{t_theirs/t_post:>10.1f}x\n{'map correlation min / mean':<40}{min(corr):>10.4f} / {np.mean(corr):.4f}")
out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
(out/'bench_explain.json').write_text(json.dumps(res, indent=2)); print(f'wrote {out/"bench_explain.json"}')
