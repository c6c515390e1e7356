"""The whole-image head's fit (`boards.fit_whole_head`) keeping every `ok` location of the training boards, against drawing
about `--max_locations` of them (the default) with the `ok` bias corrected by the rate: seconds, peak memory, locations
held, and each head's F-scores on the validation boards as `fit_whole` measures them (its grid, the same boards).

    python bench/bench_whole_head.py --run R --manifest M

Each way runs in its own process on its own copy of the run (peak memory is that process's), one after the other. Prints a
table and writes bench/results/bench_whole_head.json."""
import argparse, json, resource, shutil, subprocess, sys, tempfile, time
from pathlib import Path
from defect_detection.core import atomic_write, load_meta

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default='runs/demo/train'); ap.add_argument('--manifest', default='runs/demo/data/manifest.csv')
ap.add_argument('--max_locations', type=int, default=100_000); ap.add_argument('--boards', type=int, default=200, help='validation boards scored, at most')
ap.add_argument('--out', default='bench/results'); ap.add_argument('--child', default=None, help=argparse.SUPPRESS)
a = ap.parse_args()

if a.child:   # one way, in this process: fit the head on a copy of the run, then score it on the validation boards
    from defect_detection.boards import fit_whole, fit_whole_head
    run, cap = Path(a.child), (None if a.max_locations <= 0 else a.max_locations)
    t0 = time.perf_counter(); h = fit_whole_head(run, a.manifest, max_locations=cap); secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024
    fit_whole(run, a.manifest, head=False, max_boards=a.boards); f = load_meta(run)['whole']['fitted_on']
    print(json.dumps(dict(seconds=secs, peak_mb=peak, locations=h['fitted_on']['locations'], ok_share_kept=h['fitted_on'].get('ok_share_kept', 1.0),
                          boards=h['fitted_on']['boards'], valid_boards=f['boards'], f33=f['fscore_whole_head'], f50=f['fscore50_whole_head'])))
    sys.exit(0)

res = {}
with tempfile.TemporaryDirectory() as tmp:
    for name, cap in (('every location', 0), (f'~{a.max_locations:,} ok locations', a.max_locations)):
        run = Path(tmp)/f'run{cap}'; shutil.copytree(a.run, run)
        r = subprocess.run([sys.executable, __file__, '--child', str(run), '--manifest', a.manifest, '--max_locations', str(cap), '--boards', str(a.boards)],
                           capture_output=True, text=True)
        if r.returncode: sys.exit(f'{name}: {r.stderr[-2000:]}')
        res[name] = json.loads(r.stdout.strip().splitlines()[-1])
base = res['every location']
print(f"\nwhole-image head of {a.run}: fitted on {base['boards']} training boards, scored on {base['valid_boards']} validation boards\n")
print(f"{'way':26s} {'locations':>10s} {'fit s':>7s} {'peak MB':>8s} {'F >0.33':>8s} {'F >0.5':>7s}")
for k, v in res.items(): print(f"{k:26s} {v['locations']:10,d} {v['seconds']:7.1f} {v['peak_mb']:8.0f} {v['f33']:8.3f} {v['f50']:7.3f}")
k = list(res)[1]; print(f"\n{base['seconds']/res[k]['seconds']:.2f}x faster, {base['peak_mb']/res[k]['peak_mb']:.2f}x less peak memory")
out = Path(a.out)/'bench_whole_head.json'; out.parent.mkdir(parents=True, exist_ok=True)
with atomic_write(out, 'w') as fh: json.dump(dict(args=vars(a), ways=res), fh, indent=1)
print(f'wrote {out}')
