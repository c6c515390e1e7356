"""The detector's ONNX graph, three ways, on the same input: what fixing TF 'same' padding buys on this CPU.

    python bench/bench_detector_graph.py --run runs/r8

The run's EfficientNet-Lite is a TF port: its stride-2 convolutions pad 'same' from each input's shape. Exported as is,
each is a `Pad` computed at run time (a copy of the whole activation, and a layout change around it). The graphs:
  1. `dynamic padding`: the network as trained (timm's `Conv2dSame`), exported by `torch.onnx.export` as is;
  2. `fixed padding`: `detector.even_same` (the padding every input a multiple of 32 a side gets), exported as is:
     the `Pad` is constant, but its empty third input keeps ONNX Runtime from folding it into the convolution;
  3. `fixed padding, folded` (what `export_detector` writes): the same with the empty input left out.
Each is checked against the torch outputs, counted (`Pad` nodes left after ONNX Runtime's optimisation) and timed in
turn, `--rounds` rounds of `--n` passes on one `--side` x `--side` input (736: a 640 x 640 DeepPCB board at the run's
inspection scale, padded). Prints a table and writes bench/results/bench_detector_graph.json."""
import argparse, io, json, tempfile, time
from pathlib import Path
import numpy as np, onnx, onnxruntime as ort, torch
from defect_detection.core import atomic_write
from defect_detection.detector import DETECTOR_AXES, DetectorNet, load_detector, onnx_bytes

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default='runs/r8'); ap.add_argument('--side', type=int, default=736)
ap.add_argument('--n', type=int, default=10); ap.add_argument('--rounds', type=int, default=3)
a = ap.parse_args()
det, meta = load_detector(a.run, 'cpu')
x0 = torch.zeros(1, 3, 128, 160)
def plain(net):   # torch.onnx.export as is
    b = io.BytesIO(); torch.onnx.export(net.eval(), (x0,), b, input_names=['image'], output_names=list(DETECTOR_AXES)[1:], opset_version=17, dynamic_axes=DETECTOR_AXES, dynamo=False)
    return b.getvalue()
as_trained = DetectorNet(det); as_trained.det = det   # timm's Conv2dSame kept
graphs = {'dynamic padding': plain(as_trained), 'fixed padding': plain(DetectorNet(det)), 'fixed padding, folded (shipped)': onnx_bytes(DetectorNet(det), x0)}
x = np.random.default_rng(0).standard_normal((1, 3, a.side, a.side)).astype(np.float32)
with torch.no_grad(): want = [t.numpy() for t in as_trained(torch.from_numpy(x))]
tmp = Path(tempfile.mkdtemp()); sess, info = {}, {}
for k, g in graphs.items():
    so = ort.SessionOptions(); so.optimized_model_filepath = str(tmp/'opt.onnx'); so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    ort.InferenceSession(g, so, providers=['CPUExecutionProvider'])   # the graph after ONNX Runtime's rewrites, to count what is left
    pads = sum(n.op_type == 'Pad' for n in onnx.load(str(tmp/'opt.onnx')).graph.node)
    sess[k] = ort.InferenceSession(g, providers=['CPUExecutionProvider'])
    err = max(float(np.abs(o - w).max()) for o, w in zip(sess[k].run(None, {'image': x}), want))
    info[k] = dict(pads_after_optimisation=pads, max_abs_diff_vs_torch=err, times=[])
for _ in range(a.rounds):   # in turn, so that a slow spell of the machine does not fall on one graph only
    for k, s in sess.items():
        for _ in range(a.n):
            t = time.perf_counter(); s.run(None, {'image': x}); info[k]['times'].append(time.perf_counter() - t)
base = np.median(info['dynamic padding']['times'])*1000
print(f"detector of {a.run}, input 1 x 3 x {a.side} x {a.side}, median of {a.rounds*a.n} passes each, ONNX Runtime {ort.__version__}\n")
print(f"{'graph':<34}{'Pad left':>9}{'max |diff|':>12}{'ms':>9}{'speed-up':>10}")
for k, v in info.items():
    v['ms'] = float(np.median(v.pop('times'))*1000); v['speedup_vs_dynamic'] = base/v['ms']
    print(f"{k:<34}{v['pads_after_optimisation']:>9}{v['max_abs_diff_vs_torch']:>12.1e}{v['ms']:>9.1f}{v['speedup_vs_dynamic']:>9.2f}x")
res = Path(__file__).parent/'results'; res.mkdir(exist_ok=True)
with atomic_write(res/'bench_detector_graph.json') as fh: json.dump(dict(run=a.run, side=a.side, passes=a.rounds*a.n, graphs=info), fh, indent=2)
print(f'wrote {res/"bench_detector_graph.json"}')
