"""Run the notebooks that are kept with their outputs (figures a reader should see in JupyterLab without building the docs), and
store the outputs in them. Run after changing one of them; `make clean-check` then confirms nbdev_clean leaves them as they are.

    python tools/keep_outputs.py [NOTEBOOK ...]     # default: KEEP"""
import sys, os, re
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

KEEP = ['02b_loaders.ipynb', '03_train.ipynb', '05_explain.ipynb', '03a_tune.ipynb', '06_report.ipynb']
NBS = Path(__file__).resolve().parent.parent/'nbs'

def skip(cell) -> bool:
    "Cells nbdev_test would skip: markdown, flagged (slow, gpu) or `eval: false`, and the export call."
    if cell.cell_type != 'code': return True
    src = cell.source
    return bool(re.search(r'^#\|\s*(slow|gpu|eval:\s*false)', src, re.M)) or 'nbdev_export(' in src

for name in sys.argv[1:] or KEEP:
    p = NBS/name; nb = read_nb(p)
    os.chdir(NBS); sh = CaptureShell(p)
    sh.run_all(nb, exc_stop=True, preproc=skip)
    for c in nb.cells:
        if c.cell_type != 'code': continue
        if skip(c): c.outputs, c.execution_count = [], None
        # what a reader needs: results, tables and figures; not progress bars, warnings or this machine's paths
        c.outputs = [o for o in c.outputs if o.output_type != 'stream' or (o.name == 'stdout' and '█' not in ''.join(o.text) and str(NBS.parent) not in ''.join(o.text))]
    write_nb(nb, p); print(f'{name}: outputs kept')
