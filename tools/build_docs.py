"""Build the documentation site from the notebooks and `_quarto.yml` into `_docs/`.

Every notebook in nbs/ is run, so its page shows its outputs and figures; cells flagged with settings.ini's `tst_flags`
are skipped, as `nbdev_test` skips them. nbdev's own processors then add the API reference (`show_doc` after every
exported name) and hide what the docs should not show; the processed notebooks go to `_proc/`. The site is rendered by
Quarto when it is installed (as `nbdev_docs` does), otherwise by smalldocs, a pure-Python renderer of `_quarto.yml`
projects. A notebook that fails stops the build with its name, the cell and the traceback. A check a notebook could not run
(it prints `SKIPPED: reason`, e.g. with ../shared/data absent) is listed at the end, as `pytest -rs` lists its skips.

    python tools/build_docs.py [--renderer auto|quarto|smalldocs] [--workers 2] [--only tutorial.ipynb ...]
"""
import argparse, multiprocessing, os, re, shutil, subprocess, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

root = Path(__file__).resolve().parent.parent
nbs, proc, docs = root/'nbs', root/'_proc', root/'_docs'
# the sidebar: the index, the tutorial, then the pipeline's notebooks in order
FIRST = ['index.ipynb', 'tutorial.ipynb', 'own_data.ipynb']
# the notebooks that take longest, started first so the workers finish together (the others follow in sidebar order)
SLOW = ['tutorial.ipynb', '09_lot.ipynb', 'own_data.ipynb', '03a_tune.ipynb', '03b_detect.ipynb', '05b_boards.ipynb', '04_reference.ipynb',
        '08_export.ipynb', '03_train.ipynb', '05e_golden.ipynb']

# imported once by the server each notebook's process is forked from (no computation: torch starts no threads on import)
PRELOAD = ['numpy', 'pandas', 'cv2', 'torch', 'torchvision', 'timm', 'fastai.vision.all', 'onnxruntime', 'IPython', 'execnb.shell', 'nbdev.processors',
           'defect_detection.lot', 'defect_detection.train', 'defect_detection.detect', 'defect_detection.golden']

def notebooks() -> list[Path]:
    fs = [p for p in nbs.glob('*.ipynb') if not p.name.startswith(('_', '.'))]
    return sorted(fs, key=lambda p: (FIRST.index(p.name) if p.name in FIRST else len(FIRST), p.name))

def flags() -> set:
    from nbdev.config import get_config
    return set(get_config().get('tst_flags', '').split())

BAR = re.compile(r'\|[█X-]*\|\s+\d+\.\d+%|^[█X\s]*$|^Epoch \d+/\d+ :\s*$')

def terminal_text(s:str) -> str:
    "What a terminal would show of `s`: each line as its last carriage-return rewrite, without progress bars."
    lines = [([seg for seg in line.split('\r') if seg] or [''])[-1] for line in s.split('\n')]
    return '\n'.join(l for l in lines if not BAR.search(l)).strip('\n') + ('\n' if s.endswith('\n') else '')

def run_notebook(src:Path, dst:Path, skip:set) -> tuple[float, list[str]]:
    "Run `src` with nbdev's docs processors, executing every cell that nbdev_test would, and write it to `dst`: the seconds it took, and the checks it printed as skipped (`SKIPPED: reason`)."
    from execnb.nbio import read_nb, write_nb
    from execnb.shell import CaptureShell
    from nbdev.processors import FilterDefaults, exec_show_docs, Processor
    t0 = time.time()

    class run_cells(Processor):
        "Execute each code cell that nbdev_test runs (in place of nbdev's exec_show_docs, which runs only imports and exports)."
        def begin(self):
            self.k = CaptureShell(src); self.k.run_cell('from nbdev.showdoc import show_doc\nimport warnings; warnings.simplefilter("ignore")')
        def __call__(self, cell):
            if cell.cell_type != 'code' or not cell.source.strip() or 'nbdev_export' + '(' in cell.source: return
            d = getattr(cell, 'directives_', {}) or {}
            if d.get('eval:', [''])[0].lower() == 'false' or skip & d.keys(): return
            self.k.cell(cell)
            if self.k.exc: raise RuntimeError(f'{src.name}: cell {cell.idx_} failed:\n{cell.source}\n\n{self.k.prettytb(fname=src)}')
            for o in cell.get('outputs', []):
                if o.get('output_type') == 'stream': o['text'] = terminal_text(''.join(o['text']))
            cell['outputs'] = [o for o in cell.get('outputs', []) if o.get('output_type') != 'stream' or o['text'].strip()]

    class Docs(FilterDefaults):
        def base_procs(self): return [run_cells if p is exec_show_docs else p for p in super().base_procs()]

    os.chdir(src.parent)
    nb = read_nb(src)
    Docs()(nb)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix('.ipynb.tmp'); write_nb(nb, tmp); tmp.replace(dst)
    said = [l.strip() for c in nb.cells for o in c.get('outputs', []) if o.get('output_type') == 'stream' for l in ''.join(o['text']).splitlines()]
    return time.time() - t0, [l for l in said if l.startswith('SKIPPED:')]

def sidebar(files:list[Path]) -> str:
    return 'website:\n  sidebar:\n    contents:\n' + ''.join(f'      - {p.name}\n' for p in files)

def render(renderer:str) -> str:
    if renderer == 'auto': renderer = 'quarto' if shutil.which('quarto') else 'smalldocs'
    if renderer == 'quarto': cmd = ['quarto', 'render', str(proc), '--no-cache']
    else: cmd = [str(Path(sys.executable).parent/'smalldocs'), 'render', '--quiet', str(proc)]
    r = subprocess.run(cmd)
    if r.returncode: sys.exit(f'build_docs: {" ".join(cmd)} failed ({r.returncode})')
    return renderer

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--renderer', default='auto', choices=['auto', 'quarto', 'smalldocs'])
    ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--only', nargs='*', default=None, help='run only these notebooks (the others keep their last processed page)')
    a = ap.parse_args(argv)
    t0, files, skip = time.time(), notebooks(), flags()
    todo = [p for p in files if a.only is None or p.name in a.only]
    if a.only is None: shutil.rmtree(proc, ignore_errors=True)
    proc.mkdir(exist_ok=True)
    for f in ('_quarto.yml', 'nbdev.yml', 'styles.css'): shutil.copy(nbs/f, proc/f)   # _quarto.yml: the top-level file (nbs/ links to it)
    if (nbs/'images').exists(): shutil.copytree(nbs/'images', proc/'images', dirs_exist_ok=True)
    (proc/'sidebar.yml').write_text(sidebar(files))
    # each notebook's process (and the commands it starts) keeps to its share of the cores: torch and ONNX Runtime
    # threads beyond the cores spin against each other, which made a two-worker build several times slower
    os.environ.setdefault('OMP_NUM_THREADS', str(max(1, (os.cpu_count() or 1)//max(1, a.workers))))
    from fastprogress.fastprogress import progress_bar
    # a fresh process per notebook, as nbdev_test does (IPython also takes over the process's __main__), forked from a server
    # that has imported the libraries most notebooks import (torch, fastai, timm and the package: about 5 s a process)
    if 'forkserver' in multiprocessing.get_all_start_methods(): ctx = multiprocessing.get_context('forkserver'); ctx.set_forkserver_preload(PRELOAD)
    else: ctx = multiprocessing.get_context('spawn')   # Windows: each process imports for itself
    with ProcessPoolExecutor(max(1, a.workers), mp_context=ctx, max_tasks_per_child=1) as ex:
        order = sorted(todo, key=lambda p: SLOW.index(p.name) if p.name in SLOW else len(SLOW))
        futs = {p.name: ex.submit(run_notebook, p, proc/p.name, skip) for p in order}
        skipped = []
        for name in progress_bar(list(futs)):
            try: secs, said = futs[name].result(); print(f'{name}: {secs:.0f} s', flush=True)
            except Exception as e: ex.shutdown(cancel_futures=True); sys.exit(f'build_docs: {e}')
            skipped += [f'{name}: {l}' for l in said]
    # a check a notebook could not run (its data or tool absent) is said at the end, as `pytest -rs` says its skips
    if skipped: print(f'skipped checks ({len(skipped)}):\n' + '\n'.join(skipped))
    used = render(a.renderer)
    shutil.rmtree(docs, ignore_errors=True); shutil.move(str(proc/'_docs'), str(docs))
    print(f'built {docs} with {used} from {len(files)} notebooks in {time.time() - t0:.0f} s')

if __name__ == '__main__': main()
