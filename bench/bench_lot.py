"""A whole line's output through `dd_predict`: memory and resume on a large lot, and throughput by engine on whole boards.

    python bench/bench_lot.py --run runs/demo/train [--n 10000] [--boards ../shared/data/PCB/DeepPCB/PCBData] [--parts scale engines]

1. scale: a lot of N images (hard links, under distinct names, to the bundled sample's images in turn): peak memory (max RSS)
   of `dd_predict` on it beside a lot of 100 of them; then the N-image lot killed with SIGKILL half way and run again: N rows,
   none repeated, none missing, and the rows written before the kill unchanged.
2. engines: the DeepPCB test boards of the official list (500) through `dd_predict` in one process, with `--workers 2`, and
   on Ray with one CPU and with two: images a second, the ratios between them, and each engine's results.csv and
   defects.csv against the one-process run's after sorting.
Prints a table and writes bench/results/bench_lot.json."""
import argparse, json, os, re, subprocess, sys, tempfile, time
from pathlib import Path
import pandas as pd
from defect_detection.core import atomic_write

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument('--run', default='runs/demo/train'); ap.add_argument('--n', type=int, default=10000)
ap.add_argument('--sample', default='data/sample', help='the images the large lot links to, in turn')
ap.add_argument('--boards', default='../shared/data/PCB/DeepPCB/PCBData', help="DeepPCB's PCBData folder (test.txt lists the test boards)")
ap.add_argument('--parts', nargs='*', default=['scale', 'engines'])
a = ap.parse_args()
bin_, tmp, out = Path(sys.executable).parent, Path(tempfile.mkdtemp()), {}
dd = lambda *args: [str(bin_/'dd_predict'), *map(str, args), '--run', a.run]

def peak_mb(cmd:list) -> tuple[float, float, subprocess.CompletedProcess]:
    "Run a command under /usr/bin/time -v: (max RSS in MB, seconds, result)."
    t0 = time.time(); r = subprocess.run(['/usr/bin/time', '-v', *cmd], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return next(int(l.split()[-1]) for l in r.stderr.splitlines() if 'Maximum resident set size' in l)/1024, time.time() - t0, r

def lot_of(n:int, folder:Path, stride:int=1) -> Path:
    "`n` hard links to the sample's images, taking every `stride`-th in turn (so a small lot has the large one's mix of kinds)."
    from defect_detection.inference import list_inputs
    src = list_inputs([a.sample]).files
    folder.mkdir(parents=True)
    for i in range(n): s = src[(i*stride) % len(src)]; os.link(s, folder/f'{i:06d}_{s.name}')
    return folder

if 'scale' in a.parts:
    small, large = lot_of(100, tmp/'lot100', stride=a.n//100 + 1), lot_of(a.n, tmp/f'lot{a.n}')
    # the same number of report pages for both, so the two differ only in the size of the lot
    m100, t100, _ = peak_mb(dd(small, '--out', tmp/'p100', '--pages', 10))
    mN, tN, rN = peak_mb(dd(large, '--out', tmp/'pN', '--pages', 10))
    print(f'peak memory: {a.n:,} images {mN:.0f} MB in {tN:.0f} s, 100 images {m100:.0f} MB ({mN/m100:.3f}x)', flush=True)
    res_csv = tmp/'killed/results.csv'
    p = subprocess.Popen(dd(large, '--out', tmp/'killed', '--pages', 10), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while p.poll() is None and (not res_csv.exists() or res_csv.read_text().count('\n') < a.n//2): time.sleep(0.2)
    p.kill(); p.wait()
    at_kill = res_csv.read_text(); at_kill = at_kill[:at_kill.rfind('\n') + 1]
    r = subprocess.run(dd(large, '--out', tmp/'killed', '--pages', 10), capture_output=True, text=True); assert r.returncode == 0, r.stderr[-3000:]
    res, full = pd.read_csv(res_csv), pd.read_csv(tmp/'pN/results.csv')
    cols = ['path', 'cls', 'decision', 'n_defects', 'boxes']
    out['scale'] = dict(n=a.n, peak_mb=mN, peak_mb_100=m100, ratio=mN/m100, seconds=tN, killed_at_rows=at_kill.count('\n') - 1,
                        killed_returncode=p.returncode, rows_after_resume=len(res), unique_paths=int(res.path.nunique()),
                        missing=len(set(full.path) - set(res.path)), earlier_rows_unchanged=res_csv.read_text().startswith(at_kill),
                        same_as_uninterrupted=bool(res.sort_values('path')[cols].reset_index(drop=True).equals(full.sort_values('path')[cols].reset_index(drop=True))))
    print(json.dumps(out['scale']), flush=True)

if 'engines' in a.parts:
    root = Path(a.boards)
    boards = [root/l.split()[0].replace('.jpg', '_test.jpg') for l in (root/'test.txt').read_text().splitlines() if l.strip()]
    listing = tmp/'boards.txt'
    runs = {'one process': [], '--workers 2': ['--workers', '2'], 'ray, 1 CPU': ['--engine', 'ray', '--workers', '1'], 'ray, 2 CPUs': ['--engine', 'ray', '--workers', '2']}
    rows, base = [], None
    for name, extra in runs.items():
        o = tmp/name.replace(' ', '_').replace(',', '')
        t0 = time.time(); r = subprocess.run(dd(*boards, '--out', o, '--pages', 0, *extra), capture_output=True, text=True); dt = time.time() - t0
        assert r.returncode == 0, r.stderr[-3000:]
        res = pd.read_csv(o/'results.csv', keep_default_na=False).sort_values('path').reset_index(drop=True)
        dfs = pd.read_csv(o/'defects.csv').sort_values(['path', 'x1', 'y1', 'class']).reset_index(drop=True)
        if base is None: base = (res, dfs)
        same = bool(res.drop(columns=['p', 'p_defect']).equals(base[0].drop(columns=['p', 'p_defect'])) and dfs.drop(columns='score').equals(base[1].drop(columns='score')))
        ins = float(re.search(r'inspected in ([\d.]+) s', r.stdout).group(1))   # from the engine's start to the last row, without starting up and the report
        rows.append(dict(engine=name, boards=len(res), wall_s=round(dt, 1), inspect_s=ins, per_second=round(len(res)/ins, 2), rows_equal_one_process=same))
        print(rows[-1], flush=True)
    t = pd.DataFrame(rows).set_index('engine')
    ips = t.per_second
    out['engines'] = dict(table=rows, workers2_over_one=ips['--workers 2']/ips['one process'], ray2_over_ray1=ips['ray, 2 CPUs']/ips['ray, 1 CPU'],
                          ray1_over_one_process=ips['ray, 1 CPU']/ips['one process'])
    print(t.to_string()); print({k: round(v, 2) for k, v in out['engines'].items() if k != 'table'})

rp = Path(__file__).parent/'results'/'bench_lot.json'; rp.parent.mkdir(exist_ok=True)
with atomic_write(rp) as f: json.dump(out, f, indent=1, default=str)
print(f'wrote {rp}')
