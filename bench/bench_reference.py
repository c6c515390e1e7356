"""Boards against their golden reference (DeepPCB, whose every board has its defect-free template `*_temp.jpg`).

    dd_unify --data ../shared/data/PCB/DeepPCB --out runs/dpg/data --split groups     # or without: the official lists
    dd_train --manifest runs/dpg/data/manifest.csv --out runs/dpg/run --weights lite0 --size 96 --epochs 4 --board_windows 0
    python bench/bench_reference.py --run runs/dpg/run --manifest runs/dpg/data/manifest.csv --rule _test=_temp [--train]

1. Registration: every test template moved by a known shift (up to +-20 px), rotation (up to +-3 deg) and brightness and
   contrast change, registered back (`reference.register`): the largest error at the image's corners, and across the edges
   of its content (what a misalignment would show: content that is the same along a direction, such as stripes of copper,
   leaves the warp free along it, so the corners can be off while every pixel of content is in place); the same templates also bent
   smoothly by up to 2 px, with the global warp alone and with the local shift removed (`reference.local_shift`); and each test board against a
   template of another board design (another `groupNNNNN`): how many are reported aligned (should be none).
2. `--train`: `golden.train_pairs` (the regions fitted on validation boards, the pair classifier trained on the training
   boards' regions, its threshold fitted on validation boards); otherwise the run's pair classifier as it is. `--synthetic N`
   adds N boards with defects drawn on the training references; `--drawn_only` hides the training and validation boards' true
   boxes, so the pair classifier learns from drawn defects alone and its settings are fitted on drawn validation boards.
   `--detector MIN`: then the pair detector (`golden.train_pair_detector`: a detector of the board and its reference as one
   image, started from the pair classifier) trained in MIN minutes and fitted on validation boards.
3. The test boards scored once (`golden.evaluate_reference`, DeepPCB's rule: IoU > 0.33 and class match): with the pair
   detector (where the run has one), with the pair classifier, the untrained baseline (the same regions classed by the run's crop classifier), the regions alone; per board
   design; intervals resample the manifest's groups.
4. Time: one board with its reference, registration included (ONNX Runtime), beside the bare registration and the bare
   forward of the pair classifier on the same regions (of the pair detector on the board, where the run uses it), medians over the test boards.
5. `--parts misregistration`: what a registration error costs each way. The validation boards (where the choices are made), their
   registered reference moved on by 0, 1, 2 and 3 px in a random direction (one per board, seeded), inspected by the regions, the
   pair detector and both fused (where the run has one); the F-score of each.
Prints tables and writes bench/results/bench_reference_<split>.json."""
import argparse, json, re, time
from pathlib import Path
import numpy as np
import cv2
from defect_detection.core import atomic_write
from defect_detection.data import open_sample
from defect_detection.manifest import load_manifest
from defect_detection.models import preprocess
from defect_detection.reference import register, grey, align, valid_mask, difference_regions, pair_crop, local_shift, region_params, refine
from defect_detection.golden import train_pairs, train_pair_detector, pair_board, Pair, evaluate_reference, reference_table, board_references, aligned_pair
from defect_detection.inference import Predictor, reference_params, inspection_scale, reference_defects
from defect_detection.metrics import score_boards

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', required=True); ap.add_argument('--manifest', required=True)
ap.add_argument('--rule', default=None); ap.add_argument('--references', default=None); ap.add_argument('--reference', default=None)
ap.add_argument('--train', action='store_true'); ap.add_argument('--epochs', type=int, default=8)
ap.add_argument('--synthetic', type=int, default=0, help='--train and --detector: boards with defects drawn on the training references (golden.synthetic_pairs) beside the labelled boards')
ap.add_argument('--drawn_only', action='store_true', help='--train: the training and validation boards\' true boxes hidden, as for a line with golden images and no labelled pair: the pair classifier learns from drawn defects alone')
ap.add_argument('--detector', type=float, default=0, help='minutes to train the pair detector in (golden.train_pair_detector), after --train or from the run\'s pair classifier')
ap.add_argument('--detector_steps', type=int, default=0, help='the pair detector\'s steps (with --detector, the most it plans; alone, trained to that many whatever the time: a figure that other work on the machine cannot change)')
ap.add_argument('--registration_boards', type=int, default=200); ap.add_argument('--timing_boards', type=int, default=100)
ap.add_argument('--split', default='test')
ap.add_argument('--parts', default='registration,scores,time', help='which of registration, scores, time, misregistration to run (--train adds the training before the scores)')
a = ap.parse_args(); parts = set(a.parts.split(','))
refs = dict(rule=a.rule, references=a.references, reference=a.reference)
df = load_manifest(a.manifest); out = dict(run=a.run, manifest=a.manifest, refs=refs)
refmap, truth = board_references(df, a.split, **refs)
paths = sorted(refmap); design = lambda p: (re.search(r'group\d+', str(p)) or re.search(r'.*', str(Path(p).parent))).group()

# 1. registration
def edges(img:np.ndarray, border:int=30):
    "An image's edge pixels `(n, 2)` as `(x, y)`, not in the strips a move fills in at its border, and the unit normal across each edge `(n, 2)`."
    ys, xs = np.nonzero(cv2.Canny(img, 50, 150)[border:-border, border:-border]); ys, xs = ys + border, xs + border
    g = np.c_[cv2.Sobel(img, cv2.CV_32F, 1, 0)[ys, xs], cv2.Sobel(img, cv2.CV_32F, 0, 1)[ys, xs]]
    return np.float32(np.c_[xs, ys]), g/(np.hypot(g[:, 0], g[:, 1])[:, None] + 1e-6)

def across(X:np.ndarray, N:np.ndarray, W:np.ndarray, truth:np.ndarray) -> np.ndarray:
    "How far image points `X` land from their true reference points under the warp `W`, across their edges (normals `N`): along an edge, nothing shows."
    return np.abs(((np.c_[X, np.ones(len(X))] @ W.T - truth)*N).sum(1))

if 'registration' in parts:
  rng = np.random.default_rng(0); errs, edge_errs, other_aligned, bent = [], [], 0, []
  sub = [paths[i] for i in np.linspace(0, len(paths) - 1, min(a.registration_boards, len(paths))).astype(int)]
  for p in sub:
      ref = grey(open_sample(str(refmap[p]))); h, w = ref.shape
      ang, (tx, ty), g, o = rng.uniform(-3, 3), rng.uniform(-20, 20, 2), rng.uniform(0.7, 1.3), rng.uniform(-30, 30)
      M = cv2.getRotationMatrix2D((w/2, h/2), ang, 1.0); M[:, 2] += (tx, ty)
      im = np.clip(cv2.warpAffine(ref, M, (w, h), borderMode=cv2.BORDER_REPLICATE)*g + o, 0, 255).astype(np.uint8)
      r = register(im, ref); T = cv2.invertAffineTransform(M)
      P = np.float32([[0, 0, 1], [w, 0, 1], [0, h, 1], [w, h, 1]]); X, N = edges(im)
      errs.append(np.inf if not r.aligned else float(np.abs(P @ r.warp.T - P @ T.T).max()))
      edge_errs.append(np.inf if not r.aligned else float(across(X, N, r.warp, np.c_[X, np.ones(len(X))] @ T.T).max()) if len(X) else 0.0)
      # the moved template also bent, as an uneven scan or a bowed board would: columns up and down by up to 2 px, rows sideways by up to 1 px
      yy, xx = np.mgrid[0:h, 0:w].astype(np.float32); ph = rng.uniform(0, 2*np.pi, 2)
      uv = np.stack([1.0*np.sin(2*np.pi*yy/(0.7*h) + ph[0]), 2.0*np.sin(2*np.pi*xx/(0.9*w) + ph[1])], -1).astype(np.float32)
      imb = cv2.remap(im, xx + uv[..., 0], yy + uv[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)   # imb(x) = ref(T(x + uv(x)))
      rb = register(imb, ref); bent.append((np.inf, np.inf))
      if rb.aligned:
          sh = local_shift(imb, align(ref, rb, (w, h)), valid_mask(rb, (w, h), (w, h)), region_params((w, h))['join'])
          X, N = edges(imb); xs, ys = X.T.astype(int); tru = np.c_[X + uv[ys, xs], np.ones(len(X))] @ T.T
          bent[-1] = tuple(float(np.percentile(across(Y, N, rb.warp, tru), 99)) if len(X) else 0.0 for Y in (X, X + sh[ys, xs]))
      q = next((x for x in paths[::7] if design(x) != design(p)), None)
      if q is not None: other_aligned += register(open_sample(p), open_sample(str(refmap[q]))).aligned
  out['registration'] = dict(boards=len(sub), max_error_px=max(errs), median_error_px=float(np.median(errs)), within_1px=int(sum(e <= 1 for e in errs)),
                             max_edge_error_px=max(edge_errs), edges_within_1px=int(sum(e <= 1 for e in edge_errs)),
                             other_design_aligned=other_aligned, designs=len({design(p) for p in paths}),
                             bent_aligned=int(sum(np.isfinite(b[0]) for b in bent)), bent_within_1px_global=int(sum(b[0] <= 1 for b in bent)),
                             bent_within_1px_local=int(sum(b[1] <= 1 for b in bent)), bent_p99_median_global=float(np.median([b[0] for b in bent])),
                             bent_p99_median_local=float(np.median([b[1] for b in bent])))
  print(f"registration, {len(sub)} templates moved by up to 20 px, 3 deg, brightness and contrast: largest error at the image's corners {max(errs):.2f} px "
        f"(median {np.median(errs):.3f}), {out['registration']['within_1px']}/{len(sub)} within 1 px; across the edges of its content {max(edge_errs):.2f} px, "
        f"{out['registration']['edges_within_1px']}/{len(sub)} within 1 px; against another design's template: {other_aligned}/{len(sub)} aligned")
  R_ = out['registration']
  print(f"the same templates also bent (up to 2 px across columns, 1 px across rows): {R_['bent_aligned']}/{len(sub)} aligned; 99 % of the content's edge pixels "
        f"within 1 px across their edge on {R_['bent_within_1px_global']}/{len(sub)} boards with the global warp alone (median of the boards' 99th percentiles "
        f"{R_['bent_p99_median_global']:.2f} px), {R_['bent_within_1px_local']}/{len(sub)} with the local shift removed ({R_['bent_p99_median_local']:.2f} px)")

# 2. training
seen = df.copy()
if a.drawn_only: seen.loc[seen.split.isin(['train', 'valid']), 'defect_box'] = ''
if a.train:
    from defect_detection.golden import pair_config
    from defect_detection.core import load_meta
    out.update(synthetic=a.synthetic, drawn_only=a.drawn_only)
    t0 = time.time(); out['fitted'] = train_pairs(a.run, seen, pair_config(load_meta(a.run), a.epochs), progress=True, synthetic=a.synthetic, **refs)
    out['train_seconds'] = time.time() - t0
    print(f"trained in {out['train_seconds']:.0f} s; fitted: {out['fitted']}")
if a.detector or a.detector_steps:
    from defect_detection.detect import DetectConfig
    cfg = DetectConfig(**({'steps': a.detector_steps} if a.detector_steps else {}))
    t0 = time.time(); out['fitted'] = train_pair_detector(a.run, seen, cfg, budget=a.detector or None, progress=True, synthetic=a.synthetic, **refs)
    out['detector_seconds'] = time.time() - t0
    print(f"pair detector trained and fitted in {out['detector_seconds']:.0f} s: {out['fitted'].get('detector', out['fitted'])}")

# 3. scores, once
if 'scores' in parts:
  r = evaluate_reference(a.run, df, a.split, progress=True, by={p: design(p) for p in paths}, **refs); r.pop('found')
  out['scores'] = r
  print(f"\n{a.split}: {r['boards']} boards, {r['not_aligned']} not aligned, {r['ms_a_board']:.0f} ms a board\n" + reference_table(r))
  for k in ('both', 'detector', 'ours', 'baseline', 'regions'):
      if k in r: print(f'{k} per design: ' + '; '.join(f"{g} ({v['boards']}) F {v['fscore']:.3f}, {v['false_per_board']:.2f} false/board" for g, v in r[k]['by_part'].items()))

# 4. time
if 'time' in parts:
  pr = Predictor(a.run); rp = reference_params(pr.meta); tb = paths[:a.timing_boards]; whole, reg_t, fwd = [], [], []
  use_det = bool((rp.get('detector') or {}).get('use')) and pr.pairs is not None and pr.pairs.has_detector
  for p in tb:
      im, rf = open_sample(p), open_sample(str(refmap[p]))
      t0 = time.perf_counter(); pr.inspect(im, rf); whole.append(time.perf_counter() - t0)
      t0 = time.perf_counter(); rg = register(im, rf); reg_t.append(time.perf_counter() - t0)
      g, al, valid = grey(im), align(rf, rg, im.size), valid_mask(rg, rf.size, im.size)
      if use_det:   # the pair detector's bare forward on the board and its reference, registered above
          sz = pr.pairs.detector_size(im.size, inspection_scale(pr.meta, im.size, 'whole'))
          x = pr.pairs.input_part(pair_board(Pair(im, g, rf, rg, al, valid), rp['fit']), sz, (0, 0, *sz))
          t0 = time.perf_counter(); pr.pairs.detector_forward(x); fwd.append(time.perf_counter() - t0); continue
      regions = difference_regions(g, al, valid, rp['fit'])
      m = pr.pairs or pr; x = preprocess([pair_crop(g, al, q.box, rp.get('side') or 64) for q in regions] or [im], m.meta['size'], m.meta['mean'], m.meta['std']).numpy()
      t0 = time.perf_counter(); m.forward(x); fwd.append(time.perf_counter() - t0)
  out['time_ms'] = dict(board=1000*np.median(whole), registration=1000*np.median(reg_t), bare_forward=1000*np.median(fwd), boards=len(tb))
  print(f"one board with its reference: {out['time_ms']['board']:.1f} ms (registration {out['time_ms']['registration']:.1f} ms, "
        f"bare forward of the {'pair detector on the board' if use_det else ('pair' if pr.pairs else 'crop') + ' classifier on its regions'} {out['time_ms']['bare_forward']:.1f} ms), medians over {len(tb)} boards")
# 5. what a registration error costs, on the validation boards
if 'misregistration' in parts:
  pr = Predictor(a.run); vmap, vtruth = board_references(df, 'valid', **refs); dists = (0, 1, 2, 3)
  ways = {'regions named': dict(use_detector=False)} | ({'pair detector': dict(use_detector=True, fuse=False), 'both fused': dict(use_detector=True, fuse=True)}
                                                        if pr.pairs is not None and pr.pairs.has_detector else {})
  found, rng = {(d, w): {} for d in dists for w in ways}, np.random.default_rng(0)
  for p in sorted(vmap):
      q = aligned_pair(p, vmap[p]); t = rng.uniform(0, 2*np.pi)
      if not q.reg.aligned: continue
      for d in dists:   # the registered reference moved on by d px, as a registration that erred would leave it
          al = refine(q.aligned, np.broadcast_to(np.float32([d*np.cos(t), d*np.sin(t)]), (*q.aligned.shape, 2))) if d else q.aligned
          for w, k in ways.items(): found[d, w][p] = [x for x, _ in reference_defects(pr, q.image, al, q.valid, **k)[0]]
  f = {d: {w: score_boards(found[d, w], {p: vtruth[p] for p in found[d, w]})[0]['fscore'] for w in ways} for d in dists}
  out['misregistration'] = dict(split='valid', boards=len(found[0, next(iter(ways))]), fscore=f)
  print(f"\nvalidation boards ({out['misregistration']['boards']}), the registered reference moved on by d px: F-score\n{'d':>3} " + ''.join(f'{w:>16}' for w in ways))
  for d in dists: print(f'{d:>3} ' + ''.join(f'{f[d][w]:>16.4f}' for w in ways))
(Path(__file__).parent/'results').mkdir(exist_ok=True)
with atomic_write(Path(__file__).parent/'results'/f'bench_reference_{a.split}_{"_".join(Path(a.run).parts[-2:])}_{"_".join(sorted(parts))}.json') as f: json.dump(out, f, indent=2, default=str)
