"""An independent scorer of `dd_predict`'s defects.csv on DeepPCB boards: reads the CSV and the data set's own annotation files
(`PCBData/groupG/G_not/NAME.txt`: `x1 y1 x2 y2 type`, types 1 open, 2 short, 3 mousebite, 4 spur, 5 copper, 6 pin-hole) with
nothing from the project, and scores them as DeepPCB's evaluation does: for each true box in order, the first found box (by score)
not yet matched with IoU > 0.33 is its match; it is correct when the classes agree. Precision, recall, F-score.

    dd_predict --run RUN $(cut -d' ' -f1 ../shared/data/PCB/DeepPCB/PCBData/test.txt | sed 's/\\.jpg$/_test.jpg/; s|^|../shared/data/PCB/DeepPCB/PCBData/|') --out /tmp/pred
    python bench/score_defects_csv.py /tmp/pred/defects.csv /tmp/pred/results.csv
"""
import csv, sys
from pathlib import Path

TYPES = {1: 'open_circuit', 2: 'short', 3: 'mouse_bite', 4: 'spur', 5: 'spurious_copper', 6: 'missing_hole'}   # DeepPCB's codes, in this project's names

def iou(a, b):
    w, h = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0: return 0.0
    i = w*h
    return i/((a[2] - a[0])*(a[3] - a[1]) + (b[2] - b[0])*(b[3] - b[1]) - i)

def truth_of(board:Path):
    "The annotation file of a `..._test.jpg` board: `G/NAME_test.jpg` -> `G_not/NAME.txt`."
    txt = board.parent.with_name(board.parent.name + '_not')/(board.name.replace('_test.jpg', '.txt'))
    rows = [l.replace(',', ' ').split() for l in txt.read_text().splitlines() if l.strip()]
    return [(TYPES[int(r[4])], tuple(float(v) for v in r[:4])) for r in rows]

if len(sys.argv) != 3 or sys.argv[1] in ("-h", "--help"): print(__doc__); sys.exit(0 if "-h" in sys.argv[1:2] or "--help" in sys.argv[1:2] else 2)
defects_csv, results_csv = sys.argv[1], sys.argv[2]
boards = [Path(r['path']) for r in csv.DictReader(open(results_csv)) if r['decision'] != 'refused']
found = {}
for r in csv.DictReader(open(defects_csv)): found.setdefault(Path(r['path']), []).append((float(r['score']), r['class'], tuple(float(r[k]) for k in ('x1', 'y1', 'x2', 'y2'))))
n_found = n_true = n_correct = 0
for b in boards:
    fd = sorted(found.get(b, []), key=lambda t: -t[0]); used = [False]*len(fd); t = truth_of(b)
    for c, tb in t:
        for j, (_, fc, fb) in enumerate(fd):
            if not used[j] and iou(fb, tb) > 0.33: used[j] = True; n_correct += fc == c; break
    n_found += len(fd); n_true += len(t)
P, R = n_correct/max(n_found, 1), n_correct/max(n_true, 1)
print(f'{len(boards)} boards, {n_true} true defects, {n_found} found, {n_correct} correct: precision {P:.3f}, recall {R:.3f}, F-score {2*P*R/max(P + R, 1e-12):.3f}')
